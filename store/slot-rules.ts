import { isExpression } from '../lib/expressions/index.js';
import type { FieldError, SlotSettings, TemplateParameter } from './types.js';

/**
 * SPEC §2: the rules a notification slot must pass on create, on every save and again at training.
 * Pure: the caller supplies the channels that exist now and the expression parser, so the same rules
 * run in the admin API, in config-as-code and in training. Field paths are the snake_case ones the API
 * and the config file use.
 */
export interface SlotRuleContext {
  companyId: number;
  /** Ids of the company's channels that exist now (deleted ones are gone). */
  channelIds: ReadonlySet<string>;
  /** Throws with a positioned message (`Unexpected token "}" at 1:12`) when a template does not parse. */
  checkExpression: (template: string) => void;
}

export const MESSAGES = {
  required: 'Please enter text',
  nameTooLong: 'Must be at most 40 characters',
  channelRequired: 'Please choose a channel',
  channelUnknown: (id: string, companyId: number) => `Channel "${id}" not found in company ${companyId}`,
  expression: (detail: string) => `Please fix the expression: ${detail}`,
  parameterType: 'Must be one of image, document, video, body, button_url',
  secondMedia: 'At most one media parameter (image, document or video) per slot',
  secondUrlButton: 'At most one URL button per slot',
  secondPhoneButton: 'At most one phone-number button per slot',
  phoneFormat: 'Write a phone number as wa.me/+ followed by 10 to 18 digits, for example wa.me/+79831249701',
  contextKeyFormat: 'Must start with a Latin letter and contain only Latin letters, digits and _',
  contextKeyTooLong: 'Must be at most 128 characters',
  hookUrl: 'Must be an http(s) URL',
} as const;

const NAME_MAX = 40;
const CONTEXT_KEY_MAX = 128;
const CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const PHONE_BUTTON = /^wa\.me\/\+[0-9]{10,18}$/;
const MEDIA = new Set(['image', 'document', 'video']);
const PARAMETER_TYPES = new Set([...MEDIA, 'body', 'button_url']);

export function validateSlotSettings(settings: SlotSettings, ctx: SlotRuleContext): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  /** Destination values are always rendered as templates; a request key only when it is an expression. */
  const text = (field: string, value: string, rendered = true) => {
    if (value.trim() === '') fail(field, MESSAGES.required);
    else if (rendered || isExpression(value)) expression(field, value);
  };
  const expression = (field: string, value: string) => {
    try {
      ctx.checkExpression(value);
    } catch (error) {
      fail(field, MESSAGES.expression(error instanceof Error ? error.message : String(error)));
    }
  };

  const name = settings.name.trim();
  if (name === '') fail('name', MESSAGES.required);
  else if ([...name].length > NAME_MAX) fail('name', MESSAGES.nameTooLong);

  const channel = settings.destinationChannel.trim();
  if (channel === '') fail('destination_channel', MESSAGES.channelRequired);
  else if (!ctx.channelIds.has(channel)) {
    fail('destination_channel', MESSAGES.channelUnknown(channel, ctx.companyId));
  }

  settings.parseRequestBody.forEach((rule, i) => {
    const key = `parse_request_body.${i}`;
    if (rule.contextKey === '') fail(`${key}.context_key`, MESSAGES.required);
    else if (rule.contextKey.length > CONTEXT_KEY_MAX) fail(`${key}.context_key`, MESSAGES.contextKeyTooLong);
    else if (!CONTEXT_KEY.test(rule.contextKey)) fail(`${key}.context_key`, MESSAGES.contextKeyFormat);
    text(`${key}.request_key`, rule.requestKey, false);
  });

  const { destination } = settings;
  text('destination.template_name', destination.templateName);
  text('destination.namespace', destination.namespace);
  text('destination.language_code', destination.languageCode);
  checkParameters(destination.templateParameters, fail, text);

  for (const [branch, url] of Object.entries(settings.branchHooks)) {
    if (url !== undefined && !isHttpUrl(url)) fail(`branch_hooks.${branch}`, MESSAGES.hookUrl);
  }
  return errors;
}

/** Types, the one-media and one-URL/one-phone button limits, phone format, and each value. */
function checkParameters(
  parameters: TemplateParameter[],
  fail: (field: string, message: string) => void,
  text: (field: string, value: string) => void,
): void {
  let media = 0;
  let urls = 0;
  let phones = 0;
  parameters.forEach((parameter, i) => {
    const key = `destination.template_parameters.${i}`;
    const type: string = parameter.type;
    if (!PARAMETER_TYPES.has(type)) fail(`${key}.type`, MESSAGES.parameterType);
    if (MEDIA.has(type) && ++media > 1) fail(`${key}.type`, MESSAGES.secondMedia);
    if (type === 'button_url') {
      const value = parameter.value.trim();
      if (value.toLowerCase().startsWith('wa.me/')) {
        if (!PHONE_BUTTON.test(value)) fail(`${key}.value`, MESSAGES.phoneFormat);
        if (++phones > 1) fail(`${key}.value`, MESSAGES.secondPhoneButton);
        return;
      }
      if (++urls > 1) fail(`${key}.value`, MESSAGES.secondUrlButton);
    }
    text(`${key}.value`, parameter.value);
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
