/**
 * Service settings from the environment, read and checked once at start-up. A bad value stops the
 * service with a message naming the variable; nothing is silently defaulted over a typo.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLocale, type Locale } from './locale.js';
import { parseTrustedClients, type TrustedClient } from './trusted-clients.js';
import { ConfigError } from './config-error.js';
import { addressEntryProblem } from './address-list.js';
import { SETTINGS, settingDefault, settingSpec, type ServiceSettingName } from './setting-catalogue.js';

/** The repository / package root (where cds-services.json lives), whether run from src/ or dist/src/. */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export interface Settings {
  port: number;
  host: string;
  /** Folder for the feedback database. */
  dataDir: string;
  /** Largest request body accepted, in bytes (413 above). */
  bodyLimitBytes: number;
  /** Timeout of each FHIR call, ms. */
  fhirTimeoutMs: number;
  /** Time budget of one hook call for all FHIR work, ms. */
  requestBudgetMs: number;
  /** Pages of a FHIR search followed through `next` links before giving up (412). */
  fhirMaxPages: number;
  /** Bytes of FHIR answers, decoded (gzip counted inflated): per answer, and per hook call in all (412 above). */
  fhirMaxBytes: { response: number; request: number };
  /** CDS_FHIR_SERVER_ALLOW: fhirServer bases allowed beyond loopback when the issuer has no `fhirServers` list. */
  fhirServerAllow: string[];
  /** Hook calls in flight at once; past it a 503 with Retry-After (no queue). */
  maxConcurrentHooks: number;
  /** node:http server timeouts, ms: all request headers, the whole request, an idle kept-alive connection. */
  serverTimeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  /** Origins allowed by CORS; `*` inside an entry matches any port or sub-domain label. */
  corsOrigins: string[];
  /** Card language when the request does not ask for one. */
  locale: Locale;
  /** Optional JSON file with the clinical settings of clinical-rules.md. */
  clinicalConfigFile?: string;
  /** The discovery document. */
  servicesFile: string;
  logLevel: string;
  /** Bytes of log lines waiting for stdout before new lines are dropped (counted); logging never blocks. */
  logBufferBytes: number;
  /** Testing only: a fixed evaluation date ("now"); refused when NODE_ENV=production. */
  fixedNow?: Date;
  /** NODE_ENV=production: https fhirServer only, auth on by default, no test clock. */
  production: boolean;
  /** Client JWT authentication (CDS Hooks §Trusting CDS Clients). */
  auth: {
    required: boolean;
    clients: TrustedClient[];
    /** The URL callers use to reach this service (behind a proxy); JWT `aud` is checked against it. */
    publicBaseUrl?: string;
    maxLifetimeSeconds: number;
    clockSkewSeconds: number;
  };
  /** CDS_DATABASE_URL: PostgreSQL shared by every instance; unset = SQLite in dataDir. */
  database?: DatabaseUrl;
  /** Shown-card rows kept in memory while the database is down; past it they are dropped (counted). */
  shownBufferRows: number;
  /** On SIGTERM/SIGINT: the process exits within this many ms, whatever is still running, ms. */
  shutdownGraceMs: number;
  /** On SIGTERM/SIGINT: first this many ms still listening, /readyz answering 503 (CDS_DRAIN_MS), within the grace period. */
  drainMs: number;
  /** GET /metrics: on its own port when set (then not on the main one), and only for these client addresses or CIDR blocks. */
  metrics: { port?: number; allow: string[] | 'any' };
  /** Input limits beyond the body size. */
  limits: { jsonDepth: number; resources: number; prefetchKeys: number };
  /** Worker processes sharing the port (node:cluster); 1 = serve from this process. */
  workers: number;
  /** Bearer token of GET /admin/report; the route does not exist without it. Never logged. */
  adminToken?: string;
  /** Lifetime of a browser sign-in to /admin/report (CDS_ADMIN_SESSION_MINUTES, 1–1440, default 30). */
  adminSessionMinutes: number;
  /** Serve HTTPS with Node's own TLS when both are set (PEM file paths). */
  tls?: { keyFile: string; certFile: string };
  /** The ALT-trend SMART app served under /app/ (app/, built by `npm run build`). */
  app: {
    /** Folder of the built app. */
    dir: string;
    /** The app's SMART client_id, as registered with the EHR. */
    clientId: string;
    /** The SMART scopes the app asks for. */
    scope: string;
    /** Months of results shown (12–36). */
    periodMonths: number;
    /** Origins the page may connect to besides the service: the FHIR and authorization servers (CSP connect-src). */
    connectOrigins: string[];
  };
}

