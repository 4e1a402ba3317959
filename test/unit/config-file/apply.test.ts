import { describe, expect, it } from 'vitest';
import { applyConfig, ConfigFileError } from '../../../config-file/index.js';
import { EXAMPLE_WEBHOOK } from '../../fixtures/example-slot.js';
import { ENV, exampleConfig, PUBLIC_BASE_URL, useConfigHarness } from './support/harness.js';

const h = useConfigHarness();
const PINNED = EXAMPLE_WEBHOOK;

describe('applying the declarative config file (SPEC §7)', () => {
  it('creates everything in examples/config.yaml, registers callbacks and trains', async () => {
    const summary = await applyConfig(exampleConfig(h.mock.url), h.deps);
    expect(summary.entities).toEqual([
      { kind: 'company', id: '13', action: 'created' },
      { kind: 'channel', id: 'wa-main', action: 'created' },
      { kind: 'agent', id: 'shop-bot', action: 'created' },
      { kind: 'slot', id: 'order-shipped', action: 'created' },
    ]);
    expect(summary.callbacks).toEqual([
      { channelId: 'wa-main', url: `${PUBLIC_BASE_URL}/channels/wa-main/callbacks`, action: 'registered' },
    ]);
    expect(summary.trainings).toEqual([{ agentId: 'shop-bot', version: 1, action: 'trained', warnings: [] }]);
    expect(summary.slots).toEqual([
      {
        id: 'order-shipped',
        agentId: 'shop-bot',
        webhook: PINNED,
        webhookUrl: `${PUBLIC_BASE_URL}/notification/${PINNED}/chat`,
        live: true,
      },
    ]);
    expect(await h.mock.control.webhooks()).toEqual({
      [ENV.D360_API_KEY_MAIN]: {
        url: `${PUBLIC_BASE_URL}/channels/wa-main/callbacks`,
        headers: { 'X-Callback-Secret': ENV.D360_CALLBACK_SECRET_MAIN },
      },
    });
    expect(await h.deps.store.getChannelSecrets('wa-main')).toMatchObject({
      apiKey: ENV.D360_API_KEY_MAIN,
      callbackSecret: ENV.D360_CALLBACK_SECRET_MAIN,
    });
    expect(await h.deps.store.resolveWebhook(PINNED)).toMatchObject({
      outcome: 'ok',
      slot: { slotId: 'order-shipped' },
    });
  });

  it('changes nothing when the same file is applied twice: no new training, webhook or registration', async () => {
    const doc = exampleConfig(h.mock.url);
    const slots = doc.agents[0]?.slots ?? [];
    delete slots[0]?.webhook; // a generated webhook must stay put too
    const first = await applyConfig(doc, h.deps);
    // Training reads the template list each time (a GET that changes nothing); count the rest.
    const changes = async () =>
      (await h.mock.control.requests()).filter((r) => r.path !== '/v1/configs/templates').length;
    const requestsAfterFirst = await changes();

    const second = await applyConfig(doc, h.deps);
    expect(second.changed).toBe(false);
    expect(second.entities.every((e) => e.action === 'unchanged')).toBe(true);
    expect(second.callbacks).toEqual([expect.objectContaining({ action: 'unchanged' })]);
    expect(second.trainings).toEqual([
      { agentId: 'shop-bot', version: 1, action: 'unchanged', warnings: [] },
    ]);
    expect(second.slots).toEqual(first.slots);
    expect(await changes()).toBe(requestsAfterFirst);
    expect(await h.deps.store.getTraining('shop-bot', 2)).toBeUndefined();
  });

  it('updates what changed in the file and trains once more', async () => {
    const doc = exampleConfig(h.mock.url);
    await applyConfig(doc, h.deps);
    doc.companies[0] = { id: 13, rate_limit_per_second: 50 };
    doc.agents[0]!.slots[0]!.name = 'Order on its way';
    const summary = await applyConfig(doc, h.deps);
    expect(summary.entities.filter((e) => e.action !== 'unchanged')).toEqual([
      { kind: 'company', id: '13', action: 'updated' },
      { kind: 'slot', id: 'order-shipped', action: 'updated' },
    ]);
    expect(summary.trainings).toEqual([{ agentId: 'shop-bot', version: 2, action: 'trained', warnings: [] }]);
    expect(await h.deps.store.resolveWebhook(PINNED)).toMatchObject({
      company: { rateLimitPerSecond: 50 },
      slot: { slotName: 'Order on its way', trainingVersion: 2 },
    });
  });

  it('re-registers callbacks when the API key in the environment changes', async () => {
    await applyConfig(exampleConfig(h.mock.url), h.deps);
    await h.mock.control.registerKey({ key: 'rotated-key-0001', flavour: 'cloud' });
    const summary = await applyConfig(exampleConfig(h.mock.url), {
      ...h.deps,
      env: { ...ENV, D360_API_KEY_MAIN: 'rotated-key-0001' },
    });
    expect(summary.entities).toContainEqual({ kind: 'channel', id: 'wa-main', action: 'updated' });
    expect(summary.callbacks).toEqual([expect.objectContaining({ action: 'registered' })]);
    expect(Object.keys(await h.mock.control.webhooks())).toContain('rotated-key-0001');
  });

  it('moves a pinned webhook when the file pins another, live from the training it triggers', async () => {
    const doc = exampleConfig(h.mock.url);
    await applyConfig(doc, h.deps);
    const moved = '13::0123456789abcdef0123456789abcdef';
    doc.agents[0]!.slots[0]!.webhook = moved;
    const summary = await applyConfig(doc, h.deps);
    expect(summary.slots[0]).toMatchObject({ webhook: moved, live: true });
    expect(await h.deps.store.resolveWebhook(PINNED)).toMatchObject({ outcome: 'notification_not_found' });
    expect(await h.deps.store.resolveWebhook(moved)).toMatchObject({ outcome: 'ok' });
  });

  it('leaves an agent untrained without train: true, and says its slots are not live', async () => {
    const doc = exampleConfig(h.mock.url);
    doc.agents[0]!.train = false;
    const summary = await applyConfig(doc, h.deps);
    expect(summary.trainings).toEqual([]);
    expect(summary.slots[0]).toMatchObject({ live: false });
  });
});

