/**
 * `npm run fhir-sandbox -- [--port 8080] [--host 127.0.0.1] [--token T] [--page-size N] [--pinned] [--log-calls]
 *   [--latency-ms N] [--bundle file.json ...]`
 *
 * A FHIR R4 server loaded with every fixture patient. Dates are moved to today unless --pinned (then they read
 * as of the evaluation date, 2026-06-15, for a service started with CDS_FIXED_NOW=2026-06-15T12:00:00Z).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Bundle, FhirResource } from 'fhir/r4';
import { createFhirSandbox } from '../devkit/fhir-sandbox.js';
import { allFixturePatients, readManifest } from '../devkit/fixtures.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    'page-size': { type: 'string' },
    pinned: { type: 'boolean', default: false },
    'log-calls': { type: 'boolean', default: false },
    cors: { type: 'string' },
    bundle: { type: 'string', multiple: true },
    'latency-ms': { type: 'string' },
  },
});

// Extra Bundles (e.g. the benchmark's synthetic patient) are served as written.
const extra = (values.bundle ?? []).flatMap((file) => ((JSON.parse(readFileSync(file, 'utf8')) as Bundle).entry ?? []).map((e) => e.resource as FhirResource));
const resources = [...allFixturePatients(values.pinned), ...extra];
const sandbox = await createFhirSandbox(resources, {
  ...(values.token ? { token: values.token } : {}),
  ...(values['page-size'] ? { maxPageSize: Number(values['page-size']) } : {}),
  ...(values.cors ? { corsOrigins: values.cors.split(',') } : {}),
  ...(values['latency-ms'] ? { latencyMs: Number(values['latency-ms']) } : {}),
  ...(values['log-calls'] ? { onCall: (call) => console.log(JSON.stringify({ msg: 'call', ...call })) } : {}),
});
// The handlers before the "listening" line: whoever reads it may signal at once.
const stop = () => void sandbox.close().then(
  () => process.exit(0),
  () => process.exit(0), // a signal before it listened: nothing to close
);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
const url = await sandbox.listen(Number(values.port), values.host);
const patients = readManifest().patients.map((p) => p.name);
console.log(JSON.stringify({ msg: 'fhir-sandbox listening', url, resources: resources.length, patients: patients.length, tokenRequired: !!values.token, pinned: values.pinned }));
console.error(`FHIR sandbox at ${url} — ${patients.length} fixture patients (e.g. ${url}/Patient/${patients[2]}); Ctrl-C to stop`);
