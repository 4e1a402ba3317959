/**
 * `npx tsx tools/bench/build-limits.ts`: what one build costs at its bounds. Runs hostile slots
 * (the issue 9 examples, each pushed to a bound) through the pure build and prints the wall time
 * of each, then runs them through the build pool and prints how long the main thread's event loop
 * was held meanwhile. Figures, not assertions: compare them with the ~100 ms target.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defaultBuildLimits } from '../../activities/build-limits.js';
import { BuildPool } from '../../activities/build-pool.js';
import { buildTemplateRequest, type BuildInput } from '../../activities/template-request.js';

const HUGE = 'a'.repeat(65_536);
const loop = (body: string, n = 20_000) => `{% for i in range(${n}) %}${body}{% endfor %}`;

function slot(params: string[], rules: BuildInput['slot']['parseRequestBody'] = []): BuildInput {
  return {
    slot: {
      channel: { id: 'bench', kind: '360dialog-cloud' },
      parseRequestBody: rules,
      destination: {
        templateName: 'order_shipped',
        namespace: '',
        languageCode: 'en',
        templateParameters: params.map((value) => ({ type: 'body' as const, value })),
      },
    },
    data: { s: HUGE, d: '7'.repeat(60_000), items: Array.from({ length: 100 }, () => ({})) },
    context: {},
    recipient: '79291642944',
    taskId: 'bench',
  };
}

const CASES: Record<string, BuildInput> = {
  "[['a'*65536]*1000]*1000": slot([], [{ contextKey: 'x', requestKey: "{{ [['a'*65536]*1000]*1000 }}" }]),
  'empty loop': slot([loop('')]),
  '150 templates': slot(Array.from({ length: 150 }, () => loop('', 1000))),
  '150 templates of 16 KiB': slot(Array.from({ length: 150 }, () => `{{ 1${' + 1'.repeat(4000)} }}`)),
  length: slot([loop('{{ data.s | length }}')]),
  int: slot([loop('{{ data.d | int }}')]),
  float: slot([loop('{{ data.d | float }}')]),
  'join(attribute=…)': slot([loop("{{ data.items | join(',', attribute=data.s) }}")]),
  tojson: slot([loop('{% set x = data.s | tojson %}')]),
  '== on 64 KiB': slot([loop('{% if data.s == data.s ~ "" %}{% endif %}')]),
};

function timed(input: BuildInput): { ms: number; reason: string } {
  const start = performance.now();
  const result = buildTemplateRequest(input);
  return { ms: performance.now() - start, reason: result.ok ? 'built' : result.reason };
}

console.log(`limits: ${JSON.stringify(defaultBuildLimits)}\n`);
console.log('| hostile slot | build time (ms, best of 3) | stopped by |');
console.log('| --- | --- | --- |');
for (const [name, input] of Object.entries(CASES)) {
  const runs = [timed(input), timed(input), timed(input)];
  const best = Math.min(...runs.map((r) => r.ms));
  console.log(`| ${name} | ${best.toFixed(1)} | ${runs[0]?.reason ?? ''} |`);
}

const pool = new BuildPool({ limits: defaultBuildLimits });
await Promise.all([pool.run(slot([])), pool.run(slot([]))]); // warm threads
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const started = performance.now();
await Promise.all(Object.values(CASES).map((input) => pool.run(input)));
delay.disable();
console.log(
  `\nall ${Object.keys(CASES).length} in the pool: ${(performance.now() - started).toFixed(0)} ms; ` +
    `main event loop delay max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`,
);
await pool.close();
