/**
 * Reads from the EHR's FHIR server: the prefetch templates the client did not satisfy, in parallel, each as
 * deep as the rules look (horizons.ts), following `next` links up to a page cap, each call with a timeout
 * inside the request budget, a transient failure retried once.
 *
 * HTTP is fhir-kit-client (the stack's FHIR client): it sends the bearer token and the FHIR accept header, parses
 * the JSON and turns a non-2xx answer into an error carrying the status and the response headers. It calls Node's
 * fetch with `keepalive: true`, and fetch's global dispatcher (undici) keeps connections alive per origin, so the
 * calls of one hook call, and of consecutive calls to the same server, reuse the same TCP connections.
 *
 * Secrets: the access token goes only in the Authorization header of calls to the request's fhirServer.
 * A `next` link that points anywhere else is not followed, nor is a redirect. Errors are reduced to a status
 * and a reason; the client library's error and response objects (which carry the request's URL and headers)
 * are never kept or logged; logs carry the resource type and the reason only (no token, no query, no id).
 */
import createDebug from 'debug';
import { Client } from 'fhir-kit-client';
import type { Bundle, FhirResource } from 'fhir/r4';
import { isUnderBase } from '../fhir/url.js';
import { arr, isObject, str, type Json } from '../fhir/json.js';
import { effectiveTime } from '../fhir/resource.js';
import { DAY_MS } from '../fhir/time.js';
import type { OwnQuery } from './horizons.js';
import { ByteBudget, DEFAULT_BYTE_CAPS, type ByteCaps } from './byte-cap.js';
import { SpanKind, type Span } from '@opentelemetry/api';
import { ATTR, inSpan, spanFailed, spansOn, traceHeaders } from '../telemetry/spans.js';

// fhir-kit-client's debug output prints request headers, the bearer token among them: keep it off always.
createDebug.enable([process.env.DEBUG, '-fhir-kit-client:*'].filter(Boolean).join(','));

/**
 * Told of every HTTP call to a FHIR server and of every retry (metrics). `outcome` is one of FHIR_CALL_OUTCOMES;
 * `seconds` is the call's wall time.
 */
export interface FhirCallObserver {
  fhirCall(outcome: string, seconds: number): void;
  retry?(): void;
}
export const FHIR_CALL_OUTCOMES = ['ok', 'client-error', 'server-error', 'timeout', 'network', 'invalid-body', 'budget', 'too-large'] as const;
type CallOutcome = (typeof FHIR_CALL_OUTCOMES)[number];

/** Where retries are logged (a pino logger fits). */
export interface RetryLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface FetchOptions {
  fhirServer: string;
  accessToken?: string;
  timeoutMs: number;
  maxPages: number;
  /** Bytes of answers, decoded: per answer and for the whole hook call (byte-cap.ts); the settings' defaults when not given. */
  maxBytes?: ByteCaps;
  /** The whole request's budget; aborts every call still running when it runs out. */
  budget: AbortSignal;
  /** When the budget runs out (epoch ms): a retry is made only if its wait and some answer time fit before. */
  deadline: number;
  /** The evaluation date (epoch ms): a result dated after it (plus a day) is not a usable "latest". */
  now: number;
  observer?: FhirCallObserver;
  logger?: RetryLogger;
  /** For tests: the jitter source. */
  random?: () => number;
}

/**
 * Why data could not be had, as a stable code: the 412 carries it with a fixed sentence of ours, never the
 * server's status text or any part of its body (the service must not be an oracle on what answers where).
 */
export type FailureCode =
  | 'fhir-timeout'
  | 'fhir-unreachable'
  | 'fhir-http-error'
  | 'fhir-not-fhir'
  | 'fhir-wrong-data'
  | 'fhir-too-large'
  | 'fhir-too-many-pages'
  | 'fhir-bad-link'
  | 'prefetch-error'
  | 'not-prefetched';

export type FetchOutcome =
  | { ok: true; value: FhirResource | null }
  | { ok: false; code: FailureCode; reason: string };

/** HTTP statuses worth one more try: the gateway or the server says "not now". */
const TRANSIENT_STATUS = new Set([502, 503, 504]);
/** Socket errors worth one more try (a kept-alive connection closed under us, a reset). */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);
/** The retry's wait when the server gives no Retry-After: 50–150 ms. */
const BACKOFF_MS = { min: 50, spread: 100 };
/** A retry needs at least this much budget left after its wait to be worth sending. */
const MIN_CALL_MS = 100;
const IGNORED_STATUS = new Set(['entered-in-error', 'cancelled']);

class CallFailure extends Error {
  constructor(
    readonly code: FailureCode,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(reason);
  }
}

