/**
 * OpenTelemetry tracing, set up from the standard variables only: on when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (and OTEL_SDK_DISABLED is not true, OTEL_TRACES_EXPORTER is not none). Off, no
 * SDK module is loaded (the imports below are dynamic) and the span helpers (spans.ts) cost one flag test.
 *
 * On: a NodeTracerProvider with a batch processor and the OTLP/HTTP exporter (protobuf, the specification's default,
 * or JSON with OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL=http/json). The exporter reads the endpoint, headers, timeout and
 * compression from the environment itself; the provider reads OTEL_TRACES_SAMPLER(_ARG); the resource takes
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. Context travels in W3C `traceparent`/`tracestate` only (no
 * baggage: it would carry whatever a caller put there on to the FHIR server).
 *
 * Nothing from the environment is logged but the protocol and whether an endpoint is set: OTEL_EXPORTER_OTLP_HEADERS
 * may hold credentials, and an endpoint URL may carry them too.
 */
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { RULES_VERSION } from '../engine/rules-version.js';
import { packageVersion } from '../service/versions.js';
import { enableSpans } from './spans.js';

type Env = Record<string, string | undefined>;
type Loader = (specifier: string) => Promise<unknown>;

interface TracingLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface TracingOptions {
  env?: Env;
  logger?: TracingLogger;
  /** service.version on every span; the package version when not given. */
  version?: string;
  /** How SDK modules are loaded (tests count the calls); `import()` when not given. */
  load?: Loader;
}

/** A running SDK: flushes buffered spans; shutdown flushes and stops it. */
export interface Tracing {
  readonly protocol: 'http/protobuf' | 'http/json';
  forceFlush(): Promise<void>;
  shutdown(timeoutMs: number): Promise<void>;
}

const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);

/** Why tracing is off under `env`, or undefined when it should be on. */
export function tracingOffBecause(env: Env): string | undefined {
  if (nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true') return 'OTEL_SDK_DISABLED=true';
  if (nonEmpty(env.OTEL_TRACES_EXPORTER)?.toLowerCase() === 'none') return 'OTEL_TRACES_EXPORTER=none';
  if (!nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && !nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)) return 'no OTLP endpoint set';
  return undefined;
}

/** The OTLP protocol asked for; grpc is not supported (the exporter over HTTP only). */
export function tracesProtocol(env: Env): 'http/protobuf' | 'http/json' | { unsupported: string } {
  const asked = (nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL) ?? 'http/protobuf').toLowerCase();
  return asked === 'http/protobuf' || asked === 'http/json' ? asked : { unsupported: asked.slice(0, 32) };
}

let running: Tracing | undefined;

/** The SDK modules, loaded only when tracing is on. */
interface Sdk {
  node: typeof import('@opentelemetry/sdk-trace-node');
  core: typeof import('@opentelemetry/core');
  resources: typeof import('@opentelemetry/resources');
  semconv: typeof import('@opentelemetry/semantic-conventions');
  exporter: { OTLPTraceExporter: new () => import('@opentelemetry/sdk-trace-node').SpanExporter };
}

async function loadSdk(load: Loader, protocol: 'http/protobuf' | 'http/json'): Promise<Sdk> {
  const [node, core, resources, semconv, exporter] = await Promise.all([
    load('@opentelemetry/sdk-trace-node'),
    load('@opentelemetry/core'),
    load('@opentelemetry/resources'),
    load('@opentelemetry/semantic-conventions'),
    load(protocol === 'http/json' ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto'),
  ]);
  return { node, core, resources, semconv, exporter } as Sdk;
}

/**
 * Starts tracing when the environment asks for it (once per process: each CDS_WORKERS worker calls this for
 * itself); resolves undefined when tracing stays off.
 */
export async function startTracing(options: TracingOptions = {}): Promise<Tracing | undefined> {
  if (running) return running;
  const env = options.env ?? process.env;
  if (tracingOffBecause(env)) return undefined;
  const protocol = tracesProtocol(env);
  if (typeof protocol !== 'string') {
    options.logger?.warn({ protocol: protocol.unsupported }, 'OTEL_EXPORTER_OTLP_PROTOCOL: only http/protobuf and http/json are supported; tracing stays off');
    return undefined;
  }
  const { node, core, resources, semconv, exporter } = await loadSdk(options.load ?? ((s) => import(s)), protocol);
  const logger = options.logger;
  if (logger) {
    // The SDK's own errors (an export that failed) as warnings: the first string only, bounded (its other
    // arguments may be request objects, which carry the exporter's headers).
    const warn = (message: unknown) => logger.warn({ component: 'opentelemetry' }, typeof message === 'string' ? message.slice(0, 300) : 'OpenTelemetry SDK error');
    const quiet = () => {};
    diag.setLogger({ error: warn, warn: quiet, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.ERROR);
  }
  // Ours first, then what the environment says (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES): the later one wins.
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ [semconv.ATTR_SERVICE_NAME]: 'ifn-timing-cds', [semconv.ATTR_SERVICE_VERSION]: options.version ?? packageVersion(), 'cds.rules_version': RULES_VERSION }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new node.NodeTracerProvider({ resource, spanProcessors: [new node.BatchSpanProcessor(new exporter.OTLPTraceExporter())] });
  provider.register({ propagator: new core.W3CTraceContextPropagator() });
  enableSpans(true);
  const tracing: Tracing = {
    protocol,
    forceFlush: () => provider.forceFlush(),
    async shutdown(timeoutMs: number) {
      enableSpans(false);
      let timer: NodeJS.Timeout | undefined;
      // Within the shutdown grace: spans that cannot be sent in time are lost, the exit is not held up.
      await Promise.race([provider.shutdown().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, timeoutMs))))]);
      clearTimeout(timer);
      running = undefined;
    },
  };
  running = tracing;
  logger?.info({ protocol, sampler: (nonEmpty(env.OTEL_TRACES_SAMPLER) ?? 'parentbased_always_on').slice(0, 64) }, 'tracing on: spans are exported over OTLP/HTTP');
  return tracing;
}

/** Flushes and stops the running SDK, if any, within `timeoutMs`. */
export async function stopTracing(timeoutMs: number): Promise<void> {
  await running?.shutdown(timeoutMs);
}
