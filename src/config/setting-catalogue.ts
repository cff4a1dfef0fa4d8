/**
 * The settings catalogue: every environment variable the service reads or documents, the one source for its
 * name, group, format, range, default and whether it is a secret. loadSettings takes its defaults and ranges
 * from here (so they cannot drift from the documentation), SETTING_NAMES is derived from it, and the README's
 * settings table is rendered from it (renderSettingsTable; a test fails when the README drifts).
 */

export type SettingGroup = 'Service' | 'Security' | 'FHIR' | 'Limits' | 'Store' | 'Operations' | 'SMART app' | 'Report' | 'Testing' | 'Telemetry';

/** The order groups appear in the rendered table. */
export const SETTING_GROUPS: readonly SettingGroup[] = ['Service', 'Security', 'FHIR', 'Limits', 'Store', 'Operations', 'Telemetry', 'SMART app', 'Report', 'Testing'];

export interface SettingSpec {
  name: string;
  group: SettingGroup;
  /** The format as shown to an operator, e.g. 'whole number 1–60000', 'size', 'origin list'. */
  format: string;
  /** Whole numbers: the inclusive range loadSettings accepts (its message names it). */
  range?: { readonly min: number; readonly max: number };
  /** The value used when the variable is unset or empty, as written in the variable; absent = nothing (the feature is off). */
  default?: string;
  /** With NODE_ENV=production, when it differs from `default` ('' = nothing). */
  productionDefault?: string;
  /** Shown as `***` in logs (CDS_DATABASE_URL: only its password is hidden, through parseDatabaseUrl's display). */
  secret: boolean;
  /** One sentence. */
  description: string;
  /**
   * 'service': read by loadSettings (a CDS_* name not listed here is warned about at start-up).
   * 'opentelemetry': read by the OpenTelemetry SDK set-up (src/telemetry), documented here only.
   */
  readBy: 'service' | 'opentelemetry';
}

/** A whole-number setting: its range, and the format shown to an operator, written from that range (one source). */
function whole(min: number, max: number, suffix = ''): Pick<SettingSpec, 'format' | 'range'> {
  return { format: `whole number ${min}–${max}${suffix}`, range: { min, max } };
}

