/** Starting the service, the FHIR sandbox and benchmark servers as real processes on loopback (tests, benchmarks). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/config/settings.js';

export interface Proc {
  child: ChildProcess;
  lines: string[];
  /** Settles once the process has exited and its stdout/stderr are read to the end (so `lines` is complete). */
  exited: Promise<Exit>;
  stop(): Promise<void>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The process's exit, after its output is read to the end: 'close', not 'exit' ('exit' can come before the last
 * lines are read, so a test reading them at once missed them on a loaded machine). Call it before signalling.
 */
export function closed(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal })));
}

/** Compiles src/ (what `npm start` runs) and devkit/, scripts/, bench/ (what tests and benchmarks spawn) to dist/. */
export function build(): void {
  const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.tools.json'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  const copy = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/copy-migrations.mjs')], { encoding: 'utf8' });
  if (copy.status !== 0) throw new Error(`copying the migrations failed:\n${copy.stderr}`);
}

/** Spawns `node <script> ...args` (relative to the package root, or absolute) and resolves once a stdout line satisfies `ready` (returning what it extracts). */
export function start<T>(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: (line: string) => T | undefined,
  timeoutMs = 30_000,
  /** Keep stdout lines after start-up (tests read them); benchmarks drop them to keep memory flat. */
  keepLines = true,
): Promise<{ proc: Proc; value: T }> {
  const child = spawn(process.execPath, [path.resolve(PACKAGE_ROOT, script), ...args], { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = closed(child);
  const proc: Proc = {
    child,
    lines,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${lines.join('\n')}`)), timeoutMs);
    eachLine(child.stdout!, (line) => {
      if (started && !keepLines) return;
      lines.push(line);
      if (started) return;
      const value = ready(line);
      if (value !== undefined) {
        started = true;
        clearTimeout(timer);
        resolve({ proc, value });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${script} exited with ${code}:\n${lines.join('\n')}`));
    });
  });
}

/** Calls `onLine` with each complete line the stream writes. */
export function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      onLine(line);
    }
  });
}

export const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

export function jsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(line);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}
