/**
 * The template check (issue 10): does a slot's destination fit an approved template of its channel?
 * Pure: the caller passes the channel's template list. It follows exactly how
 * `activities/template-request.ts` turns a slot into a payload, so it reports what 360dialog would
 * refuse (132000 count, 132001 unknown or unapproved template, 132012 format) and nothing else:
 * - the one media parameter fills the header (`header` component, its type must be the header's format);
 * - `body` parameters fill the body's `{{n}}` variables, in order, all of them or none;
 * - the k-th `button_url` parameter is sent as a URL button with index k (the phone form
 *   `wa.me/+…` too: phone-number buttons take no send-time value, so it can only ever be a URL suffix).
 * Where the name or the language is an expression, the template is not known before a request
 * arrives: the check says so and guesses nothing.
 */
import { isExpression } from '../lib/expressions/index.js';
import type { ChannelKind, TemplateParameter } from '../workflows/slot-snapshot.js';
import { CHECK_MESSAGES as M, type TemplateRef } from './check-messages.js';
import {
  bodyTextOf,
  buttonsOf,
  type CatalogTemplate,
  headerOf,
  isDynamicUrl,
  MEDIA_FORMATS,
  variablesOf,
} from './template-model.js';

export interface Finding {
  /** `error`: every send would fail, training refuses. `warning`: worth knowing, never blocks. */
  severity: 'error' | 'warning';
  /** The slot field, as validation errors name it (`destination.language_code`). */
  field: string;
  message: string;
}

export interface SlotDestination {
  templateName: string;
  namespace: string;
  languageCode: string;
  templateParameters: TemplateParameter[];
}

const F = {
  name: 'destination.template_name',
  language: 'destination.language_code',
  namespace: 'destination.namespace',
  parameters: 'destination.template_parameters',
  parameter: (i: number, part: 'type' | 'value') => `destination.template_parameters.${i}.${part}`,
};
const error = (field: string, message: string): Finding => ({ severity: 'error', field, message });
const warning = (field: string, message: string): Finding => ({ severity: 'warning', field, message });

/** The findings for one slot against its channel's templates; `[]` means it fits. */
export function checkSlotTemplate(
  destination: SlotDestination,
  kind: ChannelKind,
  templates: readonly CatalogTemplate[],
): Finding[] {
  const found = findTemplate(destination, kind, templates);
  if (!('template' in found)) return found.findings;
  return [...found.findings, ...checkComponents(found.template, destination.templateParameters)];
}

type Lookup = { template: CatalogTemplate; findings: Finding[] } | { findings: Finding[] };

function findTemplate(d: SlotDestination, kind: ChannelKind, templates: readonly CatalogTemplate[]): Lookup {
  if (isExpression(d.templateName)) return { findings: [warning(F.name, M.expressionName)] };
  const name = d.templateName.trim();
  const named = templates.filter((t) => t.name === name);
  const approvedLanguages = [...new Set(named.filter(approved).map((t) => t.language))].sort();
  if (named.length === 0 || (isExpression(d.languageCode) && approvedLanguages.length === 0)) {
    return { findings: [error(F.name, M.noSuchName(name))] };
  }
  if (isExpression(d.languageCode)) return { findings: [warning(F.language, M.expressionLanguage(name))] };
  const language = d.languageCode.trim();
  const inLanguage = named.filter((t) => t.language === language);
  const [first] = inLanguage;
  if (first === undefined) {
    return { findings: [error(F.language, M.noSuchLanguage(name, language, approvedLanguages))] };
  }
  const onPremise = kind === '360dialog';
  const namespace = d.namespace.trim();
  const literalNamespace = onPremise && !isExpression(d.namespace);
  // The same name and language under two namespaces: prefer the one the slot names.
  const template =
    (literalNamespace ? inLanguage.find((t) => t.namespace === namespace && approved(t)) : undefined) ??
    inLanguage.find(approved) ??
    first;
  const ref = { name, language };
  if (!approved(template)) return { findings: [error(F.name, M.notApproved(ref, template.status))] };
  const findings: Finding[] = [];
  if (onPremise && !literalNamespace) findings.push(warning(F.namespace, M.expressionNamespace(ref)));
  if (literalNamespace && template.namespace !== null && template.namespace !== namespace) {
    findings.push(error(F.namespace, M.namespace(ref, template.namespace, namespace)));
  }
  return { template, findings };
}

