import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Field, Select } from '../components/field.js';

export interface Filters {
  company_id: string;
  slot_id: string;
  status: string;
  branch: string;
  recipient: string;
  /** `datetime-local` values. */
  from: string;
  to: string;
}

const STATUSES = ['', 'accepted', 'waiting', 'sending', 'sent', 'delivered', 'failed', 'no_account'];
const BRANCHES = ['', 'success', 'no_account', 'fail'];
const options = (values: string[]) => values.map((v) => ({ value: v, label: v === '' ? 'any' : v }));

/** The monitor's filters; applied on submit so typing a recipient does not query every keystroke. */
export function TaskFilters(props: {
  filters: Filters;
  onChange: (f: Filters) => void;
  fixedCompany: boolean;
}): JSX.Element {
  const [draft, setDraft] = useState(props.filters);
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  return (
    <form
      class="filters"
      aria-label="Task filters"
      onSubmit={(e) => (e.preventDefault(), props.onChange(draft))}
    >
      {props.fixedCompany ? null : (
        <Field label="Company id" value={draft.company_id} onInput={set('company_id')} />
      )}
      <Field label="Slot id" value={draft.slot_id} onInput={set('slot_id')} />
      <Select label="Status" value={draft.status} options={options(STATUSES)} onChange={set('status')} />
      <Select label="Branch" value={draft.branch} options={options(BRANCHES)} onChange={set('branch')} />
      <Field label="Recipient" value={draft.recipient} onInput={set('recipient')} placeholder="full number" />
      <Field label="Accepted from" type="datetime-local" value={draft.from} onInput={set('from')} />
      <Field label="Accepted before" type="datetime-local" value={draft.to} onInput={set('to')} />
      <button type="submit">Apply filters</button>
    </form>
  );
}