export interface DatabaseUrl {
  url: string;
  /** The URL without its password, for logs and messages. */
  display: string;
}

/** Checks CDS_DATABASE_URL; the problem never repeats the password (nor the raw value, which may hold it). */
export function parseDatabaseUrl(raw: string): DatabaseUrl | string {
  const shape = 'must look like postgres://user:password@host:5432/database';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `CDS_DATABASE_URL is not a URL; it ${shape}`;
  }
  const display = `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return `CDS_DATABASE_URL=${display} ${shape} (scheme postgres:)`;
  if (!u.hostname) return `CDS_DATABASE_URL=${display} names no host; it ${shape}`;
  if (u.pathname.length <= 1) return `CDS_DATABASE_URL=${display} names no database; it ${shape}`;
  // The driver percent-decodes these; a malformed escape (e.g. "%zz" in the password) would crash it at start-up.
  for (const [part, value] of [['user name', u.username], ['password', u.password], ['database name', u.pathname]] as const) {
    try {
      decodeURIComponent(value);
    } catch {
      return `CDS_DATABASE_URL=${display}: the ${part} has a malformed percent-escape (write % as %25)`;
    }
  }
  return { url: raw, display };
}

/**
 * Every environment variable loadSettings reads: the catalogue's 'service' entries (setting-catalogue.ts, the one
 * list). loadSettings can read no other (its `env` is typed by it), and start-up warns about any CDS_* variable not
 * in it (unknownSettings).
 */
export const SETTING_NAMES: readonly SettingName[] = SETTINGS.filter((s) => s.readBy === 'service').map((s) => s.name as SettingName);
export type SettingName = ServiceSettingName;
type SettingsEnv = { readonly [K in SettingName]?: string | undefined };

/** Edit distance (insertions, deletions, substitutions) between two names. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

export interface UnknownSetting {
  /** The variable's name (never its value: it may be a secret). */
  name: string;
  /** The nearest known name, when it is close enough to be a likely typo. */
  nearest?: SettingName;
}

/** CDS_* variables in `env` that no setting reads (a typo runs the service on defaults), each with the nearest known name. */
export function unknownSettings(env: NodeJS.ProcessEnv): UnknownSetting[] {
  const known = new Set<string>(SETTING_NAMES);
  return Object.keys(env)
    .filter((name) => name.startsWith('CDS_') && !known.has(name))
    .sort()
    .map((name) => {
      let nearest: SettingName = 'NODE_ENV';
      let best = Infinity;
      for (const candidate of SETTING_NAMES) {
        const d = levenshtein(name, candidate);
        if (d < best) [nearest, best] = [candidate, d];
      }
      // Past a third of the name the "nearest" is another setting altogether, not a misspelling of it.
      return best <= Math.max(2, Math.floor(name.length / 3)) ? { name, nearest } : { name };
    });
}

/** The start-up warning for one unknown variable (one log line). */
export function unknownSettingMessage(u: UnknownSetting): string {
  return `unknown setting ${u.name} is ignored${u.nearest ? `; did you mean ${u.nearest}?` : ''}`;
}

const SIZE = /^(\d+)\s*(b|kb|mb)?$/i;

/** Bytes of a size such as 5mb, 512kb or 1048576; undefined when it is not one. */
export function parseSize(raw: string): number | undefined {
  const m = SIZE.exec(raw.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/** A comma-separated list's entries, trimmed, empty ones left out. */
const listEntries = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);


export function loadSettings(processEnv: NodeJS.ProcessEnv = process.env): Settings {
  const env: SettingsEnv = processEnv;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  // Defaults and ranges come from the catalogue (setting-catalogue.ts), which the README's table is rendered from.
  const fallbackOf = (name: SettingName): string | undefined => settingDefault(name, production);
  // A path: as set, resolved from the working directory; unset, the catalogue's default, written relative to the package root.
  const pathOf = (name: SettingName): string => (env[name] !== undefined ? path.resolve(env[name]!) : path.resolve(PACKAGE_ROOT, fallbackOf(name)!));
  const int = (name: SettingName): number => {
    const { min, max } = settingSpec(name).range!;
    const fallback = Number(fallbackOf(name) ?? min);
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const size = (name: SettingName): number => {
    const fallback = parseSize(fallbackOf(name)!)!;
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const bytes = parseSize(raw);
    if (bytes === undefined) problems.push(`${name}="${raw}" must be a size such as 5mb, 512kb or 1048576`);
    return bytes ?? fallback;
  };

  const locale = env.CDS_LOCALE ?? fallbackOf('CDS_LOCALE')!;
  if (!isLocale(locale)) problems.push(`CDS_LOCALE="${locale}" must be one of: en, zh-CN`);

  // Unset = the catalogue's default for this environment (production: none); set but empty = none.
  const originList = (name: SettingName): string[] => {
    const list = listEntries(env[name] ?? fallbackOf(name) ?? '');
    for (const o of list) {
      if (o === '*') problems.push(`${name} must list origins; "*" is not allowed`);
      else if (!/^https?:\/\/[^/\s;,']+$/.test(o)) problems.push(`${name} entry "${o}" must be an origin like https://ehr.example.org`);
    }
    return list;
  };
  const corsOrigins = originList('CDS_CORS_ORIGINS');

  let fixedNow: Date | undefined;
  if (env.CDS_FIXED_NOW) {
    const t = Date.parse(env.CDS_FIXED_NOW);
    if (env.NODE_ENV === 'production') problems.push('CDS_FIXED_NOW is for testing and is refused when NODE_ENV=production');
    else if (!Number.isFinite(t)) problems.push(`CDS_FIXED_NOW="${env.CDS_FIXED_NOW}" must be an ISO date-time`);
    else fixedNow = new Date(t);
  }

  const appConnectOrigins = originList('CDS_APP_FHIR_ORIGINS');
  const authMode = env.CDS_AUTH ?? fallbackOf('CDS_AUTH')!;
  if (authMode !== 'required' && authMode !== 'off') problems.push(`CDS_AUTH="${authMode}" must be "required" or "off"`);
  let clients: TrustedClient[] = [];
  try {
    clients = parseTrustedClients(env.CDS_TRUSTED_CLIENTS);
  } catch (e) {
    if (e instanceof ConfigError) problems.push(...e.problems);
    else throw e;
  }
  if (authMode === 'required' && clients.length === 0) problems.push('CDS_AUTH=required needs at least one trusted client in CDS_TRUSTED_CLIENTS');
  const publicBaseUrl = env.CDS_PUBLIC_BASE_URL?.replace(/\/+$/, '');
  if (publicBaseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(publicBaseUrl)) problems.push(`CDS_PUBLIC_BASE_URL="${publicBaseUrl}" must be an http(s) URL`);
  if (production && authMode === 'required' && !publicBaseUrl) problems.push('CDS_PUBLIC_BASE_URL is required in production, so that JWT audiences are checked against the URL EHRs call');
  // In production the service sends an EHR's token only to that EHR's own FHIR servers: each issuer names them.
  if (production) {
    for (const c of clients) if (!c.fhirServers) problems.push(`CDS_TRUSTED_CLIENTS: issuer ${c.iss} has no "fhirServers" list (required in production)`);
  }
  const fhirServerAllow = listEntries(env.CDS_FHIR_SERVER_ALLOW ?? '')
    .map((s) => s.replace(/\/+$/, ''))
    .filter(Boolean);
  for (const base of fhirServerAllow) {
    if (!/^https?:\/\/[^\s?#@]+$/.test(base)) problems.push(`CDS_FHIR_SERVER_ALLOW entry "${base}" must be a base URL like https://ehr.example.org/fhir`);
  }
  const tlsKey = env.CDS_TLS_KEY;
  const tlsCert = env.CDS_TLS_CERT;
  if (!!tlsKey !== !!tlsCert) problems.push('CDS_TLS_KEY and CDS_TLS_CERT go together');
  for (const [name, file] of [['CDS_TLS_KEY', tlsKey], ['CDS_TLS_CERT', tlsCert]] as const) {
    if (file && !existsSync(file)) problems.push(`${name}: no file ${file}`);
  }

  const metricsAllow = env.CDS_METRICS_ALLOW === 'any' ? 'any' : (listEntries(env.CDS_METRICS_ALLOW ?? fallbackOf('CDS_METRICS_ALLOW')!));
  if (metricsAllow !== 'any') {
    for (const entry of metricsAllow) {
      const problem = addressEntryProblem(entry);
      if (problem) problems.push(`CDS_METRICS_ALLOW entry ${problem}`);
    }
  }

  const settings: Settings = {
    port: int('PORT'),
    // Loopback unless HOST says otherwise: the quick start (auth off) must not be reachable from the network.
    host: env.HOST ?? fallbackOf('HOST')!,
    dataDir: pathOf('CDS_DATA_DIR'),
    bodyLimitBytes: size('CDS_BODY_LIMIT'),
    fhirTimeoutMs: int('CDS_FHIR_TIMEOUT_MS'),
    requestBudgetMs: int('CDS_REQUEST_BUDGET_MS'),
    fhirMaxPages: int('CDS_FHIR_MAX_PAGES'),
    fhirMaxBytes: { response: size('CDS_FHIR_MAX_RESPONSE_BYTES'), request: size('CDS_FHIR_MAX_REQUEST_BYTES') }, // = byte-cap.ts DEFAULT_BYTE_CAPS
    fhirServerAllow,
    maxConcurrentHooks: int('CDS_MAX_CONCURRENT_HOOKS'),
    serverTimeouts: {
      headersMs: int('CDS_HEADERS_TIMEOUT_MS'),
      requestMs: int('CDS_REQUEST_TIMEOUT_MS'),
      keepAliveMs: int('CDS_KEEP_ALIVE_TIMEOUT_MS'),
    },
    corsOrigins,
    locale: isLocale(locale) ? locale : 'en',
    servicesFile: pathOf('CDS_SERVICES_FILE'),
    logLevel: env.LOG_LEVEL ?? fallbackOf('LOG_LEVEL')!,
    logBufferBytes: size('CDS_LOG_BUFFER'),
    production,
    workers: env.CDS_WORKERS === 'auto' ? availableParallelism() : int('CDS_WORKERS'),
    auth: {
      required: authMode === 'required',
      clients,
      ...(publicBaseUrl ? { publicBaseUrl } : {}),
      maxLifetimeSeconds: int('CDS_JWT_MAX_LIFETIME_S'),
      clockSkewSeconds: int('CDS_JWT_CLOCK_SKEW_S'),
    },
    shownBufferRows: int('CDS_SHOWN_BUFFER_ROWS'),
    shutdownGraceMs: int('CDS_SHUTDOWN_GRACE_MS'),
    drainMs: int('CDS_DRAIN_MS'),
    metrics: {
      allow: metricsAllow,
    },
    app: {
      dir: pathOf('CDS_APP_DIR'),
      clientId: env.CDS_APP_CLIENT_ID ?? fallbackOf('CDS_APP_CLIENT_ID')!,
      scope: env.CDS_APP_SCOPE ?? fallbackOf('CDS_APP_SCOPE')!,
      periodMonths: int('CDS_APP_PERIOD_MONTHS'),
      connectOrigins: appConnectOrigins,
    },
    adminSessionMinutes: int('CDS_ADMIN_SESSION_MINUTES'),
    limits: {
      jsonDepth: int('CDS_JSON_MAX_DEPTH'),
      resources: int('CDS_MAX_RESOURCES'),
      prefetchKeys: int('CDS_MAX_PREFETCH_KEYS'),
    },
  };
  const adminToken = env.CDS_ADMIN_TOKEN;
  // The message never repeats the value: it is a secret.
  if (adminToken !== undefined && adminToken !== '' && !/^[\x21-\x7e]{16,}$/.test(adminToken)) problems.push('CDS_ADMIN_TOKEN must be at least 16 printable characters, no spaces');
  else if (adminToken) settings.adminToken = adminToken;
  if (tlsKey && tlsCert) settings.tls = { keyFile: path.resolve(tlsKey), certFile: path.resolve(tlsCert) };
  if (env.CDS_CLINICAL_CONFIG) settings.clinicalConfigFile = path.resolve(env.CDS_CLINICAL_CONFIG);
  if (fixedNow) settings.fixedNow = fixedNow;
  if (env.CDS_METRICS_PORT) settings.metrics.port = int('CDS_METRICS_PORT');
  if (env.CDS_DATABASE_URL) {
    const database = parseDatabaseUrl(env.CDS_DATABASE_URL);
    if (typeof database === 'string') problems.push(database);
    else settings.database = database;
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(settings.logLevel)) {
    problems.push(`LOG_LEVEL="${settings.logLevel}" must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  // Drained listening must leave time for in-flight calls and the final writes: set, it must be below the grace
  // period; defaulted, it takes at most half of it (a short grace period set alone keeps working).
  if (env.CDS_DRAIN_MS !== undefined && env.CDS_DRAIN_MS !== '') {
    if (settings.drainMs > 0 && settings.drainMs >= settings.shutdownGraceMs) problems.push(`CDS_DRAIN_MS=${settings.drainMs} must be less than CDS_SHUTDOWN_GRACE_MS (${settings.shutdownGraceMs})`);
  } else settings.drainMs = Math.min(settings.drainMs, Math.floor(settings.shutdownGraceMs / 2));
  if (settings.serverTimeouts.headersMs > settings.serverTimeouts.requestMs) problems.push('CDS_HEADERS_TIMEOUT_MS must not exceed CDS_REQUEST_TIMEOUT_MS');
  if (problems.length) throw new ConfigError(problems);
  return settings;
}
