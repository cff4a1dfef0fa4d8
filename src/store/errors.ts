/**
 * Store errors in two kinds: the database refused the data (permanent: a 400 for feedback, a dropped row for the
 * shown-card buffer) or the database could not be used now (transient: 503, the buffer retries).
 */

/** SQLSTATE classes of data the database will never take: 22 data exception, 23 integrity, 54 program limit. */
const PG_DATA_CLASSES = new Set(['22', '23', '54']);
/** better-sqlite3 codes of data SQLite will never take. */
const SQLITE_DATA_CODES = /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/;

/** The database refused this data (as opposed to being unreachable, locked, full or read-only). */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return false;
  if (/^[0-9A-Z]{5}$/.test(code)) return PG_DATA_CLASSES.has(code.slice(0, 2));
  return SQLITE_DATA_CODES.test(code);
}

/** SQLite could not take the write lock in time (another process or connection holds it): worth retrying soon. */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** The error code only (SQLSTATE or SQLITE_*): what the log may say of a refused row, never its content. */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code.slice(0, 40) : 'unknown';
}

/** Feedback items the database refused as data: which ones (indexes in the POST), and the error code of the first. */
export class StoreDataError extends Error {
  constructor(
    readonly items: number[],
    readonly code: string,
  ) {
    super(`the database refused feedback item(s) ${items.join(', ')} as data (${code})`);
    this.name = 'StoreDataError';
  }
}

/** U+0000, which PostgreSQL text cannot hold (22021) and SQLite readers cut strings at, removed from stored text. */
export function withoutNul(s: string): string;
export function withoutNul(s: string | null): string | null;
export function withoutNul(s: string | null): string | null {
  return s !== null && s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
}
