/**
 * CDS Hooks 2.0 §Trusting CDS Clients: every JWT check on both sides. A valid token passes; each defect → a bare
 * 401 that does not say which check failed (the log does, without the token).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import request from 'supertest';
import { createHmac, randomUUID } from 'node:crypto';
import { ClientAuthenticator } from '../../src/auth/client-jwt.js';
import { parseTrustedClients } from '../../src/config/trusted-clients.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { PV, fixtureRequest, testApp } from '../../devkit/test-app.js';
import { startFhirSandbox } from '../../devkit/fhir-sandbox.js';

const BASE = 'https://cds.example.org';
const ISS = 'https://ehr.example.org';
const OFFLINE_ISS = 'urn:offline-ehr';

interface KeyPair {
  kid: string;
  alg: 'ES384' | 'RS384';
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

async function keyPair(alg: 'ES384' | 'RS384', kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A JWKS endpoint whose keys can be rotated; counts fetches. */
async function jwksServer(keys: JWK[]) {
  const state = { keys, fetches: 0 };
  const server = http.createServer((_req, res) => {
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let es: KeyPair;
let rotated: KeyPair;
let rs: KeyPair;
let jwks: Awaited<ReturnType<typeof jwksServer>>;
let other: Awaited<ReturnType<typeof jwksServer>>;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  es = await keyPair('ES384', 'ehr-key-1');
  rotated = await keyPair('ES384', 'ehr-key-2');
  rs = await keyPair('RS384', 'offline-key');
  jwks = await jwksServer([es.jwk]);
  other = await jwksServer([es.jwk]);
  t = testApp({
    CDS_AUTH: 'required',
    CDS_PUBLIC_BASE_URL: BASE,
    CDS_TRUSTED_CLIENTS: JSON.stringify([
      { iss: ISS, jku: jwks.url, fhirServers: ['http://127.0.0.1'] },
      { iss: OFFLINE_ISS, jwks: { keys: [rs.jwk] } },
    ]),
  });
});

afterAll(async () => {
  await jwks.close();
  await other.close();
});

interface TokenOptions {
  key?: KeyPair;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  jti?: string | null;
  header?: Record<string, unknown>;
}

async function token(o: TokenOptions = {}): Promise<string> {
  const key = o.key ?? es;
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {};
  if (o.jti !== null) claims.jti = o.jti ?? randomUUID();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', jku: jwks.url, ...o.header })
    .setIssuer(o.iss ?? ISS)
    .setAudience(o.aud ?? `${BASE}${PV}`)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 300)
    .sign(key.privateKey);
}

const hook = (jwt?: string, body: unknown = fixtureRequest('patient-view-full-prefetch')) => {
  const r = request(t.app).post(PV).set('Content-Type', 'application/json');
  return (jwt ? r.set('Authorization', `Bearer ${jwt}`) : r).send(JSON.stringify(body));
};

async function expect401(res: request.Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.body).toEqual({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'Unauthorized' }] });
}

describe('valid tokens pass', () => {
  it('ES384 from a jku issuer, on the hook endpoint', async () => {
    expect((await hook(await token())).status).toBe(200);
  });

  it('RS384 from an issuer with inline keys (no jku header)', async () => {
    expect((await hook(await token({ key: rs, iss: OFFLINE_ISS, header: { jku: undefined } }))).status).toBe(200);
  });

  it('on discovery and feedback, each with its own URL as aud', async () => {
    const d = await request(t.app).get('/cds-services').set('Authorization', `Bearer ${await token({ aud: `${BASE}/cds-services` })}`);
    expect(d.status).toBe(200);
    const f = await request(t.app)
      .post(`${PV}/feedback`)
      .set('Authorization', `Bearer ${await token({ aud: `${BASE}${PV}/feedback` })}`)
      .send({ feedback: [{ card: 'c1', outcome: 'overridden', outcomeTimestamp: '2026-06-15T10:00:00Z' }] });
    expect(f.status).toBe(200);
  });

  it('aud as an array that contains the URL called', async () => {
    expect((await hook(await token({ aud: ['https://other.example.org', `${BASE}${PV}`] }))).status).toBe(200);
  });

  it('exp within the clock skew still passes (exp 30 s ago, skew 60 s)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await hook(await token({ exp: now - 30, iat: now - 300 }))).status).toBe(200);
  });
});

