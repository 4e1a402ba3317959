import { ExpressionError, type Position } from './errors.js';

/**
 * `text` is template text between tags; `varStart`/`varEnd` delimit `{{ }}`, `blockStart`/`blockEnd`
 * delimit `{% %}`; `name`, `number`, `string` and `op` occur only inside tags. Comments are dropped.
 */
export type TokenType =
  'text' | 'varStart' | 'varEnd' | 'blockStart' | 'blockEnd' | 'name' | 'number' | 'string' | 'op' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Source text, except for strings (the unescaped content) and text (after whitespace control). */
  value: string;
  readonly at: Position;
}

/** Longest first, so `**` wins over `*`. */
const OPERATORS = [
  '**', '//', '==', '!=', '<=', '>=',
  '+', '-', '*', '/', '%', '~', '<', '>', '=', '(', ')', '[', ']', '{', '}', ',', '.', ':', '|',
]; // prettier-ignore
// Maps, not object literals, so no lookup can hit an inherited property.
const OPENERS = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
]);
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d(?:_?\d)*(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?/y;
const INTEGER = /\d(?:_?\d)*/y;
const TAG_START = /\{[{%#]/g;
const SIMPLE_ESCAPES = new Map(Object.entries({
  n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"',
})); // prettier-ignore
const HEX_ESCAPES = new Map(Object.entries({ x: 2, u: 4, U: 8 }));

/** Splits a template into tokens; throws ExpressionError for unclosed tags, strings or brackets. */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private column = 1;
  private trimNextText = false;
  private readonly tokens: Token[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.pos < this.src.length) {
      TAG_START.lastIndex = this.pos;
      const tag = TAG_START.exec(this.src);
      this.text(tag ? tag.index : this.src.length);
      if (tag) this.tag();
    }
    this.push('eof', '', this.here());
    return this.tokens;
  }

  private here(): Position {
    return { line: this.line, column: this.column, offset: this.pos };
  }

  private advanceTo(end: number): void {
    for (; this.pos < end; this.pos++) {
      if (this.src.charCodeAt(this.pos) === 10) {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
    }
  }

  private push(type: TokenType, value: string, at: Position): Token {
    const token = { type, value, at };
    this.tokens.push(token);
    return token;
  }

  private text(end: number): void {
    if (end === this.pos) return;
    let value = this.src.slice(this.pos, end);
    if (this.trimNextText) value = value.trimStart();
    this.trimNextText = false;
    this.push('text', value, this.here());
    this.advanceTo(end);
  }

  /** `{{-`, `{%-` and `{#-` strip the whitespace before the tag (Jinja whitespace control). */
  private trimPreviousText(): void {
    const last = this.tokens.at(-1);
    if (last?.type === 'text') last.value = last.value.trimEnd();
  }

  private tag(): void {
    const at = this.here();
    const kind = this.src.charAt(this.pos + 1);
    if (this.src.charAt(this.pos + 2) === '-') this.trimPreviousText();
    if (kind === '#') return this.comment(at);
    const isVar = kind === '{';
    this.push(isVar ? 'varStart' : 'blockStart', isVar ? '{{' : '{%', at);
    this.advanceTo(this.pos + (this.src.charAt(this.pos + 2) === '-' ? 3 : 2));
    this.insideTag(isVar ? '}}' : '%}', isVar ? 'varEnd' : 'blockEnd', at);
  }

  private comment(at: Position): void {
    const end = this.src.indexOf('#}', this.pos + 2);
    if (end === -1) throw new ExpressionError('Unclosed comment "{#"', at);
    this.trimNextText = this.src.charAt(end - 1) === '-' && end - 1 > this.pos + 2;
    this.advanceTo(end + 2);
  }

  /** Tokens up to the closing `}}` / `%}`; a closer only counts outside brackets (`{{ {'a': {}} }}`). */
  private insideTag(closer: string, endType: TokenType, openedAt: Position): void {
    const brackets: Token[] = [];
    for (;;) {
      while (/\s/.test(this.src.charAt(this.pos))) this.advanceTo(this.pos + 1);
      if (this.pos >= this.src.length) {
        throw new ExpressionError(`Unclosed "${closer === '}}' ? '{{' : '{%'}"`, openedAt);
      }
      if (brackets.length === 0) {
        const trim = this.src.startsWith(`-${closer}`, this.pos);
        if (trim || this.src.startsWith(closer, this.pos)) {
          this.push(endType, closer, this.here());
          this.advanceTo(this.pos + closer.length + (trim ? 1 : 0));
          this.trimNextText = trim;
          return;
        }
      }
      this.token(brackets);
    }
  }

  private token(brackets: Token[]): void {
    const c = this.src.charAt(this.pos);
    if (c === '"' || c === "'") return this.string(c);
    const previous = this.tokens.at(-1);
    // After a dot only an integer: `items.0.name` is item 0, not the float `0.`.
    const numberPattern = previous?.type === 'op' && previous.value === '.' ? INTEGER : NUMBER;
    if (this.sticky(numberPattern, 'number') || this.sticky(NAME, 'name')) return;
    const op = OPERATORS.find((candidate) => this.src.startsWith(candidate, this.pos));
    if (op === undefined) throw new ExpressionError(`Unexpected character "${c}"`, this.here());
    const token = this.push('op', op, this.here());
    this.advanceTo(this.pos + op.length);
    this.balance(token, brackets);
  }

  private balance(token: Token, brackets: Token[]): void {
    if ('([{'.includes(token.value)) brackets.push(token);
    const opener = OPENERS.get(token.value);
    if (opener === undefined) return;
    const open = brackets.pop();
    if (open?.value !== opener) {
      const hint = open ? `, "${open.value}" opened at ${open.at.line}:${open.at.column} is not closed` : '';
      throw new ExpressionError(`Unexpected token "${token.value}"${hint}`, token.at);
    }
  }

  private sticky(pattern: RegExp, type: TokenType): boolean {
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.src);
    if (!match) return false;
    this.push(type, match[0], this.here());
    this.advanceTo(this.pos + match[0].length);
    return true;
  }

  private string(quote: string): void {
    const at = this.here();
    let value = '';
    let i = this.pos + 1;
    while (i < this.src.length && this.src.charAt(i) !== quote) {
      if (this.src.charAt(i) === '\\') {
        const [text, size] = unescape(this.src, i);
        value += text;
        i += size;
      } else {
        value += this.src.charAt(i);
        i++;
      }
    }
    if (i >= this.src.length) throw new ExpressionError('Unterminated string', at);
    this.push('string', value, at);
    this.advanceTo(i + 1);
  }
}

/** Python-style escapes; an unknown escape keeps its backslash, as Python does (`'\d'` is `\d`). */
function unescape(src: string, at: number): [string, number] {
  const kind = src.charAt(at + 1);
  const simple = SIMPLE_ESCAPES.get(kind);
  if (simple !== undefined) return [simple, 2];
  const digits = HEX_ESCAPES.get(kind);
  if (digits !== undefined) {
    const hex = src.slice(at + 2, at + 2 + digits);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : NaN;
    if (code <= 0x10ffff) return [String.fromCodePoint(code), 2 + digits];
  }
  return ['\\', 1];
}
