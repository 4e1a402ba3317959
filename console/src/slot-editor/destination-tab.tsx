import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CatalogTemplate, SlotSettings, TemplateParameter } from '../api/types.js';
import { Field, FieldError, Select } from '../components/field.js';
import { Notice } from '../components/notice.js';
import { fromTemplate, moved, type SlotForm } from './form.js';
import { parameterLimits } from './limits.js';
import { PreviewPanel } from './preview-panel.js';
import { OrderedList, RowActions } from './rows.js';
import { TemplatePicker } from './template-picker.js';

const TYPES: { value: TemplateParameter['type']; label: string }[] = [
  { value: 'body', label: 'body' },
  { value: 'image', label: 'image' },
  { value: 'document', label: 'document' },
  { value: 'video', label: 'video' },
  { value: 'button_url', label: 'button_url' },
];

/**
 * The seed's Destination tab: Template name, Namespace (On-Premise channels only), Language code and
 * the ordered template parameters, with the seed's limits shown as the rows are edited. Issue 10
 * adds the channel's template picker above them and the preview below.
 */
export function DestinationTab(props: {
  form: SlotForm;
  set: (patch: Partial<SlotForm>) => void;
  errors: Record<string, string>;
  onPremise: boolean;
  readOnly: boolean;
  slotId: string | undefined;
  settings: () => SlotSettings;
}): JSX.Element {
  const { form, set, errors, readOnly } = props;
  const params = form.template_parameters;
  /** What each row fills in the picked template (`body {{1}}`), by place; forgotten on a hand edit of the name. */
  const [fills, setFills] = useState<{ text: string[]; picked?: string }>({ text: [] });
  const pick = (t: CatalogTemplate) => {
    set(fromTemplate(form, t, props.onPremise));
    setFills({ text: t.slot_parameters.map((p) => p.fills), picked: `${t.name} (${t.language})` });
  };
  const update = (i: number, patch: Partial<TemplateParameter>) =>
    set({ template_parameters: params.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const limits = parameterLimits(params);
  return (
    <>
      <TemplatePicker channelId={form.destination_channel.trim()} readOnly={readOnly} onPick={pick} />
      {fills.picked ? (
        <Notice kind="info">
          Filled from template {fills.picked}: {params.length} parameter row{params.length === 1 ? '' : 's'},
          one for each value the template takes. Enter their values below.
        </Notice>
      ) : null}
      <Field
        label="Template name"
        value={form.template_name}
        onInput={(template_name) => {
          set({ template_name });
          setFills({ text: [] });
        }}
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
                hint={fills.text[i] ? `Template: ${fills.text[i]}` : undefined}
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
      {readOnly ? null : <PreviewPanel slotId={props.slotId} form={form} settings={props.settings} />}
    </>
  );
}
