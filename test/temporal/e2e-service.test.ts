/**
 * End to end: the service started as a user starts it (a child process in embedded mode: its own
 * Temporal dev server, embedded database, a config file applied at start), the 360dialog mock as the
 * channel. Every SPEC section 3 row over HTTP, each branch to its end, and a crash mid-flight that
 * loses no accepted task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../embedded/temporal/free-port.js';
import { startMock360dialog, type Mock360dialog } from '../../tools/mock-360dialog/index.js';
import { ServiceProcess } from './support/service-process.js';
import { niceValues } from '../support/nice-values.js';

const WEBHOOK = '13::0123456789abcdef0123456789abcdef';
const UNTRAINED = '13::fedcba9876543210fedcba9876543210';
const INACTIVE = '13::00000000000000000000000000000007';
const LIMITED = '14::11111111111111111111111111111111';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const API_KEY = 'e2e-d360-key';

let mock: Mock360dialog;
let service: ServiceProcess;
let dataDir: string;

const slot = (id: string, channel: string, webhook: string) => `
      - id: ${id}
        name: ${id}
        destination_channel: ${channel}
        webhook: ${webhook}
        parse_request_body:
          - { context_key: order, request_key: order_id }
        destination:
          template_name: order_shipped
          namespace: b2f1c0de_1111_2222_3333_444455556666
          language_code: en
          template_parameters:
            - { type: image, value: 'https://cdn.example.com/{{ order }}.jpg' }
            - { type: body, value: '{{ data.name | default("friend") }}' }
            - { type: body, value: '{{ order }}' }
            - { type: button_url, value: '{{ order }}' }`;

const configFile = (mockUrl: string) => `
companies:
  - { id: 13, rate_limit_per_second: 200 }
  - { id: 14, rate_limit_per_second: 1 }
channels:
  - { id: wa-e2e, company: 13, kind: 360dialog-cloud, base_url: '${mockUrl}', api_key_env: E2E_KEY, callback_secret_env: E2E_SECRET, register_callbacks: true }
  - { id: wa-off, company: 13, kind: 360dialog-cloud, base_url: '${mockUrl}', api_key_env: E2E_KEY, active: false }
  - { id: wa-14, company: 14, kind: 360dialog-cloud, base_url: '${mockUrl}', api_key_env: E2E_KEY }
agents:
  - id: shop-bot
    company: 13
    train: true
    slots:${slot('order-shipped', 'wa-e2e', WEBHOOK)}${slot('paused', 'wa-off', INACTIVE)}
  - id: draft-bot
    company: 13
    train: false
    slots:${slot('draft', 'wa-e2e', UNTRAINED)}
  - id: small-bot
    company: 14
    train: true
    slots:${slot('limited', 'wa-14', LIMITED)}
`;

const post = (webhook: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${service.baseUrl}/notification/${webhook}/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const accept = async (body: Record<string, unknown>) => {
  const response = await post(WEBHOOK, body);
  expect(response.status).toBe(200);
  return ((await response.json()) as { task_id: string }).task_id;
};
const taskStatus = async (taskId: string) =>
  (await (await fetch(`${service.baseUrl}/notification/${WEBHOOK}/tasks/${taskId}`)).json()) as Record<
    string,
    unknown
  >;
const resolved = async (taskId: string) => {
  let last: Record<string, unknown> = {};
  await expect
    .poll(async () => (last = await taskStatus(taskId)).branch, { timeout: 30_000, interval: 200 })
    .not.toBeNull();
  return last;
};
const admin = (path: string, method = 'GET') =>
  fetch(`${service.baseUrl}/admin${path}`, { method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });

beforeAll(async () => {
  mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 5 } });
  await mock.control.registerKey({ key: API_KEY, flavour: 'cloud' });
  dataDir = await mkdtemp(join(tmpdir(), 'wa-notify-e2e-'));
  const config = join(dataDir, 'config.yaml');
  await writeFile(config, configFile(mock.url));
  const port = await freePort();
  service = new ServiceProcess(port, {
    env: {
      DATA_DIR: join(dataDir, 'data'),
      CONFIG_FILE: config,
      ADMIN_TOKEN,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      E2E_KEY: API_KEY,
      E2E_SECRET: 'e2e-callback-secret-0123456789',
      LOG_LEVEL: 'warn',
    },
  });
  await service.start();
}, 180_000);

afterAll(async () => {
  await service?.stop();
  await mock?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('SPEC section 3 over HTTP against the running service', () => {
  it('answers every row with its status and text', async () => {
    const rows: [Promise<Response>, number, string][] = [
      [fetch(`${service.baseUrl}/notification/${WEBHOOK}/chat`), 405, 'Method not allowed'],
      [post('77::0123456789abcdef0123456789abcdef', {}), 404, 'Company not found'],
      [post(WEBHOOK, 'x', { 'Content-Type': 'text/plain' }), 400, 'Content-Type must be application/json'],
      [post(WEBHOOK, '{oops'), 400, 'Invalid JSON'],
      [post(UNTRAINED, { phone_number: '79291642944' }), 404, 'Notification not found'],
      [post(INACTIVE, { phone_number: '79291642944' }), 404, 'There is no active channel for received event'],
      [post(WEBHOOK, { phone_number: '12' }), 400, 'Recipient ID not found or invalid.'],
      [post(WEBHOOK, { phone_number: '79291642944', is_urgent: 'yes' }), 400, 'is_urgent must be a boolean'],
    ];
    for (const [request, http, status] of rows) {
      const response = await request;
      expect({ http: response.status, body: await response.json() }).toEqual({ http, body: { status } });
    }
    const limited = [
      await post(LIMITED, { phone_number: '79291642900' }),
      await post(LIMITED, { phone_number: '79291642900' }),
    ];
    expect(limited.map((r) => r.status)).toEqual([200, 429]);
    expect(limited[1]?.headers.get('retry-after')).toBe('1');
    const accepted = await post(WEBHOOK, { phone_number: '+79291642901', is_urgent: true });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      status: 'Accepted for execution',
      task_id: expect.any(String) as string,
    });
  });
});

describe('each branch, end to end', () => {
  it.each([
    ['success', '79291642910', 'happy', { status: 'delivered', description: 'success' }],
    ['no_account', '79291642911', 'no_account', { status: 'no_account', description: null }],
    [
      'fail',
      '79291642912',
      'not_delivered',
      { status: 'failed', description: "channel couldn't sent message" },
    ],
  ] as const)('reaches the %s branch', async (branch, recipient, scenario, expected) => {
    await mock.control.setScenario({ recipient, scenario });
    const taskId = await accept({ phone_number: recipient, is_urgent: true, order_id: 'E-1', name: 'Eve' });
    expect(await resolved(taskId)).toMatchObject({ task_id: taskId, branch, ...expected });
  });
});

/** The value of one Prometheus sample, `undefined` when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('operations', () => {
  it("exports metrics that count the traffic above, the Temporal SDK's included", async () => {
    let text = '';
    await expect
      .poll(
        async () => {
          text = await (await fetch(`${service.baseUrl}/metrics`)).text();
          return sample(text, 'wa_notify_tasks_resolved', { branch: 'success' });
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'wa_notify_tasks_resolved', { branch: 'no_account', status: 'no_account' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'wa_notify_tasks_resolved', { branch: 'fail', status: 'failed' }),
    ).toBeGreaterThanOrEqual(1);
    const intake = { method: 'POST', route: '/notification/:webhook/chat', status: '200' };
    expect(sample(text, 'wa_notify_http_requests_total', intake)).toBeGreaterThanOrEqual(5);
    expect(
      sample(text, 'wa_notify_http_requests_total', { ...intake, status: '404' }),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'wa_notify_rate_limited_total', { company_id: '14' })).toBe(1);
    expect(sample(text, 'wa_notify_tasks_accepted_total', { urgent: 'true' })).toBeGreaterThanOrEqual(4);
    expect(
      sample(text, 'wa_notify_intake_duration_seconds_count', { outcome: 'accepted' }),
    ).toBeGreaterThanOrEqual(5);
    expect(
      sample(text, 'wa_notify_callback_events_total', { kind: 'status', status: 'sent' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'wa_notify_channel_send_duration_seconds_count', {
        outcome: 'accepted',
        http_status: '200',
      }),
    ).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^temporal_request_latency_count\{/m); // the SDK's own metrics
  });

  it('runs its embedded Temporal dev server at nice 10, below itself', () => {
    // The dev server is the service's child process named `temporal` (Linux /proc).
    const children = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return {
            pid: Number(pid),
            command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
            ppid: Number(fields[1]),
          };
        } catch {
          return undefined; // ended meanwhile
        }
      })
      .filter((p) => p !== undefined && p.ppid === service.pid && p.command === 'temporal');
    expect(children).toHaveLength(1);
    // The service keeps the value it was started with (this test's own, 0 unless run under nice).
    const own = getPriority();
    expect(new Set(niceValues(children[0]!.pid))).toEqual(new Set([Math.max(10, own)]));
    expect(new Set(niceValues(service.pid ?? -1))).toEqual(new Set([own]));
  });

  it("answers with an X-Request-Id: the caller's own, or a new one", async () => {
    const own = await post(WEBHOOK, { phone_number: '12' }, { 'X-Request-Id': 'crm-req-42' });
    expect(own.headers.get('x-request-id')).toBe('crm-req-42');
    const generated = await post(WEBHOOK, { phone_number: '12' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('restart', () => {
  it('loses no accepted task when the service crashes mid-flight', async () => {
    const inDialog = '79291642920';
    const awaitingStatus = '79291642921';
    expect((await admin(`/channels/wa-e2e/chats/${inDialog}/dialog/open`, 'POST')).status).toBe(200);
    const waitingTask = await accept({ phone_number: inDialog, order_id: 'R-1' });
    await mock.control.setScenario({ recipient: awaitingStatus, scenario: 'none' });
    const sentTask = await accept({ phone_number: awaitingStatus, is_urgent: true, order_id: 'R-2' });
    await expect
      .poll(async () => (await taskStatus(waitingTask)).status, { timeout: 30_000, interval: 50 })
      .toBe('waiting');
    await expect
      .poll(async () => (await taskStatus(sentTask)).status, { timeout: 30_000, interval: 50 })
      .toBe('sent');

    await service.crash();
    await service.start();

    expect(await taskStatus(waitingTask)).toMatchObject({ status: 'waiting' });
    expect((await admin(`/channels/wa-e2e/chats/${inDialog}/dialog/close`, 'POST')).status).toBe(200);
    expect(await resolved(waitingTask)).toMatchObject({ branch: 'success' });
    await mock.control.inbound({ type: 'text', key: API_KEY, from: awaitingStatus, text: 'got it' });
    expect(await resolved(sentTask)).toMatchObject({ branch: 'success', status: 'delivered' });
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await service.stop()).toBe(0);
    await service.start();
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
  });
});
