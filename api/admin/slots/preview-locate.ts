import { buildTemplateRequest, type BuildInput } from '../../../activities/template-request.js';

type Slot = BuildInput['slot'];
type Destination = Slot['destination'];

const PLACEHOLDER = 'x';

/**
 * Which slot field a failed build failed in. The builder reports what went wrong and where in the
 * expression (`… at 1:12`) but not in which field, so the same exported builder is run again on
 * growing prefixes of the slot, in the order it renders them (parse rules, then template name,
 * language, namespace, parameters), with harmless literals after the prefix: the first prefix that
 * fails names the field. Pure, no I/O; a handful of builds for one preview.
 */
export function locateBuildError(input: BuildInput): string | null {
  for (const step of prefixes(input.slot)) {
    const built = buildTemplateRequest({ ...input, slot: step.slot });
    if (!built.ok) return step.field;
  }
  return null;
}

function prefixes(slot: Slot): { field: string; slot: Slot }[] {
  const placeholder: Destination = {
    templateName: PLACEHOLDER,
    languageCode: PLACEHOLDER,
    namespace: PLACEHOLDER,
    templateParameters: [],
  };
  const steps: { field: string; slot: Slot }[] = [];
  slot.parseRequestBody.forEach((_, i) => {
    steps.push({
      field: `parse_request_body.${i}.request_key`,
      slot: { ...slot, parseRequestBody: slot.parseRequestBody.slice(0, i + 1), destination: placeholder },
    });
  });
  const d = slot.destination;
  const fields: [string, Partial<Destination>][] = [
    ['destination.template_name', { templateName: d.templateName }],
    ['destination.language_code', { templateName: d.templateName, languageCode: d.languageCode }],
    [
      'destination.namespace',
      { templateName: d.templateName, languageCode: d.languageCode, namespace: d.namespace },
    ],
  ];
  for (const [field, known] of fields)
    steps.push({ field, slot: { ...slot, destination: { ...placeholder, ...known } } });
  d.templateParameters.forEach((_, i) => {
    steps.push({
      field: `destination.template_parameters.${i}.value`,
      slot: { ...slot, destination: { ...d, templateParameters: d.templateParameters.slice(0, i + 1) } },
    });
  });
  return steps;
}

/** `… at 3:14` → line 3, column 14 (the expression engine's position format). */
export function positionOf(message: string): { line: number; column: number } | null {
  const match = / at (\d+):(\d+)$/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}
