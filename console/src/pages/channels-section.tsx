import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { Loaded } from '../api/hooks.js';
import type { Channel, ChannelCreated } from '../api/types.js';
import { Field, Select } from '../components/field.js';
import { Loading, Notice } from '../components/notice.js';
import { ChannelCard } from './channel-card.js';
import { SendRateField, sendRateBody } from './send-rate-field.js';

export const KIND_OPTIONS = [
  { value: '360dialog-cloud', label: '360dialog Cloud API' },
  { value: '360dialog', label: '360dialog On-Premise' },
];

/** A company's channels, and connecting a new one (the API key is write-only). */
export function ChannelsSection(props: {
  companyId: number;
  list: Loaded<{ channels: Channel[] }>;
  readOnly: boolean;
}): JSX.Element {
  const { list } = props;
  return (
    <section aria-labelledby="channels-heading">
      <h2 id="channels-heading">Channels</h2>
      {list.data ? (
        list.data.channels.length === 0 ? (
          <p class="muted">No channels yet.</p>
        ) : (
          list.data.channels.map((ch) => (
            <ChannelCard
              key={ch.id}
              channel={ch}
              readOnly={props.readOnly}
              onChanged={() => void list.reload()}
            />
          ))
        )
      ) : (
        <Loading error={list.error} />
      )}
      {props.readOnly ? null : (
        <NewChannel companyId={props.companyId} onCreated={() => void list.reload()} />
      )}
    </section>
  );
}

function NewChannel({ companyId, onCreated }: { companyId: number; onCreated: () => void }): JSX.Element {
  const [form, setForm] = useState({ id: '', kind: '360dialog-cloud', base_url: '', api_key: '', rate: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | undefined>();
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const { rate, ...rest } = form;
      const body = {
        ...rest,
        id: form.id || undefined,
        base_url: form.base_url || undefined,
        ...sendRateBody(rate),
      };
      const created = await api<ChannelCreated>('POST', `/admin/companies/${companyId}/channels`, body);
      setErrors({});
      setSecret(created.callback_secret);
      setForm({ id: '', kind: form.kind, base_url: '', api_key: '', rate: '' });
      onCreated();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setErrors({ ...err.fields, form: err.message });
    }
  };
  return (
    <form class="card" onSubmit={(e) => void create(e)} aria-label="New channel" noValidate>
      <h3>New channel</h3>
      <Field
        label="Channel id"
        value={form.id}
        onInput={set('id')}
        error={errors.id}
        placeholder="generated when empty"
      />
      <Select
        label="Kind"
        value={form.kind}
        options={KIND_OPTIONS}
        onChange={set('kind')}
        error={errors.kind}
      />
      <Field
        label="Base URL"
        value={form.base_url}
        onInput={set('base_url')}
        error={errors.base_url}
        placeholder="the kind's default when empty"
      />
      <SendRateField
        kind={form.kind}
        value={form.rate}
        onInput={set('rate')}
        error={errors.send_rate_per_second}
      />
      <Field
        label="API key"
        type="password"
        value={form.api_key}
        onInput={set('api_key')}
        error={errors.api_key}
        required
      />
      <button type="submit">Create channel</button>
      {errors.form && Object.keys(errors).length === 1 ? <Notice kind="error">{errors.form}</Notice> : null}
      {secret ? (
        <Notice kind="info">
          Channel created. Its generated callback secret, shown this once: <code>{secret}</code>
        </Notice>
      ) : null}
    </form>
  );
}
