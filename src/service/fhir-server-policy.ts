/** The fhirServer policy: where the service may send a caller's token and its queries. */
import type { TrustedClient } from '../config/trusted-clients.js';
import { badRequest } from '../contract/outcomes.js';
import { isUnderBase } from '../fhir/url.js';

/**
 * Where the service may send the caller's token and its queries: https only in production (CDS Hooks: MUST
 * when production data is exchanged), and only to the issuer's allowlisted FHIR servers when it has one.
 */
export function checkFhirServer(fhirServer: string | undefined, client: TrustedClient | undefined, production: boolean): void {
  if (!fhirServer) return;
  if (production && !fhirServer.startsWith('https://')) throw badRequest([{ diagnostics: 'fhirServer must be an https URL', expression: 'fhirServer' }]);
  if (client?.fhirServers && !client.fhirServers.some((base) => isUnderBase(fhirServer, base))) {
    throw badRequest([{ diagnostics: 'fhirServer is not one of the FHIR servers registered for this client', expression: 'fhirServer' }]);
  }
}
