import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mock360dialogControl, TEMPLATE_SHAPES } from '../../tools/mock-360dialog/index.js';
import { launchChromium } from './support/chromium.js';
import {
  ADMIN_TOKEN,
  D360_KEY,
  startConsoleService,
  type ConsoleService,
} from './support/console-service.js';

/**
 * The template catalog and the send rate in the console (issues 10 and 13), in real Chromium against
 * the service as `npm start` runs it, with the 360dialog mock serving a template of every shape.
 * The steps build on each other: channels with their send rates → a slot filled from the picker →
 * its preview → a training refused with the template's words, then passing once fixed.
 */
const N = 1000 + Math.floor(Math.random() * 1_000_000);
const CO = String(N);
const CLOUD = `cloud-${N}`;
const ONPREM = `onprem-${N}`;
const REJECTED = `rejected-${N}`;
const BOT = `bot-${N}`;
const ONPREM_KEY = `console-onprem-key-${N}`;
const NAMESPACE = 'b2f1c0de_1111_2222_3333_444455556666'; // the mock's templates' namespace
const slow = { timeout: 30_000 };

let env: ConsoleService;
let browser: Browser;
let page: Page;
const made = { slotPath: '' };

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${env.baseUrl}/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer: unknown = await response.json().catch(() => undefined);
  return { status: response.status, body: answer };
};
const templateRow = (name: string, language: string) =>
  page.locator(`tr[data-template="${name}/${language}"]`);
const parameterTypes = async () => {
  const selects = page.getByRole('list', { name: 'Template parameters' }).locator('select');
  const count = await selects.count();
  return await Promise.all(Array.from({ length: count }, (_, i) => selects.nth(i).inputValue()));
};

beforeAll(async () => {
  env = await startConsoleService();
  const mock = new Mock360dialogControl(env.mock.url);
  await mock.setTemplates([...TEMPLATE_SHAPES]);
  await mock.registerKey({ key: ONPREM_KEY, flavour: 'onprem' });
  expect((await admin('POST', '/companies', { id: N })).status).toBe(201);
  expect((await admin('POST', `/companies/${CO}/agents`, { id: BOT })).status).toBe(201);
  // A key the mock does not know: 360dialog rejects it, so the catalog cannot be read.
  const rejected = { id: REJECTED, kind: '360dialog-cloud', base_url: env.mock.url, api_key: 'unknown' };
  expect((await admin('POST', `/companies/${CO}/channels`, rejected)).status).toBe(201);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${env.baseUrl}/console/`);
  await page.getByLabel('Admin or company token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor(slow);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

describe('the channel send rate in the console', () => {
  it('creates channels with a send rate, shows the API’s message next to the field, edits it', async () => {
    await page.goto(`${env.baseUrl}/console/#/companies/${CO}`);
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByText('Defaults: 80/s for Cloud API').waitFor(slow);
    await form.getByLabel('Channel id').fill(CLOUD);
    await form.getByLabel('Base URL').fill(env.mock.url);
    await form.getByLabel('API key').fill(D360_KEY);
    await form.getByLabel('Send rate (messages per second)').fill('0');
    await form.getByRole('button', { name: 'Create channel' }).click();
    const message = 'Must be a whole number of sends per second from 1 to 1000';
    await form.locator('.field.has-error', { hasText: 'Send rate' }).getByText(message).waitFor(slow);
    expect((await admin('GET', `/channels/${CLOUD}`)).status).toBe(404); // nothing created
    await form.getByLabel('Send rate (messages per second)').fill('5');
    await form.getByRole('button', { name: 'Create channel' }).click();
    const card = page.getByRole('article', { name: `Channel ${CLOUD}` });
    await card.waitFor(slow);
    expect(await card.getByLabel('Send rate (messages per second)').inputValue()).toBe('5');

    await card.getByLabel('Send rate (messages per second)').fill('1.5');
    await card.getByRole('button', { name: 'Save channel' }).click();
    await card.locator('.field.has-error', { hasText: 'Send rate' }).getByText(message).waitFor(slow);
    expect((await admin('GET', `/channels/${CLOUD}`)).body).toMatchObject({ send_rate_per_second: 5 });
    await card.getByLabel('Send rate (messages per second)').fill('12');
    await card.getByRole('button', { name: 'Save channel' }).click();
    await card.getByText('Channel saved').waitFor(slow);
    expect((await admin('GET', `/channels/${CLOUD}`)).body).toMatchObject({ send_rate_per_second: 12 });

    await form.getByLabel('Channel id').fill(ONPREM);
    await form.getByLabel('Kind').selectOption('360dialog');
    expect(await form.getByLabel('Send rate (messages per second)').getAttribute('placeholder')).toBe(
      '20 (the default)',
    );
    await form.getByLabel('Base URL').fill(env.mock.url);
    await form.getByLabel('API key').fill(ONPREM_KEY);
    await form.getByRole('button', { name: 'Create channel' }).click();
    const onprem = page.getByRole('article', { name: `Channel ${ONPREM}` });
    await onprem.waitFor(slow);
    expect(await onprem.getByLabel('Send rate (messages per second)').inputValue()).toBe('20');
    await page.reload();
    expect(
      await page
        .getByRole('article', { name: `Channel ${CLOUD}` })
        .getByLabel('Send rate (messages per second)')
        .inputValue(),
    ).toBe('12');
  });
});

