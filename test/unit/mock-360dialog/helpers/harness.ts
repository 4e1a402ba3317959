import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DEFAULT_NAMESPACE } from '../../../../tools/mock-360dialog/defaults.js';
import { startMock360dialog } from '../../../../tools/mock-360dialog/server.js';
import type { Mock360dialog } from '../../../../tools/mock-360dialog/server.js';
import { startWebhookReceiver } from './webhook-receiver.js';
import type { WebhookReceiver } from './webhook-receiver.js';

export const CLOUD_KEY = 'cloud-key-1';
export const ONPREM_KEY = 'onprem-key-1';
export const NAMESPACE = DEFAULT_NAMESPACE;

/** An API answer with the body parsed when it is JSON. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** `messages[0].id` of a send answer. */
export function messageId(res: ApiResponse): string {
  const body = res.body as { messages?: { id: string }[] };
  const id = body.messages?.[0]?.id;
  if (id === undefined) throw new Error(`no message id in ${JSON.stringify(res.body)}`);
  return id;
}

/** Picks a nested value by path (`pick(body, 'error', 'code')`) for assertions on free-form JSON. */
export function pick(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

/** Calls the mock's 360dialog API like a client would. */
export async function api(
  baseUrl: string,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['D360-API-KEY'] = key;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...init,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Non-JSON answers (html502) stay text.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The §2.2 Cloud send of `order_shipped` (image header, 2 body vars, dynamic URL button). */
export function cloudOrderShipped(to: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: 'order_shipped',
      language: { policy: 'deterministic', code: 'de' },
      components: orderShippedComponents(),
    },
    ...extra,
  };
}

/** The same send in the On-Premise dialect (namespace, no messaging_product). */
export function onpremOrderShipped(to: string): Record<string, unknown> {
  return {
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      namespace: NAMESPACE,
      name: 'order_shipped',
      language: { policy: 'deterministic', code: 'de' },
      components: orderShippedComponents(),
    },
  };
}

/** Components matching `order_shipped`; pass a replacement list to break them on purpose. */
export function orderShippedComponents(): unknown[] {
  return [
    { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/hero.jpg' } }] },
    {
      type: 'body',
      parameters: [
        { type: 'text', text: 'Anna' },
        { type: 'text', text: 'A-1042' },
      ],
    },
    { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-1042' }] },
  ];
}

/** A cloud template send of any fixture with the given components. */
export function cloudTemplate(
  to: string,
  name: string,
  code: string,
  components?: unknown[],
): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: { name, language: { code }, ...(components === undefined ? {} : { components }) },
  };
}

/** The mock, a webhook receiver, and both flavours' keys wired to it; one per test file. */
export interface Harness {
  mock: Mock360dialog;
  receiver: WebhookReceiver;
}

/**
 * Starts one mock and receiver per file; before each test resets the mock, registers a Cloud and an
 * on-prem key and points both webhooks (with a custom secret header) at the receiver.
 */
export function useMockHarness(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.mock = await startMock360dialog({ port: 0 });
    harness.receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await harness.mock.stop();
    await harness.receiver.stop();
  });
  beforeEach(async () => {
    const { mock, receiver } = harness;
    await mock.control.reset();
    receiver.reset();
    await mock.control.registerKey({ key: CLOUD_KEY, flavour: 'cloud' });
    await mock.control.registerKey({ key: ONPREM_KEY, flavour: 'onprem' });
    for (const key of [CLOUD_KEY, ONPREM_KEY]) {
      const webhook = { url: receiver.url, headers: { 'X-Webhook-Secret': `secret-${key}` } };
      await api(mock.url, key, 'POST', '/v1/configs/webhook', webhook);
    }
  });
  return harness;
}

/** One `statuses[]` element as tests read it. */
export interface StatusObject {
  id: string;
  status: string;
  errors?: Record<string, unknown>[];
  [field: string]: unknown;
}

/** `statuses[]` of a webhook body in either flavour's layout. */
export function statusesOf(body: unknown): StatusObject[] {
  const b = body as {
    statuses?: StatusObject[];
    entry?: { changes: { value: { statuses?: StatusObject[] } }[] }[];
  };
  return b.statuses ?? b.entry?.[0]?.changes[0]?.value.statuses ?? [];
}
