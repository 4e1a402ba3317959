import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Mock360dialogControl } from '../../../tools/mock-360dialog/control-client.js';

describe('360dialog mock: CLI', () => {
  it('starts as a separate process, prints its URL, is driven over HTTP and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/mock-360dialog/main.ts', '--port', '0'],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`mock exited early (${code}): ${output}`)));
    });

    const control = new Mock360dialogControl(url);
    await control.registerKey({ key: 'cli-key', flavour: 'cloud' });
    const res = await fetch(`${url}/v1/configs/templates`, { headers: { 'D360-API-KEY': 'cli-key' } });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];

    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(7);
    expect(code).toBe(0);
    expect(output).toContain('SIGTERM: stopping 360dialog mock');
  });
});
