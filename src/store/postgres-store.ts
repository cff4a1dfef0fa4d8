/**
 * The shared store (pg, a connection pool) for any number of instances on one PostgreSQL database. The jti replay
 * memory is one table with a primary key, so a token replayed to another instance is refused; feedback is committed
 * in one statement before the 200; the schema is migrated at start-up under an advisory lock.
 */
import pg from 'pg';
import type { Feedback } from '../contract/types.js';
import { errorCode, isDataError, StoreDataError } from './errors.js';
import { MigrationError, migrationsDir, MIGRATIONS_TABLE, pendingMigrations } from './migrations.js';
import { FEEDBACK_COLUMNS, feedbackRow, jtiKey, SHOWN_COLUMNS, shownRow, type FeedbackRow } from './rows.js';
import { ShownBuffer } from './shown-buffer.js';
import { storeUnavailable } from './unavailable.js';
import type { FeedbackStore, RowVersions, SaveResult, ShownCard, ShownDropReason, StoreObserver } from './store.js';
import { PROBE_KEY, WriteProbe } from './write-probe.js';
import { storeWriteSpan } from '../telemetry/spans.js';

export interface PostgresStoreOptions {
  /** Connections per instance. */
  poolSize?: number;
  shownBufferRows?: number;
  observer?: StoreObserver;
  /** Tests: another migrations folder. */
  migrations?: string;
}

/** pg_advisory_xact_lock key that serializes migrations of instances starting at once. */
const MIGRATION_LOCK = 4_311_276_809;
const PURGE_EVERY_MS = 60_000;

/** `?` placeholders → `$1…$n`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let quote: string | undefined;
  let out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Errors of the connection (refused, dropped, server shutting down), as opposed to errors of a query. */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return true;
  return !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300';
}

