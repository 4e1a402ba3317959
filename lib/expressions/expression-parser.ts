import type { AccessStep, Expr, PipeStep } from './ast.js';
import type { Position } from './errors.js';
import { ExpressionError } from './errors.js';
import { filters } from './filters.js';
import { functions } from './functions.js';
import { tests } from './predicates.js';
import { bindArguments, type WrittenArguments } from './signature.js';
import { unexpected, type TokenStream } from './token-stream.js';
import { assertAllowedKey } from './values.js';

// Maps, not object literals: a lookup of a template name like `__proto__` must find nothing.
const LITERALS = new Map<string, boolean | null>([
  ['true', true], ['True', true], ['false', false], ['False', false], ['none', null], ['None', null],
]); // prettier-ignore
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** Words after which a bare test argument cannot start (`x is defined and y`). */
const NOT_AN_ARGUMENT = new Set(['and', 'or', 'else', 'if', 'is', 'in', 'not']);

/**
 * Jinja's expression grammar, lowest precedence first: `a if c else b`, `or`, `and`, `not`,
 * comparisons (`== != < <= > >= in`, `not in`), `+ -`, `~`, `* / // %`, `**`, unary `- +`, then a
 * primary with `.attr`, `[item]`, `[a:b]`, and finally `| filter` and `is test`.
 */
export class ExpressionParser {
  constructor(private readonly s: TokenStream) {}

  /** A full expression, one nesting level deeper. */
  parse(): Expr {
    return this.s.nested(() => this.conditional());
  }

  /** An expression without a trailing `if ... else`, for `{% for x in xs if cond %}`. */
  parseWithoutConditional(): Expr {
    return this.s.nested(() => this.or());
  }

  private conditional(): Expr {
    const then = this.or();
    if (!this.s.accept('name', 'if')) return then;
    const test = this.or();
    const otherwise = this.s.accept('name', 'else') ? this.parse() : undefined;
    return { kind: 'conditional', test, then, otherwise, at: then.at };
  }

  private or(): Expr {
    return this.logical('or', () => this.and());
  }

  private and(): Expr {
    return this.logical('and', () => this.not());
  }

  private logical(op: 'and' | 'or', operand: () => Expr): Expr {
    const first = operand();
    const operands = [first];
    while (this.s.accept('name', op)) operands.push(operand());
    return operands.length === 1 ? first : { kind: 'logical', op, operands, at: first.at };
  }

  private not(): Expr {
    const token = this.s.peek();
    if (!this.s.is('name', 'not')) return this.compare();
    this.s.next();
    return { kind: 'unary', op: 'not', operand: this.s.nested(() => this.not()), at: token.at };
  }

  private compare(): Expr {
    const first = this.additive();
    const rest: { op: string; operand: Expr; at: Position }[] = [];
    for (;;) {
      const token = this.s.peek();
      let op: string;
      if (token.type === 'op' && COMPARISONS.has(token.value)) op = token.value;
      else if (this.s.is('name', 'in')) op = 'in';
      else if (this.s.is('name', 'not') && this.s.is('name', 'in', 1)) op = 'not in';
      else break;
      this.s.next();
      if (op === 'not in') this.s.next();
      rest.push({ op, operand: this.additive(), at: token.at });
    }
    return rest.length === 0 ? first : { kind: 'compare', first, rest, at: first.at };
  }

  /** As in Jinja, `~` binds tighter than `+`: `1 + 2 ~ 3` is `1 + (2 ~ 3)`. */
  private additive(): Expr {
    return this.binary(['+', '-'], () => this.binary(['~'], () => this.multiplicative()));
  }

  private multiplicative(): Expr {
    return this.binary(['*', '/', '//', '%'], () => this.binary(['**'], () => this.unary(true)));
  }

  private binary(ops: string[], operand: () => Expr): Expr {
    const first = operand();
    const rest: { op: string; operand: Expr; at: Position }[] = [];
    while (this.s.peek().type === 'op' && ops.includes(this.s.peek().value)) {
      const token = this.s.next();
      rest.push({ op: token.value, operand: operand(), at: token.at });
    }
    return rest.length === 0 ? first : { kind: 'binary', first, rest, at: first.at };
  }

  /** As in Jinja, `-x | abs` filters the negation, and `-x.y` negates the attribute. */
  private unary(withFilters: boolean): Expr {
    const token = this.s.peek();
    let node: Expr;
    if (token.type === 'op' && (token.value === '-' || token.value === '+')) {
      this.s.next();
      const operand = this.s.nested(() => this.unary(false));
      node = { kind: 'unary', op: token.value, operand, at: token.at };
    } else {
      node = this.postfix(this.primary());
    }
    return withFilters ? this.pipe(node) : node;
  }

  private primary(): Expr {
    const token = this.s.next();
    if (token.type === 'name') {
      const literal = LITERALS.get(token.value);
      if (literal !== undefined) return { kind: 'literal', value: literal, at: token.at };
      if (this.s.is('op', '(')) return this.call(token.value, token.at);
      return { kind: 'name', name: token.value, at: token.at };
    }
    if (token.type === 'number') {
      return { kind: 'literal', value: Number(token.value.replace(/_/g, '')), at: token.at };
    }
    if (token.type === 'string') {
      let value = token.value;
      while (this.s.is('string')) value += this.s.next().value;
      return { kind: 'literal', value, at: token.at };
    }
    if (token.type === 'op' && token.value === '(') return this.parenthesized(token.at);
    if (token.type === 'op' && token.value === '[') {
      return { kind: 'list', items: this.sequence(']', () => this.parse()), at: token.at };
    }
    if (token.type === 'op' && token.value === '{') return this.dict(token.at);
    throw unexpected(token, token.type === 'eof' ? 'an expression' : undefined);
  }

