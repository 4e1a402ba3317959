import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { query } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { Me, TaskPage } from '../api/types.js';
import { Loading } from '../components/notice.js';
import { href } from '../router.js';
import { TaskFilters, type Filters } from './task-filters.js';
import { localToIso, POLL_MS, when } from './format.js';
import { OutcomeChart } from './outcome-chart.js';

/**
 * The task monitor: the latest tasks of a company or a slot, newest first, refreshed every
 * {@link POLL_MS} without a reload; "Older" follows the keyset cursor.
 */
export function TasksPage({ params, me }: { params: URLSearchParams; me: Me }): JSX.Element {
  const [filters, setFilters] = useState<Filters>({
    company_id: params.get('company_id') ?? (me.company_id === null ? '' : String(me.company_id)),
    slot_id: params.get('slot_id') ?? '',
    status: '',
    branch: '',
    recipient: '',
    from: '',
    to: '',
  });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const path = `/admin/tasks${query({
    company_id: filters.company_id,
    slot_id: filters.slot_id,
    status: filters.status,
    branch: filters.branch,
    recipient: filters.recipient,
    from: localToIso(filters.from),
    to: localToIso(filters.to),
    cursor,
    limit: 25,
  })}`;
  const page = useGet<TaskPage>(path, cursor ? undefined : POLL_MS);
  const apply = (next: Filters) => {
    setFilters(next);
    setCursors([]);
  };
  return (
    <>
      <h1>Task monitor</h1>
      <TaskFilters filters={filters} onChange={apply} fixedCompany={me.company_id !== null} />
      {filters.slot_id ? <OutcomeChart slotId={filters.slot_id} /> : null}
      {page.data ? <TaskTable page={page.data} /> : <Loading error={page.error} />}
      <div class="row">
        {cursors.length > 0 ? (
          <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
        ) : null}
        {page.data?.next_cursor ? (
          <button type="button" onClick={() => setCursors([...cursors, page.data!.next_cursor!])}>
            Older
          </button>
        ) : null}
      </div>
    </>
  );
}

function TaskTable({ page }: { page: TaskPage }): JSX.Element {
  if (page.tasks.length === 0) return <p class="muted">No tasks match.</p>;
  return (
    <div class="scroll">
      <table class="tasks" aria-label="Tasks">
        <thead>
          <tr>
            {['Task', 'Slot', 'Recipient', 'Urgent', 'Status', 'Branch', 'Accepted', 'Sent', 'Resolved'].map(
              (h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {page.tasks.map((t) => (
            <tr key={t.task_id} data-task={t.task_id}>
              <td>
                <a href={href('tasks', t.task_id)}>{t.task_id.slice(0, 8)}</a>
              </td>
              <td>{t.slot_id}</td>
              <td>{t.recipient}</td>
              <td>{t.urgent ? 'urgent' : ''}</td>
              <td class={`status ${t.status}`}>{t.status}</td>
              <td class={`branch ${t.branch ?? ''}`}>{t.branch ?? ''}</td>
              <td>{when(t.accepted_at)}</td>
              <td>{when(t.sent_at)}</td>
              <td>{when(t.resolved_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
