/**
 * End to end, as an EHR would: the service and the FHIR sandbox run as real processes on loopback. Every
 * fixture patient is called three ways on every hook (patient-view, order-select, order-sign), and must give its expected decision each time:
 *   1. full prefetch (with fhirServer + token alongside: nothing may be fetched),
 *   2. no prefetch: fhirServer + token only, the sandbox requiring the token and paging 3 results at a time,
 *   3. prefetch only, no fhirServer.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { responseErrors } from '../../src/contract/validate.js';
import { expectedFor, type ManifestEntry } from '../../scripts/fixtures/generate.js';
import { HOOKS } from '../../src/contract/schemas.js';
import type { HookName } from '../../src/contract/types.js';
import { build, jsonLine, start, tempDir, type Proc } from '../../devkit/processes.js';

const TOKEN = 'e2e-access-token-7f3a9c';
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'fixtures/patients/index.json'), 'utf8')) as { evaluationDate: string; patients: ManifestEntry[] };

let sandbox: Proc;
let service: Proc;
let fhirUrl: string;
let serviceUrl: string;

beforeAll(async () => {
  build();
  const sb = await start('dist/scripts/fhir-sandbox.js', ['--port', '0', '--token', TOKEN, '--page-size', '3', '--pinned', '--log-calls'], {}, (l) => {
    const j = jsonLine(l);
    return j?.msg === 'fhir-sandbox listening' ? String(j.url) : undefined;
  });
  sandbox = sb.proc;
  fhirUrl = sb.value;
  const svc = await start(
    'dist/src/main.js',
    [],
    { PORT: '0', HOST: '127.0.0.1', CDS_FIXED_NOW: manifest.evaluationDate, CDS_DATA_DIR: tempDir('ifn-cds-e2e-'), LOG_LEVEL: 'info' },
    (l) => {
      const j = jsonLine(l);
      return typeof j?.msg === 'string' && j.msg.startsWith('listening') ? `http://127.0.0.1:${String(j.port)}` : undefined;
    },
  );
  service = svc.proc;
  serviceUrl = svc.value;
}, 120_000);

afterAll(async () => {
  await Promise.all([service?.stop(), sandbox?.stop()]);
});

const sandboxCalls = () => sandbox.lines.map(jsonLine).filter((j): j is Record<string, unknown> => j?.msg === 'call');

async function fire(hook: HookName, body: Record<string, unknown>) {
  const res = await fetch(`${serviceUrl}/cds-services/ifn-timing-${hook}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { cards?: { source: { topic?: { code: string } } }[] };
  return { status: res.status, json };
}

const auth = { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'ifn-timing-cds' };
const cases = manifest.patients.flatMap((p) =>
  HOOKS.map((hook) => ({ name: p.name, hook, file: p.requests[hook], expected: expectedFor(p, hook) })),
);

describe('every fixture patient, three ways, over real HTTP', () => {
  it('discovery answers from the running service', async () => {
    const res = await fetch(`${serviceUrl}/cds-services`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { services: { hook: string }[] }).services.map((s) => s.hook)).toEqual([...HOOKS]);
  });

  it.each(cases)('$name $hook → $expected', async ({ hook, file, expected }) => {
    const request = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, file), 'utf8')) as Record<string, unknown>;
    const want = expected ? [expected] : [];

    const before = sandboxCalls().length;
    const full = await fire(hook, { ...request, fhirServer: fhirUrl, fhirAuthorization: auth });
    expect(full.status).toBe(200);
    expect(sandboxCalls().length).toBe(before); // everything was prefetched: no FHIR call

    const { prefetch: _omit, ...withoutPrefetch } = request;
    const viaFhir = await fire(hook, { ...withoutPrefetch, fhirServer: fhirUrl, fhirAuthorization: auth });
    expect(viaFhir.status).toBe(200);
    const calls = sandboxCalls().slice(before);
    expect(calls.length).toBeGreaterThanOrEqual(9);
    expect(calls.every((c) => c.hadToken === true && c.authorized === true)).toBe(true);

    const prefetchOnly = await fire(hook, request);
    expect(prefetchOnly.status).toBe(200);

    for (const r of [full, viaFhir, prefetchOnly]) {
      expect(responseErrors(r.json)).toEqual([]);
      expect(r.json.cards!.map((c) => c.source.topic?.code)).toEqual(want);
    }
  });

  it('the service never logged the access token', () => {
    expect(service.lines.join('\n')).not.toContain(TOKEN);
    expect(service.lines.filter((l) => jsonLine(l)?.msg === 'request').length).toBeGreaterThanOrEqual(cases.length * 3);
  });

  it('the sandbox paged results (page size 3) and the service followed the next links', () => {
    expect(sandboxCalls().some((c) => String(c.url).includes('_offset=3'))).toBe(true);
  });
});

describe('TLS (R168, R172): with CDS_TLS_KEY and CDS_TLS_CERT the service speaks only https', () => {
  const TLS = path.join(PACKAGE_ROOT, 'devkit/tls');
  let tls: Proc;
  let port: number;

  beforeAll(async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', CDS_DATA_DIR: tempDir('ifn-cds-tls-'), CDS_TLS_KEY: path.join(TLS, 'localhost-test-key.pem'), CDS_TLS_CERT: path.join(TLS, 'localhost-test-cert.pem') };
    const svc = await start('dist/src/main.js', [], env, (l) => {
      const j = jsonLine(l);
      return typeof j?.msg === 'string' && j.msg.startsWith('listening: https://') ? Number(j.port) : undefined;
    });
    tls = svc.proc;
    port = svc.value;
  }, 60_000);
  afterAll(async () => {
    await tls?.stop();
  });

  it('discovery over https, with the certificate configured', async () => {
    const ca = readFileSync(path.join(TLS, 'localhost-test-cert.pem'));
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port, path: '/cds-services', ca }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    expect((JSON.parse(body) as { services: { hook: string }[] }).services.map((s) => s.hook)).toEqual([...HOOKS]);
  });

  it('plain http on the same port gets no answer', async () => {
    const outcome = await new Promise<string>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: '/cds-services', timeout: 10_000 }, (res) => resolve(`answered ${res.statusCode}`))
        .on('error', () => resolve('refused'))
        .on('timeout', function (this: http.ClientRequest) {
          this.destroy();
          resolve('refused');
        });
    });
    expect(outcome).toBe('refused');
  });
});
