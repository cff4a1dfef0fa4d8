/**
 * Issue 21 items 3 and 10: where the service may send a caller's queries and token, what a 412 may say about
 * what answered there, whose URL a JWT must name, where the quick start listens, which paths answer OPTIONS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { PV, fixtureRequest, testApp } from '../../devkit/test-app.js';
import { loadSettings } from '../../src/config/settings.js';
import { ConfigError } from '../../src/config/config-error.js';
import { audienceBases } from '../../src/http/client-auth.js';

/** A server on 127.0.0.1 that records each request and answers `status` with `body` as `type`. */
async function listener(status: number, type: string, body: string) {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(req.url ?? '');
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, calls, url: `http://127.0.0.1:${port}/fhir`, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** Every key from fhirServer (no prefetch). */
const fetched = (fhirServer: string) => ({ ...fixtureRequest('patient-view-full-prefetch'), prefetch: undefined, fhirServer });
const post = (app: ReturnType<typeof testApp>['app'], body: unknown) => request(app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('fhirServer policy (auth off, outside production)', () => {
  const t = testApp();

  it.each([
    ['a query', (u: string) => `${u}?_format=json`],
    ['an empty query', (u: string) => `${u}?`],
    ['a #fragment', (u: string) => `${u}#x`],
    ['user:password@', (u: string) => u.replace('http://', 'http://user:pw@')],
    ['a non-loopback host', () => 'http://10.11.12.13:8080/fhir'],
    ['a public host', () => 'https://ehr.example.org/fhir'],
  ])('%s → 400 naming fhirServer, nothing sent', async (_name, make) => {
    const server = await listener(200, 'application/fhir+json', '{}');
    try {
      const res = await post(t.app, fetched(make(server.url)));
      expect(res.status).toBe(400);
      expect(res.body.issue[0].expression).toEqual(['fhirServer']);
      expect(server.calls).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('a host listed in CDS_FHIR_SERVER_ALLOW is tried (412 fhir-unreachable), not refused; another is refused', async () => {
    const allowed = testApp({ CDS_FHIR_SERVER_ALLOW: 'http://ehr.invalid/fhir' });
    const res = await post(allowed.app, fetched('http://ehr.invalid/fhir'));
    expect(res.status).toBe(412);
    expect(JSON.stringify(res.body)).toContain('[fhir-unreachable]');
    expect((await post(allowed.app, fetched('http://other.invalid/fhir'))).status).toBe(400);
  });

  it('in production with auth off, loopback too is refused unless listed in CDS_FHIR_SERVER_ALLOW', async () => {
    const prod = testApp({ NODE_ENV: 'production', CDS_AUTH: 'off' });
    const res = await post(prod.app, fetched('https://127.0.0.1:9/fhir'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/only a server listed in CDS_FHIR_SERVER_ALLOW/);
    const listed = testApp({ NODE_ENV: 'production', CDS_AUTH: 'off', CDS_FHIR_SERVER_ALLOW: 'https://127.0.0.1:9/fhir' });
    expect((await post(listed.app, fetched('https://127.0.0.1:9/fhir'))).status).toBe(412);
  });

  it('in production, an issuer without fhirServers stops start-up with a line naming it', () => {
    const clients = JSON.stringify([{ iss: 'https://ehr.example.org', jku: 'https://ehr.example.org/jwks.json' }]);
    let problems: string[] = [];
    try {
      loadSettings({ NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: clients, CDS_PUBLIC_BASE_URL: 'https://cds.example.org' });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems).toEqual(['CDS_TRUSTED_CLIENTS: issuer https://ehr.example.org has no "fhirServers" list (required in production)']);
  });
});

describe('a 412 is not an oracle: a reason code and our own sentence, never the remote status text or body', () => {
  const t = testApp();

  it('a closed port: fhir-unreachable', async () => {
    const server = await listener(200, 'text/plain', '');
    await server.close();
    const res = await post(t.app, fetched(server.url));
    expect(res.status).toBe(412);
    expect(JSON.stringify(res.body)).toMatch(/Data \\"patient\\" \(Patient\) is unavailable \[fhir-unreachable\]/);
  });

  it('a listener answering text (say, /metrics): fhir-not-fhir, no byte of its body', async () => {
    const server = await listener(200, 'text/plain', 'cds_secret_metric_total{x="SECRET-TEXT"} 42');
    try {
      const res = await post(t.app, fetched(server.url));
      expect(res.status).toBe(412);
      const text = JSON.stringify(res.body);
      expect(text).toContain('[fhir-not-fhir]');
      expect(text).not.toMatch(/SECRET|cds_secret|42/);
    } finally {
      await server.close();
    }
  });

  it('a search answered with another JSON resource: fhir-not-fhir, its resourceType not echoed', async () => {
    const server = await listener(200, 'application/fhir+json', JSON.stringify({ resourceType: 'SecretAdminConsoleState', id: 'x' }));
    try {
      const res = await post(t.app, fetched(server.url));
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toContain('[fhir-not-fhir]');
      expect(JSON.stringify(res.body)).not.toContain('SecretAdmin');
    } finally {
      await server.close();
    }
  });

  it('an HTTP error with a status text: fhir-http-error, the status text never repeated', async () => {
    const calls: string[] = [];
    const server = http.createServer((req, res) => {
      calls.push(req.url ?? '');
      res.writeHead(500, 'Internal-Password-Is-hunter2', { 'content-type': 'text/plain' }).end('stack trace: hunter2');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await post(t.app, fetched(`http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`));
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toContain('[fhir-http-error]');
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      // The detail is in the log: key, type, code, our reason; never the remote text, the patient id or a URL.
      const lines = t.logs.filter((l) => l.includes('data could not be had')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toContainEqual(expect.objectContaining({ prefetchKey: 'alt', resourceType: 'Observation', code: 'fhir-http-error', reason: 'the FHIR server answered HTTP 500' }));
      for (const l of t.logs) expect(l).not.toMatch(/hunter2|chb-window|127\.0\.0\.1:\d+\/fhir/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('JWT audience without CDS_PUBLIC_BASE_URL: the configured listener, never the Host header', () => {
  it('the bases come from HOST (loopback names for loopback or all interfaces) and the port the call arrived on', () => {
    const s = (host: string) => ({ auth: {} as never, host });
    expect(audienceBases(s('127.0.0.1'), 3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
    expect(audienceBases(s('0.0.0.0'), 3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
    expect(audienceBases(s('cds.internal'), 8443)).toEqual(['http://cds.internal:8443']);
    expect(audienceBases({ auth: { publicBaseUrl: 'https://cds.example.org' } as never, host: '0.0.0.0' }, 3000)).toEqual(['https://cds.example.org']);
  });

  it('a token whose aud is a forged Host is refused; one naming the listener passes', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384', use: 'sig' };
    const iss = 'urn:hardening-ehr';
    const t = testApp({ CDS_AUTH: 'required', CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss, jwks: { keys: [jwk] } }]) });
    const server = http.createServer(t.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const token = (aud: string) =>
      new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: 'ES384', kid: 'k1', typ: 'JWT' }).setIssuer(iss).setAudience(aud).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    const call = async (aud: string, host: string) =>
      (await request(server).post(PV).set('Host', host).set('Authorization', `Bearer ${await token(aud)}`).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')))).status;
    try {
      expect(await call(`http://attacker.example${PV}`, 'attacker.example')).toBe(401);
      expect(await call(`http://127.0.0.1:${port}${PV}`, 'attacker.example')).toBe(200);
      expect(await call(`http://localhost:${port}${PV}`, `localhost:${port}`)).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('the quick start and OPTIONS', () => {
  it('HOST defaults to 127.0.0.1 (auth is off by default outside production)', () => {
    expect(loadSettings({}).host).toBe('127.0.0.1');
    expect(loadSettings({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('OPTIONS answers 204 on the CDS Hooks routes, 404 elsewhere', async () => {
    const t = testApp();
    for (const path of ['/cds-services', PV, `${PV}/feedback`]) expect((await request(t.app).options(path).set('Origin', 'http://localhost:3001')).status).toBe(204);
    for (const path of ['/', '/metrics', '/anything', '/admin/report', '/rules']) expect((await request(t.app).options(path)).status).toBe(404);
  });
});
