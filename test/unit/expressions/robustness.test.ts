import { describe, expect, it } from 'vitest';
import { ExpressionError, renderExpression } from '../../../lib/expressions/index.js';

/** Pieces of template syntax, valid and not, that the fuzz test glues together at random. */
const FRAGMENTS = [
  '{{', '}}', '{%', '%}', '{#', '#}', '-', '+', '*', '**', '/', '//', '%', '~', '(', ')', '[', ']', '{', '}',
  ',', ':', '.', '|', '=', '==', '<', '>=', ' ', '\n', '"s"', "'q'", '"\\x4', '1', '0', '-1', '2.5', '1e400',
  'data', 'xs', 'd', 's', 'loop', 'range(3)', 'range', 'if', 'else', 'elif', 'endif', 'for', 'in', 'endfor',
  'set', 'not', 'and', 'or', 'is', 'defined', 'none', 'true', 'x', '__proto__', 'constructor', '| upper',
  '| default("z")', '| int', '| join(",")', '| length', '| tojson', '| round', '| replace("a", "b")', '[0]',
  '[-1]', '[1:]', '.name', '["keys"]', 'is odd', 'is divisibleby 0', '| first', '| items', '| urlencode',
  '.__proto__', '["__proto__"]', '.constructor', '["prototype"]', '{% set __proto__ = 1 %}', 'polluted',
]; // prettier-ignore

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTemplate(next: () => number): string {
  const length = 1 + Math.floor(next() * 14);
  const parts = Array.from({ length }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '');
  return `{{ ${parts.join(' ')} }}${next() < 0.3 ? parts.join('') : ''}`;
}

const vars = {
  data: { name: 'Ann', keys: [1, 2], nested: { a: [1, { b: null }] } },
  xs: [1, 'a', null, [2]],
  d: { a: 1, '': 2 },
  s: 'héllo 😀',
  x: 7,
};

/** The own property names of the built-in prototypes a template could try to reach. */
function prototypeShapes(): Record<string, string[]> {
  const shape = (proto: object) => Reflect.ownKeys(proto).map(String).sort();
  return {
    Object: shape(Object.prototype),
    Array: shape(Array.prototype),
    String: shape(String.prototype),
    Function: shape(Function.prototype),
  };
}

describe('expression engine robustness', () => {
  it('either renders text or throws ExpressionError for thousands of random templates', () => {
    const before = prototypeShapes();
    const varsBefore = structuredClone(vars);
    const next = random(20260102);
    const unexpected: string[] = [];
    let rendered = 0;
    for (let i = 0; i < 5000; i++) {
      const template = randomTemplate(next);
      try {
        if (typeof renderExpression(template, vars) === 'string') rendered++;
      } catch (error) {
        if (!(error instanceof ExpressionError) || error.message.startsWith('Expression failed')) {
          unexpected.push(`${template} -> ${String(error)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(rendered).toBeGreaterThan(0);
    // No template, whatever name it used, added or removed anything on a built-in prototype or
    // changed the data it was given.
    expect(prototypeShapes()).toEqual(before);
    expect(vars).toEqual(varsBefore);
  });
});
