/** Chooses the back end from the settings: PostgreSQL when CDS_DATABASE_URL is set, else SQLite in CDS_DATA_DIR. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings.js';
import { PostgresFeedbackStore } from './postgres-store.js';
import { SqliteFeedbackStore } from './sqlite-store.js';
import type { FeedbackStore, StoreObserver } from './store.js';

/** The SQLite file under CDS_DATA_DIR. */
export function sqliteFile(settings: Settings): string {
  return path.join(settings.dataDir, 'feedback.sqlite');
}

export interface OpenOptions {
  observer?: StoreObserver;
  /** Refuse to create a new, empty SQLite store (a report of a mistyped CDS_DATA_DIR would say "no data" instead of failing). */
  mustExist?: boolean;
  /** Only read (the report CLI): a read-only SQLite file (a copy, a read-only mount) opens all the same. */
  readOnly?: boolean;
}

export async function openStore(settings: Settings, { observer, mustExist, readOnly }: OpenOptions = {}): Promise<FeedbackStore> {
  const options = { shownBufferRows: settings.shownBufferRows, ...(observer ? { observer } : {}) };
  if (settings.database) return PostgresFeedbackStore.open(settings.database.url, options);
  const file = sqliteFile(settings);
  if (mustExist && !existsSync(file)) throw new Error(`no feedback store at ${file} (check CDS_DATA_DIR)`);
  return new SqliteFeedbackStore(file, { ...options, ...(readOnly ? { readOnly } : {}) });
}

/** Why the store could not be opened, in one line that names the setting and never holds the password. */
export function storeOpenProblem(settings: Settings, e: unknown): string {
  const err = e as { code?: unknown; message?: unknown; errors?: { message?: unknown }[] } | undefined;
  let reason = [err?.code, err?.message || err?.errors?.[0]?.message].filter((x) => typeof x === 'string' && x).join(' ');
  if (!settings.database) {
    const readOnly = typeof err?.code === 'string' && err.code.startsWith('SQLITE_READONLY') ? ' (the file or its folder is read-only)' : '';
    return `CDS_DATA_DIR=${settings.dataDir}: cannot open the SQLite store: ${reason || String(e)}${readOnly}`.replace(/\s+/g, ' ');
  }
  const raw = new URL(settings.database.url).password;
  let password = raw;
  try {
    password = decodeURIComponent(raw);
  } catch {
    // Checked by parseDatabaseUrl; the raw form is blanked all the same.
  }
  for (const secret of [password, raw]) if (secret) reason = reason.split(secret).join('***');
  return `CDS_DATABASE_URL=${settings.database.display}: cannot open the PostgreSQL store: ${reason || 'unknown error'}`.replace(/\s+/g, ' ');
}
