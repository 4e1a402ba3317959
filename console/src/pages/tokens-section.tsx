import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { CompanyToken, CompanyTokenCreated } from '../api/types.js';
import { Field, Select } from '../components/field.js';
import { Notice } from '../components/notice.js';

/** The admin issues, lists and revokes tokens that see only this company. */
export function TokensSection({ companyId }: { companyId: number }): JSX.Element {
  const list = useGet<{ tokens: CompanyToken[] }>(`/admin/companies/${companyId}/tokens`);
  const [role, setRole] = useState('editor');
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<string | undefined>();
  const issue = async (e: Event) => {
    e.preventDefault();
    const t = await api<CompanyTokenCreated>('POST', `/admin/companies/${companyId}/tokens`, { role, label });
    setIssued(t.token);
    setLabel('');
    await list.reload();
  };
  const revoke = async (id: string) => {
    await api('DELETE', `/admin/companies/${companyId}/tokens/${id}`);
    await list.reload();
  };
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Company tokens</h2>
      <ul class="plain">
        {list.data?.tokens.map((t) => (
          <li key={t.id}>
            {t.label || t.id} ({t.role}){' '}
            {t.revoked_at ? (
              <span class="muted">revoked</span>
            ) : (
              <button type="button" class="link" onClick={() => void revoke(t.id)}>
                Revoke {t.label || t.id}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form class="row" onSubmit={(e) => void issue(e)} aria-label="New company token">
        <Select
          label="Role"
          value={role}
          onChange={setRole}
          options={[
            { value: 'editor', label: 'editor' },
            { value: 'viewer', label: 'viewer' },
          ]}
        />
        <Field label="Token label" value={label} onInput={setLabel} />
        <button type="submit">Issue token</button>
      </form>
      {issued ? (
        <Notice kind="info">
          New token, shown this once: <code class="token">{issued}</code>
        </Notice>
      ) : null}
    </section>
  );
}
