import { cannedError, shapedError } from './error-bodies.js';
import { json } from './http-io.js';
import type { Reply } from './http-io.js';
import type { FaultSpec, Flavour } from './schemas.js';
import type { MockState } from './state.js';

/** What a fault's `match` can select on, taken from the incoming API request. */
export interface FaultContext {
  path: string;
  key: string | null;
  recipient: string | null;
  template: string | null;
}

/** Finds the first registered fault matching this request and uses up one of its `times`. */
export function takeFault(state: MockState, ctx: FaultContext): FaultSpec | null {
  const entry = state.faults.find(({ spec }) => matches(spec, ctx));
  if (entry === undefined) return null;
  entry.remaining -= 1;
  if (entry.remaining <= 0) state.faults = state.faults.filter((f) => f !== entry);
  return entry.spec;
}

function matches(spec: FaultSpec, ctx: FaultContext): boolean {
  const { match } = spec;
  if (match === undefined) return true;
  return (
    (match.path === undefined || match.path === ctx.path) &&
    (match.key === undefined || match.key === ctx.key) &&
    (match.recipient === undefined || match.recipient === ctx.recipient) &&
    (match.template === undefined || match.template === ctx.template)
  );
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * The answer a fault forces. `slow` is not an answer but a delay before normal handling,
 * so it returns null and the caller waits `delayMs` first.
 */
export function faultReply(spec: FaultSpec, flavour: Flavour, path: string): Reply | null {
  switch (spec.type) {
    case 'http':
      return json(spec.status, shapedError(spec.shape, spec.status, spec.code, spec.message));
    case 'canned': {
      const { status, body } = cannedError(spec.name, flavour, path);
      return json(status, body);
    }
    case 'html502':
      // What a proxy in front of 360dialog answers: not JSON at all.
      return { kind: 'text', status: 502, contentType: 'text/html', text: HTML_502 };
    case 'hang':
      return { kind: 'hang' };
    case 'reset':
      return { kind: 'reset' };
    case 'slow':
      return null;
  }
}
