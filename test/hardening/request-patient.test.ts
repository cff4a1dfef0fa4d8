/**
 * Issue 21 items 8 and 10: the request is about one patient, and its identifiers are what CDS Hooks says they
 * are. A prefetched Patient with another id, an Observation about another patient, a resource of the wrong type
 * in a prefetch slot: 400 naming the key (choice documented in the README, Security). patientId "." or "..",
 * a hookInstance that is not a UUID, a jti that is not a non-empty string: refused. Prototype-named keys and
 * values from the request (`__proto__`, `constructor`, `toString`) are a 400 or ignored, never a 500.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { OS, PV, fixtureRequest, testApp } from '../../devkit/test-app.js';
import { ClientAuthenticator } from '../../src/auth/client-jwt.js';

type Body = Record<string, any>;
const t = testApp();
const full = (): Body => fixtureRequest('patient-view-full-prefetch');
const post = (body: unknown, url = PV) => request(t.app).post(url).set('Content-Type', 'application/json').send(JSON.stringify(body));

async function refused(body: unknown, expression: string, pattern: RegExp, url = PV): Promise<void> {
  const res = await post(body, url);
  expect(res.status).toBe(400);
  expect(res.body.issue.map((i: { expression?: string[] }) => i.expression?.[0])).toContain(expression);
  expect(JSON.stringify(res.body)).toMatch(pattern);
}

describe('one patient per request', () => {
  it('the untouched fixture answers 200 (the checks below change one thing each)', async () => {
    expect((await post(full())).status).toBe(200);
  });

  it('a prefetched Patient with another id → 400 naming prefetch.patient', async () => {
    const b = full();
    b.prefetch.patient.id = 'someone-else';
    await refused(b, 'prefetch.patient', /Patient whose id is not context\.patientId/);
  });

  it('an ALT result whose subject is another patient → 400 naming prefetch.alt (never read as evidence)', async () => {
    const b = full();
    b.prefetch.alt.entry[0].resource.subject = { reference: 'Patient/someone-else' };
    await refused(b, 'prefetch.alt', /Observation whose subject is another patient/);
  });

  it('the same patient by an absolute reference or a versioned one is accepted', async () => {
    const b = full();
    b.prefetch.alt.entry[0].resource.subject = { reference: 'https://ehr.example.org/fhir/Patient/chb-window/_history/3' };
    b.prefetch.alt.entry[1].resource.subject = { reference: 'Patient/chb-window' };
    expect((await post(b)).status).toBe(200);
  });

  it('a FamilyMemberHistory of another patient (its `patient` field) → 400', async () => {
    const b = full();
    b.prefetch.familyHistory = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'FamilyMemberHistory', status: 'completed', patient: { reference: 'Patient/x9' }, relationship: { text: 'mother' } } }] };
    await refused(b, 'prefetch.familyHistory', /FamilyMemberHistory whose patient is another patient/);
  });

  it('a resource of a type the template cannot return (a Condition in the ALT slot; a Bundle for the Patient read of another type) → 400, never "no data"', async () => {
    const b = full();
    b.prefetch.alt.entry.push({ resource: { resourceType: 'Condition', subject: { reference: 'Patient/chb-window' } } });
    await refused(b, 'prefetch.alt', /holds a Condition where the template returns Observation/);
    const c = full();
    c.prefetch.patient = { resourceType: 'Observation', id: 'chb-window' };
    await refused(c, 'prefetch.patient', /holds a Observation where the template returns Patient/);
  });
});

describe('identifiers', () => {
  it.each([['.'], ['..']])('patientId "%s" → 400 (it would read GET {fhirServer}/)', async (id) => {
    const b = full();
    b.context.patientId = id;
    await refused(b, 'context.patientId', /context\.patientId has an invalid format/);
  });

  it.each([['not-a-uuid'], ['d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\u0000'], ['']])('hookInstance %j → 400', async (hookInstance) => {
    await refused({ ...full(), hookInstance }, 'hookInstance', /hookInstance has an invalid format/);
  });

  it('a UUID hookInstance in upper case is accepted', async () => {
    expect((await post({ ...full(), hookInstance: randomUUID().toUpperCase() })).status).toBe(200);
  });

  it('jti must be a non-empty string: a number, an object or "" is refused; a string passes', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384' };
    const seen = new Set<string>();
    const auth = new ClientAuthenticator({
      clients: [{ iss: 'urn:ehr', jwks: { keys: [jwk] } }],
      clockSkewSeconds: 60,
      maxLifetimeSeconds: 3600,
      replay: { rememberJti: async (key) => (seen.has(key) ? 'replay' : (seen.add(key), 'new')) },
    });
    const aud = 'https://cds.example.org/cds-services/x';
    const jwt = (jti: unknown) => new SignJWT({ jti } as never).setProtectedHeader({ alg: 'ES384', kid: 'k1' }).setIssuer('urn:ehr').setAudience(aud).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    for (const jti of [42, { a: 1 }, '', ['x']]) await expect(auth.authenticate(`Bearer ${await jwt(jti)}`, aud)).rejects.toMatchObject({ logDetail: expect.stringMatching(/jti/) });
    await expect(auth.authenticate(`Bearer ${await jwt('j-1')}`, aud)).resolves.toMatchObject({ jti: 'j-1' });
  });
});

describe('prototype-named keys and values: a 400 or ignored, never a 500', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it.each(names)('resourceType %s in a prefetch Bundle entry → 400', async (name) => {
    const b = full();
    b.prefetch.alt.entry[0].resource.resourceType = name;
    const res = await post(b);
    expect(res.status).toBe(400);
  });

  it.each(names)('resourceType %s as a whole prefetch value → 400', async (name) => {
    const b = full();
    b.prefetch.conditions = { resourceType: name };
    expect((await post(b)).status).toBe(400);
  });

  it.each(names)('a prefetch key %s (not asked for) is ignored → 200', async (name) => {
    const text = JSON.stringify(full()).replace('"prefetch":{', `"prefetch":{"${name}":{"resourceType":"Patient","id":"x"},`);
    const res = await request(t.app).post(PV).set('Content-Type', 'application/json').send(text);
    expect(res.status).toBe(200);
  });

  it.each(names)('%s as hook → 400, as service id → 404, as extension key → ignored', async (name) => {
    expect((await post({ ...full(), hook: name })).status).toBe(400);
    expect((await post(full(), `/cds-services/${name}`)).status).toBe(404);
    const text = JSON.stringify({ ...full(), extension: {} }).replace('"extension":{}', `"extension":{"${name}":"zh-CN"}`);
    expect((await request(t.app).post(PV).set('Content-Type', 'application/json').send(text)).status).toBe(200);
  });

  it.each(names)('a selection %s on order-select → 400', async (name) => {
    const b = fixtureRequest('order-select-interferon') as Body;
    b.context.selections = [`MedicationRequest/${name}`];
    expect((await post(b, OS)).status).toBe(400);
  });

  it.each(names)('feedback with card, outcome and reason code %s → stored or refused, never a 500', async (name) => {
    const res = await request(t.app)
      .post(`${PV}/feedback`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ feedback: [{ card: name, outcome: 'overridden', overrideReason: { reason: { code: name, system: name } }, outcomeTimestamp: '2026-06-15T10:00:00Z' }] }));
    expect([200, 400]).toContain(res.status);
  });

  it.each(names)('a FHIR server answering a search with resourceType %s entries → 412 fhir-wrong-data, its text not echoed', async (name) => {
    const server = http.createServer((req, res) => {
      const read = (req.url ?? '').startsWith('/fhir/Patient/');
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(read ? { resourceType: 'Patient', id: 'chb-window' } : { resourceType: 'Bundle', entry: [{ resource: { resourceType: name, id: 'x' } }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await post({ ...full(), prefetch: undefined, fhirServer: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir` });
      expect(res.status).toBe(412);
      const text = JSON.stringify(res.body);
      expect(text).toContain('[fhir-wrong-data]');
      expect(text).not.toContain(name);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a FHIR server answering the ALT search with another patient\'s results → 412 fhir-wrong-data', async () => {
    const server = http.createServer((req, res) => {
      const read = (req.url ?? '').startsWith('/fhir/Patient/');
      const obs = { resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/someone-else' }, code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] } };
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(read ? { resourceType: 'Patient', id: 'chb-window' } : { resourceType: 'Bundle', entry: [{ resource: obs }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await post({ ...full(), prefetch: undefined, fhirServer: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir` });
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/Data \\"alt\\" \(Observation\) is unavailable \[fhir-wrong-data\]/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
