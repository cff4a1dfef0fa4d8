/**
 * Data access: prefetch first, then the FHIR server for what the client did not send, in parallel.
 * Produces the engine's PatientData, or a 412 naming every key that could not be had.
 */
import { fillTemplate } from '../contract/prefetch-template.js';
import type { Bundle, OperationOutcome } from 'fhir/r4';
import type { HookRequest, ServiceDefinition } from '../contract/types.js';
import { preconditionFailed, type IssueDetail } from '../contract/outcomes.js';
import { arr, isObject, type Json } from '../fhir/json.js';
import type { PatientData } from '../engine/types.js';
import { assemble } from './assemble.js';
import { FhirFetcher, type FetchOutcome, type FhirCallObserver, type RetryLogger } from './fhir-fetch.js';
import type { ByteCaps } from './byte-cap.js';
import { depthOfQuery, horizonOf, ownQueries, type Depth } from './horizons.js';
import { PrefetchState } from './prefetch-policy.js';
import { slotMisfit } from './one-patient.js';

export { assemble };

export interface ResolveOptions {
  timeoutMs: number;
  maxPages: number;
  /** Bytes of FHIR answers, decoded: per answer and per hook call. */
  maxBytes: ByteCaps;
  budgetMs: number;
  /** The evaluation date (epoch ms): the lookbacks count back from it. */
  now: number;
  /** How deep each Observation code is read (horizons.ts `depthByCode` of the clinical config). */
  depths: Map<string, Depth>;
  observer?: FhirCallObserver;
  logger?: RetryLogger;
}

function isErrorOutcome(r: unknown): r is OperationOutcome {
  if (typeof r !== 'object' || r === null || (r as { resourceType?: unknown }).resourceType !== 'OperationOutcome') return false;
  const issues = (r as OperationOutcome).issue;
  // An outcome with only warnings/information (e.g. "parameter ignored") does not signal missing data.
  return !Array.isArray(issues) || issues.length === 0 || issues.some((i) => i?.severity !== 'warning' && i?.severity !== 'information');
}

export function classifyPrefetch(prefetch: HookRequest['prefetch'], key: string): PrefetchState {
  if (!prefetch || !Object.prototype.hasOwnProperty.call(prefetch, key)) return PrefetchState.Absent;
  const value = prefetch[key];
  if (value === null) return PrefetchState.NoData;
  if (isErrorOutcome(value)) return PrefetchState.Unavailable;
  if (value?.resourceType === 'Bundle' && arr((value as Bundle).entry).some((e) => isObject(e) && isErrorOutcome(e.resource))) return PrefetchState.Unavailable;
  return PrefetchState.Data;
}

function outcomeText(value: unknown): string {
  const oo = (value as Bundle)?.resourceType === 'Bundle' ? (arr((value as Bundle).entry).find((e) => isObject(e) && isErrorOutcome(e.resource)) as Json | undefined)?.resource : value;
  const d = arr((oo as OperationOutcome | undefined)?.issue)[0] as OperationOutcome['issue'][number] | undefined;
  const text = d?.diagnostics ?? d?.details?.text ?? d?.code;
  return text ? `: ${String(text).slice(0, 200)}` : '';
}

export interface Resolution {
  data: PatientData;
  /** How each key was satisfied, for the request log. */
  sources: Record<string, 'prefetch' | 'fhir' | 'none'>;
}

/** The resource type a key's template reads. */
const typeOf = (service: ServiceDefinition, key: string): string => service.prefetch![key]!.split(/[/?]/)[0]!;

