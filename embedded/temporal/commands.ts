import { spawn, spawnSync } from 'node:child_process';

/** True when `cmd args` runs and exits 0: how we tell whether Java, Maven or Go are installed. */
export function commandWorks(cmd: string, args: string[]): boolean {
  const result = spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
  return result.status === 0;
}

/**
 * Runs a provisioning command with its output passed through to stderr (builds take minutes and a
 * silent wait looks like a hang). Rejects with the command line and exit code.
 */
export function runVisible(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Log lines of provisioning go to stderr so they never mix with a command's real output. */
export function note(message: string): void {
  process.stderr.write(`[temporal] ${message}\n`);
}
