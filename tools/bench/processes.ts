import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlagsFor } from '../../service/node-flags.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOG_DIR = process.env.BENCH_LOG_DIR;
/** BENCH_NODE_ARGS: node flags for every process the bench starts, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

export interface Child {
  stop(): Promise<void>;
}

/** Runs a TypeScript entrypoint of this repo in its own process and waits until `readyUrl` answers. */
export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
): Promise<Child> {
  const [entry, ...rest] = args;
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, ...nodeFlagsFor(entry ?? ''), '--import', 'tsx', `${ROOT}${entry}`, ...rest],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', LOG_DIR ? 'pipe' : 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  if (LOG_DIR) {
    // BENCH_LOG_DIR: each process's whole output in <dir>/<name>-<pid>.log, to read after a run.
    const log = createWriteStream(join(LOG_DIR, `${name}-${child.pid}.log`));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${name} not ready within 5 min: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
