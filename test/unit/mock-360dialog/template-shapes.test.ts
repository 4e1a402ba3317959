import { describe, expect, it } from 'vitest';
import { TEMPLATE_SHAPES } from '../../../tools/mock-360dialog/template-shapes.js';
import { CLOUD_KEY, ONPREM_KEY, NAMESPACE, api, pick, useMockHarness } from './helpers/harness.js';

/** The mock's templates of every shape: listed in pages, and sent or refused the way 360dialog does. */
describe('360dialog mock: templates of every shape', () => {
  const h = useMockHarness();
  const load = () => h.mock.control.setTemplates([...TEMPLATE_SHAPES]);
  const send = (key: string, name: string, components: unknown[] = [], language = 'en') =>
    api(h.mock.url, key, 'POST', key === CLOUD_KEY ? '/messages' : '/v1/messages', {
      ...(key === CLOUD_KEY ? { messaging_product: 'whatsapp' } : {}),
      to: '4915112345678',
      type: 'template',
      template: {
        ...(key === ONPREM_KEY ? { namespace: NAMESPACE } : {}),
        name,
        language: { policy: 'deterministic', code: language },
        components,
      },
    });
  const body = (...texts: string[]) => ({
    type: 'body',
    parameters: texts.map((text) => ({ type: 'text', text })),
  });

  it('lists all of them across pages, with their statuses', async () => {
    await load();
    const last = await api(h.mock.url, CLOUD_KEY, 'GET', `/v1/configs/templates?limit=5&offset=15`);
    expect(last.body).toMatchObject({ total: TEMPLATE_SHAPES.length, offset: 15, limit: 5 });
    const statuses = new Set(TEMPLATE_SHAPES.map((t) => t.status));
    expect([...statuses].sort()).toEqual(['approved', 'disabled', 'paused', 'pending', 'rejected']);
  });

  it.each([
    [CLOUD_KEY, 'order_cancelled', 132001, 'Template name does not exist in the translation'],
    [CLOUD_KEY, 'winback_offer', 132001, 'Template name does not exist in the translation'],
    [CLOUD_KEY, 'old_promo', 132015, 'Template is paused'],
    [CLOUD_KEY, 'legacy_notice', 132016, 'Template is disabled'],
  ])('refuses a send of a non-approved template (%s %s → %i)', async (key, name, code, title) => {
    await load();
    const components = name === 'old_promo' ? [] : [body('x')];
    const res = await send(key, name, components);
    expect(res.status).toBe(400);
    expect(pick(res.body, 'error', 'code')).toBe(code);
    expect(pick(res.body, 'error', 'message')).toBe(`(#${code}) ${title}`);
  });

  it('answers On-Premise 2061 for a paused template', async () => {
    await load();
    const res = await send(ONPREM_KEY, 'old_promo');
    expect(pick(res.body, 'errors', 0, 'code')).toBe(2061);
  });

  it('needs the code of a copy-code button, and accepts it', async () => {
    await load();
    const without = await send(CLOUD_KEY, 'spring_coupon', [body('Anna')]);
    expect(pick(without.body, 'error', 'code')).toBe(132000);
    const coupon = {
      type: 'button',
      sub_type: 'copy_code',
      index: '0',
      parameters: [{ type: 'coupon_code', coupon_code: 'SPRING25' }],
    };
    expect((await send(CLOUD_KEY, 'spring_coupon', [body('Anna'), coupon])).status).toBe(200);
  });

  it('sends the same name in another language, and a template whose only button is a phone button (no value)', async () => {
    await load();
    expect((await send(CLOUD_KEY, 'appointment_reminder', [body('a', 'b', 'c')], 'es')).status).toBe(200);
    expect((await send(ONPREM_KEY, 'call_us', [body('Anna')])).status).toBe(201);
  });
});
