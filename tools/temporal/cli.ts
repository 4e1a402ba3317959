import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commandWorks, note, runVisible } from './commands.js';
import { CLI_MODULE, CLI_VERSION, cliPath } from './paths.js';
import { planServer, type ProvisionPlan } from './plan.js';

export function planCli(env: NodeJS.ProcessEnv = process.env): ProvisionPlan {
  const explicitPath = env.TEMPORAL_CLI_PATH;
  const cachedPath = cliPath(env);
  return planServer({
    kind: 'dev server (Temporal CLI)',
    explicitPath,
    explicitPathVar: 'TEMPORAL_CLI_PATH',
    explicitPathExists: explicitPath !== undefined && existsSync(explicitPath),
    cachedPath,
    cachedExists: existsSync(cachedPath),
    toolchain: { Go: commandWorks('go', ['version']) },
  });
}

/**
 * `go install` from the Go module proxy into a temp GOBIN, then a rename, so a half-built binary is
 * never mistaken for a cached one. CGO is off: releases are built that way and SQLite is pure Go.
 */
async function buildCli(env: NodeJS.ProcessEnv): Promise<void> {
  const target = cliPath(env);
  const tmpBin = `${dirname(target)}.tmp-${process.pid}`;
  await rm(tmpBin, { recursive: true, force: true });
  await mkdir(tmpBin, { recursive: true });
  note(
    `building Temporal CLI ${CLI_VERSION} with Go into ${dirname(target)} (first time only, a few minutes)`,
  );
  const started = Date.now();
  await runVisible('go', ['install', `${CLI_MODULE}@${CLI_VERSION}`], {
    ...process.env,
    CGO_ENABLED: '0',
    GOBIN: tmpBin,
  });
  await mkdir(dirname(target), { recursive: true });
  await rename(join(tmpBin, 'temporal'), target);
  await rm(tmpBin, { recursive: true, force: true });
  note(`Temporal CLI ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The `temporal` binary for the dev server: TEMPORAL_CLI_PATH, the cache, a Go build, or `undefined`
 * when neither is possible (callers then fall back to the SDK's download, which needs internet).
 */
export async function ensureCli(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string } | { path: undefined; missing: string[] }> {
  const plan = planCli(env);
  switch (plan.source) {
    case 'build':
      await buildCli(env);
      return { path: plan.path };
    case 'explicit':
    case 'cached':
      return { path: plan.path };
    case 'sdk-download':
      return { path: undefined, missing: plan.missing };
  }
}
