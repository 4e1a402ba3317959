import { MAX_VALUE_DEPTH, type Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';
import { asData, isDict, ownValue } from './values.js';

/**
 * Python's `str()`, which is what `{{ value }}` prints: strings as they are, Undefined as '',
 * `True`/`False`/`None`, integers without `.0`, lists and dicts in Python's repr
 * (`['a', 1, None]`, `{'k': True}`). Bounded by the budget and the output limit.
 */
export function toText(value: unknown, budget: Budget, at: Position): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return toRepr(value, budget, at);
}

/** Python's `repr()`: like `toText` but strings are quoted (`'it\'s'` becomes `"it's"`). */
export function toRepr(value: unknown, budget: Budget, at: Position): string {
  const out = new Writer(budget, at);
  writeRepr(out, value, 0);
  return out.text();
}

/** `-0` prints as `0`, and NaN and the infinities as Python prints them. */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

/**
 * Standard compact JSON (not Jinja's HTML-escaped variant: these values never go into HTML).
 * Undefined, NaN and the infinities have no JSON form and are errors.
 */
export function toJson(value: unknown, indent: number, budget: Budget, at: Position): string {
  const out = new Writer(budget, at);
  writeJson(out, value, 0, indent > 0 ? ' '.repeat(Math.min(indent, 16)) : '');
  return out.text();
}

/** Collects output, charging the budget as it grows and stopping at the output limit. */
class Writer {
  private readonly parts: string[] = [];
  private length = 0;

  constructor(
    readonly budget: Budget,
    readonly at: Position,
  ) {}

  write(part: string): void {
    this.length += part.length;
    this.budget.checkLength(this.at, this.length);
    // Quoting and escaping walk every character written.
    if (part.length > 16) this.budget.work(this.at, part.length);
    this.parts.push(part);
  }

  enter(depth: number): void {
    this.budget.step(this.at);
    if (depth >= MAX_VALUE_DEPTH) {
      throw new ExpressionError(`Value is nested too deeply (more than ${MAX_VALUE_DEPTH} levels)`, this.at);
    }
  }

  text(): string {
    return this.parts.join('');
  }
}

function writeRepr(out: Writer, value: unknown, depth: number): void {
  out.enter(depth);
  if (value === undefined || value === null) return out.write('None');
  if (value === true || value === false) return out.write(value ? 'True' : 'False');
  if (typeof value === 'number') return out.write(numberText(value));
  if (typeof value === 'bigint') return out.write(String(value));
  if (typeof value === 'string') return out.write(pythonQuote(value));
  if (Array.isArray(value)) {
    return writeEach(out, '[]', value.length, REPR_LAYOUT, (i) =>
      writeRepr(out, asData(value[i]), depth + 1),
    );
  }
  if (!isDict(value)) return out.write('None');
  const keys = Object.keys(value);
  writeEach(out, '{}', keys.length, REPR_LAYOUT, (i) => {
    const key = keys[i] ?? '';
    out.write(`${pythonQuote(key)}: `);
    writeRepr(out, ownValue(value, key), depth + 1);
  });
}

/** How a list or dict is laid out: repr uses `, `; JSON uses `,` and, when indented, newlines. */
interface Layout {
  readonly separator: string;
  readonly newline: string;
  readonly closing: string;
}

const REPR_LAYOUT: Layout = { separator: ', ', newline: '', closing: '' };

function writeEach(
  out: Writer,
  brackets: string,
  count: number,
  layout: Layout,
  item: (i: number) => void,
): void {
  out.write(brackets.charAt(0));
  for (let i = 0; i < count; i++) {
    out.write(i > 0 ? layout.separator + layout.newline : layout.newline);
    item(i);
  }
  out.write((count > 0 ? layout.closing : '') + brackets.charAt(1));
}

/** Python's string repr: single quotes unless the text has a `'` and no `"`. */
function pythonQuote(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === quote) body += `\\${char}`;
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else body += char;
  }
  return quote + body + quote;
}

function writeJson(out: Writer, value: unknown, depth: number, indent: string): void {
  out.enter(depth);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return out.write(JSON.stringify(value));
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new ExpressionError(`Cannot convert ${numberText(value)} to JSON`, out.at);
    }
    return out.write(String(value));
  }
  if (value === undefined) throw new ExpressionError('Cannot convert an undefined value to JSON', out.at);
  const layout: Layout = {
    separator: ',',
    newline: indent ? `\n${indent.repeat(depth + 1)}` : '',
    closing: indent ? `\n${indent.repeat(depth)}` : '',
  };
  if (Array.isArray(value)) {
    return writeEach(out, '[]', value.length, layout, (i) =>
      writeJson(out, asData(value[i]) ?? null, depth + 1, indent),
    );
  }
  const dict = isDict(value) ? value : {};
  const keys = Object.keys(dict).filter((key) => ownValue(dict, key) !== undefined);
  writeEach(out, '{}', keys.length, layout, (i) => {
    const key = keys[i] ?? '';
    out.write(`${JSON.stringify(key)}:${indent ? ' ' : ''}`);
    writeJson(out, ownValue(dict, key), depth + 1, indent);
  });
}
