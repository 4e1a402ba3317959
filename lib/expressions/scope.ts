import { ownValue } from './values.js';

/**
 * Variables visible to a template. A Map, not an object, so no name (`constructor`, `__proto__`)
 * can resolve to anything inherited. `{% set %}` writes to the innermost scope; a `for` body gets
 * its own, so assignments inside a loop do not leak out of it, as in Jinja.
 */
export class Scope {
  private readonly vars = new Map<string, unknown>();

  private constructor(private readonly parent: Scope | undefined) {}

  /** The top scope: the caller's own enumerable variables (`data`, chat-context variables). */
  static root(vars: Record<string, unknown>): Scope {
    const scope = new Scope(undefined);
    if (typeof vars === 'object' && vars !== null) {
      for (const name of Object.keys(vars)) scope.vars.set(name, ownValue(vars, name));
    }
    return scope;
  }

  child(): Scope {
    return new Scope(this);
  }

  /** The value of `name`, or undefined (Jinja's Undefined) when no scope defines it. */
  lookup(name: string): unknown {
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.lookup(name);
  }

  set(name: string, value: unknown): void {
    this.vars.set(name, value);
  }
}
