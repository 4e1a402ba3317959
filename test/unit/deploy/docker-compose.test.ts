import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../../service/config.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  container_name?: string;
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  cpu_shares?: number;
}

const root = new URL('../../..', import.meta.url);
const text = readFileSync(new URL('docker-compose.yml', root), 'utf8');
// `merge: true` resolves the `<<: *anchor` keys the file uses for shared environment blocks.
const compose = parse(text, { merge: true }) as { version?: string; services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

/** Services others wait for with `service_completed_successfully`: jobs that run once and exit. */
const oneShots = new Set(
  Object.values(services).flatMap((s) =>
    Object.entries(s.depends_on ?? {})
      .filter(([, d]) => d.condition === 'service_completed_successfully')
      .map(([name]) => name),
  ),
);
const longRunning = Object.keys(services).filter((name) => !oneShots.has(name));

describe('docker-compose.yml', () => {
  it('follows the Compose spec: no obsolete top-level version key', () => {
    expect(compose.version).toBeUndefined();
  });

  it('runs the expected services', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'postgresql',
      'redis',
      'temporal',
      'temporal-admin-tools',
      'temporal-create-namespace',
      'temporal-ui',
      'worker',
    ]);
    expect([...oneShots].sort()).toEqual(['temporal-admin-tools', 'temporal-create-namespace']);
  });

  it('pins every image to an explicit tag, never latest', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, name).toMatch(/^[\w./-]+:[\w.${}:-]+$/);
      expect(s.image, name).not.toMatch(/:latest$/);
    }
    expect(service('temporal').image).toBe('temporalio/server:1.30.1');
    expect(service('temporal-admin-tools').image).toBe('temporalio/admin-tools:1.30.1');
    expect(service('temporal-create-namespace').image).toBe('temporalio/admin-tools:1.30.1');
    expect(service('temporal-ui').image).toBe('temporalio/ui:2.34.0');
    expect(service('postgresql').image).toBe('postgres:16');
  });

  it('does not use the deprecated temporalio/auto-setup image', () => {
    expect(text).not.toMatch(/temporalio\/auto-setup/);
  });

  it('gives every long-running service a healthcheck and a restart policy', () => {
    for (const name of longRunning) {
      expect(service(name).healthcheck?.test, name).toBeDefined();
      expect(service(name).restart, name).toBe('unless-stopped');
    }
    expect(service('api').healthcheck?.test).toEqual(['CMD', 'node', 'deploy/healthcheck.js', 'api']);
    expect(service('worker').healthcheck?.test).toEqual(['CMD', 'node', 'deploy/healthcheck.js', 'worker']);
    expect(service('postgresql').healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(service('redis').healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('orders start-up: schema, then server, then namespace, then the service', () => {
    expect(service('temporal-admin-tools').depends_on).toEqual({
      postgresql: { condition: 'service_healthy' },
    });
    expect(service('temporal').depends_on).toEqual({
      'temporal-admin-tools': { condition: 'service_completed_successfully' },
    });
    expect(service('temporal-create-namespace').depends_on).toEqual({
      temporal: { condition: 'service_healthy' },
    });
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on, name).toEqual({
        'temporal-create-namespace': { condition: 'service_completed_successfully' },
        postgresql: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('runs api and worker from one built image, scalable (no container_name anywhere)', () => {
    for (const [name, s] of Object.entries(services)) expect(s.container_name, name).toBeUndefined();
    expect(service('api').build).toBeDefined();
    expect(service('worker').build).toBeUndefined();
    expect(service('worker').image).toBe(service('api').image);
    expect(service('api').command).toEqual(['api']);
    expect(service('worker').command).toEqual(['worker']);
    expect(service('worker').ports).toBeUndefined();
    expect(service('api').ports).toEqual(['${API_PORTS:-10040}:10040']);
  });

  it('configures api and worker with variables the service understands', () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const name of ['api', 'worker']) {
      const environment = service(name).environment ?? {};
      for (const key of Object.keys(environment)) expect(known.has(key), `${name}: ${key}`).toBe(true);
      expect(environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/wa_notify:.+@postgresql:5432\/wa_notify$/);
      expect(environment.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(service('api').environment?.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?/);
    // On one host the intake goes first: the worker's CPU weight is below the api's default 1024.
    expect(service('api').cpu_shares).toBeUndefined();
    expect(service('worker').cpu_shares).toBe(256);
    expect(service('worker').environment?.ADMIN_TOKEN).toBeUndefined();
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = Object.values(services).flatMap((s) => s.volumes ?? []);
    const binds = mounts.map((m) => m.split(':')[0] ?? '').filter((source) => source.startsWith('./'));
    expect(binds.length).toBeGreaterThan(0);
    for (const source of binds) expect(existsSync(new URL(source, root)), source).toBe(true);
  });

  it('runs the one-shot scripts and dynamic config it mounts', () => {
    const scriptOf = (name: string) =>
      (service(name).command?.[0] ?? '').replace(/^\/scripts\//, 'deploy/temporal/');
    expect(scriptOf('temporal-admin-tools')).toBe('deploy/temporal/setup-postgres.sh');
    expect(scriptOf('temporal-create-namespace')).toBe('deploy/temporal/create-namespace.sh');
    for (const name of ['temporal-admin-tools', 'temporal-create-namespace']) {
      expect(existsSync(new URL(scriptOf(name), root)), name).toBe(true);
    }
    const dynamicConfig = service('temporal').environment?.DYNAMIC_CONFIG_FILE_PATH ?? '';
    expect(dynamicConfig).toBe('config/dynamicconfig/development-sql.yaml');
    expect(existsSync(new URL('deploy/temporal/dynamicconfig/development-sql.yaml', root))).toBe(true);
  });
});
