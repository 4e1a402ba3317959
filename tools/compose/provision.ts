/**
 * Provisions a Docker Compose binary to validate docker-compose.yml on machines without Docker: the
 * cache, the machine's own compose, or `go install` from the Go module proxy into the cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commandWorks, runVisible } from '../../embedded/temporal/commands.js';
import { COMPOSE_PACKAGE, COMPOSE_VERSION, COMPOSE_VERSION_LDFLAG, cachedComposePath } from './paths.js';
import { planCompose, type ComposeCommand, type ComposePlan } from './plan.js';

export function note(message: string): void {
  process.stderr.write(`[compose] ${message}\n`);
}

/** `docker-compose version --short` prints e.g. `2.29.1` (v2) or `1.29.2` (v1, no Compose spec). */
function standaloneIsV2(): boolean {
  const result = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 && /^v?([2-9]|\d{2,})\./.test(result.stdout.trim());
}

export function planComposeHere(env: NodeJS.ProcessEnv = process.env): ComposePlan {
  const explicitPath = env.DOCKER_COMPOSE_PATH;
  const cachedPath = cachedComposePath(env);
  const cachedExists = existsSync(cachedPath);
  // Probe only as far as needed: each probe spawns a process.
  const explicit = explicitPath !== undefined && explicitPath !== '';
  const dockerPlugin = !explicit && !cachedExists && commandWorks('docker', ['compose', 'version']);
  const standaloneV2 = !explicit && !cachedExists && !dockerPlugin && standaloneIsV2();
  return planCompose({
    explicitPath,
    explicitPathExists: explicit && existsSync(explicitPath),
    cachedPath,
    cachedExists,
    dockerPlugin,
    standaloneV2,
    go: !explicit && !cachedExists && !dockerPlugin && !standaloneV2 && commandWorks('go', ['version']),
  });
}

/**
 * `go install` into a temp GOBIN, then a rename, so a half-built binary is never mistaken for a cached
 * one. CGO is off, as in compose's own release builds.
 */
async function buildCompose(target: string): Promise<void> {
  const tmpBin = `${dirname(target)}.tmp-${process.pid}`;
  await rm(tmpBin, { recursive: true, force: true });
  await mkdir(tmpBin, { recursive: true });
  note(`building Docker Compose ${COMPOSE_VERSION} with Go into ${dirname(target)} (first time only)`);
  const started = Date.now();
  try {
    await runVisible(
      'go',
      ['install', `-ldflags=${COMPOSE_VERSION_LDFLAG}`, `${COMPOSE_PACKAGE}@${COMPOSE_VERSION}`],
      {
        ...process.env,
        CGO_ENABLED: '0',
        GOBIN: tmpBin,
      },
    );
    await mkdir(dirname(target), { recursive: true });
    await rename(join(tmpBin, 'cmd'), target);
  } finally {
    await rm(tmpBin, { recursive: true, force: true });
  }
  note(`Docker Compose ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A compose command ready to run, and where it came from; throws a readable error when none can be had. */
export async function ensureCompose(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ source: Exclude<ComposePlan['source'], 'none'>; command: ComposeCommand }> {
  const plan = planComposeHere(env);
  if (plan.source === 'none') throw new Error(plan.message);
  if (plan.source === 'build') await buildCompose(plan.command.program);
  return plan;
}
