import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { Agent, FieldWarning, Slot, Training, TrainingFailed } from '../api/types.js';
import { TemplateWarnings } from '../components/warnings.js';
import { Loading, Notice } from '../components/notice.js';
import { href } from '../router.js';
import { TrainingStatus } from './training-status.js';

/** An agent: its slots, the Train action, and a failed training's errors per slot and field. */
export function AgentPage({ agentId, readOnly }: { agentId: string; readOnly: boolean }): JSX.Element {
  const agent = useGet<Agent>(`/admin/agents/${agentId}`);
  const slots = useGet<{ slots: Slot[] }>(`/admin/agents/${agentId}/slots`);
  const [result, setResult] = useState<{
    ok?: string;
    failed?: TrainingFailed;
    error?: string;
    warnings?: FieldWarning[];
  }>({});
  const [reloadKey, setReloadKey] = useState(0);
  const train = async () => {
    try {
      const t = await api<Training & { warnings?: FieldWarning[] }>('POST', `/admin/agents/${agentId}/train`);
      setResult({ ok: `Trained: version ${t.version} serves mailing requests now.`, warnings: t.warnings });
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        const failed = err.body as TrainingFailed & { warnings?: FieldWarning[] };
        setResult({ failed, warnings: failed.warnings });
      } else setResult({ error: err instanceof Error ? err.message : String(err) });
    }
    await Promise.all([agent.reload(), slots.reload()]);
    setReloadKey((k) => k + 1);
  };
  if (!agent.data || !slots.data) return <Loading error={agent.error ?? slots.error} />;
  const names = new Map(slots.data.slots.map((s) => [s.id, s.name]));
  return (
    <>
      <p>
        <a href={href('companies', agent.data.company_id)}>← Company {agent.data.company_id}</a>
      </p>
      <h1>Agent {agentId}</h1>
      <TrainingStatus agent={agent.data} reloadKey={reloadKey} />
      {readOnly ? null : (
        <button type="button" onClick={() => void train()}>
          Train
        </button>
      )}
      {result.ok ? <Notice kind="ok">{result.ok}</Notice> : null}
      {result.error ? <Notice kind="error">{result.error}</Notice> : null}
      {result.failed ? <TrainingErrors failed={result.failed} names={names} /> : null}
      <TemplateWarnings
        title="The template check’s warnings (they do not block the training):"
        warnings={result.warnings ?? []}
      />
      <h2>Notification slots</h2>
      <ul class="plain">
        {slots.data.slots.map((s) => (
          <li key={s.id}>
            <a href={href('slots', s.id)}>{s.name}</a>{' '}
            <span class="muted">{s.live ? 'live' : 'not live yet'}</span>{' '}
            <a href={`${href('tasks')}?slot_id=${encodeURIComponent(s.id)}`}>tasks</a>
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <a class="button" href={href('agents', agentId, 'new-slot')}>
          New slot
        </a>
      )}
    </>
  );
}

/** `slots.{slotId}.{field}` grouped by slot, each linking to its editor. */
function TrainingErrors({
  failed,
  names,
}: {
  failed: TrainingFailed;
  names: Map<string, string>;
}): JSX.Element {
  const bySlot = new Map<string, { field: string; message: string }[]>();
  for (const e of failed.errors) {
    const [, slotId = '', ...rest] = e.field.split('.');
    bySlot.set(slotId, [...(bySlot.get(slotId) ?? []), { field: rest.join('.'), message: e.message }]);
  }
  return (
    <div class="notice error" role="alert">
      <p>Training failed; version {failed.live_version ?? 'none'} keeps serving.</p>
      {[...bySlot].map(([slotId, errors]) => (
        <div key={slotId}>
          <h3>
            <a href={href('slots', slotId)}>{names.get(slotId) ?? slotId}</a>
          </h3>
          <ul>
            {errors.map((e) => (
              <li key={e.field}>
                <code>{e.field}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
