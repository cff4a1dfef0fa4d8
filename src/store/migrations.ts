/**
 * Versioned schema migrations: migrations/<backend>/NNN-name.sql beside this module, applied in order, each version
 * once. The build copies the folder next to the compiled module (dist/src/store/migrations), so an install of dist/
 * and production node_modules alone finds them. Hand-written on purpose: two back ends, one transaction each (an
 * advisory lock on PostgreSQL) and the refusal below are ~40 lines. node-pg-migrate is PostgreSQL only; umzug and
 * postgrator would each need an adapter or executor per back end plus their own bookkeeping table, and neither
 * refuses a database that is ahead of the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrationsDir = (backend: 'sqlite' | 'postgres'): string => path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations', backend);

export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * The migrations a database still needs, given the versions it has. A database migrated by a newer build is
 * refused: this code would read and write a schema it does not know (rollback = the backup taken before the upgrade).
 */
export function pendingMigrations(dir: string, applied: ReadonlySet<number>): Migration[] {
  const known = loadMigrations(dir);
  const newest = known.reduce((n, m) => Math.max(n, m.version), 0);
  const newer = [...applied].filter((v) => v > newest);
  if (newer.length > 0) throw new SchemaTooNewError(Math.max(...newer), newest);
  return known.filter((m) => !applied.has(m.version));
}

/** The database holds a schema version newer than the newest migration of this build. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly newest: number,
  ) {
    super(
      `database schema version ${found} is newer than this build knows (${newest}): it was migrated by a newer release; run that release, or restore the backup taken before the upgrade`,
    );
    this.name = 'SchemaTooNewError';
  }
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
