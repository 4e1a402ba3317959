/** Outcome of a wait: the matching items, and whether the wait gave up before enough arrived. */
export interface WaitResult<T> {
  items: T[];
  timedOut: boolean;
}

/**
 * Append-only record (requests, webhook attempts) that callers can wait on, so tests wait for
 * a condition instead of sleeping.
 */
export class Journal<T> {
  #items: T[] = [];
  #seq = 0;
  #waiters = new Set<(force: boolean) => void>();

  /** Sequence numbers keep growing across `clear`, so records of different runs never collide. */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  add(item: T): void {
    this.#items.push(item);
    this.changed();
  }

  /** Re-checks waiters after an item was updated in place (e.g. a response status arrived). */
  changed(): void {
    for (const waiter of [...this.#waiters]) waiter(false);
  }

  list(predicate: (item: T) => boolean = () => true): T[] {
    return this.#items.filter(predicate);
  }

  clear(): void {
    this.#items = [];
  }

  /** Resolves once `count` items match, or with `timedOut` after `timeoutMs` or on `releaseWaiters`. */
  waitFor(predicate: (item: T) => boolean, count: number, timeoutMs: number): Promise<WaitResult<T>> {
    return new Promise((resolve) => {
      const waiter = (force: boolean): void => {
        const items = this.list(predicate);
        if (items.length < count && !force) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve({ items, timedOut: items.length < count });
      };
      this.#waiters.add(waiter);
      const timer = setTimeout(() => waiter(true), timeoutMs);
      waiter(false);
    });
  }

  /** Answers every pending wait now (used when the mock stops). */
  releaseWaiters(): void {
    for (const waiter of [...this.#waiters]) waiter(true);
  }
}
