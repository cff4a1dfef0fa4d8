/** Fills a service's prefetch the way a CDS client does: each template run against a FHIR server. */
import type { ServiceDefinition } from '../src/contract/types.js';
import { fillTemplate } from '../src/contract/prefetch-template.js';
import type { FhirSandbox } from './fhir-sandbox.js';

/** The sandbox stamps meta.versionId/lastUpdated on load; fixture files must not change from run to run. */
function withoutServerMeta<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === 'meta' ? undefined : v))) as T;
}

/** A read that finds nothing, or a search with no match, is sent as null ("no data"), as the spec says. */
export async function prefetchFor(sandbox: FhirSandbox, service: ServiceDefinition, patientId: string, base = 'https://ehr.example.org/fhir'): Promise<Record<string, unknown>> {
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(service.prefetch ?? {})) {
    const query = fillTemplate(template, { patientId });
    const { status, body } = await sandbox.handle('GET', `/${query}`, undefined, {}, base);
    const result = body as { resourceType?: string; entry?: unknown[] };
    prefetch[key] = status === 404 || (result.resourceType === 'Bundle' && !result.entry?.length) ? null : withoutServerMeta(body);
  }
  return prefetch;
}