async function migrate(pool: pg.Pool, dir: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of pendingMigrations(dir, done)) {
      try {
        await client.query(m.sql);
      } catch (e) {
        throw new MigrationError(m, e);
      }
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** INSERT of `n` feedback rows, $1…$(n × columns). */
function feedbackInsert(n: number): string {
  const width = FEEDBACK_COLUMNS.length;
  const values = Array.from({ length: n }, (_, i) => `(${FEEDBACK_COLUMNS.map((_c, j) => `$${i * width + j + 1}`).join(', ')})`).join(', ');
  return `INSERT INTO feedback (${FEEDBACK_COLUMNS.join(', ')}) VALUES ${values} ON CONFLICT (dedup_key) DO NOTHING`;
}

export class PostgresFeedbackStore implements FeedbackStore {
  readonly dialect = 'postgres' as const;
  private readonly shown: ShownBuffer;
  private readonly purgeTimer: NodeJS.Timeout;
  private readonly probe = new WriteProbe(async () => {
    // Fails on a standby, a read-only database or transaction default, a full disk, or no connection.
    await this.pool.query('INSERT INTO jti_seen (key, expires_at) VALUES ($1, 0) ON CONFLICT (key) DO UPDATE SET expires_at = 0', [PROBE_KEY]);
  });

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions,
  ) {
    this.shown = new ShownBuffer((rows) => storeWriteSpan('store.shown.write', 'postgresql', 'card_shown', rows.length, () => this.insertShown(rows), true), options.shownBufferRows ?? 10_000, options.observer);
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => {}), PURGE_EVERY_MS).unref();
  }

  /** Connects and migrates; rejects when the database cannot be reached or a migration fails (nothing applied). */
  static async open(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresFeedbackStore> {
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
    // Idle clients report a dropped connection here; without a listener it would crash the process.
    pool.on('error', () => options.observer?.storeError?.('connection'));
    try {
      await migrate(pool, options.migrations ?? migrationsDir('postgres'));
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
    return new PostgresFeedbackStore(pool, options);
  }

  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      this.options.observer?.storeError?.(operation);
      throw storeUnavailable(operation, e);
    }
  }

  private async insertShown(rows: ShownCard[]): Promise<void> {
    const width = SHOWN_COLUMNS.length;
    const values = rows.map((_, i) => `(${SHOWN_COLUMNS.map((_c, j) => `$${i * width + j + 1}`).join(', ')})`).join(', ');
    await this.pool.query(`INSERT INTO card_shown (${SHOWN_COLUMNS.join(', ')}) VALUES ${values} ON CONFLICT (card_uuid) DO NOTHING`, rows.flatMap(shownRow));
  }

  recordShown(cards: ShownCard[]): void {
    this.shown.add(cards);
  }

  flushShown(): Promise<void> {
    return this.shown.flush();
  }

  async save(serviceId: string, items: Feedback[], receivedAt: Date, versions?: RowVersions): Promise<SaveResult> {
    const at = receivedAt.toISOString();
    const rows = items.map((f) => feedbackRow(serviceId, f, at, versions));
    let result: pg.QueryResult;
    try {
      // One statement: atomic without an explicit transaction; committed when it returns.
      result = await this.pool.query(feedbackInsert(rows.length), rows.flatMap((r) => FEEDBACK_COLUMNS.map((c) => r[c])));
    } catch (e) {
      if (isDataError(e)) throw await this.refusedItems(rows, e);
      this.options.observer?.storeError?.('save-feedback');
      throw storeUnavailable('save-feedback', e);
    }
    const inserted = result.rowCount ?? 0;
    this.options.observer?.feedbackStored?.(inserted);
    return { stored: items.length, new: inserted };
  }

  /**
   * Which items the database refuses (the statement failed as a whole and does not say): each is tried in one
   * transaction, behind a savepoint, and everything is rolled back. Only on this error path.
   */
  private async refusedItems(rows: FeedbackRow[], first: unknown): Promise<Error> {
    const refused: number[] = [];
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      for (const [i, row] of rows.entries()) {
        await client.query('SAVEPOINT item');
        try {
          await client.query(feedbackInsert(1), FEEDBACK_COLUMNS.map((c) => row[c]));
          await client.query('RELEASE SAVEPOINT item');
        } catch (e) {
          if (!isDataError(e)) throw e;
          refused.push(i);
          await client.query('ROLLBACK TO SAVEPOINT item');
        }
      }
      await client.query('ROLLBACK');
    } catch (e) {
      client?.release(true);
      this.options.observer?.storeError?.('save-feedback');
      return storeUnavailable('save-feedback', e);
    }
    client.release();
    // Refused as a whole yet each item alone passes (a conflict between items): the whole POST is named.
    return new StoreDataError(refused.length ? refused : rows.map((_, i) => i), errorCode(first));
  }

  async rememberJti(key: string, expiresAt: number, nowSeconds = Date.now() / 1000): Promise<'new' | 'replay'> {
    // A key seen before counts again only once its recorded expiry has passed.
    const result = await this.guard('remember-jti', () =>
      this.pool.query(
        'INSERT INTO jti_seen (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE jti_seen.expires_at <= $3',
        [jtiKey(key), Math.ceil(expiresAt), Math.floor(nowSeconds)],
      ),
    );
    return result.rowCount === 1 ? 'new' : 'replay';
  }

  async purgeExpired(nowSeconds = Date.now() / 1000): Promise<number> {
    const result = await this.guard('purge-jti', () => this.pool.query('DELETE FROM jti_seen WHERE expires_at <= $1', [Math.floor(nowSeconds)]));
    return result.rowCount ?? 0;
  }

  async readQuery(sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]> {
    await this.flushShown();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      this.options.observer?.storeError?.('read-query');
      throw storeUnavailable('read-query', e);
    }
    let broken = false;
    try {
      await client.query('BEGIN READ ONLY');
      const result = await client.query(numberPlaceholders(sql), params);
      await client.query('COMMIT');
      return result.rows as Record<string, unknown>[];
    } catch (e) {
      broken = isConnectionError(e);
      if (!broken) await client.query('ROLLBACK').catch(() => {});
      if (broken) {
        this.options.observer?.storeError?.('read-query');
        throw storeUnavailable('read-query', e);
      }
      throw e;
    } finally {
      client.release(broken);
    }
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
    return this.probe.check();
  }

  async close(): Promise<void> {
    clearInterval(this.purgeTimer);
    this.shown.stop();
    await this.shown.flush();
    this.shown.abandon();
    await this.pool.end();
  }
}
