/**
 * The mock's per-number limits (tools/mock-360dialog/send-limits.ts): throughput (130429 / 1015 with
 * an optional Retry-After), Meta's pair rate (131056), the canned spam limit (131048), and the
 * send-rate report the pacing tests judge the service by.
 */
import { describe, expect, it } from 'vitest';
import { maxInWindow } from '../../../tools/mock-360dialog/send-limits.js';
import { api, cloudOrderShipped, onpremOrderShipped, pick, useMockHarness } from './helpers/harness.js';

describe('maxInWindow', () => {
  it('counts the most timestamps in any half-open window, unsorted input', () => {
    expect(maxInWindow([], 1_000)).toBe(0);
    expect(maxInWindow([0, 999, 1_000, 1_999, 2_000], 1_000)).toBe(2);
    expect(maxInWindow([2_500, 0, 100, 900, 950, 2_000], 1_000)).toBe(4);
    expect(maxInWindow([0, 1_000, 2_000], 1_001)).toBe(2);
  });
});

describe('360dialog mock: per-number send limits', () => {
  const h = useMockHarness();
  const send = (key: string, to: string) => api(h.mock.url, key, 'POST', '/messages', cloudOrderShipped(to));

  it('a key with sendRatePerSecond accepts that many per second, then answers 429 / 130429 with Retry-After', async () => {
    await h.mock.control.registerKey({
      key: 'rl',
      flavour: 'cloud',
      sendRatePerSecond: 3,
      retryAfterSeconds: 2,
    });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await send('rl', `49151000000${i}`));

    expect(answers.map((a) => a.status)).toStrictEqual([200, 200, 200, 429, 429]);
    expect(pick(answers[3]?.body, 'error', 'code')).toBe(130429);
    expect(answers[3]?.headers.get('retry-after')).toBe('2');
    const stats = await h.mock.control.sendRate({ key: 'rl' });
    expect(stats).toMatchObject({
      attempts: 5,
      accepted: 3,
      rateLimited: 2,
      maxInWindow: 5,
      windowMs: 1_000,
    });
  });

  it('the window slides: a second later the number sends again', async () => {
    await h.mock.control.registerKey({ key: 'rl', flavour: 'cloud', sendRatePerSecond: 1 });
    expect((await send('rl', '4915100000001')).status).toBe(200);
    const limited = await send('rl', '4915100000002');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect((await send('rl', '4915100000003')).status).toBe(200);
  });

  it("On-Premise keys answer the client container's 429 / 1015", async () => {
    await h.mock.control.registerKey({ key: 'op', flavour: 'onprem', sendRatePerSecond: 1 });
    const sendOnprem = (to: string) => api(h.mock.url, 'op', 'POST', '/v1/messages', onpremOrderShipped(to));
    expect((await sendOnprem('4915100000001')).status).toBe(201);
    const limited = await sendOnprem('4915100000002');
    expect(limited.status).toBe(429);
    expect(pick(limited.body, 'errors', 0, 'code')).toBe(1015);
  });

  it('pairIntervalMs: a second send to the same recipient too soon is 131056; others are unaffected', async () => {
    await h.mock.control.registerKey({ key: 'pr', flavour: 'cloud', pairIntervalMs: 60_000 });
    expect((await send('pr', '4915100000001')).status).toBe(200);
    const again = await send('pr', '4915100000001');
    expect(again.status).toBe(429);
    expect(pick(again.body, 'error', 'code')).toBe(131056);
    expect((await send('pr', '4915100000002')).status).toBe(200);
  });

  it('canned spam_rate_limit answers 400 / 131048', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'spam_rate_limit' });
    const answer = await send('cloud-key-1', '4915100000001');
    expect(answer.status).toBe(400);
    expect(pick(answer.body, 'error', 'code')).toBe(131048);
    expect(pick(answer.body, 'error', 'message')).toBe('(#131048) Spam rate limit hit');
  });

  it('rejects a bad limit with 400 and registers nothing', async () => {
    await expect(
      h.mock.control.registerKey({ key: 'bad', flavour: 'cloud', sendRatePerSecond: 0 }),
    ).rejects.toThrow(/failed \(400\)/);
    expect((await h.mock.control.keys()).map((k) => k.key)).not.toContain('bad');
  });

  it('reset forgets what was sent', async () => {
    await h.mock.control.registerKey({ key: 'rl', flavour: 'cloud', sendRatePerSecond: 1 });
    expect((await send('rl', '4915100000001')).status).toBe(200);
    await h.mock.control.reset();
    await h.mock.control.registerKey({ key: 'rl', flavour: 'cloud', sendRatePerSecond: 1 });
    expect((await send('rl', '4915100000001')).status).toBe(200);
    expect(await h.mock.control.sendRate()).toMatchObject({ attempts: 1, accepted: 1, rateLimited: 0 });
  });
});
