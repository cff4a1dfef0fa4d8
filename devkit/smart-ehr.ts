/**
 * A minimal SMART EHR for browser tests: an authorization server (authorize → code → token carrying `patient`,
 * public client with PKCE S256) in front of a FHIR sandbox that requires the token it issues.
 * `iss` is `<url>/fhir`; `/fhir/.well-known/smart-configuration` points at `/auth/authorize` and `/auth/token`.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FhirSandbox } from './fhir-sandbox.js';

export interface SmartEhrOptions {
  /** The sandbox behind /fhir; it must be created with `token` = this EHR's access token. */
  sandbox: FhirSandbox;
  accessToken: string;
  clientId: string;
  /** The launch id the EHR put in the launch URL, and the patient it stands for. */
  launch: string;
  patientId: string;
  /** Extra launch context in the token response (e.g. locale). */
  context?: Record<string, unknown>;
}

export interface SmartEhr {
  url: string;
  iss: string;
  /** What happened, in order: 'authorize', 'token', and refusals with their reason. */
  events: string[];
  close(): Promise<void>;
}

const b64url = (b: Buffer) => b.toString('base64url');

export async function startSmartEhr(o: SmartEhrOptions): Promise<SmartEhr> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const events: string[] = [];
  let url = '';
  const server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const u = new URL(req.url ?? '/', url);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const refuse = (why: string) => {
      events.push(`refused: ${why}`);
      json(400, { error: 'invalid_request', error_description: why });
    };
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (u.pathname === '/fhir/.well-known/smart-configuration') {
        return json(200, {
          authorization_endpoint: `${url}/auth/authorize`,
          token_endpoint: `${url}/auth/token`,
          capabilities: ['launch-ehr', 'client-public', 'context-ehr-patient'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (u.pathname === '/auth/authorize') {
        const q = u.searchParams;
        if (q.get('response_type') !== 'code') return refuse('response_type must be code');
        if (q.get('client_id') !== o.clientId) return refuse(`unknown client_id ${q.get('client_id')}`);
        if (q.get('launch') !== o.launch) return refuse('unknown launch');
        if (q.get('aud') !== `${url}/fhir`) return refuse(`aud ${q.get('aud')} is not this EHR's FHIR server`);
        if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return refuse('PKCE S256 required');
        const redirectUri = q.get('redirect_uri') ?? '';
        const code = b64url(randomBytes(16));
        codes.set(code, { challenge: q.get('code_challenge')!, redirectUri });
        events.push('authorize');
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        return void res.writeHead(302, { Location: back.toString() }).end();
      }
      if (u.pathname === '/auth/token' && req.method === 'POST') {
        const f = new URLSearchParams(body);
        const issued = codes.get(f.get('code') ?? '');
        if (f.get('grant_type') !== 'authorization_code' || !issued) return refuse('unknown code');
        codes.delete(f.get('code')!);
        if (f.get('redirect_uri') !== issued.redirectUri) return refuse('redirect_uri differs from the authorize request');
        if (b64url(createHash('sha256').update(f.get('code_verifier') ?? '').digest()) !== issued.challenge) return refuse('code_verifier does not match');
        events.push('token');
        return json(200, { access_token: o.accessToken, token_type: 'Bearer', expires_in: 300, scope: 'launch patient/*.read', patient: o.patientId, ...o.context });
      }
      if (u.pathname.startsWith('/fhir/')) {
        o.sandbox
          .handle(req.method ?? 'GET', `${u.pathname.slice('/fhir'.length)}${u.search}`, body, req.headers, `${url}/fhir`)
          .then(({ status, body: out }) => res.writeHead(status, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify(out)))
          .catch(() => json(500, { error: 'sandbox error' }));
        return;
      }
      json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    iss: `${url}/fhir`,
    events,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
