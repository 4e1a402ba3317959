import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeFlagsFor, SERVICE_NODE_FLAGS } from '../../../service/node-flags.js';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const entrypoint = readFileSync('deploy/entrypoint.sh', 'utf8');

describe("the service's Node flags (service/node-flags.ts)", () => {
  it.each(['start', 'start:api', 'start:worker'])('npm run %s passes every one of them to node', (name) => {
    const words = (scripts[name] ?? '').split(/\s+/);
    for (const flag of SERVICE_NODE_FLAGS) expect(words, name).toContain(flag);
  });

  it.each(['api-main.js', 'worker-main.js'])("the image's entrypoint passes them for %s", (main) => {
    const line =
      entrypoint.split('\n').find((l) => l.includes('exec node') && l.includes(`dist/service/${main}`)) ?? '';
    for (const flag of SERVICE_NODE_FLAGS) expect(line.split(/\s+/), main).toContain(flag);
  });

  it('go to the service entrypoints the tools start, and to nothing else', () => {
    expect(nodeFlagsFor('service/worker-main.ts')).toEqual(SERVICE_NODE_FLAGS);
    expect(nodeFlagsFor('tools/mock-360dialog/main.ts')).toEqual([]);
  });

  it('are flags this node takes, and they set what they say (a 64 MiB semi-space)', () => {
    // V8 reports the young generation's capacity once it has grown: allocate short-lived objects
    // until it has, then read the largest new-space size seen.
    const probe = `
      const v8 = require('node:v8');
      let max = 0;
      for (let i = 0; i < 400; i++) {
        const junk = Array.from({ length: 20000 }, (_, j) => ({ j, s: 'x' + j }));
        const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
        max = Math.max(max, space.space_size);
        if (junk.length < 0) console.log(junk);
      }
      console.log(max / 2 ** 20);`;
    const withFlags = spawnSync(process.execPath, [...SERVICE_NODE_FLAGS, '-e', probe], { encoding: 'utf8' });
    const without = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(withFlags.stderr).toBe('');
    expect(Number(withFlags.stdout)).toBeGreaterThan(Number(without.stdout));
  });
});
