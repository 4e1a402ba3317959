import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temp directory of stand-in commands (shell scripts) to put first on PATH, so a deploy script can
 * be run for real with its external tools replaced. Each stand-in appends its argv to `calls.log`.
 */
export interface FakeBin {
  dir: string;
  log: string;
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  remove(): void;
}

export function fakeBin(commands: Record<string, string>): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), 'wa-notify-fake-bin-'));
  const log = join(dir, 'calls.log');
  for (const [name, body] of Object.entries(commands)) {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(path, 0o755);
  }
  return {
    dir,
    log,
    env: (extra = {}) => ({ ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, ...extra }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
