import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { Channel } from '../api/types.js';
import { Checkbox, Field, Select } from '../components/field.js';
import { Notice } from '../components/notice.js';
import { KIND_OPTIONS } from './channels-section.js';
import { SendRateField, sendRateBody } from './send-rate-field.js';

/**
 * One channel: kind, base URL, send rate and active flag are editable; the API key is write-only (a
 * new one rotates it); the callback URL is shown with a "Register callbacks" action and its result.
 */
export function ChannelCard(props: {
  channel: Channel;
  readOnly: boolean;
  onChanged: () => void;
}): JSX.Element {
  const ch = props.channel;
  const [form, setForm] = useState<{ kind: string; base_url: string; active: boolean; rate: string }>({
    kind: ch.kind,
    base_url: ch.base_url,
    active: ch.active,
    rate: String(ch.send_rate_per_second),
  });
  const [newKey, setNewKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const patch = async (body: Record<string, unknown>, done: string) => {
    try {
      await api('PATCH', `/admin/channels/${ch.id}`, body);
      setErrors({});
      setResult({ kind: 'ok', text: done });
      props.onChanged();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setErrors(err.fields);
      setResult({ kind: 'error', text: err.message });
    }
  };
  const register = async () => {
    try {
      const r = await api<{ url: string }>('POST', `/admin/channels/${ch.id}/register-callbacks`);
      setResult({ kind: 'ok', text: `Callbacks registered: 360dialog will POST to ${r.url}` });
      props.onChanged();
    } catch (err) {
      setResult({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <article class="card" aria-label={`Channel ${ch.id}`}>
      <h3>
        {ch.id} <span class="badge">{ch.active ? 'active' : 'inactive'}</span>
      </h3>
      <p>
        Callback URL: <code>{ch.callback_url}</code>{' '}
        <span class="muted">({ch.callbacks_registered ? 'registered' : 'not registered'})</span>
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const { rate, ...rest } = form;
          void patch({ ...rest, ...sendRateBody(rate) }, 'Channel saved');
        }}
      >
        <Select
          label="Kind"
          value={form.kind}
          options={KIND_OPTIONS}
          onChange={(kind) => setForm({ ...form, kind })}
          error={errors.kind}
        />
        <Field
          label="Base URL"
          value={form.base_url}
          onInput={(base_url) => setForm({ ...form, base_url })}
          error={errors.base_url}
          readOnly={props.readOnly}
        />
        <SendRateField
          kind={form.kind}
          value={form.rate}
          onInput={(rate) => setForm({ ...form, rate })}
          error={errors.send_rate_per_second}
          readOnly={props.readOnly}
        />
        <Checkbox label="Active" checked={form.active} onChange={(active) => setForm({ ...form, active })} />
        {props.readOnly ? null : <button type="submit">Save channel</button>}
      </form>
      {props.readOnly ? null : (
        <form
          class="row"
          onSubmit={(e) => (
            e.preventDefault(),
            void patch({ api_key: newKey }, 'API key rotated').then(() => setNewKey(''))
          )}
        >
          <Field
            label="New API key"
            type="password"
            value={newKey}
            onInput={setNewKey}
            error={errors.api_key}
            hint="write-only: the current key is never shown"
          />
          <button type="submit" disabled={newKey === ''}>
            Rotate API key
          </button>
          <button type="button" onClick={() => void register()}>
            Register callbacks
          </button>
        </form>
      )}
      {result ? <Notice kind={result.kind}>{result.text}</Notice> : null}
    </article>
  );
}