describe('the template picker and the preview', () => {
  it('lists the channel’s templates; approved ones fill the form and one row per value', async () => {
    await page.goto(`${env.baseUrl}/console/#/agents/${BOT}`);
    await page.getByRole('link', { name: 'New slot' }).click();
    await page.getByLabel('Name').fill('Order shipped');
    await page.getByLabel('Destination channel').selectOption(CLOUD);
    await page.getByRole('tab', { name: /Destination/ }).click();
    await templateRow('order_shipped', 'en').waitFor(slow);
    expect(await templateRow('order_cancelled', 'en').textContent()).toContain(
      'Not selectable: pending, not approved',
    );
    expect(await templateRow('order_cancelled', 'en').getByRole('button').count()).toBe(0);
    expect(await templateRow('spring_coupon', 'en').textContent()).toContain('no slot can fill it');
    expect(await templateRow('order_shipped', 'en').textContent()).toContain('UTILITY');

    await page.getByRole('button', { name: 'Use order_shipped (en)' }).click();
    await page.getByText('Filled from template order_shipped (en): 4 parameter rows').waitFor(slow);
    expect(await page.getByLabel('Template name').inputValue()).toBe('order_shipped');
    expect(await page.getByLabel('Language code').inputValue()).toBe('en');
    expect(await parameterTypes()).toEqual(['image', 'body', 'body', 'button_url']);
    await page.getByText('Template: body {{2}}').waitFor(slow);
    const values = [
      'https://cdn.example.com/{{ order }}.jpg',
      '{{ data.name }}',
      '{{ order }}',
      '{{ order }}',
    ];
    for (const [i, value] of values.entries()) await page.getByLabel(`Parameter ${i + 1} value`).fill(value);
    await page.getByRole('tab', { name: /Incoming Data/ }).click();
    await page.getByRole('button', { name: 'Add pair' }).click();
    await page.getByLabel('Context key 1').fill('order');
    await page.getByLabel('Request key 1').fill('order_id');
    await page.getByRole('button', { name: 'CREATE' }).click();
    await page.getByRole('button', { name: 'SAVE' }).waitFor(slow);
    made.slotPath = new URL(page.url()).hash;
  });

  it('previews the exact payload of the draft, and a build error with its place, storing nothing', async () => {
    await page.getByRole('tab', { name: /Destination/ }).click();
    await page.getByText('Nothing is sent to 360dialog and nothing is stored').waitFor(slow);
    await page
      .getByLabel('Sample request body (JSON)')
      .fill(JSON.stringify({ phone_number: '79291642944', order_id: 'A-1042', name: 'Anna' }));
    await page.getByRole('button', { name: 'Run preview' }).click();
    const payload = page.locator('pre.payload');
    await payload.waitFor(slow);
    const sent = JSON.parse((await payload.textContent()) ?? '') as Record<string, unknown>;
    expect(sent).toMatchObject({
      to: '+79291642944',
      type: 'template',
      template: { name: 'order_shipped', language: { code: 'en' } },
    });
    expect(JSON.stringify(sent)).toContain('https://cdn.example.com/A-1042.jpg');
    expect(JSON.stringify(sent)).toContain('"Anna"');
    expect(await page.locator('pre.context').textContent()).toContain('"order": "A-1042"');
    await page.getByText('The template check found nothing.').waitFor(slow);

    // An unsaved edit is what the preview runs: an expression that fails on this sample (a string
    // has no attribute x), and one body row fewer.
    await page.getByLabel('Parameter 2 value').fill('{{ data["name"]["x"]["y"] }}');
    await page.getByRole('button', { name: 'Remove parameter 3' }).click();
    await page.getByRole('button', { name: 'Run preview' }).click();
    const failed = page.getByText('The message cannot be built, so a task would fail');
    await failed.waitFor(slow);
    expect(await failed.textContent()).toMatch(
      /\(field destination\.template_parameters\.1\.value, line 1, column \d+\)$/,
    );
    expect(await page.locator('.findings.errors').textContent()).toContain(
      "Template 'order_shipped' (en) has 2 body variables",
    );
    const slotId = made.slotPath.split('/').pop() ?? '';
    const stored = (await admin('GET', `/slots/${slotId}`)).body as {
      destination: { template_parameters: unknown[] };
    };
    expect(stored.destination.template_parameters).toHaveLength(4); // the draft was not saved
    await page.getByLabel('Sample request body (JSON)').fill('{"phone_number": ');
    await page.getByRole('button', { name: 'Run preview' }).click();
    await page.getByText('The sample body is not valid JSON').waitFor(slow);
    expect((await admin('GET', `/tasks?company_id=${CO}`)).body).toMatchObject({ tasks: [] });
  });

  it('refuses the mismatched slot at training with the template’s words; once fixed it trains', async () => {
    await page.getByLabel('Parameter 2 value').fill('{{ data.name }}');
    await page.getByRole('button', { name: 'SAVE' }).click();
    await page.getByText('Saved. Live after the next training.').waitFor(slow);
    const saveCheck = page.locator('.notice.warn');
    await saveCheck.waitFor(slow); // a save never fails for the template check, but says it
    expect(await saveCheck.textContent()).toContain(
      "Training will refuse this: Template 'order_shipped' (en) has 2 body variables",
    );
    await page.getByRole('link', { name: new RegExp(`Agent ${BOT}`) }).click();
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByText('Training failed; version none keeps serving.').waitFor(slow);
    await page.getByText("Template 'order_shipped' (en) has 2 body variables").waitFor(slow);

    await page.goto(`${env.baseUrl}/console/${made.slotPath}`);
    await page.getByRole('tab', { name: /Destination/ }).click();
    await page.getByRole('button', { name: 'Use order_shipped (en)' }).click();
    expect(await parameterTypes()).toEqual(['image', 'body', 'body', 'button_url']);
    expect(await page.getByLabel('Parameter 2 value').inputValue()).toBe('{{ data.name }}'); // kept
    await page.getByLabel('Parameter 3 value').fill('{{ order }}');
    await page.getByLabel('Parameter 4 value').fill('{{ order }}');
    await page.getByRole('button', { name: 'SAVE' }).click();
    await page.getByText('Saved. Live after the next training.').waitFor(slow);
    await page.getByRole('link', { name: new RegExp(`Agent ${BOT}`) }).click();
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByText('Trained: version 1 serves mailing requests now.').waitFor(slow);
  });

  it('fills the namespace for an On-Premise channel, and fits a 390 px screen', async () => {
    await page.getByRole('link', { name: 'New slot' }).click();
    await page.getByLabel('Destination channel').selectOption(ONPREM);
    await page.getByRole('tab', { name: /Destination/ }).click();
    await page.getByRole('button', { name: 'Use appointment_reminder (en)' }).click();
    expect(await page.getByLabel('Namespace').inputValue()).toBe(NAMESPACE);
    expect(await page.getByLabel('Template name').inputValue()).toBe('appointment_reminder');
    expect(await parameterTypes()).toEqual(['body', 'body', 'body']);
    await page.getByText('Create the slot first').waitFor(slow);
    await page.setViewportSize({ width: 390, height: 844 }); // the template table scrolls inside
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('says why the catalog cannot be read, leaves the fields usable by hand, trains with a warning', async () => {
    await page.getByRole('tab', { name: /General/ }).click();
    await page.getByLabel('Destination channel').selectOption(REJECTED);
    await page.getByRole('tab', { name: /Destination/ }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Templates unavailable.' });
    await notice.waitFor(slow);
    expect(await notice.textContent()).toContain('360dialog answered HTTP 401');
    expect(await notice.textContent()).toContain('The template can still be entered by hand below');
    await page.getByLabel('Template name').fill('hello_world');
    expect(await page.getByLabel('Template name').inputValue()).toBe('hello_world');
    await page.getByRole('button', { name: 'Refresh templates from 360dialog' }).click();
    await notice.waitFor(slow);

    // Made by hand, it saves and trains: the check that could not be made is a warning, said so.
    await page.getByLabel('Language code').fill('en_US');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Remove parameter 1' }).click();
    await page.getByRole('tab', { name: /General/ }).click();
    await page.getByLabel('Name').fill('Made by hand');
    await page.getByRole('button', { name: 'CREATE' }).click();
    await page.getByRole('button', { name: 'SAVE' }).waitFor(slow);
    await page.getByRole('link', { name: new RegExp(`Agent ${BOT}`) }).click();
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByText('Trained: version 2 serves mailing requests now.').waitFor(slow);
    const warnings = page.locator('.notice.warn');
    await warnings.waitFor(slow);
    expect(await warnings.textContent()).toContain('do not block the training');
    expect(await warnings.textContent()).toContain('401');
  });
});
