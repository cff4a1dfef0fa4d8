/**
 * Reads from the EHR's FHIR server with fhir-kit-client: the prefetch templates the client did not satisfy,
 * in parallel, following `next` links up to a page cap, each call with a timeout inside the request budget.
 *
 * Secrets: the access token goes only in the Authorization header of calls to the request's fhirServer.
 * A `next` link that points anywhere else is not followed. Errors are reduced to a status and a reason;
 * the client library's error objects (which carry request headers) are never kept or logged.
 */
import { isUnderBase } from '../fhir/url.js';
import createDebug from 'debug';
import { Client } from 'fhir-kit-client';
import type { Bundle, FhirResource } from 'fhir/r4';
import { arr, isObject, type Json } from '../fhir/json.js';

// fhir-kit-client's debug output prints request headers, the bearer token among them: keep it off always.
createDebug.enable([process.env.DEBUG, '-fhir-kit-client:*'].filter(Boolean).join(','));

export interface FetchOptions {
  fhirServer: string;
  accessToken?: string;
  timeoutMs: number;
  maxPages: number;
  /** The whole request's budget; aborts every call still running when it runs out. */
  budget: AbortSignal;
  /** Told when each call completes (metrics): its outcome and duration. */
  observer?: FetchObserver;
}

export interface FetchObserver {
  fhirCall(outcome: string, seconds: number): void;
  retry?(): void;
}

/** A call's outcome as a metric label: a fixed, small set. */
function callOutcome(e: unknown): string {
  const status = (e as { response?: { status?: number } } | undefined)?.response?.status;
  if (status === 404 || status === 410) return 'not-found';
  if (status === 401 || status === 403) return 'refused';
  if (typeof status === 'number') return status >= 500 ? 'http-5xx' : 'http-4xx';
  const name = (e as { name?: string } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable';
}

export type FetchOutcome =
  | { ok: true; value: FhirResource | null }
  | { ok: false; reason: string };

/** Splits a filled-in template into a read (`Patient/123`) or a type-level search (`Observation?...`). */
export function parseQuery(query: string): { resourceType: string; id?: string; searchParams?: Record<string, string | string[]> } {
  const [pathPart = '', queryPart] = query.split('?', 2);
  const [resourceType = '', id] = pathPart.split('/');
  if (queryPart === undefined && id) return { resourceType, id };
  const searchParams: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(queryPart ?? '')) {
    const prev = searchParams[k];
    searchParams[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { resourceType, searchParams };
}

function describeError(e: unknown, timeoutMs: number, budget: AbortSignal): string {
  if (budget.aborted) return 'the request time budget ran out before the FHIR server answered';
  const err = e as { name?: string; response?: { status?: number } } | undefined;
  const status = err?.response?.status;
  if (status === 401 || status === 403) return `the FHIR server refused the access token (HTTP ${status})`;
  if (typeof status === 'number') return `the FHIR server answered HTTP ${status}`;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `the FHIR server did not answer within ${timeoutMs} ms`;
  return 'the FHIR server could not be reached';
}

function nextLink(bundle: Bundle): string | undefined {
  const link = arr(bundle.link).find((l): l is Json => isObject(l) && l.relation === 'next');
  return typeof link?.url === 'string' ? link.url : undefined;
}


export class FhirFetcher {
  private readonly client: Client;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: FetchOptions) {
    this.client = new Client({ baseUrl: options.fhirServer });
    this.headers = options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {};
  }

  /** Every FHIR call goes through here: the one place a call completes. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
    try {
      const value = await run();
      this.options.observer?.fhirCall('ok', seconds());
      return value;
    } catch (e) {
      this.options.observer?.fhirCall(callOutcome(e), seconds());
      throw e;
    }
  }

  private callOptions() {
    return { headers: this.headers, signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.options.budget]) };
  }

  /** Runs one query (a filled-in prefetch template) and returns all its pages as one searchset Bundle. */
  async run(query: string): Promise<FetchOutcome> {
    const { resourceType, id, searchParams } = parseQuery(query);
    try {
      if (id !== undefined) {
        const resource = (await this.call(() => this.client.read({ resourceType, id, options: this.callOptions() }))) as unknown as FhirResource;
        return { ok: true, value: resource };
      }
      const first = (await this.call(() => this.client.search({ resourceType, searchParams: searchParams ?? {}, options: this.callOptions() }))) as unknown as Bundle;
      return await this.followPages(first);
    } catch (e) {
      const status = (e as { response?: { status?: number } } | undefined)?.response?.status;
      // A read of a resource that does not exist is an answer ("no data"), not a failure.
      if (id !== undefined && (status === 404 || status === 410)) return { ok: true, value: null };
      return { ok: false, reason: describeError(e, this.options.timeoutMs, this.options.budget) };
    }
  }

  /** Follows `next` links of a Bundle (fetched, or prefetched and paginated) and merges the entries. */
  async followPages(first: Bundle): Promise<FetchOutcome> {
    if (first?.resourceType !== 'Bundle') return { ok: true, value: first as FhirResource };
    const entries = [...arr(first.entry)];
    let page: Bundle = first;
    for (let pages = 1; nextLink(page); pages++) {
      const next = nextLink(page)!;
      if (pages >= this.options.maxPages) return { ok: false, reason: `more than ${this.options.maxPages} pages of results` };
      if (!isUnderBase(next, this.options.fhirServer)) return { ok: false, reason: 'a next-page link points outside fhirServer (not followed)' };
      try {
        page = (await this.call(async () => this.client.nextPage({ bundle: page as never, options: this.callOptions() }))) as unknown as Bundle;
      } catch (e) {
        return { ok: false, reason: describeError(e, this.options.timeoutMs, this.options.budget) };
      }
      if (page?.resourceType !== 'Bundle') return { ok: false, reason: 'a next page was not a Bundle' };
      entries.push(...arr(page.entry));
    }
    const { link: _link, ...rest } = first;
    return { ok: true, value: { ...rest, entry: entries } as unknown as Bundle };
  }
}
