/** Chooses the back end from the settings: PostgreSQL when CDS_DATABASE_URL is set, else SQLite in CDS_DATA_DIR. */
import path from 'node:path';
import type { Settings } from '../config/settings.js';
import { PostgresFeedbackStore } from './postgres-store.js';
import { SqliteFeedbackStore } from './sqlite-store.js';
import type { FeedbackStore, StoreObserver } from './store.js';

export async function openStore(settings: Settings, observer?: StoreObserver): Promise<FeedbackStore> {
  const options = { shownBufferRows: settings.shownBufferRows, ...(observer ? { observer } : {}) };
  if (settings.database) return PostgresFeedbackStore.open(settings.database.url, options);
  return new SqliteFeedbackStore(path.join(settings.dataDir, 'feedback.sqlite'), options);
}

/** Why the store could not be opened, in one line that names the setting and never holds the password. */
export function storeOpenProblem(settings: Settings, e: unknown): string {
  const err = e as { code?: unknown; message?: unknown; errors?: { message?: unknown }[] } | undefined;
  let reason = [err?.code, err?.message || err?.errors?.[0]?.message].filter((x) => typeof x === 'string' && x).join(' ');
  if (!settings.database) return `CDS_DATA_DIR=${settings.dataDir}: cannot open the SQLite store: ${reason || String(e)}`.replace(/\s+/g, ' ');
  const password = decodeURIComponent(new URL(settings.database.url).password);
  if (password) reason = reason.split(password).join('***');
  return `CDS_DATABASE_URL=${settings.database.display}: cannot open the PostgreSQL store: ${reason || 'unknown error'}`.replace(/\s+/g, ' ');
}