const failed = (code: FailureCode, reason: string): FetchOutcome => ({ ok: false, code, reason });

/** Retry-After as ms from now (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function nextLink(bundle: Bundle): string | undefined {
  const link = arr(bundle.link).find((l): l is Json => isObject(l) && l.relation === 'next');
  return typeof link?.url === 'string' ? link.url : undefined;
}

/** Paging state of one search: may later pages still hold a result the rules read? */
class DepthTracker {
  private sorted = true;
  private last = Infinity;
  private seenUsable = false;

  constructor(
    private readonly bounds: Pick<OwnQuery, 'horizon' | 'latest'>,
    private readonly now: number,
    first: Bundle,
  ) {
    // A server that says which parameters it used (the self link) and left _sort out did not sort: stored
    // order can look newest-first for pages and still hold a newer result later.
    const self = arr(first.link).find((l): l is Json => isObject(l) && l.relation === 'self');
    if (typeof self?.url === 'string' && !new URL(self.url, 'http://self.invalid').searchParams.has('_sort')) this.sorted = false;
  }

  /** Takes one page's entries; true when the pages seen prove that no later page matters. */
  done(entries: unknown[]): boolean {
    for (const e of entries) {
      const r = isObject(e) && isObject(e.resource) ? e.resource : undefined;
      const t = r ? effectiveTime(r) : undefined;
      // Undated results are ignored by the rules, and say nothing about the order.
      if (t === undefined) continue;
      // Out of order: the server ignores _sort=-date, and dates seen say nothing about later pages.
      if (t > this.last) this.sorted = false;
      this.last = t;
      if (t <= this.now + DAY_MS && !IGNORED_STATUS.has(str(r!.status) ?? '')) this.seenUsable = true;
    }
    const { horizon, latest } = this.bounds;
    return horizon !== undefined && this.sorted && this.last < horizon && (!latest || this.seenUsable);
  }

  /** Why paging could not stop early, for the 412. */
  why(): string {
    if (this.bounds.horizon === undefined) return '';
    const days = Math.round((this.now - this.bounds.horizon) / DAY_MS) - 1; // horizonOf's day of slack
    return this.sorted
      ? ` (results within the ${days}-day lookback fill more pages than that)`
      : ` (the server did not sort them newest first, so paging could not stop at the ${days}-day lookback)`;
  }
}

/** What fhir-kit-client's buildResponseError attaches to a non-2xx (or unparseable) answer. */
interface ClientResponseError {
  response: { status: number };
  config?: { headers?: { get(name: string): string | null } };
}

function isResponseError(e: unknown): e is ClientResponseError {
  return typeof (e as { response?: { status?: unknown } } | undefined)?.response?.status === 'number';
}

export class FhirFetcher {
  private readonly client: Client;
  private readonly base: string;
  private readonly bytes: ByteBudget;

  constructor(private readonly options: FetchOptions) {
    this.base = options.fhirServer.replace(/\/+$/, '');
    // Every call passes an absolute URL (a search, or a next link checked against fhirServer), so the base
    // URL only names the server; the token goes nowhere else.
    this.client = new Client({ baseUrl: this.base, ...(options.accessToken ? { bearerToken: options.accessToken } : {}) });
    // One per hook call: its byte total is the call's.
    this.bytes = new ByteBudget(options.maxBytes ?? DEFAULT_BYTE_CAPS);
  }

  /** One GET, retried once when the failure is transient and the budget allows; the parsed JSON body. `page`: 1 for a search's first page. */
  private async get(url: string, page: number): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const failure = await this.tracedAttempt(url, page, attempt - 1);
      if (!('transient' in failure)) return failure.body;
      const { reason, waitMs } = failure.transient;
      const delay = waitMs ?? BACKOFF_MS.min + Math.round((this.options.random ?? Math.random)() * BACKOFF_MS.spread);
      const fits = Date.now() + delay + MIN_CALL_MS < this.options.deadline;
      if (attempt > 1 || !fits || this.options.budget.aborted) {
        const tooLate = attempt === 1 && !fits && waitMs !== undefined ? ` (it asked to retry after ${Math.ceil(waitMs / 1000)} s, beyond the request budget)` : '';
        throw new CallFailure(failure.transient.code, reason + tooLate, failure.transient.status);
      }
      this.options.logger?.warn({ fhirCall: this.resourceTypeOf(url), reason, retryInMs: delay }, 'FHIR call failed transiently; retrying once');
      this.options.observer?.retry?.();
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** The resource type a URL addresses, the only part of it that is logged. */
  private resourceTypeOf(url: string): string {
    const rest = url.startsWith(this.base) ? url.slice(this.base.length) : '';
    return /^\/?([A-Za-z]+)/.exec(rest)?.[1] ?? 'unknown';
  }

