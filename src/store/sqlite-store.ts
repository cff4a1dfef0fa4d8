/**
 * The embedded store (better-sqlite3): WAL journal with synchronous=FULL, so a committed row survives a crash or
 * power loss; a 200 is sent only after the commit returns. better-sqlite3 is synchronous: within a process writes
 * are serialized; CDS_WORKERS processes share the file (busy_timeout), the jti replay memory with it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Feedback } from '../contract/types.js';
import { MigrationError, migrationsDir, MIGRATIONS_TABLE, pendingMigrations } from './migrations.js';
import { FEEDBACK_COLUMNS, feedbackRow, SHOWN_COLUMNS, shownRow, type FeedbackRow } from './rows.js';
import { ShownBuffer } from './shown-buffer.js';
import { storeUnavailable } from './unavailable.js';
import type { FeedbackStore, SaveResult, ShownCard, StoreObserver } from './store.js';

export type { FeedbackRow } from './rows.js';

export interface SqliteStoreOptions {
  /** Most shown-card rows kept in memory while they cannot be written. */
  shownBufferRows?: number;
  observer?: StoreObserver;
  /** Tests: another migrations folder. */
  migrations?: string;
}

/** How often expired jti rows are deleted. */
const PURGE_EVERY_MS = 60_000;

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
  private readonly db: Database.Database;
  private readonly insertAll: (rows: FeedbackRow[]) => number;
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
    this.db.pragma('busy_timeout = 5000');
    try {
      migrate(this.db, options.migrations ?? migrationsDir('sqlite'));
    } catch (e) {
      this.db.close();
      throw e;
    }
    const insert = this.db.prepare(
      `INSERT INTO feedback (${FEEDBACK_COLUMNS.join(', ')}) VALUES (${FEEDBACK_COLUMNS.map((c) => `@${c}`).join(', ')}) ON CONFLICT (dedup_key) DO NOTHING`,
    );
    this.insertAll = this.db.transaction((rows: FeedbackRow[]) => rows.reduce((n, r) => n + insert.run(r).changes, 0));
    const shown = this.db.prepare(`INSERT OR IGNORE INTO card_shown (${SHOWN_COLUMNS.join(', ')}) VALUES (${SHOWN_COLUMNS.map(() => '?').join(', ')})`);
    this.insertShown = this.db.transaction((rows: ShownCard[]) => {
      for (const r of rows) shown.run(shownRow(r));
    });
    // A key seen before counts again only once its recorded expiry has passed.
    this.remember = this.db.prepare(
      'INSERT INTO jti_seen (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE jti_seen.expires_at <= ?',
    );
    this.purge = this.db.prepare('DELETE FROM jti_seen WHERE expires_at <= ?');
    this.purgeTimer = setInterval(() => this.purgeExpired(), PURGE_EVERY_MS).unref();
    this.shown = new ShownBuffer(async (rows) => this.insertShown(rows), options.shownBufferRows ?? 10_000, options.observer);
  }

  private guard<T>(operation: string, run: () => T): T {
    try {
      return run();
    } catch (e) {
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

  async save(serviceId: string, items: Feedback[], receivedAt: Date): Promise<SaveResult> {
    const at = receivedAt.toISOString();
    const inserted = this.guard('save-feedback', () => this.insertAll(items.map((f) => feedbackRow(serviceId, f, at))));
    this.options.observer?.feedbackStored?.(inserted);
    return { stored: items.length, new: inserted };
  }

  async rememberJti(key: string, expiresAt: number, nowSeconds = Date.now() / 1000): Promise<'new' | 'replay'> {
    const changes = this.guard('remember-jti', () => this.remember.run(key, Math.ceil(expiresAt), nowSeconds).changes);
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

  async healthy(): Promise<boolean> {
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    clearInterval(this.purgeTimer);
    this.shown.stop();
    await this.shown.flush();
    this.db.close();
  }
}
