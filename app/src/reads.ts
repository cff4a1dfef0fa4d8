/**
 * The FHIR reads: the very queries the service's prefetch declares (its patient-view service's templates as served,
 * from /app/config.json; the built-in ones of src/service/catalogue.ts otherwise), every page, in parallel, assembled by the data layer's own assemble(). A failed read is named, never dropped.
 */
import type FHIR from 'fhirclient';
import type { FhirResource } from 'fhir/r4';
import { fillTemplate } from '../../src/contract/prefetch-template.js';
import { assemble } from '../../src/data/assemble.js';
import type { PatientData } from '../../src/engine/types.js';
import { PREFETCH } from '../../src/service/catalogue.js';

export type Client = Awaited<ReturnType<typeof FHIR.oauth2.ready>>;

export type RecordRead = { ok: true; data: PatientData } | { ok: false; failures: { key: string; reason: string }[] };

function reason(e: unknown): string {
  const err = e as { status?: unknown; statusText?: unknown; message?: unknown };
  if (typeof err?.status === 'number') return `HTTP ${err.status}${typeof err.statusText === 'string' && err.statusText ? ` ${err.statusText}` : ''}`;
  if (e instanceof TypeError) return 'the server could not be reached';
  return typeof err?.message === 'string' ? err.message.slice(0, 200) : String(e).slice(0, 200);
}

/** Results per page the app asks for: the same searches as the prefetch, in fewer round trips (servers may cap it; pages are followed). */
export const APP_PAGE_SIZE = 500;

/**
 * A search with every value percent-encoded (`code=http%3A%2F%2Floinc.org%7C1742-6,…`): an EHR's proxy may
 * collapse `//` in the path and query (the SMART App Launcher's does), which turns an unencoded
 * `http://loinc.org` into `http:/loinc.org` and the search into one that matches nothing. The commas that
 * separate a parameter's alternatives (FHIR "or") stay literal, as every server reads them.
 */
export function encodedSearch(query: string): string {
  const at = query.indexOf('?');
  if (at < 0) return query;
  const params = [...new URLSearchParams(query.slice(at + 1))].map(([name, value]) => `${encodeURIComponent(name)}=${value.split(',').map(encodeURIComponent).join(',')}`);
  return `${query.slice(0, at)}?${params.join('&')}`;
}

/**
 * The app's reads for a patient: each prefetch query, with a larger page, its values percent-encoded. `prefetch`:
 * the templates the service serves (/app/config.json: a site's local codes included); the built-in ones otherwise.
 */
export function appQueries(patientId: string, prefetch: Readonly<Record<string, string>> = PREFETCH): [key: string, query: string][] {
  return Object.entries(prefetch).map(([key, template]) => [key, encodedSearch(fillTemplate(template, { patientId }).replace(/([?&]_count=)\d+/, `$1${APP_PAGE_SIZE}`))]);
}

export async function readRecord(client: Client, patientId: string, prefetch?: Readonly<Record<string, string>>): Promise<RecordRead> {
  const results = await Promise.all(
    appQueries(patientId, prefetch).map(async ([key, query]) => {
      try {
        // pageLimit 0: follow every `next` link; flat: the resources of all pages as one list.
        const value = (await client.request(query, { pageLimit: 0, flat: true })) as FhirResource | FhirResource[];
        return { key, ok: true as const, resources: Array.isArray(value) ? value : [value] };
      } catch (e) {
        return { key, ok: false as const, reason: reason(e) };
      }
    }),
  );
  const failures = results.flatMap((r) => (r.ok ? [] : [{ key: r.key, reason: r.reason }]));
  if (failures.length) return { ok: false, failures };
  return { ok: true, data: assemble(results.flatMap((r) => (r.ok ? r.resources : []))) };
}
