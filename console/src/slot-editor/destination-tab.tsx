import type { JSX } from 'preact';
import type { TemplateParameter } from '../api/types.js';
import { Field, FieldError, Select } from '../components/field.js';
import { moved, type SlotForm } from './form.js';
import { parameterLimits } from './limits.js';
import { OrderedList, RowActions } from './rows.js';

const TYPES: { value: TemplateParameter['type']; label: string }[] = [
  { value: 'body', label: 'body' },
  { value: 'image', label: 'image' },
  { value: 'document', label: 'document' },
  { value: 'video', label: 'video' },
  { value: 'button_url', label: 'button_url' },
];

/**
 * The seed's Destination tab: Template name, Namespace (On-Premise channels only), Language code and
 * the ordered template parameters, with the seed's limits shown as the rows are edited.
 */
export function DestinationTab(props: {
  form: SlotForm;
  set: (patch: Partial<SlotForm>) => void;
  errors: Record<string, string>;
  onPremise: boolean;
  readOnly: boolean;
}): JSX.Element {
  const { form, set, errors, readOnly } = props;
  const params = form.template_parameters;
  const update = (i: number, patch: Partial<TemplateParameter>) =>
    set({ template_parameters: params.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const limits = parameterLimits(params);
  return (
    <>
      <Field
        label="Template name"
        value={form.template_name}
        onInput={(template_name) => set({ template_name })}
        error={errors['destination.template_name']}
        required
        readOnly={readOnly}
      />
      {props.onPremise ? (
        <Field
          label="Namespace"
          value={form.namespace}
          onInput={(namespace) => set({ namespace })}
          error={errors['destination.namespace']}
          required
          readOnly={readOnly}
        />
      ) : null}
      <Field
        label="Language code"
        value={form.language_code}
        onInput={(language_code) => set({ language_code })}
        error={errors['destination.language_code']}
        required
        readOnly={readOnly}
      />
      <fieldset>
        <legend>Template parameters</legend>
        <p class="hint">
          In the template’s order. At most one media (image, document or video), one URL button and one phone
          button (wa.me/+79831249701).
        </p>
        <OrderedList label="Template parameters">
          {params.map((p, i) => (
            <li key={i} class="pair">
              <Select
                label={`Parameter ${i + 1} type`}
                value={p.type}
                options={TYPES}
                onChange={(type) => update(i, { type: type as TemplateParameter['type'] })}
                error={errors[`destination.template_parameters.${i}.type`] ?? limits[i]?.type}
              />
              <Field
                label={`Parameter ${i + 1} value`}
                value={p.value}
                onInput={(value) => update(i, { value })}
                error={errors[`destination.template_parameters.${i}.value`] ?? limits[i]?.value}
                readOnly={readOnly}
              />
              <RowActions
                index={i}
                count={params.length}
                what="parameter"
                readOnly={readOnly}
                onMove={(step) => set({ template_parameters: moved(params, i, step) })}
                onRemove={() => set({ template_parameters: params.filter((_, j) => j !== i) })}
              />
            </li>
          ))}
        </OrderedList>
        <FieldError message={errors['destination.template_parameters']} />
        {readOnly ? null : (
          <button
            type="button"
            onClick={() => set({ template_parameters: [...params, { type: 'body', value: '' }] })}
          >
            Add parameter
          </button>
        )}
      </fieldset>
    </>
  );
}
