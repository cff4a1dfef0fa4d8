/**
 * The second engine of issue 22: runs the committed ELM of knowledge/elm (IFNTiming with FHIRHelpers) with the
 * reference ELM engine (cql-execution) on one patient Bundle through cql-exec-fhir's FHIR 4.0.1 data source.
 * Off the request path: the cross-check (npm run knowledge:check) and the tests use it; the service never does.
 *
 * The ELM is read and prepared once per process (the Library object and the FHIR data source), so thousands
 * of patients cost only their evaluation. Calls are queued: safe to call concurrently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cql from 'cql-execution';
import cqlfhir from 'cql-exec-fhir';
import { repositoryRoot } from './translate.js';

export interface CqlResult {
  /** §1: the patient is in scope (null when the library could not decide, e.g. no Patient). */
  inScope: boolean | null;
  /** §4 Code column of the first applicable step; null out of scope or on interferon without a D10 finding. */
  decisionCode: string | null;
  /** Every define of IFNTiming in Patient context, as plain JSON values (dates as ISO strings, quantities as {value, unit}). */
  facts: Record<string, unknown>;
}

export const IFN_TIMING_LIBRARY = 'IFNTiming';

interface LoadedElm {
  library: InstanceType<typeof cql.Library>;
  codeService: InstanceType<typeof cql.CodeService>;
}

let loaded: LoadedElm | undefined;
let source: InstanceType<typeof cqlfhir.PatientSource> | undefined;

/** Reads knowledge/elm/*.json (the committed ELM alone: no translation at run time). */
function loadElm(): LoadedElm {
  if (loaded) return loaded;
  const dir = join(repositoryRoot(), 'knowledge/elm');
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  const repository = new cql.Repository({ FHIRHelpers: read('FHIRHelpers'), IFNTiming: read(IFN_TIMING_LIBRARY) });
  const library = repository.resolve(IFN_TIMING_LIBRARY, '3') as InstanceType<typeof cql.Library> | undefined;
  if (!library) throw new Error(`knowledge/elm has no ${IFN_TIMING_LIBRARY} version '3'`);
  loaded = { library, codeService: new cql.CodeService({}) };
  return loaded;
}

/** Parameter values for cql-execution: numbers stay numbers; {value, unit} become Quantities; ISO strings stay strings. */
function toCqlParameters(parameters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && typeof value === 'object' && 'unit' in value && 'value' in value) {
      const q = value as { value: number; unit: string };
      out[name] = new cql.Quantity(q.value, q.unit);
    } else out[name] = value;
  }
  return out;
}

/** A cql-execution value as plain JSON. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof cql.DateTime || value instanceof cql.Date) return value.toString();
  if (value instanceof cql.Quantity) return { value: value.value, unit: value.unit };
  if (value instanceof cql.Code) return { system: value.system, code: value.code };
  if (value instanceof cql.Interval) return { low: toPlain(value.low), high: toPlain(value.high), lowClosed: value.lowClosed, highClosed: value.highClosed };
  if (typeof value === 'object') {
    const json = (value as { _json?: { resourceType?: string; id?: string } })._json;
    if (json && typeof json === 'object') return json.resourceType ? { resourceType: json.resourceType, id: json.id ?? null } : json;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('_')) out[k] = toPlain(v);
    return out;
  }
  return null;
}

/**
 * Evaluates IFNTiming on one patient Bundle at `now` (ISO dateTime with offset; the evaluation date of §2).
 * `parameters` override the library's (config) parameters by name (numbers, or {value, unit} for quantities).
 * cql-execution is asynchronous (its retrieves may be), so this returns a Promise.
 */
export function evaluateCql(bundle: fhir4.Bundle, now: string, parameters: Record<string, unknown> = {}): Promise<CqlResult> {
  // One evaluation at a time: the data source is shared (see below), so concurrent callers queue.
  const run = queue.then(() => evaluateNow(bundle, now, parameters));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function evaluateNow(bundle: fhir4.Bundle, now: string, parameters: Record<string, unknown>): Promise<CqlResult> {
  const nowDateTime = cql.DateTime.parse(now);
  if (!nowDateTime) throw new Error(`not an ISO dateTime: ${now}`);
  const elm = loadElm();
  const executor = new cql.Executor(elm.library, elm.codeService, { ...toCqlParameters(parameters), Now: nowDateTime });
  // One data source per process: building it parses the FHIR model info (tens of ms). reset() empties it.
  source ??= cqlfhir.PatientSource.FHIRv401();
  source.reset();
  source.loadBundles([bundle]);
  const results = await executor.exec(source, nowDateTime);
  const byPatient = results.patientResults as Record<string, Record<string, unknown>>;
  const first = Object.values(byPatient)[0] ?? {};
  const facts: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(first)) if (name !== 'Patient') facts[name] = toPlain(value);
  const inScope = first['InScope'];
  const decisionCode = first['DecisionCode'];
  return {
    inScope: typeof inScope === 'boolean' ? inScope : null,
    decisionCode: typeof decisionCode === 'string' ? decisionCode : null,
    facts,
  };
}
