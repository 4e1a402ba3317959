import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorkflowBundle } from '../../../tools/build-workflow-bundle.js';

describe('the workflow bundle built at image build time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-notify-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one self-contained file with every workflow type and an inline source map', async () => {
    const out = join(dir, 'nested', 'workflow-bundle.js');
    const built = await buildWorkflowBundle(out);
    expect(built.path).toBe(out);
    expect(built.bytes).toBeGreaterThan(100_000);
    const bytes = readFileSync(out);
    expect(bytes.length).toBe(built.bytes);
    const code = bytes.toString('utf8');
    expect(code).toMatch(/\bchatWorkflow\b/);
    expect(code).toMatch(/\bnotificationWorkflow\b/);
    expect(code).toMatch(/sourceMappingURL=data:application\/json/);
    // Written through a temp file and a rename: nothing else is left behind.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['workflow-bundle.js']);
  });
});
