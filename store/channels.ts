import type { StoreContext } from './context.js';
import { isUniqueViolation } from './context.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { isCompanyId, newCallbackSecret, newId, SLUG, SLUG_MESSAGE } from './ids.js';
import { toChannel, toChannelSecrets } from './rows.js';
import type { ChannelKind, ChannelSecrets, ChannelSecretsReader, ControlPlane, FieldError } from './types.js';

/** The real 360dialog host of each API flavour: On-Premise and Cloud. */
export const DEFAULT_BASE_URLS: Record<ChannelKind, string> = {
  '360dialog': 'https://waba.360dialog.io',
  '360dialog-cloud': 'https://waba-v2.360dialog.io',
};

/**
 * Sends per second a new channel may make unless told otherwise. Cloud: Meta's default throughput
 * per number. On-Premise: what a single-instance client container sustains comfortably (its
 * `/v1/messages` endpoint takes 50 req/s, the Business API behind it much less); see README.
 */
export const DEFAULT_SEND_RATES: Record<ChannelKind, number> = {
  '360dialog': 20,
  '360dialog-cloud': 80,
};

/** Longest time a channel's secrets are served from memory (see `getChannelSecrets`). */
const SECRETS_TTL_MS = 1_000;

/** Meta's highest throughput tier; a bigger number is a typo, not a plan. */
export const MAX_SEND_RATE = 1000;

type ChannelOperations = ChannelSecretsReader &
  Pick<
    ControlPlane,
    | 'createChannel'
    | 'getChannel'
    | 'listChannels'
    | 'updateChannel'
    | 'deleteChannel'
    | 'markCallbacksRegistered'
  >;

/**
 * Channels hold the only secrets of the control plane (API key, callback secret). They are written
 * here and read back only through `getChannelSecrets`; every other read returns `Channel`, which has
 * neither, and no log line carries them. Every change clears the lookup cache: SPEC §3 row 7 must see
 * a deactivation or deletion at once.
 */
export function channelOperations({ db, logger, cache }: StoreContext): ChannelOperations {
  const secrets = new Map<string, { value: ChannelSecrets; generation: number; expiresAt: number }>();
  return {
    async createChannel(input) {
      const id = input.id ?? newId('ch');
      const errors = [
        ...checkId(id),
        ...checkSecrets(input.apiKey, input.callbackSecret),
        ...checkSendRate(input.sendRatePerSecond),
      ];
      const baseUrl = checkBaseUrl(input.baseUrl ?? DEFAULT_BASE_URLS[input.kind], errors);
      if (errors.length > 0) throw new ValidationError(errors);
      await requireCompany(db, input.companyId);
      const generated = input.callbackSecret === undefined ? newCallbackSecret() : undefined;
      try {
        const { rows } = await db.query(
          `INSERT INTO channels (id, company_id, kind, base_url, api_key, callback_secret, active, send_rate_per_second)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING *`,
          [
            id,
            input.companyId,
            input.kind,
            baseUrl,
            input.apiKey,
            input.callbackSecret ?? generated,
            input.active ?? true,
            input.sendRatePerSecond ?? DEFAULT_SEND_RATES[input.kind],
          ],
        );
        if (!rows[0]) throw new ConflictError(`Channel ${id} already exists`);
        cache.clear();
        logger.info('channel created', { channelId: id, companyId: input.companyId, kind: input.kind });
        const channel = toChannel(rows[0]);
        return generated === undefined ? { channel } : { channel, generatedCallbackSecret: generated };
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`Channel ${id} already exists`);
        throw error;
      }
    },
    async getChannel(id) {
      const { rows } = await db.query('SELECT * FROM channels WHERE id = $1', [id]);
      return rows[0] ? toChannel(rows[0]) : undefined;
    },
    async listChannels(companyId) {
      await requireCompany(db, companyId);
      const { rows } = await db.query('SELECT * FROM channels WHERE company_id = $1 ORDER BY id', [
        companyId,
      ]);
      return rows.map(toChannel);
    },
    async updateChannel(id, patch) {
      const errors = [
        ...checkSecrets(patch.apiKey, patch.callbackSecret),
        ...checkSendRate(patch.sendRatePerSecond),
      ];
      const baseUrl = patch.baseUrl === undefined ? undefined : checkBaseUrl(patch.baseUrl, errors);
      if (errors.length > 0) throw new ValidationError(errors);
      const { rows } = await db.query(
        `UPDATE channels SET
           kind = COALESCE($2, kind),
           -- switching kind moves a default base URL to the other kind's default
           base_url = COALESCE($3, CASE WHEN $2::text IS NOT NULL AND base_url = $7 THEN $8 ELSE base_url END),
           api_key = COALESCE($4, api_key),
           callback_secret = COALESCE($5, callback_secret),
           active = COALESCE($6, active),
           -- likewise a kind's default rate follows the kind; a rate someone chose stays
           send_rate_per_second = COALESCE($9, CASE WHEN $2::text IS NOT NULL AND send_rate_per_second = $10
             THEN $11 ELSE send_rate_per_second END),
           callbacks_registered_url = CASE
             WHEN $2::text IS DISTINCT FROM NULL AND $2 <> kind THEN NULL
             WHEN $3::text IS DISTINCT FROM NULL AND $3 <> base_url THEN NULL
             WHEN $4::text IS DISTINCT FROM NULL AND $4 <> api_key THEN NULL
             WHEN $5::text IS DISTINCT FROM NULL AND $5 <> callback_secret THEN NULL
             ELSE callbacks_registered_url END,
           updated_at = now()
         WHERE id = $1 RETURNING *`,
        [
          id,
          patch.kind ?? null,
          baseUrl ?? null,
          patch.apiKey ?? null,
          patch.callbackSecret ?? null,
          patch.active ?? null,
          patch.kind ? DEFAULT_BASE_URLS[otherKind(patch.kind)] : null,
          patch.kind ? DEFAULT_BASE_URLS[patch.kind] : null,
          patch.sendRatePerSecond ?? null,
          patch.kind ? DEFAULT_SEND_RATES[otherKind(patch.kind)] : null,
          patch.kind ? DEFAULT_SEND_RATES[patch.kind] : null,
        ],
      );
      if (!rows[0]) throw new NotFoundError('Channel');
      cache.clear();
      logger.info('channel updated', { channelId: id, changed: changedFields(patch) });
      return toChannel(rows[0]);
    },
    async deleteChannel(id) {
      const { rowCount } = await db.query('DELETE FROM channels WHERE id = $1', [id]);
      if (rowCount === 0) throw new NotFoundError('Channel');
      cache.clear();
      logger.info('channel deleted', { channelId: id });
    },
    async markCallbacksRegistered(id, callbackUrl) {
      const { rowCount } = await db.query('UPDATE channels SET callbacks_registered_url = $2 WHERE id = $1', [
        id,
        callbackUrl,
      ]);
      if (rowCount === 0) throw new NotFoundError('Channel');
    },
    // Read on every send and every status callback (about 4 times per task): served from memory
    // (issue 14). A change here clears it at once (the lookup cache's generation moves); another
    // replica's change (the admin API runs in `api`, sends in `worker`) is seen within a second at
    // most, whatever the lookup TTL: a rotated key or a deactivation must not wait 5 s, while one
    // read per second per channel is still nothing next to four per task. Unknown ids are not
    // remembered, so made-up ids cannot grow the map.
    async getChannelSecrets(id) {
      const now = Date.now();
      const hit = secrets.get(id);
      if (hit && hit.generation === cache.generation && hit.expiresAt > now) return hit.value;
      const generation = cache.generation;
      const { rows } = await db.query('SELECT * FROM channels WHERE id = $1', [id]);
      if (!rows[0]) {
        secrets.delete(id);
        return undefined;
      }
      const value = Object.freeze(toChannelSecrets(rows[0]));
      const ttlMs = Math.min(cache.ttlMs, SECRETS_TTL_MS);
      if (generation === cache.generation && ttlMs > 0)
        secrets.set(id, { value, generation, expiresAt: now + ttlMs });
      return value;
    },
  };
}

