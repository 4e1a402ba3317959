import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { Channel, Company, Me } from '../api/types.js';
import { Field } from '../components/field.js';
import { Loading, Notice } from '../components/notice.js';
import { href } from '../router.js';
import { AgentsSection } from './agents-section.js';
import { ChannelsSection } from './channels-section.js';
import { TokensSection } from './tokens-section.js';

/** One company: its rate limit, channels, agents (and, for the admin, its tokens). */
export function CompanyPage({ companyId, me }: { companyId: number; me: Me }): JSX.Element {
  const company = useGet<Company>(`/admin/companies/${companyId}`);
  const channels = useGet<{ channels: Channel[] }>(`/admin/companies/${companyId}/channels`);
  const readOnly = me.role === 'viewer';
  if (!company.data) return <Loading error={company.error} />;
  return (
    <>
      <h1>Company {companyId}</h1>
      <p>
        <a href={`${href('tasks')}?company_id=${companyId}`}>Latest tasks of this company</a>
      </p>
      <RateLimit company={company.data} readOnly={readOnly} onSaved={() => void company.reload()} />
      <ChannelsSection companyId={companyId} list={channels} readOnly={readOnly} />
      <AgentsSection companyId={companyId} readOnly={readOnly} />
      {me.kind === 'admin' ? <TokensSection companyId={companyId} /> : null}
    </>
  );
}

function RateLimit(props: { company: Company; readOnly: boolean; onSaved: () => void }): JSX.Element {
  const [rate, setRate] = useState(String(props.company.rate_limit_per_second));
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api('PATCH', `/admin/companies/${props.company.id}`, { rate_limit_per_second: Number(rate) });
      setError(undefined);
      setSaved(true);
      props.onSaved();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err.fields.rate_limit_per_second ?? err.message);
    }
  };
  return (
    <form class="row" onSubmit={(e) => void save(e)}>
      <Field
        label="Rate limit (mailing requests per second)"
        value={rate}
        onInput={setRate}
        error={error}
        readOnly={props.readOnly}
      />
      {props.readOnly ? null : <button type="submit">Save rate limit</button>}
      {saved && !error ? <Notice kind="ok">Rate limit saved</Notice> : null}
    </form>
  );
}
