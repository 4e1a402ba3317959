/**
 * Step 1 of a task, "build" (SPEC sections 2 and 4): parse the request body into chat variables,
 * render the slot's expressions, and assemble the 360dialog template request of the channel's
 * flavour. Pure: no I/O, so every rule is unit-tested directly.
 */
import type { ChatContext } from '../workflows/messages.js';
import type { ChannelKind, ParseRule, SlotSnapshot, TemplateParameter } from '../workflows/slot-snapshot.js';
import {
  compileExpression,
  createBudget,
  ExpressionError,
  isExpression,
  type Budget,
} from '../lib/expressions/index.js';
import { defaultBuildLimits, type BuildLimits } from './build-limits.js';

export interface BuildInput {
  slot: Pick<SlotSnapshot, 'parseRequestBody' | 'destination' | 'channel'>;
  /** The mailing request body: `data` in expressions. */
  data: Record<string, unknown>;
  context: ChatContext;
  recipient: string;
  /** Echoed by Cloud status callbacks (`biz_opaque_callback_data`): handy for correlation. */
  taskId: string;
}

export type BuildResult =
  | { ok: true; payload: TemplatePayload; contextUpdates: ChatContext }
  | { ok: false; reason: string; contextUpdates: ChatContext };

type MediaType = 'image' | 'document' | 'video';
type PayloadParameter = { type: 'text'; text: string } | { type: MediaType; [media: string]: unknown };
interface Component {
  type: 'header' | 'body' | 'button';
  sub_type?: 'url';
  index?: string;
  parameters: PayloadParameter[];
}

/** The JSON body of `POST /v1/messages` (On-Premise) or `POST /messages` (Cloud). */
export interface TemplatePayload {
  messaging_product?: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'template';
  template: {
    namespace?: string;
    name: string;
    language: { policy: 'deterministic'; code: string };
    components: Component[];
  };
  biz_opaque_callback_data?: string;
}

/**
 * Builds the request of one task. Every template of the slot shares one budget (steps, value size,
 * wall-clock time); each value stored in the chat context and the whole result are capped in
 * serialised size, so nothing this returns can overflow workflow history. An exceeded bound is a
 * failed build (`ok: false`, the bound named in `reason`), never a throw, so it is never retried.
 */
export function buildTemplateRequest(input: BuildInput, overrides: Partial<BuildLimits> = {}): BuildResult {
  const limits = { ...defaultBuildLimits, ...overrides };
  const budget = createBudget(
    {
      maxSteps: limits.maxSteps,
      maxOutputLength: limits.maxValueLength,
      maxTemplateLength: limits.maxTemplateLength,
    },
    { at: Date.now() + limits.timeLimitMs, ms: limits.timeLimitMs, now: Date.now },
  );
  const size = new ResultSize(limits);
  const contextUpdates: ChatContext = {};
  try {
    for (const rule of input.slot.parseRequestBody) {
      const value = parseRule(rule, input.data, { ...input.context, ...contextUpdates }, budget);
      if (value === undefined) continue;
      size.addContextValue(rule.contextKey, budget.sizeOf(value, undefined, limits.maxContextValueLength));
      contextUpdates[rule.contextKey] = value;
    }
    const vars = { ...input.context, ...contextUpdates, data: input.data };
    const render = (template: string) =>
      size.addText(compileExpression(template, undefined, budget).render(vars, budget));
    const payload = templatePayload(input, render);
    size.checkResult({ payload, contextUpdates });
    return { ok: true, payload, contextUpdates };
  } catch (err) {
    if (err instanceof ExpressionError || err instanceof BuildError) {
      return { ok: false, reason: err.message, contextUpdates };
    }
    throw err;
  }
}

/** Keeps the running serialised size of a build's result against its caps. */
class ResultSize {
  private total = 0;

  constructor(private readonly limits: BuildLimits) {}

  addContextValue(key: string, length: number): void {
    if (length > this.limits.maxContextValueLength) {
      throw new BuildError(
        `Context value "${key}" exceeds the limit of ${this.limits.maxContextValueLength} characters (serialised)`,
      );
    }
    this.add(length + key.length + 4);
  }

  addText(text: string): string {
    this.add(text.length + 16);
    return text;
  }

  /** The exact check, once every part is known to be small enough to serialise cheaply. */
  checkResult(result: unknown): void {
    this.total = 0;
    this.add(JSON.stringify(result).length);
  }

  private add(length: number): void {
    this.total += length;
    if (this.total > this.limits.maxResultLength) {
      throw new BuildError(
        `Request exceeds the limit of ${this.limits.maxResultLength} characters (payload and context updates, serialised)`,
      );
    }
  }
}

/** A required field rendered empty: SPEC "failed to build request". */
export class BuildError extends Error {
  override name = 'BuildError';
}

/** `request_key` is a top-level key of the body, or an expression (whose value may be an object). */
function parseRule(
  rule: ParseRule,
  data: Record<string, unknown>,
  context: ChatContext,
  budget: Budget,
): unknown {
  if (isExpression(rule.requestKey)) {
    return compileExpression(rule.requestKey, undefined, budget).evaluate({ ...context, data }, budget);
  }
  return Object.prototype.hasOwnProperty.call(data, rule.requestKey) ? data[rule.requestKey] : undefined;
}

function templatePayload(input: BuildInput, render: (template: string) => string): TemplatePayload {
  const { destination, channel } = input.slot;
  const name = required('template_name', render(destination.templateName));
  const code = required('language_code', render(destination.languageCode));
  const cloud = channel.kind === '360dialog-cloud';
  const digits = input.recipient.replace(/\D/g, '');
  return {
    ...(cloud ? { messaging_product: 'whatsapp' as const } : {}),
    recipient_type: 'individual',
    // Cloud wants `+` and the country code; On-Premise clients send bare digits.
    to: cloud ? `+${digits}` : digits,
    type: 'template',
    template: {
      // The namespace is On-Premise only; Cloud rejects nothing but ignores it, so it is left out.
      ...(cloud ? {} : { namespace: required('namespace', render(destination.namespace)) }),
      name,
      language: { policy: 'deterministic', code },
      components: components(destination.templateParameters, render),
    },
    ...(cloud ? { biz_opaque_callback_data: input.taskId } : {}),
  };
}

function required(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new BuildError(`${field} rendered empty`);
  return trimmed;
}

/**
 * Slot parameters in template order → components: the media header, body texts in order, and one
 * URL button per `button_url` parameter whose index is its position among the slot's buttons (the
 * SPEC's phone form `wa.me/+…` is a URL button whose suffix is that text).
 */
export function components(
  parameters: TemplateParameter[],
  render: (template: string) => string,
): Component[] {
  const header: PayloadParameter[] = [];
  const body: PayloadParameter[] = [];
  const buttons: Component[] = [];
  for (const parameter of parameters) {
    const value = render(parameter.value);
    if (parameter.type === 'body') body.push({ type: 'text', text: value });
    else if (parameter.type === 'button_url') {
      buttons.push({
        type: 'button',
        sub_type: 'url',
        index: String(buttons.length),
        parameters: [{ type: 'text', text: value }],
      });
    } else header.push({ type: parameter.type, [parameter.type]: { link: value.trim() } });
  }
  return [
    ...(header.length > 0 ? [{ type: 'header' as const, parameters: header }] : []),
    ...(body.length > 0 ? [{ type: 'body' as const, parameters: body }] : []),
    ...buttons,
  ];
}

/** The send path of a channel flavour (reference/360dialog.md section 1). */
export function messagesPath(kind: ChannelKind): string {
  return kind === '360dialog' ? '/v1/messages' : '/messages';
}
