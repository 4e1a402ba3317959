import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import type { Company } from '../api/types.js';
import { Field } from '../components/field.js';
import { Loading, Notice } from '../components/notice.js';
import { href } from '../router.js';

/** The admin's list of tenants, and creating one (id and rate limit). */
export function CompaniesPage(): JSX.Element {
  const list = useGet<{ companies: Company[] }>('/admin/companies');
  const [id, setId] = useState('');
  const [rate, setRate] = useState('20');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | undefined>();
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', '/admin/companies', { id: Number(id), rate_limit_per_second: Number(rate) });
      setErrors({});
      setNotice(`Company ${id} created`);
      setId('');
      await list.reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setErrors({ ...err.fields, form: err.message });
    }
  };
  return (
    <>
      <h1>Companies</h1>
      {list.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Company</th>
              <th scope="col">Rate limit (requests/s)</th>
            </tr>
          </thead>
          <tbody>
            {list.data.companies.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={href('companies', c.id)}>Company {c.id}</a>
                </td>
                <td>{c.rate_limit_per_second}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Loading error={list.error} />
      )}
      <h2>New company</h2>
      <form class="row" onSubmit={(e) => void create(e)}>
        <Field label="Company id" value={id} onInput={setId} error={errors.id} required />
        <Field
          label="Rate limit (requests/s)"
          value={rate}
          onInput={setRate}
          error={errors.rate_limit_per_second}
        />
        <button type="submit">Create company</button>
      </form>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      {errors.form && !errors.id ? <Notice kind="error">{errors.form}</Notice> : null}
    </>
  );
}
