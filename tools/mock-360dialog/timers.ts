/**
 * Every timer and in-flight webhook fetch of a mock goes through one registry, so `reset` and
 * `stop` can cancel all of them at once and no stray callback fires into the next test.
 */
export class TimerRegistry {
  #timers = new Set<NodeJS.Timeout>();
  #sleepers = new Set<() => void>();
  #controller = new AbortController();

  /** Aborted by `cancelAll`; in-flight fetches combine it with their own timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Runs `fn` after `ms` unless cancelled first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  /** Resolves true after `ms`, or false as soon as the registry is cancelled. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = (): void => resolve(false);
      this.#sleepers.add(wake);
      this.after(ms, () => {
        this.#sleepers.delete(wake);
        resolve(true);
      });
    });
  }

  /** Clears pending timers, wakes sleepers with false and aborts in-flight work. */
  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const wake of this.#sleepers) wake();
    this.#sleepers.clear();
    this.#controller.abort(new Error('mock reset or stopped'));
    this.#controller = new AbortController();
  }
}