describe('an invalid config file', () => {
  async function rejection(doc: unknown, env = ENV): Promise<ConfigFileError> {
    const error = await applyConfig(doc, { ...h.deps, env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(await h.deps.store.listCompanies()).toEqual([]); // nothing applied
    return error as ConfigFileError;
  }

  it('names each shape error by its path', async () => {
    const doc = exampleConfig(h.mock.url);
    (doc.channels[0] as Record<string, unknown>).kind = 'whatsapp';
    (doc.agents[0] as Record<string, unknown>).trian = true;
    doc.agents[0]!.slots[0]!.destination = { template_name: 'x', language_code: 'en' };
    const error = await rejection(doc);
    expect(error.errors).toEqual([
      { field: 'channels.0.kind', message: 'Must be 360dialog or 360dialog-cloud' },
      { field: 'agents.0.slots.0.destination.namespace', message: 'Please enter text' },
      { field: 'agents.0.trian', message: 'Unknown field' },
    ]);
    expect(error.message).toContain('channels.0.kind: Must be 360dialog or 360dialog-cloud');
  });

  it('applies the SPEC §2 slot rules before writing anything', async () => {
    const doc = exampleConfig(h.mock.url);
    doc.agents[0]!.slots[0]!.name = '';
    doc.agents[0]!.slots[0]!.destination_channel = 'wa-elsewhere';
    const error = await rejection(doc);
    expect(error.errors).toEqual([
      { field: 'agents.0.slots.0.name', message: 'Please enter text' },
      {
        field: 'agents.0.slots.0.destination_channel',
        message: 'Channel "wa-elsewhere" not found in company 13',
      },
    ]);
  });

  it('names a missing environment variable and never prints a secret', async () => {
    const error = await rejection(exampleConfig(h.mock.url), {
      D360_CALLBACK_SECRET_MAIN: ENV.D360_CALLBACK_SECRET_MAIN,
    } as typeof ENV);
    expect(error.errors).toEqual([
      { field: 'channels.0.api_key_env', message: 'Environment variable D360_API_KEY_MAIN is not set' },
    ]);
    expect(error.message).not.toContain(ENV.D360_CALLBACK_SECRET_MAIN);
  });

  it('refuses references to companies that exist nowhere, duplicates and foreign webhooks', async () => {
    const doc = exampleConfig(h.mock.url);
    doc.companies = [];
    doc.agents.push({
      ...doc.agents[0]!,
      slots: [{ ...doc.agents[0]!.slots[0]!, webhook: EXAMPLE_WEBHOOK.replace(/^13::/, '14::') }],
    });
    const error = await rejection(doc);
    expect(error.errors).toEqual([
      { field: 'agents.1.id', message: 'Duplicate agent id shop-bot' },
      { field: 'agents.1.slots.0.id', message: 'Duplicate slot id order-shipped' },
      { field: 'agents.1.slots.0.webhook', message: "Must start with 13:: (the agent's company)" },
    ]);
    doc.agents.pop();
    expect((await rejection(doc)).errors).toEqual([
      { field: 'channels.0.company', message: 'Company 13 is neither in the file nor in the database' },
      { field: 'agents.0.company', message: 'Company 13 is neither in the file nor in the database' },
    ]);
  });

  it('treats an empty document as "nothing to do"', async () => {
    expect(await applyConfig(null, h.deps)).toMatchObject({ changed: false, entities: [], slots: [] });
  });
});

describe('secrets from the environment', () => {
  it('refuses a callback secret too weak to be a header secret, naming the variable only', async () => {
    const env = { ...ENV, D360_CALLBACK_SECRET_MAIN: 'weak' };
    const error = (await applyConfig(exampleConfig(h.mock.url), { ...h.deps, env }).catch(
      (e: unknown) => e,
    )) as ConfigFileError;
    expect(error.errors).toEqual([
      {
        field: 'channels.0.callback_secret_env',
        message: 'D360_CALLBACK_SECRET_MAIN must hold 16 to 256 printable ASCII characters without spaces',
      },
    ]);
    expect(error.message).not.toContain('weak');
  });
});
