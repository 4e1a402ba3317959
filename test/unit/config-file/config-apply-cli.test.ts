import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyConfig, applyConfigFile, ConfigFileError, formatSummary } from '../../../config-file/index.js';
import { ENV, exampleConfig, useConfigHarness } from './support/harness.js';

const run = promisify(execFile);
const h = useConfigHarness();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wa-notify-config-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run config:apply -- FILE` as an operator runs it (tsx directly, to skip npm's own output). */
async function configApply(file: string, dataDir = join(dir, 'data')) {
  const env = {
    ...process.env,
    ...ENV,
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'https://hooks.example.com',
  };
  try {
    const { stdout, stderr } = await run(
      join('node_modules', '.bin', 'tsx'),
      ['tools/config-apply.ts', file],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run config:apply -- FILE', () => {
  it('applies a file and prints each slot’s webhook and mailing-request URL', async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, stringify(exampleConfig(h.mock.url)));
    const first = await configApply(file);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('agent shop-bot: trained, version 1 live');
    expect(first.stdout).toContain(
      [
        '  order-shipped (agent shop-bot)',
        '    webhook: 13::9de6d0fbc9a547659457a0f7a0e21eda',
        '    POST https://hooks.example.com/notification/13::9de6d0fbc9a547659457a0f7a0e21eda/chat',
      ].join('\n'),
    );
    expect(first.stdout).not.toContain(ENV.D360_API_KEY_MAIN);
  });

  it('prints the template check’s warnings for each slot it trains', async () => {
    const doc = exampleConfig(h.mock.url);
    const slot = doc.agents[0]!.slots[0] as { destination: Record<string, unknown> };
    slot.destination.template_name = '{{ data.template }}'; // known only when a request arrives
    const file = join(dir, 'expression-name.yaml');
    writeFileSync(file, stringify(doc));
    const result = await configApply(file, join(dir, 'data-warnings'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        'agent shop-bot: trained, version 1 live',
        '  warning: slots.order-shipped.destination.template_name: The template could not be checked: its name is an expression, known only when a request arrives (Template name)',
      ].join('\n'),
    );
  });

  it('exits 1 naming the template’s words when a slot does not fit it', async () => {
    const doc = exampleConfig(h.mock.url);
    const slot = doc.agents[0]!.slots[0] as { destination: { template_parameters: unknown[] } };
    slot.destination.template_parameters.splice(2, 1); // order_shipped has two body variables
    const file = join(dir, 'one-body-short.yaml');
    writeFileSync(file, stringify(doc));
    const result = await configApply(file, join(dir, 'data-refused'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^config:apply failed: Training agent shop-bot failed; nothing is live:\n/);
    expect(result.stderr).toContain('slots.order-shipped.destination.template_parameters');
    expect(result.stderr).toContain('order_shipped');
  });

  it('exits 1 with a readable message for a file that does not exist', async () => {
    const result = await configApply(join(dir, 'missing.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `config:apply failed: Cannot read config file ${join(dir, 'missing.yaml')}:\n  (file): file not found\n`,
    );
  });
});

describe('the printed summary', () => {
  it('says "Nothing changed." when the file was already applied', async () => {
    const doc = exampleConfig(h.mock.url);
    await applyConfig(doc, h.deps);
    expect(formatSummary(await applyConfig(doc, h.deps))).toBe(
      [
        'agent shop-bot: version 1 live, unchanged',
        'Nothing changed.',
        '',
        'Slots:',
        '  order-shipped (agent shop-bot)',
        '    webhook: 13::9de6d0fbc9a547659457a0f7a0e21eda',
        '    POST https://notify.example.com/notification/13::9de6d0fbc9a547659457a0f7a0e21eda/chat',
        '',
      ].join('\n'),
    );
  });
});

describe('a refused training', () => {
  it('lists its errors, then the template check’s warnings', async () => {
    const doc = exampleConfig(h.mock.url);
    const slots = doc.agents[0]!.slots as {
      id: string;
      webhook?: string;
      destination: Record<string, unknown>;
    }[];
    const fitting = slots[0]!;
    const byExpression = {
      ...fitting,
      id: 'by-expression',
      webhook: undefined,
      destination: { ...fitting.destination, template_name: '{{ data.template }}' },
    };
    (fitting.destination.template_parameters as unknown[]).splice(2, 1);
    slots.push(byExpression);
    const error = (await applyConfig(doc, h.deps).catch((e: unknown) => e)) as ConfigFileError;
    expect(error).toBeInstanceOf(ConfigFileError);
    const [head, ...rest] = error.message.split('\nWarnings:\n');
    expect(head).toMatch(/^Training agent shop-bot failed; nothing is live:\n {2}slots\.order-shipped\./);
    expect(rest.join('')).toBe(
      '  slots.by-expression.destination.template_name: The template could not be checked: its name is an expression, known only when a request arrives (Template name)',
    );
  });
});

describe('applyConfigFile', () => {
  it('reads JSON as well as YAML', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(exampleConfig(h.mock.url)));
    expect(await applyConfigFile(file, h.deps)).toMatchObject({ changed: true, trainings: [{ version: 1 }] });
  });

  it('names the file and the line of a syntax error, before applying anything', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'companies:\n  - id: 13\n   rate_limit_per_second: [\n');
    const error = (await applyConfigFile(file, h.deps).catch((e: unknown) => e)) as ConfigFileError;
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.message).toMatch(
      new RegExp(`^Cannot parse config file ${file}:\\n  \\(file\\): .* at line 3`),
    );
    expect(await h.deps.store.listCompanies()).toEqual([]);
  });
});
