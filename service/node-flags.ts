/**
 * Node flags of every service entrypoint (`npm start`, `start:api`, `start:worker`, the image's
 * `deploy/entrypoint.sh`; the bench and the end-to-end tests start the service with them too).
 * Node cannot take them from inside the process, so they are repeated there, and
 * `test/unit/service/node-flags.test.ts` checks that each place has them.
 *
 * `--max-semi-space-size=64` (MiB; Node 20's default is 16): the service allocates fast (each task
 * makes payloads, protobufs, HTTP bodies), and with a small young generation short-lived objects
 * survive into the old one and end in major collections of 50-70 ms on the main thread, stalling
 * every request queued behind them. With 64 MiB they die young. Measured under `npm start` at
 * 100 requests/s with the pipeline running, the database on its thread (README, Benchmark):
 * intake p99 67 / 98 ms without, 54 / 45 ms with. The cost is memory: up to 3 × 48 MiB more per
 * isolate that fills its young generation (the main thread, each workflow thread, the embedded
 * database's thread).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/** The flags to start `entry` (a path from the repository's root) with: a service entrypoint's, or none. */
export function nodeFlagsFor(entry: string): readonly string[] {
  return entry.startsWith('service/') ? SERVICE_NODE_FLAGS : [];
}