describe('each defect → 401', () => {
  it('no Authorization header', async () => {
    await expect401(await hook());
    await expect401(await request(t.app).get('/cds-services'));
  });

  it('not a Bearer JWT', async () => {
    await expect401(await request(t.app).get('/cds-services').set('Authorization', 'Basic dXNlcjpwYXNz'));
    await expect401(await hook('not.a.jwt'));
  });

  it('alg none', async () => {
    const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: es.kid })}.${b64({ iss: ISS, aud: `${BASE}${PV}`, exp: now + 300, iat: now, jti: randomUUID() })}.`;
    await expect401(await hook(unsigned));
  });

  it('HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: es.kid })}.${b64({ iss: ISS, aud: `${BASE}${PV}`, exp: now + 300, iat: now, jti: randomUUID() })}`;
    const sig = createHmac('sha256', JSON.stringify(es.jwk)).update(input).digest('base64url');
    await expect401(await hook(`${input}.${sig}`));
  });

  it('ES256 (not ES384/RS384)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: 'ES256', kid: es.kid, typ: 'JWT' }).setIssuer(ISS).setAudience(`${BASE}${PV}`).setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey);
    await expect401(await hook(jwt));
  });

  it('no kid in the header (R182)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: es.alg, typ: 'JWT', jku: jwks.url }).setIssuer(ISS).setAudience(`${BASE}${PV}`).setIssuedAt(now).setExpirationTime(now + 300).sign(es.privateKey);
    await expect401(await hook(jwt));
  });

  it('typ other than JWT (R184)', async () => {
    await expect401(await hook(await token({ header: { typ: 'at+jwt' } })));
  });

  it('an issuer not on the list', async () => {
    await expect401(await hook(await token({ iss: 'https://evil.example.com' })));
  });

  it('a jku that points elsewhere is refused and never fetched', async () => {
    const before = other.state.fetches;
    await expect401(await hook(await token({ header: { jku: other.url } })));
    expect(other.state.fetches).toBe(before);
  });

  it('signed by a key the issuer does not have (same kid)', async () => {
    const impostor = await keyPair('ES384', es.kid);
    await expect401(await hook(await token({ key: impostor })));
  });

  it('a tampered payload', async () => {
    const [h, , s] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: ISS, aud: `${BASE}${PV}`, exp: 9999999999, iat: 1, jti: 'x' })).toString('base64url');
    await expect401(await hook(`${h}.${forged}.${s}`));
  });

  it('aud of another endpoint, or of this endpoint on another host', async () => {
    await expect401(await hook(await token({ aud: `${BASE}/cds-services/ifn-timing-order-select` })));
    await expect401(await hook(await token({ aud: `https://attacker.example.org${PV}` })));
    await expect401(await hook(await token({ aud: `${BASE}/cds-services` })));
  });

  it('expired beyond the skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await hook(await token({ exp: now - 120, iat: now - 600 })));
  });

  it('exp too far ahead (more than an hour)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await hook(await token({ exp: now + 7200 })));
  });

  it('iat in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await hook(await token({ iat: now + 600, exp: now + 900 })));
  });

  it('no jti', async () => {
    await expect401(await hook(await token({ jti: null })));
  });

  it('a replayed token: first passes, second refused', async () => {
    const jwt = await token();
    expect((await hook(jwt)).status).toBe(200);
    await expect401(await hook(jwt));
  });
});

describe('key rotation', () => {
  it('an unknown kid that appears after rotation is fetched once; a second unknown kid within a minute is not', async () => {
    await expect401(await hook(await token({ key: rotated }))); // not published yet → refetch → still unknown
    jwks.state.keys = [es.jwk, rotated.jwk];
    const fetchesBefore = jwks.state.fetches;
    // Within the cooldown the JWKS is not fetched again: the new key is not seen yet.
    await expect401(await hook(await token({ key: rotated })));
    expect(jwks.state.fetches).toBe(fetchesBefore);
  });

  it('after the cooldown the rotated key is picked up', async () => {
    const clients = [{ iss: ISS, jku: jwks.url }];
    // A 1 ms cooldown: the test only waits for it to have passed, so a slow machine cannot make it fail (the
    // "within the cooldown" half is the test above, with the default minute).
    const authenticator = new ClientAuthenticator({ clients, clockSkewSeconds: 60, maxLifetimeSeconds: 3600, replay: new SqliteFeedbackStore(':memory:'), jwksCooldownMs: 1 });
    const fresh = testApp({ CDS_AUTH: 'required', CDS_PUBLIC_BASE_URL: BASE, CDS_TRUSTED_CLIENTS: JSON.stringify(clients) }, undefined, { authenticator });
    const call = async (key: KeyPair) =>
      request(fresh.app).post(PV).set('Content-Type', 'application/json').set('Authorization', `Bearer ${await token({ key })}`).send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
    jwks.state.keys = [es.jwk];
    expect((await call(es)).status).toBe(200);
    jwks.state.keys = [es.jwk, rotated.jwk];
    await new Promise((r) => setTimeout(r, 5));
    const before = jwks.state.fetches;
    expect((await call(rotated)).status).toBe(200);
    expect(jwks.state.fetches).toBe(before + 1);
  });
});

describe('jku alone: keys fetched from the configured URL, then cached', () => {
  it('a second token with a known kid is verified from the cache, without another fetch', async () => {
    expect((await hook(await token())).status).toBe(200);
    const before = jwks.state.fetches;
    expect(before).toBeGreaterThan(0);
    expect((await hook(await token())).status).toBe(200);
    expect(jwks.state.fetches).toBe(before);
  });
});

