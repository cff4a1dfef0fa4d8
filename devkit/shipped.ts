/**
 * The service as it ships, outside the repository: compiled src/ with its migrations (what `npm run build` puts
 * in dist/), package.json, package-lock.json and cds-services.json in a folder of its own. Deployment tests install
 * production dependencies there, or link the repository's node_modules when only the code matters.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { jsonLine, start, tempDir, type Proc } from './processes.js';

function run(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

/** A folder holding the shipped files; `linkModules` links the repository's node_modules instead of installing. */
export function shippedCopy(prefix: string, { linkModules = false } = {}): string {
  const dir = tempDir(prefix);
  run([path.join(PACKAGE_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(dir, 'dist')]);
  run([path.join(PACKAGE_ROOT, 'scripts/copy-migrations.mjs'), path.join(dir, 'dist')]);
  for (const f of ['package.json', 'package-lock.json', 'cds-services.json']) copyFileSync(path.join(PACKAGE_ROOT, f), path.join(dir, f));
  if (linkModules) symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The main module of a shipped copy. */
export const shippedMain = (dir: string) => path.join(dir, 'dist', 'src', 'main.js');

/** Starts a shipped copy on a free loopback port; resolves with its base URL once it listens. */
export function startShipped(dir: string, env: Record<string, string>): Promise<{ proc: Proc; value: string }> {
  return start(shippedMain(dir), [], { PORT: '0', HOST: '127.0.0.1', ...env }, (line) => {
    const j = jsonLine(line);
    return typeof j?.msg === 'string' && j.msg.startsWith('listening') ? `http://127.0.0.1:${String(j.port)}` : undefined;
  });
}