export const SETTINGS = [
  // Service
  { name: 'NODE_ENV', group: 'Service', format: 'enum production|…', secret: false, readBy: 'service', description: '`production` requires https FHIR servers, turns client authentication on by default, drops the developer CORS and SMART-app origins and refuses CDS_FIXED_NOW.' },
  { name: 'PORT', group: 'Service', ...whole(0, 65535), default: '3000', secret: false, readBy: 'service', description: 'HTTP(S) port (0 = any free port).' },
  { name: 'HOST', group: 'Service', format: 'interface address', default: '127.0.0.1', secret: false, readBy: 'service', description: 'Interface to listen on; loopback by default so that the quick start (auth off) is not reachable from the network: set 0.0.0.0 to serve it.' },
  { name: 'CDS_LOCALE', group: 'Service', format: 'enum en|zh-CN', default: 'en', secret: false, readBy: 'service', description: 'Card language when the request does not ask for one.' },
  { name: 'CDS_CLINICAL_CONFIG', group: 'Service', format: 'path', secret: false, readBy: 'service', description: 'JSON file with the clinical settings (thresholds, local codes); unset = the built-in defaults of clinical-rules.md.' },
  { name: 'CDS_SERVICES_FILE', group: 'Service', format: 'path', default: './cds-services.json', secret: false, readBy: 'service', description: 'The discovery document, validated at start-up.' },
  { name: 'CDS_WORKERS', group: 'Service', ...whole(1, 64, ', or auto'), default: '1', secret: false, readBy: 'service', description: 'Worker processes sharing the port (node:cluster); `auto` = one per core.' },
  // Security
  { name: 'CDS_AUTH', group: 'Security', format: 'enum required|off', default: 'off', productionDefault: 'required', secret: false, readBy: 'service', description: 'Whether hook, discovery and feedback calls need a client JWT signed by a trusted EHR; `off` logs a warning at start-up.' },
  { name: 'CDS_TRUSTED_CLIENTS', group: 'Security', format: 'JSON or path', secret: false, readBy: 'service', description: 'The registered EHRs (issuer, JWKS URL or keys, FHIR servers) as JSON or the path of a JSON file; required when CDS_AUTH=required.' },
  { name: 'CDS_PUBLIC_BASE_URL', group: 'Security', format: 'URL', secret: false, readBy: 'service', description: 'The URL EHRs call (behind a proxy), checked as the JWT audience and used in card links; required in production with auth on.' },
  { name: 'CDS_JWT_MAX_LIFETIME_S', group: 'Security', ...whole(1, 86_400), default: '3600', secret: false, readBy: 'service', description: 'Longest accepted JWT `exp` ahead of now, in seconds.' },
  { name: 'CDS_JWT_CLOCK_SKEW_S', group: 'Security', ...whole(0, 600), default: '60', secret: false, readBy: 'service', description: 'Clock skew tolerated on JWT `exp` and `iat`, in seconds.' },
  { name: 'CDS_CORS_ORIGINS', group: 'Security', format: 'origin list', default: 'https://sandbox.cds-hooks.org,http://localhost:*,http://127.0.0.1:*', productionDefault: '', secret: false, readBy: 'service', description: 'Browser origins allowed by CORS and allowed to frame the SMART app (`*` matches one port or label; a bare `*` is refused).' },
  { name: 'CDS_TLS_KEY', group: 'Security', format: 'path', secret: false, readBy: 'service', description: 'PEM private key: with CDS_TLS_CERT the service speaks https itself.' },
  { name: 'CDS_TLS_CERT', group: 'Security', format: 'path', secret: false, readBy: 'service', description: 'PEM certificate chain, with CDS_TLS_KEY.' },
  // FHIR
  { name: 'CDS_FHIR_TIMEOUT_MS', group: 'FHIR', ...whole(1, 60_000), default: '3000', secret: false, readBy: 'service', description: 'Timeout of each FHIR call, in ms.' },
  { name: 'CDS_REQUEST_BUDGET_MS', group: 'FHIR', ...whole(1, 120_000), default: '8000', secret: false, readBy: 'service', description: 'Time budget of all FHIR work of one hook call, in ms (412 past it).' },
  { name: 'CDS_FHIR_MAX_PAGES', group: 'FHIR', ...whole(1, 1000), default: '20', secret: false, readBy: 'service', description: 'Pages of one FHIR search followed through `next` links before answering 412.' },
  { name: 'CDS_FHIR_MAX_RESPONSE_BYTES', group: 'FHIR', format: 'size', default: '10mb', secret: false, readBy: 'service', description: 'Largest FHIR answer, counted after inflating gzip/deflate/br (412 `fhir-too-large` above).' },
  { name: 'CDS_FHIR_MAX_REQUEST_BYTES', group: 'FHIR', format: 'size', default: '40mb', secret: false, readBy: 'service', description: 'All FHIR answers of one hook call together, inflated (412 `fhir-too-large` above).' },
  { name: 'CDS_FHIR_SERVER_ALLOW', group: 'FHIR', format: 'URL list', secret: false, readBy: 'service', description: 'FHIR base URLs any caller may name as `fhirServer` when its issuer has no `fhirServers` list; loopback is always allowed outside production.' },
  // Limits
  { name: 'CDS_BODY_LIMIT', group: 'Limits', format: 'size', default: '5mb', secret: false, readBy: 'service', description: 'Largest request body (413 above).' },
  { name: 'CDS_JSON_MAX_DEPTH', group: 'Limits', ...whole(8, 1000), default: '64', secret: false, readBy: 'service', description: 'Deepest JSON nesting accepted in a request (400 above).' },
  { name: 'CDS_MAX_RESOURCES', group: 'Limits', ...whole(1, 1_000_000), default: '20000', secret: false, readBy: 'service', description: 'FHIR resources in one request (413 above).' },
  { name: 'CDS_MAX_PREFETCH_KEYS', group: 'Limits', ...whole(1, 1000), default: '50', secret: false, readBy: 'service', description: 'Prefetch keys in one request (400 above).' },
  { name: 'CDS_MAX_CONCURRENT_HOOKS', group: 'Limits', ...whole(1, 100_000), default: '64', secret: false, readBy: 'service', description: 'Hook calls in flight per process; past it 503 `transient` with Retry-After, never queued.' },
  { name: 'CDS_HEADERS_TIMEOUT_MS', group: 'Limits', ...whole(100, 600_000), default: '10000', secret: false, readBy: 'service', description: 'A client must send all request headers within this many ms (408 after); at most CDS_REQUEST_TIMEOUT_MS.' },
  { name: 'CDS_REQUEST_TIMEOUT_MS', group: 'Limits', ...whole(100, 3_600_000), default: '30000', secret: false, readBy: 'service', description: 'A client must send the whole request within this many ms (408 after).' },
  { name: 'CDS_KEEP_ALIVE_TIMEOUT_MS', group: 'Limits', ...whole(100, 600_000), default: '5000', secret: false, readBy: 'service', description: 'An idle kept-alive connection is closed after this many ms.' },
  // Store
  { name: 'CDS_DATA_DIR', group: 'Store', format: 'path', default: './data', secret: false, readBy: 'service', description: 'Folder of the SQLite feedback database (unused with CDS_DATABASE_URL).' },
  { name: 'CDS_DATABASE_URL', group: 'Store', format: 'URL postgres://user:password@host:5432/database', secret: true, readBy: 'service', description: 'PostgreSQL for feedback, shown cards and the JWT replay memory, shared by every instance (logged without its password); unset = SQLite in CDS_DATA_DIR.' },
  { name: 'CDS_SHOWN_BUFFER_ROWS', group: 'Store', ...whole(0, 10_000_000), default: '10000', secret: false, readBy: 'service', description: 'Shown-card rows kept in memory while the database is down; past it they are dropped, counted and logged.' },
  // Operations
  { name: 'LOG_LEVEL', group: 'Operations', format: 'enum fatal|error|warn|info|debug|trace|silent', default: 'info', secret: false, readBy: 'service', description: 'Lowest level of the log lines written.' },
  { name: 'CDS_LOG_BUFFER', group: 'Operations', format: 'size', default: '1mb', secret: false, readBy: 'service', description: 'Log bytes waiting for stdout; past it new lines are dropped and counted, so logging never blocks.' },
  { name: 'CDS_SHUTDOWN_GRACE_MS', group: 'Operations', ...whole(0, 600_000), default: '10000', secret: false, readBy: 'service', description: 'On SIGTERM or SIGINT the process exits within this many ms; in-flight calls get it less a reserve (a quarter, at most 2 s).' },
  { name: 'CDS_DRAIN_MS', group: 'Operations', ...whole(0, 300_000), default: '0', productionDefault: '5000', secret: false, readBy: 'service', description: 'On SIGTERM or SIGINT the service first keeps listening this many ms, answering /readyz 503 and every other request as usual, so that load balancers take it out before it stops accepting connections (unset: at most half of CDS_SHUTDOWN_GRACE_MS; a second signal ends it).' },
  { name: 'CDS_METRICS_PORT', group: 'Operations', ...whole(0, 65535), secret: false, readBy: 'service', description: 'Serve /metrics on this port only (not on PORT); unset = on PORT.' },
  { name: 'CDS_METRICS_ALLOW', group: 'Operations', format: 'address and CIDR list, or any', default: '127.0.0.1,::1,::ffff:127.0.0.1', secret: false, readBy: 'service', description: 'Client addresses or CIDR blocks /metrics answers (others get 404); `any` = all.' },
  // Telemetry (read by the OpenTelemetry set-up, standard names)
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', group: 'Telemetry', format: 'URL', secret: false, readBy: 'opentelemetry', description: 'OTLP/HTTP collector base URL; set it (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) to send traces; unset = tracing off, at no cost.' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', group: 'Telemetry', format: 'URL', secret: false, readBy: 'opentelemetry', description: 'Full traces URL, overriding OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`.' },
  { name: 'OTEL_EXPORTER_OTLP_HEADERS', group: 'Telemetry', format: 'key=value list', secret: true, readBy: 'opentelemetry', description: 'Headers sent to the collector (e.g. its API key).' },
  { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', group: 'Telemetry', format: 'enum http/protobuf|http/json', default: 'http/protobuf', secret: false, readBy: 'opentelemetry', description: 'OTLP encoding over HTTP (grpc is not supported: tracing stays off with a warning).' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', group: 'Telemetry', format: 'enum http/protobuf|http/json', secret: false, readBy: 'opentelemetry', description: 'OTLP encoding of traces, overriding OTEL_EXPORTER_OTLP_PROTOCOL.' },
  { name: 'OTEL_SDK_DISABLED', group: 'Telemetry', format: 'enum true|false', default: 'false', secret: false, readBy: 'opentelemetry', description: '`true` keeps tracing off even with an endpoint set.' },
  { name: 'OTEL_TRACES_EXPORTER', group: 'Telemetry', format: 'enum otlp|none', default: 'otlp', secret: false, readBy: 'opentelemetry', description: '`none` keeps tracing off even with an endpoint set.' },
  { name: 'OTEL_RESOURCE_ATTRIBUTES', group: 'Telemetry', format: 'key=value list', secret: false, readBy: 'opentelemetry', description: 'Extra resource attributes on every span (e.g. deployment.environment=production).' },
  { name: 'OTEL_SERVICE_NAME', group: 'Telemetry', format: 'text', default: 'ifn-timing-cds', secret: false, readBy: 'opentelemetry', description: 'The `service.name` resource attribute of every span.' },
  { name: 'OTEL_TRACES_SAMPLER', group: 'Telemetry', format: 'enum parentbased_always_on|parentbased_traceidratio|always_on|always_off|traceidratio|…', default: 'parentbased_always_on', secret: false, readBy: 'opentelemetry', description: 'Which traces are recorded (OpenTelemetry sampler name).' },
  { name: 'OTEL_TRACES_SAMPLER_ARG', group: 'Telemetry', format: 'number 0–1', secret: false, readBy: 'opentelemetry', description: 'The ratio of the `traceidratio` samplers (1 when unset).' },
  // SMART app
  { name: 'CDS_APP_FHIR_ORIGINS', group: 'SMART app', format: 'origin list', default: 'http://localhost:*,http://127.0.0.1:*', productionDefault: '', secret: false, readBy: 'service', description: 'Origins of the FHIR and authorization servers the ALT-trend page may connect to (CSP connect-src); in production a start-up warning when empty.' },
  { name: 'CDS_APP_CLIENT_ID', group: 'SMART app', format: 'text', default: 'ifn-timing-cds-alt-trend', secret: false, readBy: 'service', description: "The app's SMART client_id, as registered with the EHR." },
  { name: 'CDS_APP_SCOPE', group: 'SMART app', format: 'text', default: 'launch launch/patient patient/*.read openid fhirUser', secret: false, readBy: 'service', description: 'The SMART scopes the app asks for.' },
  { name: 'CDS_APP_PERIOD_MONTHS', group: 'SMART app', ...whole(12, 36), default: '36', secret: false, readBy: 'service', description: 'Months of ALT results the app shows.' },
  { name: 'CDS_APP_DIR', group: 'SMART app', format: 'path', default: './dist/app', secret: false, readBy: 'service', description: 'Folder of the built app (npm run build).' },
  // Report
  { name: 'CDS_ADMIN_TOKEN', group: 'Report', format: 'text, 16+ printable characters', secret: true, readBy: 'service', description: 'Bearer token of GET /admin/report; unset = no such route.' },
  { name: 'CDS_ADMIN_SESSION_MINUTES', group: 'Report', ...whole(1, 1440), default: '30', secret: false, readBy: 'service', description: 'Lifetime of a browser sign-in to /admin/report, in minutes.' },
  // Testing
  { name: 'CDS_FIXED_NOW', group: 'Testing', format: 'ISO date-time', secret: false, readBy: 'service', description: 'Testing only: every decision is made as of this date-time; refused when NODE_ENV=production.' },
] as const satisfies readonly SettingSpec[];

