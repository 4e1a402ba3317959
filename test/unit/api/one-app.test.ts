import { describe, expect, it } from 'vitest';
import { TOKEN, useApi } from '../admin-api/support/harness.js';

const h = useApi();

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, ResponseDoc> }>>;
}
interface ResponseDoc {
  headers?: Record<string, unknown>;
  content?: { 'application/json'?: { schema: { properties?: { status?: { enum?: string[] } } } } };
}

const statusTexts = (response: ResponseDoc | undefined) =>
  response?.content?.['application/json']?.schema.properties?.status?.enum;

describe('the one OpenAPI document', () => {
  it('documents every SPEC §3 answer of the mailing request, texts verbatim', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
    const responses = doc.paths['/notification/{webhook}/chat']?.post?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '404', '405', '413', '429', '503']);
    expect(statusTexts(responses['404'])).toEqual([
      'Company not found',
      'Notification not found',
      'There is no active channel for received event',
    ]);
    expect(statusTexts(responses['400'])).toEqual([
      'Content-Type must be application/json',
      'Invalid JSON',
      'Recipient ID not found or invalid.',
      'is_urgent must be a boolean',
    ]);
    expect(Object.keys(responses['429']?.headers ?? {})).toEqual(['Retry-After']);
    expect(Object.keys(responses['405']?.headers ?? {})).toEqual(['Allow']);
    const callbacks = doc.paths['/channels/{channel_id}/callbacks']?.post?.responses ?? {};
    expect(Object.keys(callbacks).sort()).toEqual(['200', '400', '401', '404', '413', '503']);
  });
});

describe('answers every admin operation can give', () => {
  it('documents 401 and 503 on every admin operation, and 403 on every write', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
    const admin = Object.entries(doc.paths).filter(([path]) => path.startsWith('/admin/'));
    expect(admin.length).toBeGreaterThan(20);
    for (const [path, operations] of admin) {
      for (const [method, operation] of Object.entries(operations)) {
        const codes = Object.keys(operation.responses);
        expect(codes, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '503']));
        if (method !== 'get') expect(codes, `${method} ${path}`).toContain('403');
      }
    }
  });

  it('answers a company id out of range on the token routes with the documented 400', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
    const tokens = doc.paths['/admin/companies/{companyId}/tokens']?.get?.responses ?? {};
    expect(Object.keys(tokens)).toContain('400');
    const reply = await h.app.request('/admin/companies/2147483648/tokens', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(reply.status).toBe(400);
  });
});

describe('methods the app does not serve on a path it serves', () => {
  it.each([
    ['PUT', '/notification/13::abc/chat', 'POST'],
    ['POST', '/notification/13::abc/tasks/some-task', 'GET, HEAD'],
    ['DELETE', '/healthz', 'GET, HEAD'],
    ['PUT', '/admin/companies', 'GET, HEAD, POST'],
  ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const reply = await h.app.request(path, { method, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('Allow')).toBe(allow);
    expect(await reply.json()).toEqual({ status: 'Method not allowed' });
  });

  it('keeps 404 for paths it does not serve, and 401 for admin paths without the token', async () => {
    expect((await h.app.request('/nowhere', { method: 'PUT' })).status).toBe(404);
    expect((await h.app.request('/admin/companies', { method: 'PUT' })).status).toBe(401);
  });
});

describe('text the database cannot hold', () => {
  it('answers a NUL character in an admin body with a 400 naming the field, writing nothing', async () => {
    await h.call('POST', '/admin/companies', { id: 13 });
    const reply = await h.call('POST', '/admin/companies/13/agents', { id: 'shop-bot\u0000' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'Validation failed',
      errors: [{ field: 'id', message: 'Must not contain the NUL character (\\u0000)' }],
    });
    expect((await h.call('GET', '/admin/companies/13/agents')).body).toEqual({ agents: [] });
  });
});

describe('the callback endpoint’s body limit', () => {
  it('answers a body over 1 MiB with 413 before reading the channel', async () => {
    const body = JSON.stringify({ statuses: [], padding: 'x'.repeat(1024 * 1024) });
    const reply = await h.app.request('/channels/wa-main/callbacks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      body,
    });
    expect(reply.status).toBe(413);
    expect(await reply.json()).toEqual({ status: 'Payload too large' });
  });
});
