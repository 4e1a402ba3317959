import type { Position } from './errors.js';

/**
 * The parsed template. Chains of the same precedence (`a + b + c`, `x.a.b[0]`, `v | f | g`) are one
 * node with a list, not a deep tree, so evaluation depth follows the parser's nesting bound.
 */
export interface Template {
  readonly body: Statement[];
}

export type Statement = TextStatement | OutputStatement | IfStatement | ForStatement | SetStatement;

export interface TextStatement {
  readonly kind: 'text';
  readonly text: string;
  readonly at: Position;
}

export interface OutputStatement {
  readonly kind: 'output';
  readonly expr: Expr;
  readonly at: Position;
}

export interface IfStatement {
  readonly kind: 'if';
  readonly branches: { readonly test: Expr; readonly body: Statement[] }[];
  readonly otherwise: Statement[];
  readonly at: Position;
}

export interface ForStatement {
  readonly kind: 'for';
  /** One name, or several to unpack each item (`{% for key, value in data | items %}`). */
  readonly targets: string[];
  readonly iterable: Expr;
  readonly condition: Expr | undefined;
  readonly body: Statement[];
  readonly otherwise: Statement[];
  readonly at: Position;
}

export interface SetStatement {
  readonly kind: 'set';
  readonly name: string;
  readonly value: Expr;
  readonly at: Position;
}

export type Expr =
  | Literal
  | NameRef
  | ListExpr
  | DictExpr
  | CallExpr
  | AccessExpr
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | CompareExpr
  | PipeExpr
  | ConditionalExpr;

export interface Literal {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  readonly at: Position;
}

export interface NameRef {
  readonly kind: 'name';
  readonly name: string;
  readonly at: Position;
}

export interface ListExpr {
  readonly kind: 'list';
  readonly items: Expr[];
  readonly at: Position;
}

export interface DictExpr {
  readonly kind: 'dict';
  readonly entries: { readonly key: Expr; readonly value: Expr }[];
  readonly at: Position;
}

/** A call of a built-in function (only `range`); calling anything else is a parse error. */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly args: (Expr | undefined)[];
  readonly at: Position;
}

export type AccessStep =
  | { readonly kind: 'attr'; readonly key: string | number; readonly at: Position }
  | { readonly kind: 'item'; readonly key: Expr; readonly at: Position }
  | {
      readonly kind: 'slice';
      readonly start: Expr | undefined;
      readonly stop: Expr | undefined;
      readonly step: Expr | undefined;
      readonly at: Position;
    };

/** `object.a["b"][1:2]`: the steps apply left to right. */
export interface AccessExpr {
  readonly kind: 'access';
  readonly object: Expr;
  readonly steps: AccessStep[];
  readonly at: Position;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'not';
  readonly operand: Expr;
  readonly at: Position;
}

/** Left-associative arithmetic or concatenation of one precedence level. */
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly first: Expr;
  readonly rest: { readonly op: string; readonly operand: Expr; readonly at: Position }[];
  readonly at: Position;
}

export interface LogicalExpr {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly operands: Expr[];
  readonly at: Position;
}

/** Python-style chained comparison: `a < b < c` means `a < b and b < c`. */
export interface CompareExpr {
  readonly kind: 'compare';
  readonly first: Expr;
  readonly rest: { readonly op: string; readonly operand: Expr; readonly at: Position }[];
  readonly at: Position;
}

export type PipeStep =
  | {
      readonly kind: 'filter';
      readonly name: string;
      readonly args: (Expr | undefined)[];
      readonly at: Position;
    }
  | {
      readonly kind: 'test';
      readonly name: string;
      readonly negated: boolean;
      readonly args: (Expr | undefined)[];
      readonly at: Position;
    };

/** `value | filter(args) is test`: filters and tests applied left to right. */
export interface PipeExpr {
  readonly kind: 'pipe';
  readonly value: Expr;
  readonly steps: PipeStep[];
  readonly at: Position;
}

export interface ConditionalExpr {
  readonly kind: 'conditional';
  readonly test: Expr;
  readonly then: Expr;
  readonly otherwise: Expr | undefined;
  readonly at: Position;
}
