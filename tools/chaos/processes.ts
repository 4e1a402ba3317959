/**
 * The chaos run's own processes: each entrypoint of this repo in a process of its own (as a
 * deployment runs them), its output kept in a log file of the run, and the two ways to end it
 * that the faults need — SIGKILL (a crash) and SIGTERM (an orderly stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlagsFor } from '../../service/node-flags.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Proc {
  readonly name: string;
  /** A crash: no shutdown hooks run. */
  kill(): Promise<void>;
  /** An orderly stop (SIGTERM), waited for. */
  stop(): Promise<void>;
}

/** Starts `node --import tsx ENTRY ARGS…` with `env` and waits until `readyUrl` answers 2xx (2 min at most). */
export async function startEntry(
  name: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  logDir: string,
): Promise<Proc> {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(
    process.execPath,
    [...nodeFlagsFor(entry), '--import', 'tsx', join(ROOT, entry), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  await waitReady(name, child, readyUrl, logDir);
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return ended;
  };
  return { name, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

async function waitReady(name: string, child: ChildProcess, url: string, logDir: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}; see ${logDir}/${name}.log`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not answer ${url} within 2 min; see ${logDir}/${name}.log`);
}
