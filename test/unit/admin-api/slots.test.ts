import { describe, expect, it } from 'vitest';
import { PUBLIC_BASE_URL, seed, slotBody, useApi } from './support/harness.js';

const h = useApi();
const WEBHOOK = /^13::[0-9a-f]{32}$/;

interface SlotReply {
  webhook: string;
  webhook_url: string;
  live: boolean;
  live_webhook: string | null;
}

async function createSlot(body: Record<string, unknown> = {}) {
  return h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...slotBody(body) });
}

/** A 400 whose errors are exactly `[{field, message}]`. */
async function expectRejected(body: Record<string, unknown>, field: string, message: string) {
  const reply = await createSlot(body);
  expect(reply.status).toBe(400);
  expect(reply.body).toEqual({ status: 'Validation failed', errors: [{ field, message }] });
  expect((await h.call('GET', '/admin/slots/order-shipped')).status).toBe(404);
}

const destination = (patch: Record<string, unknown>) => ({
  destination: { ...slotBody().destination, ...patch },
});
const parameters = (...template_parameters: { type: string; value: string }[]) =>
  destination({ template_parameters });

describe('notification slots', () => {
  it('creates a slot with a webhook generated at first save and its mailing-request URL', async () => {
    await seed(h);
    const reply = await createSlot();
    expect(reply.status).toBe(201);
    const slot = reply.body as SlotReply;
    expect(slot).toMatchObject({
      id: 'order-shipped',
      agent_id: 'shop-bot',
      company_id: 13,
      ...slotBody(),
      live: false,
      live_webhook: null,
    });
    expect(slot.webhook).toMatch(WEBHOOK);
    expect(slot.webhook_url).toBe(`${PUBLIC_BASE_URL}/notification/${slot.webhook}/chat`);
  });

  it('reads and lists slots', async () => {
    await seed(h);
    await createSlot();
    expect((await h.call('GET', '/admin/slots/order-shipped')).body).toMatchObject({ id: 'order-shipped' });
    expect((await h.call('GET', '/admin/agents/shop-bot/slots')).body).toMatchObject({
      slots: [{ id: 'order-shipped' }],
    });
    expect((await h.call('GET', '/admin/slots/nope')).body).toEqual({ status: 'Slot not found' });
  });

  it('replaces settings with PUT and merges destination with PATCH, keeping the webhook', async () => {
    await seed(h);
    const { webhook } = (await createSlot()).body as SlotReply;
    const put = await h.call(
      'PUT',
      '/admin/slots/order-shipped',
      slotBody({ name: 'Replaced', branch_hooks: {} }),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Replaced', branch_hooks: {}, webhook });
    const patch = await h.call('PATCH', '/admin/slots/order-shipped', {
      destination: { language_code: 'de' },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      name: 'Replaced',
      destination: { ...slotBody().destination, language_code: 'de' },
      webhook,
    });
  });

  it('validates on every save: an invalid PATCH is a 400 and changes nothing', async () => {
    await seed(h);
    await createSlot();
    const reply = await h.call('PATCH', '/admin/slots/order-shipped', { name: '' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'Validation failed',
      errors: [{ field: 'name', message: 'Please enter text' }],
    });
    expect((await h.call('GET', '/admin/slots/order-shipped')).body).toMatchObject({ name: 'Order shipped' });
  });

  it('deletes a slot', async () => {
    await seed(h);
    await createSlot();
    const reply = await h.call('DELETE', '/admin/slots/order-shipped');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect((await h.call('DELETE', '/admin/slots/order-shipped')).status).toBe(404);
  });

  it('generates a new webhook that goes live, and retires the old one, at the next training', async () => {
    await seed(h);
    const { webhook: old } = (await createSlot()).body as SlotReply;
    await h.call('POST', '/admin/agents/shop-bot/train');
    const regenerated = await h.call('POST', '/admin/slots/order-shipped/generate-webhook');
    expect(regenerated.status).toBe(200);
    const fresh = (regenerated.body as SlotReply).webhook;
    expect(fresh).toMatch(WEBHOOK);
    expect(fresh).not.toBe(old);
    expect(regenerated.body).toMatchObject({
      live: true,
      live_webhook: old,
      webhook_url: `${PUBLIC_BASE_URL}/notification/${fresh}/chat`,
    });
    expect(await h.store.resolveWebhook(old)).toMatchObject({ outcome: 'ok' });
    expect(await h.store.resolveWebhook(fresh)).toMatchObject({ outcome: 'notification_not_found' });

    await h.call('POST', '/admin/agents/shop-bot/train');
    expect((await h.call('GET', '/admin/slots/order-shipped')).body).toMatchObject({
      webhook: fresh,
      live_webhook: fresh,
    });
    expect(await h.store.resolveWebhook(fresh)).toMatchObject({ outcome: 'ok' });
    expect(await h.store.resolveWebhook(old)).toMatchObject({ outcome: 'notification_not_found' });
  });
});

describe('slot validation through the API: each SPEC §2 rule, its field and its text', () => {
  it.each([
    ['name', { name: '' }, 'name'],
    ['name (missing)', { name: undefined }, 'name'],
    ['template_name', destination({ template_name: '' }), 'destination.template_name'],
    ['template_name (missing)', destination({ template_name: undefined }), 'destination.template_name'],
    ['namespace', destination({ namespace: '  ' }), 'destination.namespace'],
    ['language_code', destination({ language_code: null }), 'destination.language_code'],
  ])('an empty %s reads "Please enter text"', async (_name, body, field) => {
    await seed(h);
    await expectRejected(body, field, 'Please enter text');
  });

  it('name: at most 40 characters', async () => {
    await seed(h);
    await expectRejected({ name: 'x'.repeat(41) }, 'name', 'Must be at most 40 characters');
  });

  it('destination_channel: required', async () => {
    await seed(h);
    await expectRejected({ destination_channel: '' }, 'destination_channel', 'Please choose a channel');
  });

  it('destination_channel: a channel of the same company', async () => {
    await seed(h);
    await h.call('POST', '/admin/companies', { id: 14 });
    await h.call('POST', '/admin/companies/14/channels', { id: 'wa-other', kind: '360dialog', api_key: 'k' });
    await expectRejected(
      { destination_channel: 'wa-other' },
      'destination_channel',
      'Channel "wa-other" not found in company 13',
    );
  });

  it('expressions: parse-checked at save with the position of the error', async () => {
    await seed(h);
    await expectRejected(
      destination({ template_name: '{{ order }' }),
      'destination.template_name',
      'Please fix the expression: Unexpected token "}" at 1:10',
    );
  });

  it('template_parameters: type is one of the five kinds', async () => {
    await seed(h);
    await expectRejected(
      parameters({ type: 'audio', value: 'x' }),
      'destination.template_parameters.0.type',
      'Must be one of image, document, video, body, button_url',
    );
  });

  it('template_parameters: at most one media parameter', async () => {
    await seed(h);
    await expectRejected(
      parameters({ type: 'document', value: 'a.pdf' }, { type: 'image', value: 'a.jpg' }),
      'destination.template_parameters.1.type',
      'At most one media parameter (image, document or video) per slot',
    );
  });

  it('button_url: at most one URL', async () => {
    await seed(h);
    await expectRejected(
      parameters({ type: 'button_url', value: 'a' }, { type: 'button_url', value: 'b' }),
      'destination.template_parameters.1.value',
      'At most one URL button per slot',
    );
  });

  it('button_url: at most one phone number', async () => {
    await seed(h);
    await expectRejected(
      parameters(
        { type: 'button_url', value: 'wa.me/+79831249701' },
        { type: 'button_url', value: 'wa.me/+79831249702' },
      ),
      'destination.template_parameters.1.value',
      'At most one phone-number button per slot',
    );
  });

  it('button_url: a phone is written wa.me/+<digits>', async () => {
    await seed(h);
    await expectRejected(
      parameters({ type: 'button_url', value: 'wa.me/79831249701' }),
      'destination.template_parameters.0.value',
      'Write a phone number as wa.me/+ followed by 10 to 18 digits, for example wa.me/+79831249701',
    );
  });

  it('parse_request_body: a context key starts with a Latin letter', async () => {
    await seed(h);
    await expectRejected(
      { parse_request_body: [{ context_key: '9lives', request_key: 'x' }] },
      'parse_request_body.0.context_key',
      'Must start with a Latin letter and contain only Latin letters, digits and _',
    );
  });

  it('parse_request_body: a context key has at most 128 characters', async () => {
    await seed(h);
    await expectRejected(
      { parse_request_body: [{ context_key: 'k'.repeat(129), request_key: 'x' }] },
      'parse_request_body.0.context_key',
      'Must be at most 128 characters',
    );
  });

  it('parse_request_body: a request key is required', async () => {
    await seed(h);
    await expectRejected(
      { parse_request_body: [{ context_key: 'order', request_key: '' }] },
      'parse_request_body.0.request_key',
      'Please enter text',
    );
  });

  it('branch_hooks: http(s) URLs only, and only the three branches', async () => {
    await seed(h);
    await expectRejected(
      { branch_hooks: { success: 'mailto:x@example.com' } },
      'branch_hooks.success',
      'Must be an http(s) URL',
    );
    await expectRejected(
      { branch_hooks: { maybe: 'https://x.example.com' } },
      'branch_hooks.maybe',
      'Unknown field',
    );
  });
});
