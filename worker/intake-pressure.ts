/**
 * Intake first, where the intake and the worker share one process (`npm start`).
 *
 * There the HTTP intake, the worker's activities and the embedded store (PGlite, WebAssembly) take
 * turns on one event loop. With a backlog, the worker keeps that loop full, and a mailing request
 * waits behind the pipeline's callbacks: at 100 requests/s with the SDK's default 100 activity and
 * 40 workflow task slots, the intake's p99 was seconds (README, Benchmark). So while requests
 * arrive fast, the worker takes fewer tasks at once; the pipeline catches up once the burst is
 * over, and the tasks wait durably in Temporal meanwhile. Below the threshold (the SPEC's default
 * intake of one company is 20/s) nothing changes: urgent tasks keep every slot.
 *
 * Only new slots are held back: a task already running is never interrupted, and a slot an idle
 * poller reserved before the burst is still used once (Temporal reserves a slot before each poll),
 * so a burst's first moments can see a few more tasks than the busy share.
 */
import type { CustomSlotSupplier, SlotInfo, SlotPermit } from '@temporalio/worker';

/** Requests per second (over the last second) from which the intake counts as busy. */
export const BUSY_FROM_PER_SECOND = 30;
/** Slots the worker keeps while the intake is busy (measured on 2 cores: README, Benchmark). */
export const BUSY_SLOTS = { activity: 8, workflow: 4 } as const;
/** How often waiting reservations look at the intake again once it may have calmed down. */
const RECHECK_MS = 100;
const WINDOW_MS = 1000;

/** The slots a slot type may hold: all of them, or the busy share while the intake is busy. Pure. */
export function slotLimit(base: number, busy: number, intakePerSecond: number): number {
  return intakePerSecond >= BUSY_FROM_PER_SECOND ? Math.min(base, busy) : base;
}

/** Counts accepted mailing requests over the last second. */
export class IntakePressure {
  /** Arrival times (ms), oldest first; at most one second's worth is kept. */
  private readonly arrivals: number[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  note(): void {
    this.arrivals.push(this.now());
    this.trim();
  }

  perSecond(): number {
    this.trim();
    return this.arrivals.length;
  }

  private trim(): void {
    const since = this.now() - WINDOW_MS;
    let drop = 0;
    while (drop < this.arrivals.length && (this.arrivals[drop] ?? 0) <= since) drop++;
    if (drop > 0) this.arrivals.splice(0, drop);
  }
}

interface Waiter {
  grant: () => void;
}

/**
 * A Temporal slot supplier holding at most `slotLimit(base, busy, pressure)` slots. Reservations
 * beyond it wait, in order, until a slot is released or the intake calms down.
 */
export class IntakeFirstSlots<SI extends SlotInfo> {
  private used = 0;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pressure: IntakePressure,
    private readonly base: number,
    private readonly busy: number,
  ) {}

  /** Slots held now (reserved, in use or not). */
  get held(): number {
    return this.used;
  }

  /** Reservations waiting for a slot: the worker has pollers ready that this supplier holds back. */
  get waitingReservations(): number {
    return this.waiting.length;
  }

  get limit(): number {
    return slotLimit(this.base, this.busy, this.pressure.perSecond());
  }

  /** Hands out free slots to waiting reservations, oldest first. */
  recheck(): void {
    while (this.waiting.length > 0 && this.used < this.limit) {
      this.used += 1;
      this.waiting.shift()?.grant();
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    // Nothing may be released while the intake is busy: look again when it may have calmed down.
    if (this.waiting.length > 0) {
      this.timer = setTimeout(() => this.recheck(), RECHECK_MS);
      this.timer.unref();
    }
  }

  readonly supplier: CustomSlotSupplier<SI> = {
    type: 'custom',
    reserveSlot: (_ctx, abortSignal) =>
      new Promise<SlotPermit>((resolve, reject) => {
        if (abortSignal.aborted) return reject(abortError());
        if (this.waiting.length === 0 && this.used < this.limit) {
          this.used += 1;
          return resolve({});
        }
        const waiter: Waiter = {
          grant: () => {
            abortSignal.removeEventListener('abort', abort);
            resolve({});
          },
        };
        const abort = () => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(abortError());
        };
        abortSignal.addEventListener('abort', abort, { once: true });
        this.waiting.push(waiter);
        this.recheck();
      }),
    // Eager tasks (returned with a completed workflow task) never wait: a slot now, or none.
    tryReserveSlot: () => {
      if (this.waiting.length > 0 || this.used >= this.limit) return null;
      this.used += 1;
      return {};
    },
    markSlotUsed: () => undefined,
    releaseSlot: () => {
      this.used = Math.max(0, this.used - 1);
      this.recheck();
    },
  };
}

/** The SDK accepts only an AbortError from an aborted reservation. */
function abortError(): Error {
  return Object.assign(new Error('slot reservation aborted'), { name: 'AbortError' });
}
