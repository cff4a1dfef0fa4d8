/** The fhirServer policy: where the service may send a caller's token and its queries. */
import type { TrustedClient } from '../config/trusted-clients.js';
import { badRequest } from '../contract/outcomes.js';
import { isUnderBase } from '../fhir/url.js';

export interface FhirServerPolicy {
  /** NODE_ENV=production: https only. */
  production: boolean;
  /** CDS_FHIR_SERVER_ALLOW: base URLs any caller may name (beyond loopback) when its issuer has no list. */
  allow: string[];
}

/** Loopback names and addresses: the fixture server and sandboxes on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

const refuse = (why: string) => badRequest([{ diagnostics: `fhirServer ${why}`, expression: 'fhirServer' }]);

/**
 * Where the service may send the caller's token and its queries:
 * - a plain base URL: `https` (`http` too outside production; CDS Hooks: TLS MUST when production data is
 *   exchanged), no user:password@, no query, no #fragment;
 * - under one of the issuer's `fhirServers` when it has a list (in production every issuer must: settings.ts);
 * - otherwise (no issuer: CDS_AUTH=off, or an issuer without a list outside production) only a base listed in
 *   CDS_FHIR_SERVER_ALLOW, or outside production a loopback host (the fixture server, sandboxes), so that an
 *   anonymous caller cannot point the service at the network.
 */
export function checkFhirServer(fhirServer: string | undefined, client: TrustedClient | undefined, policy: FhirServerPolicy): void {
  if (fhirServer === undefined) return;
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    throw refuse('is not a URL');
  }
  if (policy.production && url.protocol !== 'https:') throw refuse('must be an https URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('must be an http(s) URL');
  // On the raw string too: new URL drops an empty "?" or "#".
  if (url.search || url.hash || /[?#]/.test(fhirServer)) throw refuse('must be a base URL, without a query or a #fragment');
  if (url.username || url.password || fhirServer.slice(url.protocol.length + 2).split('/', 1)[0]!.includes('@')) throw refuse('must not carry a user name or password');
  if (client?.fhirServers) {
    if (!client.fhirServers.some((base) => isUnderBase(fhirServer, base))) throw refuse('is not one of the FHIR servers registered for this client');
    return;
  }
  if ((!policy.production && isLoopbackHost(url.hostname)) || policy.allow.some((base) => isUnderBase(fhirServer, base))) return;
  throw refuse(
    policy.production
      ? 'is not allowed here: without an issuer list, only a server listed in CDS_FHIR_SERVER_ALLOW'
      : 'is not allowed here: without an issuer list, only this machine (loopback) or a server listed in CDS_FHIR_SERVER_ALLOW',
  );
}
