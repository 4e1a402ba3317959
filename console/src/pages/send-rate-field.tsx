import type { JSX } from 'preact';
import { Field } from '../components/field.js';

/** The kinds' defaults, as the service applies them (store DEFAULT_SEND_RATES; README "Send pacing"). */
export const DEFAULT_SEND_RATE: Record<string, number> = { '360dialog-cloud': 80, '360dialog': 20 };

/**
 * A channel's send rate (issue 13): the most template sends per second, all workers together. Empty
 * means the kind's default. The server judges the value (a whole number from 1 to 1000) and its
 * message is shown under the field; the forms holding it are `noValidate`, because the browser's own
 * number check would silently refuse to submit 1.5 instead.
 */
export function SendRateField(props: {
  kind: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  readOnly?: boolean;
}): JSX.Element {
  const fallback = DEFAULT_SEND_RATE[props.kind];
  return (
    <Field
      label="Send rate (messages per second)"
      type="number"
      value={props.value}
      onInput={props.onInput}
      error={props.error}
      readOnly={props.readOnly}
      placeholder={fallback === undefined ? undefined : `${fallback} (the default)`}
      hint={
        <>
          Meta’s throughput tier of the number, for all workers together. Defaults: 80/s for Cloud API (Meta’s
          default per number), 20/s for On-Premise (a safe guess for one deployment). A burst above it is
          delivered later, never dropped.
        </>
      }
    />
  );
}

/**
 * The field as the admin API takes it: nothing when empty (the default on create, unchanged on
 * edit), else the number as typed, so the server's validation message applies to what was typed.
 */
export function sendRateBody(value: string): { send_rate_per_second?: number } {
  const trimmed = value.trim();
  return trimmed === '' ? {} : { send_rate_per_second: Number(trimmed) };
}