  /**
   * One HTTP request as a CLIENT span (tracing on): the resource type, page, retry count, status and bytes; never
   * the URL (its query names the patient) or the token. The span's context goes to the server in `traceparent`.
   */
  private tracedAttempt(url: string, page: number, retries: number): ReturnType<FhirFetcher['attempt']> {
    if (!spansOn()) return this.attempt(url);
    const resourceType = this.resourceTypeOf(url);
    const server = new URL(this.base);
    const attributes = {
      [ATTR.httpMethod]: 'GET',
      [ATTR.fhirResourceType]: resourceType,
      [ATTR.fhirPage]: page,
      [ATTR.httpResend]: retries,
      [ATTR.serverAddress]: server.hostname,
      [ATTR.serverPort]: Number(server.port || (server.protocol === 'https:' ? 443 : 80)),
    };
    return inSpan(
      `GET ${resourceType}`,
      attributes,
      async (span) => {
        const result = await this.attempt(url, span);
        if ('transient' in result) spanFailed(span, result.transient.code);
        return result;
      },
      SpanKind.CLIENT,
    );
  }

  private async attempt(url: string, span?: Span): Promise<{ body: unknown } | { transient: { code: FailureCode; reason: string; status?: number; waitMs?: number } }> {
    const { timeoutMs, budget, observer } = this.options;
    const callTimeout = Math.max(1, Math.min(timeoutMs, this.options.deadline - Date.now()));
    // A call given only what is left of the request's budget: when it times out, the budget ran out (its own abort
    // may fire a moment later than this timer), and a retry has no time left.
    const cutByBudget = callTimeout < timeoutMs;
    const started = performance.now();
    const seen = (outcome: CallOutcome) => observer?.fhirCall(outcome, (performance.now() - started) / 1000);
    let result: Record<string, unknown>;
    const dispatcher = this.bytes.call();
    try {
      // `redirect: 'manual'` goes through to fetch: a 3xx comes back as an HTTP error, never followed.
      // `dispatcher` too: every answer is counted, inflated here, and cut at the byte caps (byte-cap.ts).
      // (Typed without `dispatcher`: fhir-kit-client's option type is DOM's RequestInit under one tsconfig and
      // undici's, whose Dispatcher class this duck-typed one is not, under another; fetch only calls dispatch.)
      const init = {
        redirect: 'manual' as const,
        dispatcher,
        signal: AbortSignal.any([AbortSignal.timeout(callTimeout), budget]),
        ...(span ? { headers: traceHeaders() } : {}),
      } as { redirect: 'manual'; signal: AbortSignal };
      result = await this.client.request(url, { options: init });
    } catch (e) {
      span?.setAttribute(ATTR.httpBodySize, dispatcher.received);
      if (isResponseError(e)) span?.setAttribute(ATTR.httpStatus, e.response.status);
      // Told by the dispatcher, not read from the error: fetch may rewrap it (and does across realms).
      const tooLarge = dispatcher.exceeded;
      if (tooLarge) {
        seen('too-large');
        throw new CallFailure('fhir-too-large', tooLarge.limit === 'response' ? `an answer was larger than ${tooLarge.maxBytes} bytes` : `the answers of this call came to more than ${tooLarge.maxBytes} bytes`);
      }
      const errorName = (e as { name?: string } | undefined)?.name;
      const timedOut = errorName === 'TimeoutError' || errorName === 'AbortError';
      if (budget.aborted || (timedOut && cutByBudget)) {
        seen('budget');
        throw new CallFailure('fhir-timeout', 'the request time budget ran out before the FHIR server answered');
      }
      if (isResponseError(e)) return this.failedStatus(e, seen);
      if (timedOut) {
        seen('timeout');
        return { transient: { code: 'fhir-timeout', reason: `the FHIR server did not answer within ${callTimeout} ms` } };
      }
      seen('network');
      const code = networkCode(e);
      if (code && TRANSIENT_NETWORK.has(code)) return { transient: { code: 'fhir-unreachable', reason: 'the connection to the FHIR server was reset' } };
      throw new CallFailure('fhir-unreachable', 'the FHIR server could not be reached');
    }
    // fhir-kit-client answers an empty 2xx body with `{}`: no resource, like a body that is not JSON.
    if (Object.keys(result).length === 0) {
      seen('invalid-body');
      throw new CallFailure('fhir-not-fhir', 'the FHIR server answered with an empty body or object, not a resource');
    }
    seen('ok');
    if (span) {
      const status = (result as { __response?: { status?: unknown } }).__response?.status;
      if (typeof status === 'number') span.setAttribute(ATTR.httpStatus, status);
      span.setAttribute(ATTR.httpBodySize, dispatcher.received);
    }
    // A copy without the library's hidden request/response properties (the request carries the token).
    return { body: { ...result } };
  }

