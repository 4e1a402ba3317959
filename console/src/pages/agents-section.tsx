import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { Agent } from '../api/types.js';
import { Field } from '../components/field.js';
import { Loading, Notice } from '../components/notice.js';
import { href } from '../router.js';
import { TrainingStatus } from './training-status.js';

/** A company's agents with their training state, and creating one. */
export function AgentsSection({
  companyId,
  readOnly,
}: {
  companyId: number;
  readOnly: boolean;
}): JSX.Element {
  const list = useGet<{ agents: Agent[] }>(`/admin/companies/${companyId}/agents`);
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', `/admin/companies/${companyId}/agents`, { id: id || undefined });
      setError(undefined);
      setId('');
      await list.reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err.fields.id ?? err.message);
    }
  };
  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents</h2>
      {list.data ? (
        <ul class="plain">
          {list.data.agents.map((a) => (
            <li key={a.id} class="card">
              <h3>
                <a href={href('agents', a.id)}>{a.id}</a>
              </h3>
              <TrainingStatus agent={a} />
            </li>
          ))}
        </ul>
      ) : (
        <Loading error={list.error} />
      )}
      {readOnly ? null : (
        <form class="row" onSubmit={(e) => void create(e)} aria-label="New agent">
          <Field
            label="Agent id"
            value={id}
            onInput={setId}
            error={error}
            placeholder="generated when empty"
          />
          <button type="submit">Create agent</button>
        </form>
      )}
      {error && !id ? <Notice kind="error">{error}</Notice> : null}
    </section>
  );
}
