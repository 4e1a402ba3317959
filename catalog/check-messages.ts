/**
 * The words of the template check. Each names the template and the slot field the admin must look
 * at (the label in brackets is what the slot editor calls it), so a refused training reads like an
 * instruction, not like a 360dialog error code.
 */
const FIELD = {
  name: 'Template name',
  language: 'Language code',
  namespace: 'Namespace',
  parameters: 'Template parameters',
  channel: 'Destination channel',
} as const;
const param = (i: number) => `Template parameter ${i + 1}`;
const a = (format: string) =>
  /^[aeiou]/i.test(format) ? `an ${format.toLowerCase()}` : `a ${format.toLowerCase()}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (items: string[]) => items.map((i) => `'${i}'`).join(', ');

export interface TemplateRef {
  name: string;
  language: string;
}
const t = (ref: TemplateRef) => `Template '${ref.name}' (${ref.language})`;

export const CHECK_MESSAGES = {
  noSuchName: (name: string) => `The channel has no approved template '${name}' (${FIELD.name})`,
  noSuchLanguage: (name: string, language: string, languages: string[]) =>
    `The channel has no approved template '${name}' in language '${language}' (${FIELD.language})` +
    (languages.length > 0 ? `; it has '${name}' in ${list(languages)}` : ''),
  notApproved: (ref: TemplateRef, status: string) =>
    `${t(ref)} is ${status}, not approved, so WhatsApp refuses to send it (${FIELD.name})`,
  namespace: (ref: TemplateRef, expected: string, given: string) =>
    `${t(ref)} belongs to namespace '${expected}', not '${given}' (${FIELD.namespace})`,
  mediaMissing: (ref: TemplateRef, format: string) =>
    `${t(ref)} has ${a(format)} header: add one ${format.toLowerCase()} parameter (${FIELD.parameters})`,
  mediaWrongType: (ref: TemplateRef, format: string, given: string, i: number) =>
    `${t(ref)} has ${a(format)} header, not ${a(given)} (${param(i)}, type)`,
  mediaUnwanted: (ref: TemplateRef, header: string | undefined, given: string, i: number) =>
    `${t(ref)} has ${header === undefined ? 'no header' : `${a(header)} header`}, so it takes no ${given}: remove this parameter (${param(i)})`,
  headerUnfillable: (ref: TemplateRef, what: string) =>
    `${t(ref)} has ${what}, which a notification slot cannot fill, so every send would fail: choose another template (${FIELD.name})`,
  bodyCount: (ref: TemplateRef, expected: string[], given: number) =>
    `${t(ref)} has ${plural(expected.length, 'body variable')}${expected.length > 0 ? ` (${expected.map((v) => `{{${v}}}`).join(', ')})` : ''}; the slot gives ${plural(given, 'body parameter')} (${FIELD.parameters})`,
  noButton: (ref: TemplateRef, position: number, i: number) =>
    `${t(ref)} has no button ${position}, but this button_url parameter would be sent for button ${position} (${param(i)})`,
  phoneButton: (
    ref: TemplateRef,
    position: number,
    label: string,
    phone: string | undefined,
    value: string,
    i: number,
  ) =>
    `${t(ref)}: button ${position} '${label}' is a phone-number button; its number${phone ? ` (${phone})` : ''} is fixed in the template and WhatsApp takes no value for it, but the slot sends '${value}' for it: remove this parameter (${param(i)})`,
  notUrlVariable: (ref: TemplateRef, position: number, label: string, kind: string, i: number) =>
    `${t(ref)}: button ${position} '${label}' is ${kind}, not a URL with a variable, so it takes no value, but this button_url parameter would be sent for it: remove it (${param(i)})`,
  dynamicUrlMissing: (ref: TemplateRef, position: number, label: string, url: string) =>
    `${t(ref)}: button ${position} '${label}' opens a URL with a variable (${url}); add a button_url parameter for it (${FIELD.parameters})`,
  unfillableButton: (ref: TemplateRef, position: number, label: string, kind: string) =>
    `${t(ref)}: button ${position} '${label}' is ${kind}, which needs a value a notification slot cannot provide, so every send would fail: choose another template (${FIELD.name})`,
  phoneAsUrlSuffix: (ref: TemplateRef, position: number, label: string, value: string, i: number) =>
    `${t(ref)}: button ${position} '${label}' is a URL button; '${value}' becomes the end of its URL, not a phone number (${param(i)})`,
  expressionName: `The template could not be checked: its name is an expression, known only when a request arrives (${FIELD.name})`,
  expressionLanguage: (name: string) =>
    `Template '${name}' could not be checked: the language code is an expression, known only when a request arrives (${FIELD.language})`,
  expressionNamespace: (ref: TemplateRef) =>
    `${t(ref)}: the namespace is an expression, known only when a request arrives, so it could not be checked (${FIELD.namespace})`,
  unavailable: (reason: string) =>
    `The template could not be checked: the channel's template list could not be read (${reason}) and none is stored (${FIELD.channel})`,
  cached: (reason: string, age: string, at: string) =>
    `The channel's template list could not be read now (${reason}); the template was checked against the list read ${age} (${at}), and what it found is reported as warnings only (${FIELD.channel})`,
} as const;

/** "3 minutes ago", "2 hours ago", "4 days ago": the age of a cached list, in words. */
export function ageInWords(from: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (seconds < 90) return `${seconds} seconds ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours ago`;
  return `${Math.round(hours / 24)} days ago`;
}
