/**
 * GET /fhir/{type}/{id}: the rules' FHIR artifacts, read-only, as committed under knowledge/fhir/, with the rules
 * version; 404 OperationOutcome for anything else under /fhir; HEAD; ETag revalidation; linked from /rules.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { testApp } from '../../devkit/test-app.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { ConfigError } from '../../src/config/config-error.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import { buildDiscovery } from '../../src/service/catalogue.js';
import { KnowledgeService, LIBRARY_ID } from '../../src/service/knowledge-service.js';

const committed = (file: string): string => readFileSync(path.join(PACKAGE_ROOT, 'knowledge', 'fhir', file), 'utf8');
const SERVICE_IDS = buildDiscovery().services.map((s) => s.id);

describe('/fhir knowledge artifacts', () => {
  const { app } = testApp();

  it(`GET /fhir/Library/${LIBRARY_ID}: the committed Library as FHIR JSON, version = the rules version`, async () => {
    const res = await request(app).get(`/fhir/Library/${LIBRARY_ID}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.text).toBe(committed(`Library-${LIBRARY_ID}.json`));
    expect(JSON.parse(res.text)).toMatchObject({ resourceType: 'Library', id: LIBRARY_ID, version: RULES_VERSION });
  });

  it.each(SERVICE_IDS)('GET /fhir/PlanDefinition/%s: the committed PlanDefinition of that hook service', async (id) => {
    const res = await request(app).get(`/fhir/PlanDefinition/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.text).toBe(committed(`PlanDefinition-${id}.json`));
    expect(JSON.parse(res.text)).toMatchObject({ resourceType: 'PlanDefinition', id, version: RULES_VERSION });
  });

  it.each([
    ['an unknown id', '/fhir/PlanDefinition/no-such-service'],
    ['an unknown type', `/fhir/Patient/${LIBRARY_ID}`],
    ['a Library id used as a PlanDefinition', `/fhir/PlanDefinition/${LIBRARY_ID}`],
    ['a search', '/fhir/Library'],
    ['the base', '/fhir'],
    ['an operation', `/fhir/PlanDefinition/${SERVICE_IDS[0]}/$apply`],
    ['a history read', `/fhir/Library/${LIBRARY_ID}/_history/1`],
  ])('%s is 404 with an OperationOutcome', async (_what, url) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  });

  it('a very long unknown id answers a bounded 404', async () => {
    const res = await request(app).get(`/fhir/Library/${'x'.repeat(5000)}`);
    expect(res.status).toBe(404);
    expect(res.text.length).toBeLessThan(1000);
  });

  it('is read-only: other methods are 405 naming GET and HEAD', async () => {
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await request(app)[method](`/fhir/Library/${LIBRARY_ID}`).set('Content-Type', 'application/fhir+json').send('{}');
      expect({ method, status: res.status }).toEqual({ method, status: 405 });
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
  });

  it('HEAD answers the headers of GET without a body', async () => {
    const get = await request(app).get(`/fhir/PlanDefinition/${SERVICE_IDS[0]}`);
    const head = await request(app).head(`/fhir/PlanDefinition/${SERVICE_IDS[0]}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(committed(`PlanDefinition-${SERVICE_IDS[0]}.json`))));
    expect(head.text ?? '').toBe('');
  });

  it('is cacheable with revalidation: a strong ETag per artifact, 304 when it matches, 200 when it does not', async () => {
    const first = await request(app).get(`/fhir/Library/${LIBRARY_ID}`);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const other = await request(app).get(`/fhir/PlanDefinition/${SERVICE_IDS[0]}`);
    expect(other.headers.etag).not.toBe(etag);
    const again = await request(app).get(`/fhir/Library/${LIBRARY_ID}`).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    const listed = await request(app).get(`/fhir/Library/${LIBRARY_ID}`).set('If-None-Match', `"stale", ${etag}`);
    expect(listed.status).toBe(304);
    const stale = await request(app).get(`/fhir/Library/${LIBRARY_ID}`).set('If-None-Match', other.headers.etag as string);
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(first.text);
  });

  it('needs no client token (public like /rules), even when the hooks require one', async () => {
    const { publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384' };
    const { app: guarded } = testApp({ CDS_AUTH: 'required', CDS_PUBLIC_BASE_URL: 'https://cds.example.org', CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: 'https://ehr.example.org', jwks: { keys: [jwk] } }]) });
    expect((await request(guarded).get('/cds-services')).status).toBe(401);
    expect((await request(guarded).get(`/fhir/Library/${LIBRARY_ID}`)).status).toBe(200);
  });

  it.each(['en', 'zh-CN'])('/rules?lang=%s links the Library and every PlanDefinition, and each link answers 200', async (lang) => {
    const page = await request(app).get(`/rules?lang=${lang}`);
    const links = [...page.text.matchAll(/href="(fhir\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.sort()).toEqual([`fhir/Library/${LIBRARY_ID}`, 'fhir/Library/fhirhelpers', ...SERVICE_IDS.map((id) => `fhir/PlanDefinition/${id}`)].sort());
    for (const link of links) expect({ link, status: (await request(app).get(`/${link}`)).status }).toEqual({ link, status: 200 });
  });
});

describe('KnowledgeService.load', () => {
  const folder = (files: Record<string, unknown>): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-knowledge-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return dir;
  };
  const library = { resourceType: 'Library', id: LIBRARY_ID, version: RULES_VERSION, title: 'IFNTiming' };

  it('serves what the folder holds, the IFNTiming Library first', () => {
    const k = KnowledgeService.load(
      folder({
        'PlanDefinition-a.json': { resourceType: 'PlanDefinition', id: 'a', version: RULES_VERSION },
        'Library-aaa.json': { resourceType: 'Library', id: 'aaa', version: '4.0.1' },
        [`Library-${LIBRARY_ID}.json`]: library,
        'README.md': 'not an artifact',
      }),
    );
    expect(k.list().map((a) => `${a.type}/${a.id}`)).toEqual([`Library/${LIBRARY_ID}`, 'Library/aaa', 'PlanDefinition/a']);
    expect(k.read('Library', LIBRARY_ID)?.title).toBe('IFNTiming');
    expect(k.read('Library', 'a')).toBeUndefined();
  });

  it.each([
    ['a missing folder', () => path.join(os.tmpdir(), 'no-such-knowledge-folder-xyz')],
    ['no IFNTiming Library', () => folder({ 'PlanDefinition-a.json': { resourceType: 'PlanDefinition', id: 'a', version: RULES_VERSION } })],
    ['an artifact of other rules', () => folder({ [`Library-${LIBRARY_ID}.json`]: { ...library, version: '2' } })],
    ['an id that is not its file name', () => folder({ [`Library-${LIBRARY_ID}.json`]: library, 'PlanDefinition-a.json': { resourceType: 'PlanDefinition', id: 'b', version: RULES_VERSION } })],
    ['a file that is not JSON', () => folder({ [`Library-${LIBRARY_ID}.json`]: '{ not json' })],
  ])('refuses to start with %s', (_what, dir) => {
    expect(() => KnowledgeService.load(dir())).toThrow(ConfigError);
  });
});
