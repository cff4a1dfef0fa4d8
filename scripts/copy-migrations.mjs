// Files the service reads at run time from beside its compiled modules: copy them into dist/ after tsc, so dist/
// plus the production node_modules is a complete install (`node scripts/copy-migrations.mjs [dist folder]`):
// the SQL migrations (dist/src/store/migrations) and the FHIR knowledge artifacts served under /fhir
// (dist/knowledge/fhir, from knowledge/fhir: src/service/knowledge-service.ts reads ../../knowledge/fhir).
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const to = path.join(dist, 'src', 'store', 'migrations');
rmSync(to, { recursive: true, force: true }); // a migration removed from src/ must not linger in dist/
cpSync(path.join(root, 'src', 'store', 'migrations'), to, { recursive: true, filter: (f) => !/\.(ts|md)$/.test(f) });
const knowledge = path.join(dist, 'knowledge', 'fhir');
rmSync(knowledge, { recursive: true, force: true }); // likewise an artifact no longer generated
cpSync(path.join(root, 'knowledge', 'fhir'), knowledge, { recursive: true, filter: (f) => !f.endsWith('.md') });