const approved = (t: CatalogTemplate) => t.status === 'approved';
const article = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word.toLowerCase()}`;

function checkComponents(template: CatalogTemplate, parameters: TemplateParameter[]): Finding[] {
  const ref = { name: template.name, language: template.language };
  const indexed = parameters.map((p, i) => ({ ...p, i }));
  return [
    ...checkHeader(template, ref, indexed),
    ...checkBody(template, ref, indexed),
    ...checkButtons(template, ref, indexed),
  ];
}

type Indexed = TemplateParameter & { i: number };

function checkHeader(template: CatalogTemplate, ref: TemplateRef, params: Indexed[]): Finding[] {
  const header = headerOf(template);
  const media = params.find((p) => p.type === 'image' || p.type === 'document' || p.type === 'video');
  const format = header?.format.toUpperCase();
  if (format !== undefined && MEDIA_FORMATS.has(format)) {
    if (media === undefined) return [error(F.parameters, M.mediaMissing(ref, format))];
    if (media.type.toUpperCase() !== format) {
      return [error(F.parameter(media.i, 'type'), M.mediaWrongType(ref, format, media.type, media.i))];
    }
    return [];
  }
  const findings: Finding[] = [];
  const headerVariables = variablesOf(header?.text);
  if (format === 'TEXT' && headerVariables.length > 0) {
    findings.push(
      error(F.name, M.headerUnfillable(ref, `a text header with a variable ('${header?.text ?? ''}')`)),
    );
  } else if (format !== undefined && format !== 'TEXT') {
    findings.push(error(F.name, M.headerUnfillable(ref, `${article(format)} header`)));
  }
  if (media !== undefined) {
    findings.push(error(F.parameter(media.i, 'type'), M.mediaUnwanted(ref, format, media.type, media.i)));
  }
  return findings;
}

function checkBody(template: CatalogTemplate, ref: TemplateRef, params: Indexed[]): Finding[] {
  const expected = variablesOf(bodyTextOf(template));
  const given = params.filter((p) => p.type === 'body').length;
  return given === expected.length ? [] : [error(F.parameters, M.bodyCount(ref, expected, given))];
}

const BUTTON_KINDS: Record<string, string> = {
  URL: 'a URL button',
  PHONE_NUMBER: 'a phone-number button',
  QUICK_REPLY: 'a quick-reply button',
  COPY_CODE: 'a copy-code button',
};
const kindOf = (type: string) => BUTTON_KINDS[type] ?? `a ${type.toLowerCase().replace(/_/g, '-')} button`;

function checkButtons(template: CatalogTemplate, ref: TemplateRef, params: Indexed[]): Finding[] {
  const buttons = buttonsOf(template);
  const sent = params.filter((p) => p.type === 'button_url');
  const findings: Finding[] = [];
  sent.forEach((p, index) => {
    const button = buttons[index];
    const position = index + 1;
    const value = p.value.trim();
    const phoneForm = value.toLowerCase().startsWith('wa.me/');
    const field = F.parameter(p.i, 'value');
    if (button === undefined) findings.push(error(field, M.noButton(ref, position, p.i)));
    else if (isDynamicUrl(button)) {
      if (phoneForm)
        findings.push(warning(field, M.phoneAsUrlSuffix(ref, position, button.text, value, p.i)));
    } else if (button.type === 'PHONE_NUMBER') {
      findings.push(error(field, M.phoneButton(ref, position, button.text, button.phone_number, value, p.i)));
    } else
      findings.push(error(field, M.notUrlVariable(ref, position, button.text, kindOf(button.type), p.i)));
  });
  buttons.forEach((button, index) => {
    if (index < sent.length) return;
    if (isDynamicUrl(button)) {
      findings.push(error(F.parameters, M.dynamicUrlMissing(ref, index + 1, button.text, button.url ?? '')));
    }
  });
  buttons.forEach((button, index) => {
    // A copy-code button needs its code at send time (sub_type copy_code), which no slot parameter gives.
    if (button.type === 'COPY_CODE') {
      findings.push(error(F.name, M.unfillableButton(ref, index + 1, button.text, kindOf(button.type))));
    }
  });
  return findings;
}