type Catalogued = (typeof SETTINGS)[number];
/** Every environment variable loadSettings reads. */
export type ServiceSettingName = Extract<Catalogued, { readBy: 'service' }>['name'];
/** Every environment variable documented here, the OpenTelemetry ones included. */
export type CataloguedSettingName = Catalogued['name'];

const BY_NAME = new Map<string, SettingSpec>(SETTINGS.map((s) => [s.name, s]));

/** The catalogue entry of `name` (every name the types allow has one). */
export function settingSpec(name: CataloguedSettingName): SettingSpec {
  return BY_NAME.get(name)!;
}

/** The default written in the variable's form for this environment; undefined = unset (nothing). */
export function settingDefault(name: CataloguedSettingName, production: boolean): string | undefined {
  const spec = settingSpec(name);
  return production && spec.productionDefault !== undefined ? spec.productionDefault : spec.default;
}

/** Text fit for one cell of a Markdown table: pipes escaped, one line. (The README's generated tables.) */
export const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** Inline code; a value holding a backtick gets double backticks. */
export const markdownCode = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

function defaultCell(spec: SettingSpec): string {
  const shown = (value: string | undefined): string => (value === undefined || value === '' ? 'none' : markdownCode(value));
  const base = spec.default === undefined ? '—' : markdownCode(spec.default);
  return spec.productionDefault === undefined ? base : `${base}; production: ${shown(spec.productionDefault)}`;
}

/** The Markdown settings table (README), one row per variable, grouped in SETTING_GROUPS order. */
export function renderSettingsTable(): string {
  const rows = ['| Setting | Group | Format | Default | Secret | Description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const group of SETTING_GROUPS) {
    for (const spec of SETTINGS as readonly SettingSpec[]) {
      if (spec.group !== group) continue;
      rows.push(`| \`${spec.name}\` | ${group} | ${markdownCell(spec.format)} | ${markdownCell(defaultCell(spec))} | ${spec.secret ? 'yes' : ''} | ${markdownCell(spec.description)} |`);
    }
  }
  return `${rows.join('\n')}\n`;
}
