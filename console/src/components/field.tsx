import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  value: string;
  onInput?: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  /** Shows `n / max` (the seed's 40-character Name). */
  counter?: number;
  type?: string;
  placeholder?: string;
  hint?: ComponentChildren;
  autoComplete?: string;
}

/** A labelled input whose server error is read out with it (aria-describedby) and shown under it. */
export function Field(props: FieldProps): JSX.Element {
  const id = useId();
  const describedBy = [props.error ? `${id}-error` : '', props.hint ? `${id}-hint` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true">*</span> : null}
      </label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        readOnly={props.readOnly}
        aria-required={props.required ? 'true' : undefined}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => props.onInput?.(e.currentTarget.value)}
      />
      {props.counter !== undefined ? (
        <span class="counter" aria-live="polite">
          {[...props.value].length} / {props.counter}
        </span>
      ) : null}
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function FieldError({
  id,
  message,
}: {
  id?: string;
  message?: string | undefined;
}): JSX.Element | null {
  return message ? (
    <span class="error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

interface SelectProps {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
}

export function Select(props: SelectProps): JSX.Element {
  const id = useId();
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true">*</span> : null}
      </label>
      <select
        id={id}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function Checkbox(props: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}): JSX.Element {
  const id = useId();
  return (
    <div class="field checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}
