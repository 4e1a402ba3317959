import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBin, type FakeBin } from './support/fake-bin.js';

const deployDir = fileURLToPath(new URL('../../../deploy', import.meta.url));
const script = (path: string) => join(deployDir, path);
const run = (path: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync('sh', [script(path), ...args], { encoding: 'utf8', env, timeout: 30_000 });
const calls = (bin: FakeBin) => (existsSync(bin.log) ? readFileSync(bin.log, 'utf8').trim().split('\n') : []);

let bin: FakeBin | undefined;
afterEach(() => bin?.remove());

describe('deploy shell scripts', () => {
  it('all parse as POSIX sh', () => {
    const scripts = ['entrypoint.sh', 'postgres', 'temporal'].flatMap((entry) =>
      entry.endsWith('.sh')
        ? [entry]
        : readdirSync(script(entry))
            .filter((f) => f.endsWith('.sh'))
            .map((f) => `${entry}/${f}`),
    );
    expect(scripts.length).toBe(4);
    for (const path of scripts) expect(spawnSync('sh', ['-n', script(path)]).status, path).toBe(0);
  });
});

describe('the image entrypoint', () => {
  const node = () => (bin = fakeBin({ node: '' }));

  it.each([
    [['api'], 'node --enable-source-maps --max-semi-space-size=64 dist/service/api-main.js'],
    [[], 'node --enable-source-maps --max-semi-space-size=64 dist/service/api-main.js'],
    [['worker'], 'node --enable-source-maps --max-semi-space-size=64 dist/service/worker-main.js'],
    [['config-apply', 'cfg.yaml'], 'node --enable-source-maps dist/tools/config-apply.js cfg.yaml'],
    [['node', '-e', '1'], 'node -e 1'],
  ])('maps %j to `%s`', (args, expected) => {
    const fake = node();
    const result = run('entrypoint.sh', args, fake.env());
    expect(result.status).toBe(0);
    expect(calls(fake)).toEqual([expected]);
  });

  it('runs any other command as given', () => {
    const result = run('entrypoint.sh', ['echo', 'hello'], process.env);
    expect(result.stdout).toBe('hello\n');
  });
});

describe('temporal-create-namespace job', () => {
  const temporal = (body: string) => (bin = fakeBin({ temporal: body }));
  const env = (fake: FakeBin) =>
    fake.env({ TEMPORAL_ADDRESS: 'temporal:7233', NAMESPACE: 'wa', NAMESPACE_RETENTION: '24h' });

  it('creates the namespace once the cluster is healthy', () => {
    const fake = temporal('case "$2 $3" in "namespace describe") exit 1 ;; esac; exit 0');
    const result = run('temporal/create-namespace.sh', [], env(fake));
    expect(result.status).toBe(0);
    expect(calls(fake)).toEqual([
      'temporal operator cluster health --address temporal:7233',
      'temporal operator namespace describe --namespace wa --address temporal:7233',
      'temporal operator namespace create --namespace wa --retention 24h --address temporal:7233',
    ]);
  });

  it('leaves an existing namespace alone', () => {
    const fake = temporal('exit 0');
    const result = run('temporal/create-namespace.sh', [], env(fake));
    expect(result.status).toBe(0);
    expect(calls(fake).some((c) => c.includes('namespace create'))).toBe(false);
  });

  it('treats "already exists" from a concurrent create as success', () => {
    const fake = temporal(
      'case "$2 $3" in "namespace describe") exit 1 ;; "namespace create") echo "Namespace already exists" >&2; exit 1 ;; esac',
    );
    expect(run('temporal/create-namespace.sh', [], env(fake)).status).toBe(0);
  });

  it('fails on any other create error, showing it', () => {
    const fake = temporal(
      'case "$2 $3" in "namespace describe") exit 1 ;; "namespace create") echo "permission denied" >&2; exit 1 ;; esac',
    );
    const result = run('temporal/create-namespace.sh', [], env(fake));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('permission denied');
  });

  it('gives up when the cluster never becomes healthy', () => {
    const fake = temporal('exit 1');
    const result = run('temporal/create-namespace.sh', [], { ...env(fake), MAX_ATTEMPTS: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('did not become healthy');
  });
});

describe('temporal-admin-tools schema job', () => {
  it('creates and migrates both Temporal databases with temporal-sql-tool', () => {
    const fake = (bin = fakeBin({ nc: 'exit 0', 'temporal-sql-tool': 'exit 0' }));
    const result = run(
      'temporal/setup-postgres.sh',
      [],
      fake.env({
        POSTGRES_SEEDS: 'postgresql',
        DB_PORT: '5432',
        POSTGRES_USER: 'temporal',
        POSTGRES_PWD: 'pw',
      }),
    );
    expect(result.status).toBe(0);
    const tool = 'temporal-sql-tool --plugin postgres12 --ep postgresql -p 5432 -u temporal --db';
    const schema = '/etc/temporal/schema/postgresql/v12';
    expect(calls(fake)).toEqual([
      'nc -z -w 2 postgresql 5432',
      `${tool} temporal create`,
      `${tool} temporal setup-schema -v 0.0`,
      `${tool} temporal update-schema -d ${schema}/temporal/versioned`,
      `${tool} temporal_visibility create`,
      `${tool} temporal_visibility setup-schema -v 0.0`,
      `${tool} temporal_visibility update-schema -d ${schema}/visibility/versioned`,
    ]);
  });

  it('stops at the first failing step', () => {
    const fake = (bin = fakeBin({ nc: 'exit 0', 'temporal-sql-tool': 'exit 1' }));
    const result = run('temporal/setup-postgres.sh', [], fake.env({ POSTGRES_PWD: 'pw' }));
    expect(result.status).not.toBe(0);
    expect(calls(fake)).toHaveLength(2);
  });
});
