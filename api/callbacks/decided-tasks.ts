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
  /** Task id → the channel its decisive status came through. */
  readonly #ids = new Map<string, string>();

  constructor(private readonly maxEntries = 10_000) {}

  /**
   * True when `taskId` was decided through `channelId`. The channel is part of the question: a
   * callback of another channel naming this task is not known to be about it, and is routed as usual.
   */
  has(taskId: string, channelId: string): boolean {
    return this.#ids.get(taskId) === channelId;
  }

  add(taskId: string, channelId: string): void {
    if (this.#ids.has(taskId)) return;
    if (this.#ids.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#ids.keys().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
    this.#ids.set(taskId, channelId);
  }
}
