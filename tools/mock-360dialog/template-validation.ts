import type { TemplateButton, TemplateFixture } from './schemas.js';
import { bodyTextOf, buttonsOf, countVariables, headerOf, isDynamicUrlButton } from './templates.js';

/**
 * Why a template send does not fit its template: `count` maps to 132000/2000, `format` to
 * 132012/2012, `invalid` (malformed components) to 100/1009.
 */
export type TemplateProblem = { kind: 'count' | 'format' | 'invalid'; details: string };

interface SentComponent {
  type: string;
  subType: string | undefined;
  index: unknown;
  parameters: Record<string, unknown>[];
}

/** Checks a send's `template.components` against the approved template, component by component. */
export function validateTemplateParams(
  template: TemplateFixture,
  components: unknown,
): TemplateProblem | null {
  if (components !== undefined && !Array.isArray(components)) {
    return { kind: 'invalid', details: 'template.components must be an array' };
  }
  const sent = ((components ?? []) as unknown[]).map(toSentComponent);
  if (sent.some((c) => c === null)) return { kind: 'invalid', details: 'every component needs a type' };
  const parts = sent as SentComponent[];
  return (
    checkHeader(
      template,
      parts.find((c) => c.type === 'header'),
    ) ??
    checkBody(
      template,
      parts.find((c) => c.type === 'body'),
    ) ??
    checkButtons(
      buttonsOf(template),
      parts.filter((c) => c.type === 'button'),
    )
  );
}

function toSentComponent(value: unknown): SentComponent | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  if (typeof c.type !== 'string') return null;
  const parameters = Array.isArray(c.parameters) ? (c.parameters as Record<string, unknown>[]) : [];
  const subType = typeof c.sub_type === 'string' ? c.sub_type.toLowerCase() : undefined;
  return { type: c.type.toLowerCase(), subType, index: c.index, parameters };
}

function mismatch(component: string, got: number, expected: number): TemplateProblem {
  return {
    kind: 'count',
    details: `${component}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  };
}

function checkHeader(template: TemplateFixture, sent: SentComponent | undefined): TemplateProblem | null {
  const header = headerOf(template);
  const isMedia = header !== undefined && header.format !== 'TEXT';
  const expected = header === undefined ? 0 : isMedia ? 1 : countVariables(header.text);
  const got = sent?.parameters.length ?? 0;
  if (got !== expected) return mismatch('header', got, expected);
  const param = sent?.parameters[0];
  if (isMedia && param !== undefined && param.type !== header.format.toLowerCase()) {
    return {
      kind: 'format',
      details: `header: Format mismatch, expected ${header.format}, received ${String(param.type).toUpperCase()}`,
    };
  }
  return null;
}

function checkBody(template: TemplateFixture, sent: SentComponent | undefined): TemplateProblem | null {
  const expected = countVariables(bodyTextOf(template));
  const got = sent?.parameters.length ?? 0;
  // Sending a body component (even empty) to a template without variables is itself a mismatch (§2.3).
  if (got !== expected || (sent !== undefined && expected === 0)) return mismatch('body', got, expected);
  return null;
}

/** `index` is documented as a string but integers work too (§2.3); accept both. */
function parseIndex(index: unknown): number | null {
  if (typeof index === 'number' && Number.isInteger(index)) return index;
  if (typeof index === 'string' && /^\d+$/.test(index)) return Number(index);
  return null;
}

const SUB_TYPES: Record<TemplateButton['type'], string> = {
  URL: 'url',
  QUICK_REPLY: 'quick_reply',
  COPY_CODE: 'copy_code',
  PHONE_NUMBER: 'phone_number',
};

function checkButtons(buttons: TemplateButton[], sent: SentComponent[]): TemplateProblem | null {
  const seen = new Set<number>();
  for (const component of sent) {
    const index = parseIndex(component.index);
    if (index === null) return { kind: 'invalid', details: 'button component needs an integer index' };
    const button = buttons[index];
    const label = `buttons[${index}]`;
    if (button === undefined) return mismatch(label, component.parameters.length, 0);
    seen.add(index);
    const takesParam =
      isDynamicUrlButton(button) || button.type === 'QUICK_REPLY' || button.type === 'COPY_CODE';
    if (!takesParam) return mismatch(`${label} (${button.type})`, component.parameters.length, 0);
    const expectedSubType = SUB_TYPES[button.type];
    if (component.subType !== expectedSubType) {
      return {
        kind: 'format',
        details: `${label}: sub_type must be ${expectedSubType} for a ${button.type} button`,
      };
    }
    if (component.parameters.length !== 1) return mismatch(label, component.parameters.length, 1);
  }
  // Quick-reply params are optional (the payload then defaults to the label); a dynamic URL suffix
  // and a copy-code button's code are not.
  const missing = buttons.findIndex(
    (button, index) => (isDynamicUrlButton(button) || button.type === 'COPY_CODE') && !seen.has(index),
  );
  return missing >= 0 ? mismatch(`buttons[${missing}]`, 0, 1) : null;
}