export async function resolveData(request: HookRequest, service: ServiceDefinition, options: ResolveOptions): Promise<Resolution> {
  const templates = Object.entries(service.prefetch ?? {});
  const deadline = Date.now() + options.budgetMs;
  // The fetcher, and with it the request budget's one timer (AbortSignal.timeout would keep every request's
  // 8 s timer alive), are made on the first key that needs fhirServer: a fully prefetched call (the common
  // case) makes neither. Every key of the call shares it (one budget, one agent).
  let budgetTimer: NodeJS.Timeout | undefined;
  let shared: FhirFetcher | undefined;
  const fetcher = (fhirServer: string): FhirFetcher => {
    if (shared) return shared;
    const budget = new AbortController();
    budgetTimer = setTimeout(() => budget.abort(new DOMException('request budget', 'TimeoutError')), Math.max(0, deadline - Date.now()));
    return (shared = new FhirFetcher({
      fhirServer,
      ...(request.fhirAuthorization ? { accessToken: request.fhirAuthorization.access_token } : {}),
      timeoutMs: options.timeoutMs,
      maxPages: options.maxPages,
      maxBytes: options.maxBytes,
      budget: budget.signal,
      deadline,
      now: options.now,
      ...(options.observer ? { observer: options.observer } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    }));
  };
  try {
    return await resolveWith(request, service, templates, fetcher, options);
  } finally {
    if (budgetTimer) clearTimeout(budgetTimer);
  }
}

async function resolveWith(
  request: HookRequest,
  service: ServiceDefinition,
  templates: [string, string][],
  fetcher: (fhirServer: string) => FhirFetcher,
  options: ResolveOptions,
): Promise<Resolution> {
  const { fhirServer } = request;
  const sources: Resolution['sources'] = {};
  const outcomes = await Promise.all(
    templates.map(async ([key, template]): Promise<[string, FetchOutcome]> => {
      const state = classifyPrefetch(request.prefetch, key);
      switch (state) {
        case PrefetchState.NoData:
          sources[key] = 'none';
          return [key, { ok: true, value: null }];
        case PrefetchState.Unavailable:
          return [key, { ok: false, code: 'prefetch-error', reason: `the client reported an error for this prefetch${outcomeText(request.prefetch![key])}` }];
        case PrefetchState.Data: {
          sources[key] = 'prefetch';
          const value = request.prefetch![key]!;
          const hasNext = value.resourceType === 'Bundle' && arr((value as Bundle).link).some((l) => isObject(l) && l.relation === 'next');
          if (!hasNext) return [key, { ok: true, value }];
          // A paginated prefetch (allowed in 2.0): the rest of the pages come from fhirServer, as deep as the
          // widest lookback of the key's codes (the client's query cannot be split).
          if (!fhirServer) return [key, { ok: false, code: 'not-prefetched', reason: 'the prefetched Bundle has more pages and no fhirServer was given to fetch them' }];
          const depth = depthOfQuery(fillTemplate(template, request.context), options.depths);
          return [key, await fetcher(fhirServer).followPages(value as Bundle, horizonOf(depth, options.now))];
        }
        case PrefetchState.Absent: {
          if (!fhirServer) return [key, { ok: false, code: 'not-prefetched', reason: 'not prefetched, and no fhirServer was given to fetch it' }];
          sources[key] = 'fhir';
          return [key, await fetcher(fhirServer).run(ownQueries(fillTemplate(template, request.context), options.depths, options.now))];
        }
      }
    }),
  );

  // What fhirServer answered must fit its template too (type, patient): else the key could not be had (412).
  const patientId = (request.context as { patientId?: unknown }).patientId;
  for (const o of outcomes) {
    const [key, outcome] = o;
    if (!outcome.ok || !outcome.value || sources[key] === 'none' || typeof patientId !== 'string') continue;
    const why = slotMisfit(outcome.value as unknown as Json, service.prefetch![key]!, patientId);
    // A fixed sentence: nothing of the remote answer (not even its resourceType) goes back to the caller.
    if (why) o[1] = { ok: false, code: 'fhir-wrong-data', reason: 'the FHIR server answered resources of another type than the query returns, or about another patient' };
  }
  const failed = outcomes.filter((o): o is [string, Extract<FetchOutcome, { ok: false }>] => !o[1].ok);
  // The detail goes to the log: key, resource type, code, and our own reason (for the client's own prefetch
  // errors not its text, which may name the patient). Never a URL, token or id.
  for (const [key, o] of failed) {
    options.logger?.warn({ prefetchKey: key.slice(0, 64), resourceType: typeOf(service, key), code: o.code, ...(o.code.startsWith('fhir-') ? { reason: o.reason } : {}) }, 'data could not be had');
  }
  const failures: IssueDetail[] = failed.map(([key, o]) => ({
    diagnostics: `Data "${key}" (${typeOf(service, key)}) is unavailable [${o.code}]: ${o.reason}`,
    expression: `prefetch.${key}`,
  }));
  if (failures.length) throw preconditionFailed(failures);
  return { data: assemble(outcomes.map(([, o]) => (o.ok ? o.value : null))), sources };
}
