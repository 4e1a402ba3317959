import type { JSX } from 'preact';
import { Field, FieldError } from '../components/field.js';
import { moved, type SlotForm } from './form.js';
import { OrderedList, RowActions } from './rows.js';

/** The seed's Incoming Data tab: PARSE REQUEST BODY as ordered Context key / Request key pairs. */
export function IncomingTab(props: {
  form: SlotForm;
  set: (patch: Partial<SlotForm>) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}): JSX.Element {
  const rules = props.form.parse_request_body;
  const update = (i: number, patch: Partial<(typeof rules)[number]>) =>
    props.set({ parse_request_body: rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <fieldset>
      <legend>PARSE REQUEST BODY</legend>
      <p class="hint">
        Each pair writes a value of the mailing request into the chat context. Request key: a body key, or an
        expression such as <code>{'{{ data["customer"]["name"] }}'}</code>.
      </p>
      <OrderedList label="Context key / Request key pairs">
        {rules.map((rule, i) => (
          <li key={i} class="pair">
            <Field
              label={`Context key ${i + 1}`}
              value={rule.context_key}
              onInput={(context_key) => update(i, { context_key })}
              error={props.errors[`parse_request_body.${i}.context_key`]}
              readOnly={props.readOnly}
            />
            <Field
              label={`Request key ${i + 1}`}
              value={rule.request_key}
              onInput={(request_key) => update(i, { request_key })}
              error={props.errors[`parse_request_body.${i}.request_key`]}
              readOnly={props.readOnly}
            />
            <RowActions
              index={i}
              count={rules.length}
              what="pair"
              readOnly={props.readOnly}
              onMove={(step) => props.set({ parse_request_body: moved(rules, i, step) })}
              onRemove={() => props.set({ parse_request_body: rules.filter((_, j) => j !== i) })}
            />
          </li>
        ))}
      </OrderedList>
      <FieldError message={props.errors.parse_request_body} />
      {props.readOnly ? null : (
        <button
          type="button"
          onClick={() => props.set({ parse_request_body: [...rules, { context_key: '', request_key: '' }] })}
        >
          Add pair
        </button>
      )}
    </fieldset>
  );
}
