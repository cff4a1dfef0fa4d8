/** The one place that chooses the configured store, for the service and the report CLI alike. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings.js';
import { SqliteFeedbackStore } from './sqlite-store.js';
import type { FeedbackStore } from './store.js';

/** The SQLite file under CDS_DATA_DIR. */
export function sqliteFile(settings: Settings): string {
  return path.join(settings.dataDir, 'feedback.sqlite');
}

export interface OpenOptions {
  /** Refuse to create a new, empty store (a report of a mistyped CDS_DATA_DIR would say "no data" instead of failing). */
  mustExist?: boolean;
}

export function openStore(settings: Settings, options: OpenOptions = {}): FeedbackStore {
  const file = sqliteFile(settings);
  if (options.mustExist && !existsSync(file)) throw new Error(`no feedback store at ${file} (check CDS_DATA_DIR)`);
  return new SqliteFeedbackStore(file);
}