  /** An answer fhir-kit-client threw as an error: a non-2xx status, or a 2xx body that is not JSON. */
  private failedStatus(e: ClientResponseError, seen: (outcome: CallOutcome) => void): { transient: { code: FailureCode; reason: string; status: number; waitMs?: number } } {
    const { status } = e.response;
    if (status >= 200 && status < 300) {
      seen('invalid-body');
      throw new CallFailure('fhir-not-fhir', 'the FHIR server answered with something that is not JSON');
    }
    seen(status >= 500 ? 'server-error' : 'client-error');
    if (TRANSIENT_STATUS.has(status)) {
      const waitMs = retryAfterMs(e.config?.headers?.get('retry-after') ?? null);
      return { transient: { code: 'fhir-http-error', reason: `the FHIR server answered HTTP ${status}`, status, ...(waitMs !== undefined ? { waitMs } : {}) } };
    }
    if (status === 401 || status === 403) throw new CallFailure('fhir-http-error', `the FHIR server refused the access token (HTTP ${status})`, status);
    throw new CallFailure('fhir-http-error', `the FHIR server answered HTTP ${status}`, status);
  }


  /** Runs the queries of one key (horizons.ts `ownQueries`) in parallel; a search's pages and parts merge into one Bundle. */
  async run(queries: OwnQuery[]): Promise<FetchOutcome> {
    const results = await Promise.all(queries.map((q) => this.runOne(q)));
    const failed = results.find((r) => !r.ok);
    if (failed) return failed;
    if (results.length === 1) return results[0]!;
    const entry = results.flatMap((r) => (r.ok && r.value?.resourceType === 'Bundle' ? arr((r.value as Bundle).entry) : []));
    return { ok: true, value: { resourceType: 'Bundle', type: 'searchset', entry } as unknown as Bundle };
  }

  private async runOne({ query, ...bounds }: OwnQuery): Promise<FetchOutcome> {
    const [pathPart = ''] = query.split('?', 1);
    const isRead = !query.includes('?') && pathPart.includes('/');
    try {
      const body = await this.get(`${this.base}/${query}`, 1);
      if (!isObject(body)) return failed('fhir-not-fhir', 'the FHIR server answered JSON that is not a resource');
      if (isRead) return { ok: true, value: body as unknown as FhirResource };
      if (body.resourceType !== 'Bundle') return failed('fhir-not-fhir', 'a search answered something other than a Bundle');
      return await this.followPages(body as unknown as Bundle, bounds);
    } catch (e) {
      if (!(e instanceof CallFailure)) throw e;
      // A read of a resource that does not exist is an answer ("no data"), not a failure.
      if (isRead && (e.status === 404 || e.status === 410)) return { ok: true, value: null };
      return failed(e.code, e.reason);
    }
  }

  /**
   * Follows `next` links of a Bundle (fetched, or prefetched and paginated) and merges the entries, stopping
   * once the pages seen (newest first) are past the horizon, or at the page cap.
   */
  async followPages(first: Bundle, bounds: Pick<OwnQuery, 'horizon' | 'latest'> = {}): Promise<FetchOutcome> {
    if (first?.resourceType !== 'Bundle') return { ok: true, value: first as FhirResource };
    const depth = new DepthTracker(bounds, this.options.now, first);
    const entries = [...arr(first.entry)];
    let page: Bundle = first;
    let finished = depth.done(entries);
    for (let pages = 1; !finished && nextLink(page); pages++) {
      const next = nextLink(page)!;
      if (pages >= this.options.maxPages) return failed('fhir-too-many-pages', `more than ${this.options.maxPages} pages of results${depth.why()}`);
      if (!isUnderBase(next, this.options.fhirServer)) return failed('fhir-bad-link', 'a next-page link points outside fhirServer (not followed)');
      let body: unknown;
      try {
        body = await this.get(next, pages + 1);
      } catch (e) {
        if (!(e instanceof CallFailure)) throw e;
        return failed(e.code, e.reason);
      }
      if (!isObject(body) || body.resourceType !== 'Bundle') return failed('fhir-not-fhir', 'a next page was not a Bundle');
      page = body as unknown as Bundle;
      const more = arr(page.entry);
      entries.push(...more);
      finished = depth.done(more);
    }
    const { link: _link, ...rest } = first;
    return { ok: true, value: { ...rest, entry: entries } as unknown as Bundle };
  }
}