describe('pinned jwks with the jku the client names (offline, as for the CDS Hooks Sandbox)', () => {
  const SANDBOX_ISS = 'https://sandbox.example.org';
  let sandboxKey: KeyPair;
  let unpinned: KeyPair;
  /** The client's JWKS URL, serving its real key and one more: any fetch would be counted (and would succeed). */
  let published: Awaited<ReturnType<typeof jwksServer>>;
  let offline: ReturnType<typeof testApp>;

  beforeAll(async () => {
    sandboxKey = await keyPair('ES384', 'sandbox-key');
    unpinned = await keyPair('ES384', 'published-not-pinned');
    published = await jwksServer([sandboxKey.jwk, unpinned.jwk]);
    offline = testApp({
      CDS_AUTH: 'required',
      CDS_PUBLIC_BASE_URL: BASE,
      CDS_TRUSTED_CLIENTS: JSON.stringify([
        { iss: SANDBOX_ISS, jku: published.url, jwks: { keys: [sandboxKey.jwk] } },
        { iss: OFFLINE_ISS, jwks: { keys: [rs.jwk] } },
      ]),
    });
  });
  afterAll(async () => {
    await published.close();
  });

  const call = async (o: TokenOptions) =>
    request(offline.app).post(PV).set('Content-Type', 'application/json').set('Authorization', `Bearer ${await token(o)}`).send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));

  it('a token whose jku equals the configured one is verified with the pinned keys; nothing is fetched', async () => {
    expect((await call({ key: sandboxKey, iss: SANDBOX_ISS, header: { jku: published.url } })).status).toBe(200);
    expect(published.state.fetches).toBe(0);
  });

  it('a token without a jku header is verified with the pinned keys too', async () => {
    expect((await call({ key: sandboxKey, iss: SANDBOX_ISS, header: { jku: undefined } })).status).toBe(200);
    expect(published.state.fetches).toBe(0);
  });

  it('a different jku is refused, and neither URL is fetched', async () => {
    const before = other.state.fetches;
    await expect401(await call({ key: sandboxKey, iss: SANDBOX_ISS, header: { jku: other.url } }));
    await expect401(await call({ key: sandboxKey, iss: SANDBOX_ISS, header: { jku: `${published.url}?x=1` } }));
    expect(other.state.fetches).toBe(before);
    expect(published.state.fetches).toBe(0);
  });

  it('a key published at the jku but not pinned is refused (pinned means pinned: no fetch on an unknown kid)', async () => {
    await expect401(await call({ key: unpinned, iss: SANDBOX_ISS, header: { jku: published.url } }));
    expect(published.state.fetches).toBe(0);
  });

  it('pinned jwks without a jku: a token naming any jku is refused, and the log says to add it', async () => {
    await expect401(await call({ key: rs, iss: OFFLINE_ISS, header: { jku: published.url } }));
    expect(published.state.fetches).toBe(0);
    const lines = offline.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.status === 401 && String(l.detail).includes('has pinned jwks and no jku configured'))).toBe(true);
  });
});

describe("the README's CDS Hooks Sandbox entry", () => {
  it('is a valid trusted client with both jku and an ES384 P-384 key, so sandbox tokens verify offline', async () => {
    const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"iss": "https://sandbox.cds-hooks.org"'));
    expect(block).toBeDefined();
    const [entry] = parseTrustedClients(block);
    expect(entry).toMatchObject({ iss: 'https://sandbox.cds-hooks.org', jku: 'https://sandbox.cds-hooks.org/.well-known/jwks.json' });
    const key = (entry!.jwks as { keys: JWK[] }).keys[0]!;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384' });
    await expect(importJWK(key, 'ES384')).resolves.toBeDefined();
  });
});

describe('where the token and queries may go', () => {
  it('a fhirServer outside the issuer allowlist → 400, and nothing is sent there', async () => {
    const elsewhere = await startFhirSandbox([]);
    try {
      const req = fixtureRequest('fhir-server-only', { fhirBase: elsewhere.url.replace('127.0.0.1', 'localhost'), token: 'fhir-token' });
      const res = await hook(await token(), req);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/not one of the FHIR servers registered for this client/);
      expect(elsewhere.calls).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('in production, an http fhirServer → 400', async () => {
    const prod = testApp({ NODE_ENV: 'production', CDS_AUTH: 'off' });
    const res = await request(prod.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify({ ...fixtureRequest('patient-view-full-prefetch'), fhirServer: 'http://ehr.example.org/fhir' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/fhirServer must be an https URL/);
  });
});

describe('logs', () => {
  it('say which check failed, and never contain a JWT or token', async () => {
    const jwt = await token({ iss: 'https://evil.example.com' });
    await hook(jwt);
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.status === 401 && String(l.detail).includes('not a trusted client'))).toBe(true);
    const all = t.logs.join('\n');
    expect(all).not.toContain(jwt);
    expect(all).not.toContain(jwt.split('.')[2]);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
