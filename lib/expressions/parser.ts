import type { ForStatement, IfStatement, SetStatement, Statement, Template } from './ast.js';
import { ExpressionError, type Position } from './errors.js';
import { ExpressionParser } from './expression-parser.js';
import { tokenize, type Token } from './lexer.js';
import { TokenStream, unexpected } from './token-stream.js';

/** Names that are literals or operators, so `{% set %}` and `{% for %}` cannot bind them. */
const RESERVED = new Set([
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
]);
const CLOSING_TAGS = new Set(['elif', 'else', 'endif', 'endfor']);

/**
 * Parses a whole template: text, `{{ expr }}`, `{% if %}`, `{% for %}` and `{% set %}`. Any other
 * tag (`include`, `import`, `macro`, `extends`...) is rejected: templates cannot reach anything
 * but their own variables.
 */
export function parseTemplate(source: string): Template {
  const stream = new TokenStream(tokenize(source));
  const body = new TemplateParser(stream).parseBody(undefined);
  return { body: body.statements };
}

interface Opener {
  readonly tag: string;
  readonly at: Position;
  readonly ends: readonly string[];
}

interface Body {
  readonly statements: Statement[];
  /** The name token of the tag that ended the body (`else`, `endif`...); already consumed. */
  readonly end: Token | undefined;
}

class TemplateParser {
  private readonly expressions: ExpressionParser;

  constructor(private readonly s: TokenStream) {
    this.expressions = new ExpressionParser(s);
  }

  /** Statements up to one of the opener's closing tags, or to the end for the top level. */
  parseBody(opener: Opener | undefined): Body {
    const statements: Statement[] = [];
    for (;;) {
      const token = this.s.next();
      if (token.type === 'eof') {
        if (!opener) return { statements, end: undefined };
        const ends = opener.ends.map((tag) => `"{% ${tag} %}"`).join(' or ');
        throw new ExpressionError(`Unclosed "{% ${opener.tag} %}", expected ${ends}`, opener.at);
      }
      if (token.type === 'text') {
        if (token.value) statements.push({ kind: 'text', text: token.value, at: token.at });
      } else if (token.type === 'varStart') {
        const expr = this.expressions.parse();
        this.s.expect('varEnd');
        statements.push({ kind: 'output', expr, at: token.at });
      } else {
        const name = this.s.expect('name');
        if (opener?.ends.includes(name.value)) return { statements, end: name };
        statements.push(this.s.nested(() => this.statement(name)));
      }
    }
  }

  private statement(name: Token): Statement {
    if (name.value === 'if') return this.ifStatement(name.at);
    if (name.value === 'for') return this.forStatement(name.at);
    if (name.value === 'set') return this.setStatement(name.at);
    if (CLOSING_TAGS.has(name.value)) throw new ExpressionError(`Unexpected "{% ${name.value} %}"`, name.at);
    throw new ExpressionError(`Unknown tag "${name.value}"`, name.at);
  }

  private ifStatement(at: Position): IfStatement {
    const branches: IfStatement['branches'] = [];
    const opener: Opener = { tag: 'if', at, ends: ['elif', 'else', 'endif'] };
    let test = this.expressions.parse();
    for (;;) {
      this.s.expect('blockEnd');
      const { statements, end } = this.parseBody(opener);
      branches.push({ test, body: statements });
      if (end?.value === 'elif') {
        test = this.expressions.parse();
        continue;
      }
      const otherwise = end?.value === 'else' ? this.elseBody({ ...opener, ends: ['endif'] }) : [];
      this.s.expect('blockEnd');
      return { kind: 'if', branches, otherwise, at };
    }
  }

  /** The body after `{% else %}`, up to the closing tag (whose `%}` is left to the caller). */
  private elseBody(opener: Opener): Statement[] {
    this.s.expect('blockEnd');
    return this.parseBody(opener).statements;
  }

  private forStatement(at: Position): ForStatement {
    const targets = [this.target()];
    while (this.s.accept('op', ',')) targets.push(this.target());
    this.s.expect('name', 'in');
    const iterable = this.expressions.parseWithoutConditional();
    const condition = this.s.accept('name', 'if') ? this.expressions.parse() : undefined;
    this.s.expect('blockEnd');
    const opener: Opener = { tag: 'for', at, ends: ['else', 'endfor'] };
    const { statements, end } = this.parseBody(opener);
    const otherwise = end?.value === 'else' ? this.elseBody({ ...opener, ends: ['endfor'] }) : [];
    this.s.expect('blockEnd');
    return { kind: 'for', targets, iterable, condition, body: statements, otherwise, at };
  }

  private setStatement(at: Position): SetStatement {
    const name = this.target();
    this.s.expect('op', '=');
    const value = this.expressions.parse();
    this.s.expect('blockEnd');
    return { kind: 'set', name, value, at };
  }

  private target(): string {
    const token = this.s.peek();
    if (token.type !== 'name') throw unexpected(token, 'a variable name');
    if (RESERVED.has(token.value)) throw new ExpressionError(`Cannot assign to "${token.value}"`, token.at);
    return this.s.next().value;
  }
}
