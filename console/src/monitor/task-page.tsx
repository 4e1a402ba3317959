import type { JSX } from 'preact';
import { useGet } from '../api/hooks.js';
import type { Task } from '../api/types.js';
import { Loading } from '../components/notice.js';
import { href } from '../router.js';
import { POLL_MS, when } from './format.js';

/** One task: its timeline (accepted → waiting → sent → resolved) and the channel's response, live. */
export function TaskPage({ taskId }: { taskId: string }): JSX.Element {
  const task = useGet<Task>(`/admin/tasks/${encodeURIComponent(taskId)}`, POLL_MS);
  if (!task.data) return <Loading error={task.error} />;
  const t = task.data;
  return (
    <>
      <p>
        <a href={`${href('tasks')}?slot_id=${encodeURIComponent(t.slot_id)}`}>← Tasks of slot {t.slot_id}</a>
      </p>
      <h1>Task {t.task_id}</h1>
      <dl class="facts">
        <dt>Recipient</dt>
        <dd>{t.recipient}</dd>
        <dt>Urgent</dt>
        <dd>{t.urgent ? 'yes' : 'no'}</dd>
        <dt>Status</dt>
        <dd class="task-status">{t.status}</dd>
        <dt>Branch</dt>
        <dd class="task-branch">{t.branch ?? '—'}</dd>
        <dt>Channel / slot</dt>
        <dd>
          {t.channel_id} / {t.slot_id}
        </dd>
      </dl>
      <h2>Timeline</h2>
      <ol class="timeline">
        <Step label="Accepted" at={t.accepted_at} done />
        <Step
          label="Waiting"
          at={null}
          done={t.waiting_reason !== null}
          detail={t.waiting_reason ?? (t.status === 'waiting' ? '…' : undefined)}
        />
        <Step label="Sent" at={t.sent_at} done={t.sent_at !== null} detail={t.message_id ?? undefined} />
        <Step
          label="Resolved"
          at={t.resolved_at}
          done={t.resolved_at !== null}
          detail={[t.branch, t.description, t.detail].filter(Boolean).join(': ') || undefined}
        />
      </ol>
      <h2>Channel response</h2>
      <pre class="response">
        {t.channel_response === null ? '(none yet)' : JSON.stringify(t.channel_response, null, 2)}
      </pre>
    </>
  );
}

function Step(props: {
  label: string;
  at: string | null;
  done: boolean;
  detail?: string | undefined;
}): JSX.Element {
  return (
    <li class={props.done ? 'done' : 'todo'}>
      <strong>{props.label}</strong> {props.at ? <time dateTime={props.at}>{when(props.at)}</time> : null}
      {props.detail ? <span class="detail"> — {props.detail}</span> : null}
    </li>
  );
}
