import { describe, expect, it } from 'vitest';
import { noComposeMessage, planCompose, type ComposeFacts } from '../../../tools/compose/plan.js';
import { missingHostPaths } from '../../../tools/compose/validate.js';

const CACHED = '/cache/wa-notify/compose/compose-v5.0.2/docker-compose';
const facts = (over: Partial<ComposeFacts>): ComposeFacts => ({
  explicitPathExists: false,
  cachedPath: CACHED,
  cachedExists: false,
  dockerPlugin: false,
  standaloneV2: false,
  go: false,
  ...over,
});

describe('which Docker Compose validates docker-compose.yml', () => {
  it('uses DOCKER_COMPOSE_PATH first, even when others exist', () => {
    const plan = planCompose(
      facts({
        explicitPath: '/opt/compose',
        explicitPathExists: true,
        cachedExists: true,
        dockerPlugin: true,
      }),
    );
    expect(plan).toEqual({ source: 'explicit', command: { program: '/opt/compose', prefix: [] } });
  });

  it('refuses a DOCKER_COMPOSE_PATH that does not exist', () => {
    expect(() => planCompose(facts({ explicitPath: '/nope' }))).toThrow(
      'DOCKER_COMPOSE_PATH=/nope does not exist.',
    );
  });

  it('prefers the pinned cached build over whatever the machine has', () => {
    expect(planCompose(facts({ cachedExists: true, dockerPlugin: true, go: true }))).toEqual({
      source: 'cached',
      command: { program: CACHED, prefix: [] },
    });
  });

  it('uses the Docker CLI plugin, then a standalone compose v2, before building', () => {
    expect(planCompose(facts({ dockerPlugin: true, standaloneV2: true, go: true }))).toEqual({
      source: 'docker-plugin',
      command: { program: 'docker', prefix: ['compose'] },
    });
    expect(planCompose(facts({ standaloneV2: true, go: true }))).toEqual({
      source: 'standalone',
      command: { program: 'docker-compose', prefix: [] },
    });
  });

  it('builds into the cache with Go when nothing else is there', () => {
    expect(planCompose(facts({ go: true }))).toEqual({
      source: 'build',
      command: { program: CACHED, prefix: [] },
    });
  });

  it('explains what to install when nothing can work', () => {
    expect(planCompose(facts({}))).toEqual({ source: 'none', message: noComposeMessage(CACHED) });
    expect(noComposeMessage(CACHED)).toMatch(/Install Go .* or Docker Compose, or set DOCKER_COMPOSE_PATH/);
  });
});

describe('host paths the compose project needs', () => {
  it('reports missing bind-mount sources and Dockerfiles, ignoring named volumes', () => {
    const present = new Set(['/repo/deploy/temporal', '/repo/Dockerfile']);
    const missing = missingHostPaths(
      {
        services: {
          api: { build: { context: '/repo', dockerfile: 'Dockerfile' } },
          worker: { build: { context: '/repo', dockerfile: 'Dockerfile.worker' } },
          db: {
            volumes: [
              { type: 'volume', source: 'data' },
              { type: 'bind', source: '/repo/deploy/temporal' },
              { type: 'bind', source: '/repo/deploy/nope' },
            ],
          },
        },
      },
      (path) => present.has(path),
    );
    expect(missing).toEqual(['worker: /repo/Dockerfile.worker', 'db: bind mount source /repo/deploy/nope']);
  });
});
