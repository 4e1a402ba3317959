import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Channel, Slot } from '../api/types.js';
import { Field, Select } from '../components/field.js';
import { Notice } from '../components/notice.js';
import type { SlotForm } from './form.js';

interface Props {
  form: SlotForm;
  set: (patch: Partial<SlotForm>) => void;
  errors: Record<string, string>;
  channels: Channel[];
  slot: Slot | undefined;
  readOnly: boolean;
  onGenerate: () => Promise<void>;
}

/**
 * The seed's General tab: Name (required, at most 40, with a counter), Destination channel,
 * Chatbot webhook (read-only, empty until the first save), its copy button and GENERATE NEW WEBHOOK
 * (both disabled while the webhook is empty).
 */
export function GeneralTab({ form, set, errors, channels, slot, readOnly, onGenerate }: Props): JSX.Element {
  const [notice, setNotice] = useState<string | undefined>();
  const webhook = slot?.webhook ?? '';
  const copy = async () => {
    if (!slot) return;
    await copyText(slot.webhook_url);
    setNotice(`Copied the mailing-request URL: ${slot.webhook_url}`);
  };
  const generate = async () => {
    await onGenerate();
    setNotice(
      'A new webhook was generated. It starts working, and the old one stops, at the next training of the agent.',
    );
  };
  const options = [
    { value: '', label: 'Choose a channel' },
    ...channels.map((c) => ({ value: c.id, label: `${c.id} (${c.kind})` })),
  ];
  return (
    <>
      <Field
        label="Name"
        value={form.name}
        onInput={(name) => set({ name })}
        error={errors.name}
        counter={40}
        required
        readOnly={readOnly}
      />
      <Select
        label="Destination channel"
        value={form.destination_channel}
        options={options}
        onChange={(destination_channel) => set({ destination_channel })}
        error={errors.destination_channel}
        required
      />
      <Field
        label="Chatbot webhook"
        value={webhook}
        readOnly
        hint={webhook ? 'Starts working after the agent’s next training.' : 'Appears after the first save.'}
      />
      <div class="row">
        <button type="button" disabled={webhook === ''} onClick={() => void copy()}>
          Copy webhook URL
        </button>
        <button type="button" disabled={webhook === '' || readOnly} onClick={() => void generate()}>
          GENERATE NEW WEBHOOK
        </button>
      </div>
      {notice ? <Notice kind="info">{notice}</Notice> : null}
    </>
  );
}

/** The async clipboard API, or the selection fallback where it is unavailable (plain http). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}
