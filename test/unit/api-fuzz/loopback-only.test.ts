import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loopbackOnly } from '../../../tools/api-fuzz/loopback-only.js';

/** The fuzz run's guard (tools/api-fuzz/loopback-only.ts): only loopback targets reach the network. */
describe('the API fuzz run’s loopback-only fetch', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['localhost', true],
    ['[::1]', true],
    ['0.com', false],
    ['waba.360dialog.io', false],
    ['127.0.0.1.example.com', false],
    ['10.0.0.1', false],
    ['[::ffff:7f00:1]', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('passes loopback calls through and refuses others before any network, naming the host', async () => {
    const called: string[] = [];
    const blocked: string[] = [];
    const real = ((input: string) => {
      called.push(input);
      return Promise.resolve(new Response('ok'));
    }) as typeof fetch;
    const guarded = loopbackOnly(real, (host) => blocked.push(host));

    expect(await (await guarded('http://127.0.0.1:9/v1/configs/webhook')).text()).toBe('ok');
    await expect(guarded(new URL('https://waba.360dialog.io/v1/configs/templates'))).rejects.toThrow(
      'fetch failed',
    );
    await expect(guarded(new Request('https://0.com/messages', { method: 'POST' }))).rejects.toThrow(
      'fetch failed',
    );
    expect(called).toEqual(['http://127.0.0.1:9/v1/configs/webhook']);
    expect(blocked).toEqual(['waba.360dialog.io', '0.com']);
  });
});
