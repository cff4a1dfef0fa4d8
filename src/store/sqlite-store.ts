/**
 * The embedded store (better-sqlite3): WAL journal with synchronous=FULL, so a committed row survives a crash or
 * power loss; a 200 is sent only after the commit returns. better-sqlite3 is synchronous: within a process writes
 * are serialized; CDS_WORKERS processes share the file, the jti replay memory with it. A write lock held elsewhere
 * (another worker, an outside tool) blocks the event loop for at most BUSY_TIMEOUT_MS per attempt: the attempt is
 * retried after a short pause off the event loop, until a budget runs out (then 503).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Feedback } from '../contract/types.js';
import { errorCode, isBusy, isDataError, StoreDataError } from './errors.js';
import { MigrationError, migrationsDir, MIGRATIONS_TABLE, pendingMigrations } from './migrations.js';
import { FEEDBACK_COLUMNS, feedbackRow, jtiKey, SHOWN_COLUMNS, shownRow, type FeedbackRow } from './rows.js';
import { ShownBuffer } from './shown-buffer.js';
import { storeUnavailable } from './unavailable.js';
import type { FeedbackStore, RowVersions, SaveResult, ShownCard, ShownDropReason, StoreObserver } from './store.js';
import { PROBE_KEY, WriteProbe } from './write-probe.js';
import { storeWriteSpan } from '../telemetry/spans.js';

export type { FeedbackRow } from './rows.js';

export interface SqliteStoreOptions {
  /** Most shown-card rows kept in memory while they cannot be written. */
  shownBufferRows?: number;
  observer?: StoreObserver;
  /** Tests: another migrations folder. */
  migrations?: string;
  /** How long a feedback or jti write keeps retrying while another connection holds the write lock (ms). */
  busyRetryMs?: number;
  /** Only read (the report): a store that cannot write opens all the same. */
  readOnly?: boolean;
}

/** How often expired jti rows are deleted. */
const PURGE_EVERY_MS = 60_000;
/** SQLite's own wait for a lock, on the event loop: short, so that nothing else waits behind it. */
const BUSY_TIMEOUT_MS = 20;
/** Pause between attempts while the lock is held elsewhere (the event loop runs meanwhile). */
const BUSY_PAUSE_MS = 25;
const DEFAULT_BUSY_RETRY_MS = 2000;
/** The readiness probe does not wait as long: a store that cannot write for half a second is not ready. */
const PROBE_RETRY_MS = 500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `write`, again after a pause each time SQLite is busy, until `budgetMs` has passed. */
async function retryingBusy<T>(write: () => T, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      return write();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
      await pause(BUSY_PAUSE_MS + Math.random() * BUSY_PAUSE_MS);
    }
  }
}

