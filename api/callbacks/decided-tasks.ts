/**
 * Tasks this process has already handed a decisive status (issue 14). SPEC section 4: the first
 * decisive status wins and later ones change nothing, so signalling them only costs a billable
 * signal — and, worse, a signal that lands while the task completes makes Temporal reject the
 * completion ("unhandled command"): the workflow task fails, the workflow is replayed and its resolve
 * step runs again. Cloud sends sent → delivered → read within milliseconds of each other, so that
 * happened to most tasks under load.
 *
 * Memory only, bounded, per replica: a miss (another replica got the decisive status, or the entry
 * was dropped) just signals as before, which the workflow ignores. Never a lost outcome: an id is
 * remembered only after its decisive signal was accepted by the server.
 */
export class DecidedTasks {
  readonly #ids = new Set<string>();

  constructor(private readonly maxEntries = 10_000) {}

  has(taskId: string): boolean {
    return this.#ids.has(taskId);
  }

  add(taskId: string): void {
    if (this.#ids.has(taskId)) return;
    if (this.#ids.size >= this.maxEntries) {
      // Sets iterate in insertion order: drop the oldest.
      const oldest = this.#ids.values().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
    this.#ids.add(taskId);
  }
}
