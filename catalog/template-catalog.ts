/**
 * A channel's templates for the admin API, slot saves and trainings: read from 360dialog, stored
 * per channel, and read back from the stored copy when 360dialog cannot answer. Nothing here ever
 * blocks a caller for longer than one bounded read, and no reason it gives carries the API key.
 */
import type { Logger } from '../lib/logger.js';
import type { Queryable } from '../store/driver/database.js';
import type { ChannelSecretsReader } from '../store/types.js';
import type { ChannelKind } from '../workflows/slot-snapshot.js';
import { readStoredCatalog, storeCatalog } from './catalog-cache.js';
import type { CatalogReading } from './catalog-reading.js';
import { fetchTemplates, type FetchTemplatesOptions } from './d360-templates-client.js';
import type { CatalogTemplate } from './template-model.js';

export interface TemplateCatalogDeps extends Omit<FetchTemplatesOptions, 'fetch'> {
  db: Queryable;
  secrets: ChannelSecretsReader;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** A channel's list as the admin API shows it. */
export interface ChannelTemplates {
  channelId: string;
  kind: ChannelKind;
  templates: CatalogTemplate[];
  fetchedAt: Date;
  /** `live`: read from 360dialog by this call; `cache`: the stored copy. */
  source: 'live' | 'cache';
}

/** 360dialog could not give the list, and (for `list`) nothing is stored. Safe to show. */
export class CatalogReadError extends Error {
  override name = 'CatalogReadError';
}

export interface TemplateCatalog {
  /** The stored copy; read from 360dialog (and stored) only when there is none. */
  list(channelId: string): Promise<ChannelTemplates | undefined>;
  /** Reads 360dialog now and replaces the stored copy; the copy stays as it was when that fails. */
  refresh(channelId: string): Promise<ChannelTemplates | undefined>;
  /** Training: 360dialog now, else the stored copy (with why), else unavailable. */
  readFresh(channelId: string): Promise<CatalogReading>;
  /** Saves and previews: the stored copy, else 360dialog. */
  readStored(channelId: string): Promise<CatalogReading>;
}

export function createTemplateCatalog(deps: TemplateCatalogDeps): TemplateCatalog {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ component: 'template-catalog' });

  async function live(channelId: string) {
    const channel = await deps.secrets.getChannelSecrets(channelId);
    if (!channel) return undefined;
    const read = await fetchTemplates(channel, deps);
    if (!read.ok) {
      log.warn('template list not read', { channelId, reason: read.reason, httpStatus: read.httpStatus });
      return { channel, failure: read.reason };
    }
    const fetchedAt = now();
    await storeCatalog(deps.db, channelId, channel, { templates: read.templates, fetchedAt });
    log.info('template list read', { channelId, templates: read.templates.length });
    return { channel, stored: { templates: read.templates, fetchedAt } };
  }

  const view = (
    channelId: string,
    kind: ChannelKind,
    stored: { templates: CatalogTemplate[]; fetchedAt: Date },
    source: 'live' | 'cache',
  ): ChannelTemplates => ({ channelId, kind, ...stored, source });

  async function refresh(channelId: string): Promise<ChannelTemplates | undefined> {
    const read = await live(channelId);
    if (!read) return undefined;
    if (!read.stored) throw new CatalogReadError(`Could not read the channel's templates: ${read.failure}`);
    return view(channelId, read.channel.kind, read.stored, 'live');
  }

  async function readFresh(channelId: string): Promise<CatalogReading> {
    const read = await live(channelId);
    if (!read) return { state: 'unavailable', failure: 'the channel does not exist' };
    if (read.stored) return { state: 'live', ...read.stored };
    const stored = await readStoredCatalog(deps.db, channelId, read.channel);
    return stored
      ? { state: 'cache', ...stored, failure: read.failure }
      : { state: 'unavailable', failure: read.failure };
  }

  return {
    refresh,
    readFresh,
    async list(channelId) {
      const channel = await deps.secrets.getChannelSecrets(channelId);
      if (!channel) return undefined;
      const stored = await readStoredCatalog(deps.db, channelId, channel);
      return stored ? view(channelId, channel.kind, stored, 'cache') : refresh(channelId);
    },
    async readStored(channelId) {
      const channel = await deps.secrets.getChannelSecrets(channelId);
      if (!channel) return { state: 'unavailable', failure: 'the channel does not exist' };
      const stored = await readStoredCatalog(deps.db, channelId, channel);
      return stored ? { state: 'cache', ...stored } : readFresh(channelId);
    },
  };
}
