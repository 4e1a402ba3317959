import type { JSX } from 'preact';
import { useGet } from '../api/hooks.js';
import type { Agent, Slot, Training } from '../api/types.js';

/** Slots whose draft differs from what the live training serves: edited, new, or given a new webhook. */
export function pendingSlots(slots: Slot[], trainedAt: string | undefined): Slot[] {
  return slots.filter(
    (s) => !s.live || s.live_webhook !== s.webhook || (trainedAt !== undefined && s.updated_at > trainedAt),
  );
}

/** "Trained at …, v3" and which slot edits wait for the next training. */
export function TrainingStatus({ agent, reloadKey = 0 }: { agent: Agent; reloadKey?: number }): JSX.Element {
  const training = useGet<Training>(
    agent.live_version === null ? null : `/admin/agents/${agent.id}/trainings/${agent.live_version}`,
  );
  const slots = useGet<{ slots: Slot[] }>(`/admin/agents/${agent.id}/slots?r=${reloadKey}`);
  const trainedAt = training.data?.created_at;
  const pending = slots.data ? pendingSlots(slots.data.slots, trainedAt) : [];
  return (
    <p class="training">
      {agent.live_version === null ? (
        <span>Never trained.</span>
      ) : (
        <span>
          Last training:{' '}
          <time dateTime={trainedAt}>{trainedAt ? new Date(trainedAt).toLocaleString() : '…'}</time> (version{' '}
          {agent.live_version}).
        </span>
      )}{' '}
      {pending.length === 0 ? (
        <span>No edits waiting for a training.</span>
      ) : (
        <span class="pending">Waiting for a training: {pending.map((s) => s.name).join(', ')}.</span>
      )}
    </p>
  );
}