async function requireCompany(db: StoreContext['db'], companyId: number): Promise<void> {
  if (!isCompanyId(companyId)) throw new NotFoundError('Company');
  const { rows } = await db.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
  if (rows.length === 0) throw new NotFoundError('Company');
}

const otherKind = (kind: ChannelKind): ChannelKind =>
  kind === '360dialog' ? '360dialog-cloud' : '360dialog';

function checkId(id: string): FieldError[] {
  return SLUG.test(id) ? [] : [{ field: 'id', message: SLUG_MESSAGE }];
}

export const SEND_RATE_MESSAGE = `Must be a whole number of sends per second from 1 to ${MAX_SEND_RATE}`;

function checkSendRate(rate: number | undefined): FieldError[] {
  const ok = rate === undefined || (Number.isInteger(rate) && rate >= 1 && rate <= MAX_SEND_RATE);
  return ok ? [] : [{ field: 'send_rate_per_second', message: SEND_RATE_MESSAGE }];
}

export const BASE_URL_MESSAGE = 'Must be an http(s) URL without credentials, query or fragment';
export const CALLBACK_SECRET_MESSAGE = 'Must be 16 to 256 printable ASCII characters without spaces';
/** Sent as an HTTP header value by 360dialog: visible ASCII only, and long enough to be unguessable. */
export const CALLBACK_SECRET_PATTERN = /^[\x21-\x7e]{16,256}$/;

/** The secrets' own rules; messages never echo what was given. */
export function checkSecrets(apiKey: string | undefined, callbackSecret: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (apiKey !== undefined && apiKey.trim() === '')
    errors.push({ field: 'api_key', message: 'Please enter text' });
  if (callbackSecret !== undefined && !CALLBACK_SECRET_PATTERN.test(callbackSecret)) {
    errors.push({ field: 'callback_secret', message: CALLBACK_SECRET_MESSAGE });
  }
  return errors;
}

/** http(s), no credentials, query or fragment, no trailing slash (paths are appended); undefined if invalid. */
export function normaliseBaseUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    const plain = !url.search && !url.hash && !url.username && !url.password; // credentials belong in api_key
    if ((url.protocol === 'http:' || url.protocol === 'https:') && plain) {
      return url.href.replace(/\/+$/, '');
    }
  } catch {
    // not a URL
  }
  return undefined;
}

function checkBaseUrl(value: string, errors: FieldError[]): string {
  const url = normaliseBaseUrl(value);
  if (url === undefined) errors.push({ field: 'base_url', message: BASE_URL_MESSAGE });
  return url ?? value;
}

function changedFields(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}
