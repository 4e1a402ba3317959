import { checkWithReading, type CatalogReading } from '../../../catalog/catalog-reading.js';
import type { Slot, Store } from '../../../store/index.js';

/**
 * The template check on a slot save (issue 10): the same findings training makes, all reported as
 * warnings (a save never fails for them); `blocks_training` marks those the next training refuses.
 * Uses the stored template list, reading 360dialog only when there is none.
 */
export async function saveTemplateCheck(store: Store, slot: Slot, now = new Date()) {
  const channelId = slot.settings.destinationChannel;
  const channel = await store.getChannel(channelId);
  const reading: CatalogReading = channel
    ? await store.templates.readStored(channelId)
    : { state: 'unavailable', failure: 'the channel does not exist' };
  const findings = channel ? checkWithReading(slot.settings.destination, channel.kind, reading, now) : [];
  return {
    warnings: findings.map((f) => ({
      field: f.field,
      message: f.message,
      blocks_training: f.severity === 'error',
    })),
    catalog: catalogState(reading),
  };
}

export function catalogState(reading: CatalogReading) {
  return {
    state: reading.state,
    fetched_at: reading.state === 'unavailable' ? null : reading.fetchedAt.toISOString(),
    failure: reading.state === 'live' ? null : (reading.failure ?? null),
  };
}
