/**
 * Prometheus metrics (prom-client), one registry per service instance. Labels are fixed, small sets (service ids
 * from discovery, status codes, decision codes, outcome and check names): never a patient id, token or resource.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuthCheck } from '../auth/client-jwt.js';
import type { ShownDropReason, StoreObserver } from '../store/store.js';
import { buildInfo, type BuildInfo } from '../config/build-info.js';

const SHOWN_DROP_REASONS: ShownDropReason[] = ['buffer-full', 'refused', 'shutdown'];

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The cause of a 412, from the reason a data item was unavailable (a fixed set; 'other' for anything new). */
const PRECONDITION_CAUSES: [RegExp, string][] = [
  [/refused the access token/, 'fhir-token-refused'],
  [/did not answer within/, 'fhir-timeout'],
  [/time budget ran out/, 'request-budget'],
  [/answered HTTP/, 'fhir-http-error'],
  [/could not be reached/, 'fhir-unreachable'],
  [/pages of results/, 'too-many-pages'],
  [/outside fhirServer/, 'next-link-outside-server'],
  [/no fhirServer was given/, 'no-fhir-server'],
  [/client reported an error/, 'prefetch-error'],
];

/** Reason codes a 412 carries in brackets (src/data's FailureCode) that the patterns above do not already name. */
const REASON_CODES = new Set(['fhir-timeout', 'fhir-unreachable', 'fhir-http-error', 'fhir-not-fhir', 'fhir-wrong-data', 'fhir-too-large', 'fhir-too-many-pages', 'fhir-bad-link', 'prefetch-error', 'not-prefetched']);

export function preconditionCause(diagnostics: string): string {
  const known = PRECONDITION_CAUSES.find(([re]) => re.test(diagnostics))?.[1];
  if (known) return known;
  const code = /\[([a-z-]{1,40})\]/.exec(diagnostics)?.[1];
  return code && REASON_CODES.has(code) ? code : 'other';
}

/** prom-client default gauges whose `_total` suffix breaks the Prometheus naming rules (see the constructor). */
const GAUGES_NAMED_AS_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export class Metrics {
  readonly registry = new Registry();
  private readonly hookCalls = new Counter({ name: 'cds_hook_calls_total', help: 'Hook calls by service, HTTP status and decision code (first card topic; none without a card)', labelNames: ['service', 'status', 'decision'], registers: [this.registry] });
  private readonly hookSeconds = new Histogram({ name: 'cds_hook_duration_seconds', help: 'Hook call latency, request in to response out', labelNames: ['service'], buckets: SECONDS_BUCKETS, registers: [this.registry] });
  private readonly fhirCalls = new Counter({ name: 'cds_fhir_calls_total', help: 'Calls to EHR FHIR servers by outcome', labelNames: ['outcome'], registers: [this.registry] });
  private readonly fhirSeconds = new Histogram({ name: 'cds_fhir_call_duration_seconds', help: 'Duration of one FHIR call, by outcome', labelNames: ['outcome'], buckets: SECONDS_BUCKETS, registers: [this.registry] });
  private readonly fhirRetries = new Counter({ name: 'cds_fhir_retries_total', help: 'FHIR calls retried', registers: [this.registry] });
  private readonly preconditions = new Counter({ name: 'cds_precondition_failed_total', help: '412 answers by cause (one count per distinct cause in the answer)', labelNames: ['cause'], registers: [this.registry] });
  private readonly feedbackRows = new Counter({ name: 'cds_feedback_rows_stored_total', help: 'Feedback rows inserted (an item posted again is not counted twice)', registers: [this.registry] });
  private readonly authFailures = new Counter({ name: 'cds_auth_failures_total', help: 'Client JWTs refused, by the check that failed', labelNames: ['check'], registers: [this.registry] });
  private readonly storeErrors = new Counter({ name: 'cds_store_errors_total', help: 'Store operations that failed, by operation', labelNames: ['operation'], registers: [this.registry] });
  private readonly shownBuffered = new Gauge({ name: 'cds_shown_cards_buffered', help: 'Shown-card rows waiting in memory to be written', registers: [this.registry] });
  private readonly shownDropped = new Counter({ name: 'cds_shown_cards_dropped_total', help: 'Shown-card rows not recorded, by reason: buffer-full (database down too long), refused (the database refused the row as data), shutdown (still buffered at exit)', labelNames: ['reason'], registers: [this.registry] });
  private readonly logLinesDropped = new Counter({ name: 'cds_log_lines_dropped_total', help: 'Log lines dropped because the log destination (stdout) did not take them fast enough (its buffer was full)', registers: [this.registry] });

  private readonly build = new Gauge({ name: 'cds_build_info', help: 'Always 1; its labels say what runs: the service version, the clinical rules version and the Node version', labelNames: ['version', 'rules_version', 'node'], registers: [this.registry] });

  constructor(options: { processMetrics?: boolean; build?: BuildInfo } = {}) {
    const build = options.build ?? buildInfo();
    this.build.set({ version: build.version, rules_version: build.rulesVersion, node: build.node }, 1);
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool check metrics
      // rejects them); each is only the sum of the per-type gauge without the suffix (nodejs_active_handles{type}).
      for (const name of GAUGES_NAMED_AS_COUNTERS) this.registry.removeSingleMetric(name);
    }
    for (const reason of SHOWN_DROP_REASONS) this.shownDropped.inc({ reason }, 0);
  }

  /** For the log destination: lines it dropped. */
  readonly logLineDropped = (lines = 1): void => {
    this.logLinesDropped.inc(lines);
  };

  hookCall(service: string, status: number, decision: string, seconds: number): void {
    this.hookCalls.inc({ service, status: String(status), decision });
    this.hookSeconds.observe({ service }, seconds);
  }

  preconditionFailed(diagnostics: string[]): void {
    for (const cause of new Set(diagnostics.map(preconditionCause))) this.preconditions.inc({ cause });
  }

  /** For the FHIR fetcher's options. */
  readonly fhir = {
    fhirCall: (outcome: string, seconds: number): void => {
      this.fhirCalls.inc({ outcome });
      this.fhirSeconds.observe({ outcome }, seconds);
    },
    retry: (): void => this.fhirRetries.inc(),
  };

  readonly authFailure = (check: AuthCheck): void => {
    this.authFailures.inc({ check });
  };

  /** Wired by the caller into the store; `onDrop` adds a log line to the counter. */
  storeObserver(onDrop?: (rows: number, reason: ShownDropReason, code?: string) => void): StoreObserver {
    return {
      storeError: (operation) => this.storeErrors.inc({ operation }),
      feedbackStored: (rows) => this.feedbackRows.inc(rows),
      shownBuffered: (rows) => this.shownBuffered.set(rows),
      shownDropped: (rows, reason, code) => {
        this.shownDropped.inc({ reason }, rows);
        onDrop?.(rows, reason, code);
      },
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
