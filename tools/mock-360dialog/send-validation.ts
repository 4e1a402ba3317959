import { graphError, onpremErrors } from './error-bodies.js';
import type { JsonReply } from './http-io.js';
import { digitsOf } from './ids.js';
import { flavourJson } from './payloads.js';
import type { Flavour, TemplateFixture } from './schemas.js';
import { validateTemplateParams } from './template-validation.js';
import type { TemplateProblem } from './template-validation.js';

/** A send the mock accepts, reduced to what the response and the status script need. */
export interface AcceptedSend {
  input: string;
  digits: string;
  type: string;
  template: TemplateFixture | null;
  bizOpaqueCallbackData: string | null;
}

/** The error answer the real API would give. */
export type Rejection = { ok: false; reply: JsonReply };

/** Either the accepted send or its rejection. */
export type SendCheck = { ok: true; send: AcceptedSend } | Rejection;

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null;

/** A missing field: Meta 100 on Cloud, on-prem 1008 "Required parameter is missing". */
export function missingParam(flavour: Flavour, name: string): Rejection {
  const body =
    flavour === 'cloud'
      ? graphError(100, `The parameter ${name} is required.`)
      : onpremErrors(1008, 'Required parameter is missing', `Parameter '${name}' is required`);
  return { ok: false, reply: flavourJson(flavour, 400, body) };
}

/** A malformed field: Meta 100 "Invalid parameter" / on-prem 1009 "Parameter value is not valid". */
export function invalidParam(flavour: Flavour, details: string): Rejection {
  const body =
    flavour === 'cloud'
      ? graphError(100, 'Invalid parameter', details)
      : onpremErrors(1009, 'Parameter value is not valid', details);
  return { ok: false, reply: flavourJson(flavour, 400, body) };
}

function templateMissing(flavour: Flavour, name: string, language: string): Rejection {
  const details = `template name (${name}) does not exist in ${language}`;
  const body =
    flavour === 'cloud'
      ? graphError(132001, 'Template name does not exist in the translation', details)
      : onpremErrors(2001, 'Template missing', details);
  return { ok: false, reply: flavourJson(flavour, 400, body) };
}

/** Pending and rejected templates do not exist for sending (132001); paused 132015, disabled 132016. */
function templateNotApproved(flavour: Flavour, fixture: TemplateFixture): Rejection {
  if (fixture.status === 'pending' || fixture.status === 'rejected') {
    return templateMissing(flavour, fixture.name, fixture.language);
  }
  const paused = fixture.status === 'paused';
  const [cloud, onprem, title] = paused
    ? [132015, 2061, 'Template is paused']
    : [132016, 2062, 'Template is disabled'];
  const details = `template ${fixture.name} (${fixture.language}) is ${fixture.status}`;
  const body = flavour === 'cloud' ? graphError(cloud, title, details) : onpremErrors(onprem, title, details);
  return { ok: false, reply: flavourJson(flavour, 400, body) };
}

const PROBLEM_CODES = {
  count: {
    cloud: 132000,
    onprem: 2000,
    title: 'Number of parameters does not match the expected number of params',
  },
  format: {
    cloud: 132012,
    onprem: 2012,
    title: 'Parameter format does not match format in the created template',
  },
} as const;

function templateProblem(flavour: Flavour, problem: TemplateProblem): Rejection {
  if (problem.kind === 'invalid') return invalidParam(flavour, problem.details);
  const codes = PROBLEM_CODES[problem.kind];
  const body =
    flavour === 'cloud'
      ? graphError(codes.cloud, codes.title, problem.details)
      : onpremErrors(codes.onprem, codes.title, problem.details);
  return { ok: false, reply: flavourJson(flavour, 400, body) };
}

/** Validates a send body the way the flavour's real endpoint does (§9 "Send validation"). */
export function checkSend(templates: readonly TemplateFixture[], flavour: Flavour, body: unknown): SendCheck {
  if (!isObject(body)) return invalidParam(flavour, 'request body must be a JSON object');
  if (flavour === 'cloud') {
    if (body.messaging_product === undefined) return missingParam(flavour, 'messaging_product');
    if (body.messaging_product !== 'whatsapp')
      return invalidParam(flavour, 'messaging_product must be whatsapp');
  }
  if (body.to === undefined) return missingParam(flavour, 'to');
  if (typeof body.to !== 'string' || !/^\+?[\d\s-]{6,24}$/.test(body.to)) {
    return invalidParam(flavour, 'to must be a phone number with country code');
  }
  const type = typeof body.type === 'string' ? body.type : 'text';
  const bizOpaque = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null;
  const accepted = { input: body.to, digits: digitsOf(body.to), type, bizOpaqueCallbackData: bizOpaque };
  if (type !== 'template') return { ok: true, send: { ...accepted, template: null } };
  const template = checkTemplate(templates, flavour, body.template);
  return template.ok ? { ok: true, send: { ...accepted, template: template.fixture } } : template;
}

function checkTemplate(
  templates: readonly TemplateFixture[],
  flavour: Flavour,
  template: unknown,
): { ok: true; fixture: TemplateFixture } | Rejection {
  if (!isObject(template)) return missingParam(flavour, 'template');
  // On-prem needs the WABA namespace on every template send; Cloud dropped it (§2.1, §2.2).
  if (flavour === 'onprem' && typeof template.namespace !== 'string') {
    return missingParam(flavour, 'template.namespace');
  }
  if (typeof template.name !== 'string') return missingParam(flavour, 'template.name');
  const language = isObject(template.language) ? template.language.code : undefined;
  if (typeof language !== 'string') return missingParam(flavour, 'template.language.code');
  const fixture = templates.find(
    (t) =>
      t.name === template.name &&
      t.language === language &&
      (flavour === 'cloud' || t.namespace === template.namespace),
  );
  if (fixture === undefined) return templateMissing(flavour, template.name, language);
  if (fixture.status !== 'approved') return templateNotApproved(flavour, fixture);
  const problem = validateTemplateParams(fixture, template.components);
  return problem === null ? { ok: true, fixture } : templateProblem(flavour, problem);
}
