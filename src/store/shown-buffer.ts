/**
 * Shown-card rows on their way to the database: batched off the request path, kept in memory while the database
 * is down (up to a bound; past it, new rows are dropped and counted), retried until written. A row the database
 * refuses as data is dropped (counted, reported once) so that it never holds up the rows behind it.
 */
import { errorCode, isDataError } from './errors.js';
import type { ShownCard, ShownDropReason, StoreObserver } from './store.js';

/** Rows wait at most this long, or until this many, before one batched write; a failed write is retried after RETRY_MS. */
const FLUSH_MS = 250;
const FLUSH_ROWS = 500;
const RETRY_MS = 1000;

export class ShownBuffer {
  private rows: ShownCard[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  /** Rows dropped since start, by reason. */
  readonly droppedBy: Record<ShownDropReason, number> = { 'buffer-full': 0, refused: 0, shutdown: 0 };

  constructor(
    private readonly write: (rows: ShownCard[]) => Promise<void>,
    private readonly bound: number,
    private readonly observer: StoreObserver = {},
  ) {}

  get size(): number {
    return this.rows.length;
  }

  get dropped(): number {
    return this.droppedBy['buffer-full'] + this.droppedBy.refused + this.droppedBy.shutdown;
  }

  private drop(rows: number, reason: ShownDropReason, code?: string): void {
    this.droppedBy[reason] += rows;
    this.observer.shownDropped?.(rows, reason, code);
  }

  add(cards: ShownCard[]): void {
    const room = Math.max(0, this.bound - this.rows.length);
    if (cards.length > room) this.drop(cards.length - room, 'buffer-full');
    this.rows.push(...cards.slice(0, room));
    this.observer.shownBuffered?.(this.rows.length);
    if (this.rows.length >= FLUSH_ROWS) void this.flush();
    else this.schedule(FLUSH_MS);
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms).unref();
  }

  /** Writes what is buffered; resolves once written, or once a write failed (the rows stay, a retry is scheduled). */
  flush(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Removes the first `n` rows (written or dropped). Only drain takes rows off the head; add only appends. */
  private shift(n: number): void {
    this.rows.splice(0, n);
    this.observer.shownBuffered?.(this.rows.length);
  }

  private async drain(): Promise<void> {
    while (this.rows.length) {
      const batch = this.rows.slice(0, FLUSH_ROWS);
      try {
        await this.write(batch);
        this.shift(batch.length);
      } catch (e) {
        if (!isDataError(e)) return this.failed();
        // Some row of the batch is refused as data: write the batch row by row, dropping each refused one.
        for (const row of batch) {
          try {
            await this.write([row]);
          } catch (rowError) {
            if (!isDataError(rowError)) return this.failed();
            this.drop(1, 'refused', errorCode(rowError));
          }
          this.shift(1);
        }
      }
    }
  }

  private failed(): void {
    this.observer.storeError?.('record-shown');
    this.schedule(RETRY_MS);
  }

  /** At exit: the rows that could not be written are counted as dropped ('shutdown'); returns how many. */
  abandon(): number {
    this.stop();
    const left = this.rows.length;
    if (left) {
      this.rows = [];
      this.drop(left, 'shutdown');
      this.observer.shownBuffered?.(0);
    }
    return left;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
