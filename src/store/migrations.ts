/** Versioned schema migrations: src/store/migrations/<backend>/NNN-name.sql, applied in order, each version once. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config/settings.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrationsDir = (backend: 'sqlite' | 'postgres'): string => path.join(PACKAGE_ROOT, 'src', 'store', 'migrations', backend);

export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/** The bookkeeping table, the same on both back ends. */
export const MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** A migration that failed: the transaction was rolled back, the schema is as it was. */
export class MigrationError extends Error {
  constructor(m: Migration, cause: unknown) {
    super(`schema migration ${String(m.version).padStart(3, '0')}-${m.name} failed (nothing applied): ${(cause as Error).message}`);
    this.name = 'MigrationError';
  }
}
