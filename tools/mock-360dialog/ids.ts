import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Cloud message id shaped like Meta's: `wamid.` + base64 of a small protobuf-ish blob that embeds
 * the recipient digits, as in the recorded `wamid.HBgN…` ids (§3.1).
 */
export function newCloudMessageId(digits: string): string {
  const suffix = randomBytes(9).toString('hex').toUpperCase();
  const blob = Buffer.concat([
    Buffer.from([0x1c, 0x18, digits.length]),
    Buffer.from(digits),
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, suffix.length]),
    Buffer.from(suffix),
    Buffer.from([0x00]),
  ]);
  return `wamid.${blob.toString('base64')}`;
}

/** On-prem ids are short base64-looking strings without `wamid.`; alphanumeric keeps them path-safe. */
export function newOnpremMessageId(): string {
  let id = 'gBEG';
  while (id.length < 27) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** Webhook timestamps are Unix seconds as strings (§5.3). */
export function unixSeconds(date: Date = new Date()): string {
  return String(Math.floor(date.getTime() / 1000));
}

/** Random hex id for `fbtrace_id`, `X-Fb-Trace-Id` and conversation ids. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Digits of a phone number (`+49 151…` → `49151…`): the normalised `wa_id`. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** Deterministic Fisher–Yates with mulberry32, so a seeded `shuffle` chaos is repeatable in tests. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}
