/**
 * A bounded number of calls at once, the rest waiting their turn: urgent ones first, FIFO within
 * each class. The task starter sends its workflow starts through one: hundreds of concurrent starts
 * would only slow each past its deadline, and an urgent task must not wait behind a burst of
 * non-urgent ones (SPEC §4: urgent runs immediately).
 */
export class StartLane {
  private running = 0;
  private readonly waiting = { urgent: [] as (() => void)[], normal: [] as (() => void)[] };

  constructor(private readonly maxRunning: number) {}

  /** Every place is taken: a call made now waits its turn. */
  get full(): boolean {
    return this.running >= this.maxRunning;
  }

  /** Calls waiting for a place. */
  get queued(): number {
    return this.waiting.urgent.length + this.waiting.normal.length;
  }

  async run<T>(urgent: boolean, call: () => Promise<T>): Promise<T> {
    if (this.running < this.maxRunning) this.running += 1;
    else
      await new Promise<void>((resolve) =>
        (urgent ? this.waiting.urgent : this.waiting.normal).push(resolve),
      );
    try {
      return await call();
    } finally {
      // Hand the place straight to the next call waiting, or give it back.
      const next = this.waiting.urgent.shift() ?? this.waiting.normal.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
