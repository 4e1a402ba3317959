/** Load loops for the benchmark: bounded in count (closed loop) or in time (open loop). */

export interface Sample {
  ms: number;
}

export interface LoadResult {
  samples: Sample[];
  /** Completed calls per second of wall time. */
  rate: number;
  /** Open loop only: calls that failed, by error text (e.g. `intake answered 503`). */
  failures?: Record<string, number>;
}

/** `total` calls, `concurrency` at a time: the throughput the system sustains. */
export async function runClosedLoop(
  call: () => Promise<void>,
  total: number,
  concurrency: number,
): Promise<LoadResult> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      next += 1;
      const t = performance.now();
      await call();
      samples.push({ ms: performance.now() - t });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { samples, rate: samples.length / ((performance.now() - started) / 1000) };
}

/** `perSecond` calls a second for `seconds`, whatever their latency: latency under a fixed load. */
export async function runOpenLoop(
  call: () => Promise<void>,
  perSecond: number,
  seconds: number,
): Promise<LoadResult> {
  const samples: Sample[] = [];
  const failures: Record<string, number> = {};
  const total = Math.round(perSecond * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    // Past its capacity the intake answers 503 (retry later): counted, not fatal, so the run goes on.
    inFlight.push(
      call().then(
        () => void samples.push({ ms: performance.now() - t }),
        (err: unknown) => {
          const key = err instanceof Error ? err.message : String(err);
          failures[key] = (failures[key] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { samples, rate: samples.length / ((performance.now() - started) / 1000), failures };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
