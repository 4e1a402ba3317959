import type { BuildInput, TemplatePayload } from '../../../../activities/template-request.js';
import { buildTemplateRequest } from '../../../../activities/template-request.js';
import { DEFAULT_NAMESPACE } from '../../../../tools/mock-360dialog/defaults.js';
import type { ChannelKind, TemplateParameter } from '../../../../workflows/slot-snapshot.js';

/** The mock's WABA namespace: On-Premise sends must carry it. */
export const NAMESPACE = DEFAULT_NAMESPACE;
export const RECIPIENT = '+4915112345678';
export const RECIPIENT_DIGITS = '4915112345678';

export interface Destination {
  templateName: string;
  languageCode: string;
  namespace?: string;
  templateParameters?: TemplateParameter[];
}

/** A slot of the given channel flavour with just the parts `buildTemplateRequest` reads. */
export function slotOf(
  kind: ChannelKind,
  destination: Destination,
  parseRequestBody: BuildInput['slot']['parseRequestBody'] = [],
): BuildInput['slot'] {
  return {
    channel: { id: `channel-${kind}`, kind },
    parseRequestBody,
    destination: {
      namespace: NAMESPACE,
      templateParameters: [],
      ...destination,
    },
  };
}

/** Builds a payload that must build; fails the test with the reason otherwise. */
export function buildPayload(
  kind: ChannelKind,
  destination: Destination,
  data: Record<string, unknown> = {},
): TemplatePayload {
  const built = buildTemplateRequest({
    slot: slotOf(kind, destination),
    data,
    context: {},
    recipient: RECIPIENT,
    taskId: 'task-1',
  });
  if (!built.ok) throw new Error(`build failed: ${built.reason}`);
  return built.payload;
}