  /** `(a)` groups; `(a, b)` and `()` are tuples, which are lists here. */
  private parenthesized(at: Position): Expr {
    if (this.s.accept('op', ')')) return { kind: 'list', items: [], at };
    const first = this.parse();
    if (this.s.accept('op', ')')) return first;
    this.s.expect('op', ',');
    const items = [first, ...this.sequence(')', () => this.parse())];
    return { kind: 'list', items, at };
  }

  private dict(at: Position): Expr {
    const entries = this.sequence('}', () => {
      const key = this.parse();
      this.s.expect('op', ':');
      return { key, value: this.parse() };
    });
    return { kind: 'dict', entries, at };
  }

  /** Comma-separated items up to `close`, trailing comma allowed; consumes `close`. */
  private sequence<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.s.accept('op', close)) {
      if (items.length > 0) this.s.expect('op', ',');
      if (this.s.accept('op', close)) break;
      items.push(item());
    }
    return items;
  }

  private call(name: string, at: Position): Expr {
    const fn = functions.get(name);
    if (!fn) throw new ExpressionError(`Unknown function "${name}"`, at);
    const args = bindArguments(`Function "${name}"`, fn, this.callArguments(), at);
    return { kind: 'call', name, args, at };
  }

  private callArguments(): WrittenArguments {
    this.s.expect('op', '(');
    const positional: Expr[] = [];
    const named: WrittenArguments['named'][number][] = [];
    this.sequence(')', () => {
      const token = this.s.peek();
      if (token.type === 'name' && this.s.is('op', '=', 1)) {
        this.s.next();
        this.s.next();
        named.push({ name: token.value, value: this.parse(), at: token.at });
      } else if (named.length > 0) {
        throw new ExpressionError('Positional argument after a named argument', token.at);
      } else {
        positional.push(this.parse());
      }
    });
    return { positional, named };
  }

  private postfix(object: Expr): Expr {
    const steps: AccessStep[] = [];
    for (;;) {
      const token = this.s.peek();
      if (this.s.accept('op', '.')) steps.push(this.attribute(token.at));
      else if (this.s.accept('op', '[')) steps.push(this.subscript(token.at));
      else if (this.s.is('op', '(')) throw this.notCallable(token.at);
      else break;
    }
    return steps.length === 0 ? object : { kind: 'access', object, steps, at: object.at };
  }

  private notCallable(at: Position): ExpressionError {
    return new ExpressionError('Only built-in functions can be called; use filters instead (x | upper)', at);
  }

  private attribute(at: Position): AccessStep {
    const token = this.s.next();
    if (token.type === 'name') {
      assertAllowedKey(token.value, at);
      return { kind: 'attr', key: token.value, at };
    }
    if (token.type === 'number' && /^\d+$/.test(token.value))
      return { kind: 'attr', key: Number(token.value), at };
    throw unexpected(token, 'a name after "."');
  }

  /** `[key]`, or a Python slice `[start:stop:step]` with any part left out. */
  private subscript(at: Position): AccessStep {
    const start = this.s.is('op', ':') ? undefined : this.parse();
    if (start && this.s.accept('op', ']')) {
      if (start.kind === 'literal') assertAllowedKey(start.value, at);
      return { kind: 'item', key: start, at };
    }
    this.s.expect('op', ':');
    const stop = this.s.is('op', ':') || this.s.is('op', ']') ? undefined : this.parse();
    const step = this.s.accept('op', ':') && !this.s.is('op', ']') ? this.parse() : undefined;
    this.s.expect('op', ']');
    return { kind: 'slice', start, stop, step, at };
  }

  private pipe(value: Expr): Expr {
    const steps: PipeStep[] = [];
    for (;;) {
      const token = this.s.peek();
      if (this.s.accept('op', '|')) steps.push(this.filter(this.s.expect('name').value, token.at));
      else if (this.s.accept('name', 'is')) steps.push(this.test(token.at));
      else if (this.s.is('op', '(')) throw this.notCallable(token.at);
      else break;
    }
    return steps.length === 0 ? value : { kind: 'pipe', value, steps, at: value.at };
  }

  private filter(name: string, at: Position): PipeStep {
    const filter = filters.get(name);
    if (!filter) throw new ExpressionError(`Unknown filter "${name}"`, at);
    const written = this.s.is('op', '(') ? this.callArguments() : { positional: [], named: [] };
    return { kind: 'filter', name, args: bindArguments(`Filter "${name}"`, filter, written, at), at };
  }

  private test(at: Position): PipeStep {
    const negated = this.s.accept('name', 'not') !== undefined;
    const name = this.s.expect('name').value;
    const test = tests.get(name);
    if (!test) throw new ExpressionError(`Unknown test "${name}"`, at);
    let written: WrittenArguments = { positional: [], named: [] };
    if (this.s.is('op', '(')) written = this.callArguments();
    else if (test.params.length > 0 && this.startsBareArgument()) {
      written = { positional: [this.s.nested(() => this.postfix(this.primary()))], named: [] };
    }
    return { kind: 'test', name, negated, args: bindArguments(`Test "${name}"`, test, written, at), at };
  }

  /** Jinja allows one argument without parentheses: `x is divisibleby 3`, `x is in [1, 2]`. */
  private startsBareArgument(): boolean {
    const token = this.s.peek();
    if (token.type === 'name') return !NOT_AN_ARGUMENT.has(token.value);
    if (token.type === 'op') return token.value === '[' || token.value === '{';
    return token.type === 'number' || token.type === 'string';
  }
}
