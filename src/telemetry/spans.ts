/**
 * Span helpers over @opentelemetry/api, the only OpenTelemetry module the request path imports. Tracing off (the
 * default) they cost one flag test: no span object, no context switch, no header. tracing.ts turns them on once
 * the SDK is registered.
 *
 * What a span may carry: names, codes, counts, sizes, statuses. Never a patient id, a URL's query, a token, a
 * resource's value, an SQL parameter or an error's message (which may quote any of these): errors are named by
 * their code or class only.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

let on = false;

/** Whether spans are being made (tracing.ts set up the SDK). */
export function spansOn(): boolean {
  return on;
}

/** Called by tracing.ts once the SDK is registered (and with false when it is shut down). */
export function enableSpans(value: boolean): void {
  on = value;
}

/** The API's proxy tracer: it forwards to the provider tracing.ts registers. */
const tracer = trace.getTracer('ifn-timing-cds');

/** Stable attribute names (OpenTelemetry semantic conventions) and this service's own. */
export const ATTR = {
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
  httpResend: 'http.request.resend_count',
  httpBodySize: 'http.response.body.size',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  dbSystem: 'db.system',
  dbSystemName: 'db.system.name',
  dbOperation: 'db.operation.name',
  dbCollection: 'db.collection.name',
  dbBatchSize: 'db.operation.batch.size',
  cdsHook: 'cds.hook',
  cdsServiceId: 'cds.service.id',
  cdsDecision: 'cds.decision',
  cdsSilentBecause: 'cds.silent_because',
  cdsCards: 'cds.cards',
  cdsLocale: 'cds.locale',
  cdsFeedbackItems: 'cds.feedback.items',
  cdsPreconditionCauses: 'cds.precondition.causes',
  fhirResourceType: 'fhir.resource_type',
  fhirPage: 'fhir.page',
} as const;

/** Whether `text` is fit for a span attribute as a code (a hook, a service id, an error code): short, no spaces, no punctuation beyond `. _ -`. */
export function isSafeCode(text: string | undefined): text is string {
  return text !== undefined && /^[\w.-]{1,64}$/.test(text);
}

/** An error named by its code (ours, a database's) or its class: never its message. */
function errorType(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && isSafeCode(code)) return code;
  const name = (e as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.slice(0, 64) : 'error';
}

/** Marks a span failed, named by `type` (a code, never a message). */
export function spanFailed(span: Span | undefined, type: string): void {
  if (!span) return;
  span.setAttribute(ATTR.errorType, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `fn` inside a span named `name` (a child of the active span), ending it when `fn` returns or its promise
 * settles; a throw or rejection marks it failed. With tracing off, `fn(undefined)` and nothing else.
 */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span | undefined) => T, kind: SpanKind = SpanKind.INTERNAL, root = false): T {
  if (!on) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, attributes, root }, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (e) {
      spanFailed(span, errorType(e));
      span.end();
      throw e;
    }
    if (!(result instanceof Promise)) {
      span.end();
      return result;
    }
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (e: unknown) => {
        spanFailed(span, errorType(e));
        span.end();
        throw e;
      },
    ) as T;
  });
}

/**
 * A store write's span: `db.system` named, the table and the row count; never a statement's parameters.
 * `ownTrace`: a write off the request path (a batch of many calls' rows, on a timer one of them set) starts a trace
 * of its own rather than hang under whichever call's context the timer inherited.
 */
export function storeWriteSpan<T>(name: string, db: 'sqlite' | 'postgresql', table: string, rows: number, fn: () => Promise<T>, ownTrace = false): Promise<T> {
  if (!on) return fn();
  const attributes = { [ATTR.dbSystem]: db, [ATTR.dbSystemName]: db, [ATTR.dbOperation]: 'INSERT', [ATTR.dbCollection]: table, [ATTR.dbBatchSize]: rows };
  return inSpan(name, attributes, fn, SpanKind.CLIENT, ownTrace);
}

/** Headers carrying the active span's context (W3C `traceparent`, `tracestate`) for an outgoing call. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** A SERVER span for an incoming request, the child of the caller's `traceparent` when it sent one. */
export function startServerSpan(name: string, incoming: Record<string, string | string[] | undefined>, attributes: Attributes): { span: Span; context: Context } {
  const parent = propagation.extract(context.active(), incoming);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `fn` with `ctx` active; an event emitter's listeners (a request's body stream) run in it too. */
export function runIn<T>(ctx: Context, emitters: NodeJS.EventEmitter[], fn: () => T): T {
  for (const e of emitters) context.bind(ctx, e);
  return context.with(ctx, fn);
}

/** The active span's ids for a log line (`trace_id`, `span_id`), or nothing outside a traced request. */
export function traceLogFields(span?: Span): { trace_id?: string; span_id?: string } {
  if (!on) return {};
  const sc = (span ?? trace.getSpan(context.active()))?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
}
