// The SQL migrations are read at run time from beside the compiled store module: copy them into dist/ after tsc,
// so dist/ plus the production node_modules is a complete install (`node scripts/copy-migrations.mjs [dist folder]`).
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const to = path.join(path.resolve(process.argv[2] ?? path.join(root, 'dist')), 'src', 'store', 'migrations');
rmSync(to, { recursive: true, force: true }); // a migration removed from src/ must not linger in dist/
cpSync(path.join(root, 'src', 'store', 'migrations'), to, { recursive: true, filter: (f) => !/\.(ts|md)$/.test(f) });
