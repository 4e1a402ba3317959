/**
 * What the check knows about a channel's templates, and how sure it is: read from 360dialog just
 * now, taken from the stored copy, or not known at all. Training never waits on 360dialog: when the
 * list cannot be read it goes on, with the stored copy (its age said) or without the check.
 */
import type { ChannelKind } from '../workflows/slot-snapshot.js';
import { ageInWords, CHECK_MESSAGES } from './check-messages.js';
import { checkSlotTemplate, type Finding, type SlotDestination } from './slot-check.js';
import type { CatalogTemplate } from './template-model.js';

export type CatalogReading =
  /** Read from 360dialog just now. */
  | { state: 'live'; templates: CatalogTemplate[]; fetchedAt: Date }
  /** The stored copy; `failure` says why 360dialog was not read, when it was tried and failed. */
  | { state: 'cache'; templates: CatalogTemplate[]; fetchedAt: Date; failure?: string }
  /** Neither 360dialog nor a stored copy. */
  | { state: 'unavailable'; failure: string };

const CHANNEL_FIELD = 'destination_channel';

/**
 * The slot check with the catalog's certainty applied. A list that 360dialog could not confirm
 * just now (a fallback to the stored copy) may be out of date, so its findings are warnings only:
 * a template approved since must not be refused because 360dialog is down.
 */
export function checkWithReading(
  destination: SlotDestination,
  kind: ChannelKind,
  reading: CatalogReading,
  now: Date,
): Finding[] {
  if (reading.state === 'unavailable') {
    return [
      { severity: 'warning', field: CHANNEL_FIELD, message: CHECK_MESSAGES.unavailable(reading.failure) },
    ];
  }
  const findings = checkSlotTemplate(destination, kind, reading.templates);
  if (reading.state === 'live' || reading.failure === undefined) return findings;
  const age = ageInWords(reading.fetchedAt, now);
  const stale: Finding = {
    severity: 'warning',
    field: CHANNEL_FIELD,
    message: CHECK_MESSAGES.cached(reading.failure, age, reading.fetchedAt.toISOString()),
  };
  return [stale, ...findings.map((f) => ({ ...f, severity: 'warning' as const }))];
}
