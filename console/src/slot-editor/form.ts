import type { ParseRule, Slot, SlotSettings, TemplateParameter } from '../api/types.js';

/** The editor's state: the slot settings exactly as the admin API takes them. */
export interface SlotForm {
  name: string;
  destination_channel: string;
  parse_request_body: ParseRule[];
  template_name: string;
  namespace: string;
  language_code: string;
  template_parameters: TemplateParameter[];
  branch_hooks: SlotSettings['branch_hooks'];
}

/**
 * Cloud API channels take no namespace (SPEC §2 [decided]) but the seed's rule still requires the
 * field, so the editor hides it for them and sends this marker when it is empty.
 */
export const CLOUD_NAMESPACE = 'unused-by-cloud-api';

export const emptyForm = (channel = ''): SlotForm => ({
  name: '',
  destination_channel: channel,
  parse_request_body: [],
  template_name: '',
  namespace: '',
  language_code: '',
  template_parameters: [],
  branch_hooks: {},
});

export function toForm(slot: Slot): SlotForm {
  return {
    name: slot.name,
    destination_channel: slot.destination_channel,
    parse_request_body: slot.parse_request_body,
    template_name: slot.destination.template_name,
    namespace: slot.destination.namespace,
    language_code: slot.destination.language_code,
    template_parameters: slot.destination.template_parameters,
    branch_hooks: slot.branch_hooks,
  };
}

export function toSettings(form: SlotForm, cloud: boolean): SlotSettings {
  return {
    name: form.name,
    destination_channel: form.destination_channel,
    parse_request_body: form.parse_request_body,
    destination: {
      template_name: form.template_name,
      namespace: cloud && form.namespace.trim() === '' ? CLOUD_NAMESPACE : form.namespace,
      language_code: form.language_code,
      template_parameters: form.template_parameters,
    },
    branch_hooks: form.branch_hooks,
  };
}

export type TabId = 'general' | 'incoming' | 'destination';

/** Which tab shows a server error's field, so that tab can be flagged. */
export function tabOf(field: string): TabId {
  if (field.startsWith('parse_request_body')) return 'incoming';
  if (field.startsWith('destination.') || field.startsWith('branch_hooks')) return 'destination';
  return 'general';
}

/** Moves item `from` one step up (-1) or down (+1); a pure helper for the ordered rows. */
export function moved<T>(items: T[], from: number, step: -1 | 1): T[] {
  const to = from + step;
  if (to < 0 || to >= items.length) return items;
  const copy = [...items];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

/**
 * What picking a catalog template writes into the form: its name, language and (On-Premise) namespace,
 * and one parameter row per value a send must give, in the template's order (the API's
 * `slot_parameters`). A row's value is kept when the row at that place already had the same type,
 * so picking again does not wipe what was typed.
 */
export function fromTemplate(
  form: SlotForm,
  template: {
    name: string;
    language: string;
    namespace: string | null;
    slot_parameters: { type: TemplateParameter['type'] }[];
  },
  onPremise: boolean,
): Partial<SlotForm> {
  return {
    template_name: template.name,
    language_code: template.language,
    namespace: onPremise ? (template.namespace ?? '') : form.namespace,
    template_parameters: template.slot_parameters.map((p, i) => {
      const before = form.template_parameters[i];
      return { type: p.type, value: before?.type === p.type ? before.value : '' };
    }),
  };
}
