/**
 * Shown-card rows on their way to the database: batched off the request path, kept in memory while the database
 * is down (up to a bound; past it, new rows are dropped and counted), retried until written.
 */
import type { ShownCard, StoreObserver } from './store.js';

/** Rows wait at most this long, or until this many, before one batched write; a failed write is retried after RETRY_MS. */
const FLUSH_MS = 250;
const FLUSH_ROWS = 500;
const RETRY_MS = 1000;

export class ShownBuffer {
  private rows: ShownCard[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  dropped = 0;

  constructor(
    private readonly write: (rows: ShownCard[]) => Promise<void>,
    private readonly bound: number,
    private readonly observer: StoreObserver = {},
  ) {}

  get size(): number {
    return this.rows.length;
  }

  add(cards: ShownCard[]): void {
    const room = Math.max(0, this.bound - this.rows.length);
    if (cards.length > room) {
      const lost = cards.length - room;
      this.dropped += lost;
      this.observer.shownDropped?.(lost);
    }
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

  private async drain(): Promise<void> {
    while (this.rows.length) {
      const batch = this.rows.slice(0, FLUSH_ROWS);
      try {
        await this.write(batch);
      } catch {
        this.observer.storeError?.('record-shown');
        this.schedule(RETRY_MS);
        return;
      }
      this.rows.splice(0, batch.length);
      this.observer.shownBuffered?.(this.rows.length);
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
