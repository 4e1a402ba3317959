/**
 * Issue 9: a build never blocks the event loop. Builds run in a pool of threads; a poisoned build
 * and a healthy one run side by side, the healthy one is answered while the poisoned one still
 * runs, and a thread that passes its bound is stopped and replaced.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultBuildLimits } from '../../../activities/build-limits.js';
import { BuildPool } from '../../../activities/build-pool.js';
import { buildTemplateRequest, type BuildInput } from '../../../activities/template-request.js';
import { slotOf } from './support/slots.js';

function input(params: string[], parseRequestBody: BuildInput['slot']['parseRequestBody'] = []): BuildInput {
  return {
    slot: slotOf(
      '360dialog-cloud',
      {
        templateName: 'order_shipped',
        languageCode: 'en',
        templateParameters: params.map((value) => ({ type: 'body', value })),
      },
      parseRequestBody,
    ),
    data: { order_id: 'A-1042', customer: { name: 'Anna' } },
    context: {},
    recipient: '+4915112345678',
    taskId: 'task-1',
  };
}

const healthy = input(
  ['{{ first_name }}', '{{ order }}'],
  [
    { contextKey: 'order', requestKey: 'order_id' },
    { contextKey: 'first_name', requestKey: '{{ data["customer"]["name"] }}' },
  ],
);
/**
 * Runs until a bound stops it: nested loops with nothing to print (10^12 iterations), each list
 * small, so only the step budget or the clock can stop it.
 */
const endless = input([
  '{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}{% endfor %}{% endfor %}{% endfor %}',
]);

const pools: BuildPool[] = [];
function pool(...args: ConstructorParameters<typeof BuildPool>): BuildPool {
  const created = new BuildPool(...args);
  pools.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('isolated builds', () => {
  it('answers exactly what the pure build answers', async () => {
    const threads = pool({ limits: defaultBuildLimits });
    expect(await threads.run(healthy)).toStrictEqual(buildTemplateRequest(healthy));
    const issueExample = input([], [{ contextKey: 'x', requestKey: "{{ [['a'*65536]*1000]*1000 }}" }]);
    expect(await threads.run(issueExample)).toStrictEqual({
      ok: false,
      reason: 'Value exceeds the limit of 65536 characters at 1:5',
      contextUpdates: {},
    });
  });

  it('answers a healthy build while a poisoned one runs, and the event loop keeps turning', async () => {
    // A poisoned build that would run for seconds: huge step budget, a 3 s wall-clock bound.
    const threads = pool({
      limits: { ...defaultBuildLimits, maxSteps: 10 ** 12, timeLimitMs: 3000 },
      size: 2,
    });
    await threads.run(healthy); // both threads warm: starting one is not what is measured
    await Promise.all([threads.run(healthy), threads.run(healthy)]);
    let ticks = 0;
    const interval = setInterval(() => (ticks += 1), 10);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let poisonedDone = false;
    const poisoned = threads.run(endless).finally(() => (poisonedDone = true));
    const healthyResult = await threads.run(healthy);
    expect(healthyResult.ok).toBe(true);
    expect(poisonedDone).toBe(false);
    const ticksWhenHealthyDone = ticks;
    const poisonedResult = await poisoned;
    delay.disable();
    clearInterval(interval);
    expect(poisonedResult).toStrictEqual({
      ok: false,
      reason: expect.stringMatching(/^Build exceeded the time limit of 3000 ms/) as unknown,
      contextUpdates: {},
    });
    // The main thread ran timers all along (a synchronous build would have allowed none).
    expect(ticks - ticksWhenHealthyDone).toBeGreaterThan(20);
    console.info(
      `event loop during a 3 s poisoned build: max delay ${(delay.max / 1e6).toFixed(1)} ms, ` +
        `p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, ${ticks} ticks of 10 ms`,
    );
  });

  it('stops a thread that does not answer within its bound, and the next build gets a fresh one', async () => {
    const threads = pool({
      limits: { ...defaultBuildLimits, maxSteps: 10 ** 12, timeLimitMs: 60_000 },
      killAfterMs: 500,
      size: 1,
    });
    await threads.run(healthy);
    const stuck = await threads.run(endless);
    expect(stuck).toStrictEqual({
      ok: false,
      reason: 'Build exceeded the time limit of 60000 ms (thread stopped)',
      contextUpdates: {},
    });
    expect((await threads.run(healthy)).ok).toBe(true);
  });
});

describe('build limits from the environment', () => {
  it('reads BUILD_* variables, defaults for the rest, and the service refuses bad ones at start', async () => {
    const { buildLimitsFromEnv } = await import('../../../activities/build-limits-env.js');
    const { loadConfig } = await import('../../../service/config.js');
    expect(buildLimitsFromEnv({})).toEqual(defaultBuildLimits);
    expect(buildLimitsFromEnv({ BUILD_MAX_STEPS: '5000', BUILD_TIME_LIMIT_MS: '250' })).toEqual({
      ...defaultBuildLimits,
      maxSteps: 5000,
      timeLimitMs: 250,
    });
    expect(() => loadConfig({ BUILD_MAX_CONTEXT_VALUE_LENGTH: 'lots' })).toThrow(
      /BUILD_MAX_CONTEXT_VALUE_LENGTH/,
    );
  });
});
