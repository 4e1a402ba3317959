import { FAILURES } from './error-bodies.js';
import type { FailureCode } from './error-bodies.js';
import { seededShuffle } from './ids.js';
import type { StatusValue } from './payloads.js';
import type { Chaos, ScenarioName } from './schemas.js';

/** One status the script emits for a message. */
export interface StatusStep {
  status: StatusValue;
  failure?: FailureCode;
}

/** Status sequences of §9; `none` emits nothing at all. */
export function scenarioSteps(scenario: ScenarioName): StatusStep[] {
  switch (scenario) {
    case 'happy':
      return [{ status: 'sent' }, { status: 'delivered' }, { status: 'read' }];
    case 'no_read':
      return [{ status: 'sent' }, { status: 'delivered' }];
    case 'read_only':
      // Meta may skip `delivered` when the user has the chat open (§5.3).
      return [{ status: 'sent' }, { status: 'read' }];
    case 'blocked':
      // A user who blocked the business never gets past `sent` (§5.3).
      return [{ status: 'sent' }];
    case 'none':
      return [];
    case 'no_account':
    case 'reengagement':
    case 'not_delivered':
    case 'media_fail':
      return [{ status: 'failed', failure: FAILURES[scenario] }];
  }
}

/**
 * Applies chaos switches and groups steps into webhook POSTs: each inner array is one POST.
 * Order: add `deleted`, reorder (seeded shuffle or reverse), bundle, then duplicate.
 */
export function planBatches(steps: readonly StatusStep[], chaos: Chaos): StatusStep[][] {
  if (steps.length === 0) return [];
  const withDeleted: StatusStep[] = chaos.deleted === true ? [...steps, { status: 'deleted' }] : [...steps];
  const ordered =
    chaos.shuffle !== true
      ? withDeleted
      : chaos.shuffleSeed === undefined
        ? withDeleted.reverse()
        : seededShuffle(withDeleted, chaos.shuffleSeed);
  const batches = chaos.bundle === true ? [ordered] : ordered.map((step) => [step]);
  return chaos.duplicate === true ? batches.flatMap((batch) => [batch, batch]) : batches;
}
