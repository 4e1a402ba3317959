import { pairRateLimitError, throughputError } from './error-bodies.js';
import { json, type Reply } from './http-io.js';
import type { KeyConfig } from './schemas.js';

/**
 * The per-number limits a real 360dialog number has (§7): throughput (sends per second, counted over
 * a sliding 1 s window of *accepted* sends, as Meta counts messages) and the pair rate (one recipient,
 * at most one send per `pairIntervalMs`). Only keys configured with them are limited.
 */
export class SendLimits {
  readonly #accepted = new Map<string, number[]>();
  readonly #lastToRecipient = new Map<string, number>();

  /** The answer for a send over a limit, or `null` when it may be accepted (then call {@link accepted}). */
  check(key: KeyConfig, recipient: string, nowMs: number): Reply | null {
    const last = this.#lastToRecipient.get(`${key.key}\u0000${recipient}`);
    if (key.pairIntervalMs !== undefined && last !== undefined && nowMs - last < key.pairIntervalMs) {
      const { status, body } = pairRateLimitError(key.flavour);
      return json(status, body);
    }
    if (key.sendRatePerSecond === undefined) return null;
    const recent = this.#recent(key.key, nowMs);
    if (recent.length < key.sendRatePerSecond) return null;
    const { status, body } = throughputError(key.flavour);
    const headers =
      key.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(key.retryAfterSeconds) };
    return json(status, body, headers);
  }

  accepted(key: string, recipient: string, nowMs: number): void {
    this.#recent(key, nowMs).push(nowMs);
    this.#lastToRecipient.set(`${key}\u0000${recipient}`, nowMs);
  }

  clear(): void {
    this.#accepted.clear();
    this.#lastToRecipient.clear();
  }

  /** Accepted sends of the last second (older ones are dropped). */
  #recent(key: string, nowMs: number): number[] {
    const times = (this.#accepted.get(key) ?? []).filter((t) => t > nowMs - 1_000);
    this.#accepted.set(key, times);
    return times;
  }
}

/**
 * The most timestamps that fall into any window `[t, t + windowMs)`: what "never more than N per
 * second" is checked against. `times` need not be sorted.
 */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
