import { describe, expect, it } from 'vitest';
import { bearerAuth } from '../../../api/auth.js';
import { TOKEN, useApi } from './support/harness.js';

const h = useApi();

describe('admin API authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: 'Bearer nope' }],
    ['a token that is a prefix of the right one', { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['another scheme', { Authorization: `Basic ${TOKEN}` }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ])('answers 401 with a Bearer challenge to %s', async (_case, headers: Record<string, string>) => {
    const reply = await h.app.request('/admin/companies', { headers });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(await reply.json()).toEqual({ status: 'Unauthorized' });
  });

  it('hides even unknown admin routes behind the token', async () => {
    const reply = await h.app.request('/admin/does-not-exist');
    expect(reply.status).toBe(401);
    expect((await h.call('GET', '/admin/does-not-exist')).body).toEqual({ status: 'Not found' });
  });

  it('lets the right token through, whatever the scheme’s case', async () => {
    const reply = await h.app.request('/admin/companies', { headers: { Authorization: `bearer ${TOKEN}` } });
    expect(reply.status).toBe(200);
  });

  it('refuses to start with an empty token', () => {
    expect(() => bearerAuth('')).toThrow('The admin token must be non-empty and without whitespace');
  });
});

describe('OpenAPI document and docs page', () => {
  it('serves OpenAPI 3.1 generated from the request schemas, with the bearer scheme', async () => {
    const reply = await h.app.request('/openapi.json');
    expect(reply.status).toBe(200);
    const doc = (await reply.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: unknown; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toEqual({
      adminToken: { type: 'http', scheme: 'bearer', description: 'The service’s ADMIN_TOKEN' },
      callbackSecret: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Callback-Secret',
        description: 'The channel’s callback secret, registered with 360dialog',
      },
    });
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/notification/{webhook}/chat',
        '/notification/{webhook}/tasks/{task_id}',
        '/channels/{channel_id}/callbacks',
        '/healthz',
        '/readyz',
        '/admin/companies',
        '/admin/companies/{companyId}',
        '/admin/companies/{companyId}/channels',
        '/admin/channels/{channelId}',
        '/admin/channels/{channelId}/register-callbacks',
        '/admin/channels/{channelId}/chats/{recipient}',
        '/admin/channels/{channelId}/chats/{recipient}/dialog/open',
        '/admin/channels/{channelId}/chats/{recipient}/dialog/close',
        '/admin/channels/{channelId}/templates',
        '/admin/channels/{channelId}/templates/refresh',
        '/admin/companies/{companyId}/agents',
        '/admin/agents/{agentId}',
        '/admin/agents/{agentId}/train',
        '/admin/agents/{agentId}/trainings/{version}',
        '/admin/agents/{agentId}/slots',
        '/admin/slots/{slotId}',
        '/admin/slots/{slotId}/generate-webhook',
        '/admin/slots/{slotId}/outcomes',
        '/admin/companies/{companyId}/tokens',
        '/admin/companies/{companyId}/tokens/{tokenId}',
        '/admin/tasks',
        '/admin/tasks/{taskId}',
        '/admin/slots/{slotId}/preview',
      ].sort(),
    );
    expect(doc.paths['/admin/slots/{slotId}']?.put?.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Error',
        'SlotSettings',
        'Slot',
        'Channel',
        'ChannelCreate',
        'Training',
        'TrainingFailed',
      ]),
    );
    expect(JSON.stringify(doc.components.schemas.ChannelCreate)).toContain('write-only');
  });

  it('serves the docs page and Swagger UI from the app itself, no CDN', async () => {
    const page = await h.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of [
      '/docs/assets/swagger-ui.css',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/init.js',
    ]) {
      expect(html).toContain(asset);
      const reply = await h.app.request(asset);
      expect(reply.status).toBe(200);
      expect((await reply.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await h.app.request('/docs/assets/../../package.json')).status).toBe(404);
  });
});
