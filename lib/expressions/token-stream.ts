import { MAX_NESTING_DEPTH } from './budget.js';
import { ExpressionError } from './errors.js';
import type { Token, TokenType } from './lexer.js';

/** A cursor over the tokens, shared by the statement and expression parsers. */
export class TokenStream {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    // The lexer always ends with `eof`, so clamping keeps every read defined.
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)] ?? eofOf(this.tokens);
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  is(type: TokenType, value?: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === type && (value === undefined || token.value === value);
  }

  accept(type: TokenType, value?: string): Token | undefined {
    return this.is(type, value) ? this.next() : undefined;
  }

  expect(type: TokenType, value?: string): Token {
    const token = this.accept(type, value);
    if (token) return token;
    throw unexpected(this.peek(), value !== undefined ? `"${value}"` : describeType(type));
  }

  /**
   * Runs a recursive parse one level deeper. Bounding the depth here bounds every recursion after
   * it (evaluation follows the tree), so a template like `((((...))))` fails cleanly instead of
   * overflowing the stack.
   */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING_DEPTH) {
      throw new ExpressionError(
        `Template is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`,
        this.peek().at,
      );
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

/** `Unexpected token "}}"`, with what was expected when the caller knows it. */
export function unexpected(token: Token, expected?: string): ExpressionError {
  const found = token.type === 'eof' ? 'Unexpected end of template' : `Unexpected token "${token.value}"`;
  return new ExpressionError(expected ? `${found}, expected ${expected}` : found, token.at);
}

function describeType(type: TokenType): string {
  const names: Partial<Record<TokenType, string>> = { varEnd: '"}}"', blockEnd: '"%}"', name: 'a name' };
  return names[type] ?? type;
}

function eofOf(tokens: Token[]): Token {
  return { type: 'eof', value: '', at: tokens.at(-1)?.at ?? { line: 1, column: 1, offset: 0 } };
}
