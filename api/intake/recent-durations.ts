/**
 * The last few durations of something, and how long it takes "right now" as a quantile of them.
 * The task starter keeps its recent workflow starts here: waiting for a start that cannot settle
 * within the answer window only adds the window to the 200 (task-starter.ts, `answerWaitMs`).
 */
export class RecentDurations {
  private readonly values: number[] = [];
  private next = 0;

  /**
   * @param size how many of the latest durations count (older ones are overwritten)
   * @param minSamples below this many, `quantile` knows nothing (undefined)
   */
  constructor(
    private readonly size = 32,
    private readonly minSamples = 8,
  ) {}

  add(ms: number): void {
    this.values[this.next] = ms; // appends until full, then overwrites the oldest
    this.next = (this.next + 1) % this.size;
  }

  /** The nearest-rank quantile `q` (0–1) of the kept durations; undefined with too few of them. */
  quantile(q: number): number | undefined {
    if (this.values.length < this.minSamples) return undefined;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
    return sorted[rank - 1];
  }
}