function migrate(db: Database.Database, dir: string): void {
  db.exec(MIGRATIONS_TABLE);
  // IMMEDIATE: a second worker starting at the same time waits for the first to finish migrating.
  db.exec('BEGIN IMMEDIATE');
  try {
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of pendingMigrations(dir, done)) {
      try {
        db.exec(m.sql);
      } catch (e) {
        throw new MigrationError(m, e);
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

export class SqliteFeedbackStore implements FeedbackStore {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly insertAll: (rows: FeedbackRow[]) => number;
  private readonly probe: WriteProbe;
  private readonly insertShown: (rows: ShownCard[]) => void;
  private readonly remember: Database.Statement;
  private readonly purge: Database.Statement;
  private readonly shown: ShownBuffer;
  private readonly purgeTimer: NodeJS.Timeout;

  constructor(
    readonly file: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Long enough for migrations of workers starting at once; shortened below for the running service.
    this.db.pragma('busy_timeout = 5000');
    let probe: Database.Statement;
    try {
      migrate(this.db, options.migrations ?? migrationsDir('sqlite'));
      probe = this.db.prepare('INSERT INTO jti_seen (key, expires_at) VALUES (?, 0) ON CONFLICT (key) DO UPDATE SET expires_at = 0');
      // A store that cannot write (read-only file or folder, disk full) refuses to start rather than answer 503s.
      if (!options.readOnly) probe.run(PROBE_KEY);
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.probe = new WriteProbe(() => retryingBusy(() => void probe.run(PROBE_KEY), PROBE_RETRY_MS));
    const insert = this.db.prepare(
      `INSERT INTO feedback (${FEEDBACK_COLUMNS.join(', ')}) VALUES (${FEEDBACK_COLUMNS.map((c) => `@${c}`).join(', ')}) ON CONFLICT (dedup_key) DO NOTHING`,
    );
    // Every item is tried, so that the 400 names each one refused as data; then nothing is kept (rolled back).
    this.insertAll = this.db.transaction((rows: FeedbackRow[]) => {
      let inserted = 0;
      const refused: number[] = [];
      let code = '';
      rows.forEach((r, i) => {
        try {
          inserted += insert.run(r).changes;
        } catch (e) {
          if (!isDataError(e)) throw e;
          refused.push(i);
          code ||= errorCode(e);
        }
      });
      if (refused.length) throw new StoreDataError(refused, code);
      return inserted;
    });
    // ON CONFLICT on the key only (not OR IGNORE, which would also skip a row refused as data, silently).
    const shown = this.db.prepare(`INSERT INTO card_shown (${SHOWN_COLUMNS.join(', ')}) VALUES (${SHOWN_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (card_uuid) DO NOTHING`);
    this.insertShown = this.db.transaction((rows: ShownCard[]) => {
      for (const r of rows) shown.run(shownRow(r));
    });
    // A key seen before counts again only once its recorded expiry has passed.
    this.remember = this.db.prepare(
      'INSERT INTO jti_seen (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE jti_seen.expires_at <= ?',
    );
    this.purge = this.db.prepare('DELETE FROM jti_seen WHERE expires_at <= ?');
    this.purgeTimer = setInterval(() => {
      try {
        this.purgeExpired();
      } catch {
        // Counted by guard; the next round purges.
      }
    }, PURGE_EVERY_MS).unref();
    this.shown = new ShownBuffer((rows) => storeWriteSpan('store.shown.write', 'sqlite', 'card_shown', rows.length, async () => this.insertShown(rows), true), options.shownBufferRows ?? 10_000, options.observer);
  }

  private guard<T>(operation: string, run: () => T): T {
    try {
      return run();
    } catch (e) {
      this.options.observer?.storeError?.(operation);
      throw storeUnavailable(operation, e);
    }
  }

  /** A write that waits (off the event loop) while another connection holds the lock; 503 past the budget. */
  private async guardWrite<T>(operation: string, run: () => T): Promise<T> {
    try {
      return await retryingBusy(run, this.options.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS);
    } catch (e) {
      if (e instanceof StoreDataError) throw e;
      this.options.observer?.storeError?.(operation);
      throw storeUnavailable(operation, e);
    }
  }

  recordShown(cards: ShownCard[]): void {
    this.shown.add(cards);
  }

  flushShown(): Promise<void> {
    return this.db.open ? this.shown.flush() : Promise.resolve();
  }

  async save(serviceId: string, items: Feedback[], receivedAt: Date, versions?: RowVersions): Promise<SaveResult> {
    const at = receivedAt.toISOString();
    const rows = items.map((f) => feedbackRow(serviceId, f, at, versions));
    const inserted = await this.guardWrite('save-feedback', () => this.insertAll(rows));
    this.options.observer?.feedbackStored?.(inserted);
    return { stored: items.length, new: inserted };
  }

  async rememberJti(key: string, expiresAt: number, nowSeconds = Date.now() / 1000): Promise<'new' | 'replay'> {
    const changes = await this.guardWrite('remember-jti', () => this.remember.run(jtiKey(key), Math.ceil(expiresAt), nowSeconds).changes);
    return changes === 1 ? 'new' : 'replay';
  }

  purgeExpired(nowSeconds = Date.now() / 1000): number {
    if (!this.db.open) return 0;
    return this.guard('purge-jti', () => this.purge.run(nowSeconds).changes);
  }

  async readQuery(sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]> {
    await this.flushShown();
    // A bad query is a defect of its caller, not a store outage: its error is thrown as it is.
    const statement = this.db.prepare(sql);
    if (!statement.readonly || !statement.reader) throw new TypeError('readQuery takes a read-only query that returns rows');
    return statement.all(...params) as Record<string, unknown>[];
  }

  shownDropped(): number {
    return this.shown.dropped;
  }

  shownPending(): number {
    return this.shown.size;
  }

  shownDroppedBy(): Record<ShownDropReason, number> {
    return { ...this.shown.droppedBy };
  }

  healthy(): Promise<boolean> {
    return this.db.open ? this.probe.check() : Promise.resolve(false);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    clearInterval(this.purgeTimer);
    this.shown.stop();
    await this.shown.flush();
    this.shown.abandon();
    this.db.close();
  }
}
