/**
 * The settings catalogue is the one source: SETTING_NAMES is its service part, loadSettings gives each setting the
 * catalogue's default when unset (in development and in production) and names the catalogue's range when out of it,
 * and the rendered table has one row per variable.
 */
import path from 'node:path';
import { ConfigError } from '../../src/config/config-error.js';
import { renderSettingsTable, SETTINGS, settingDefault, type SettingSpec } from '../../src/config/setting-catalogue.js';
import { loadSettings, PACKAGE_ROOT, parseSize, SETTING_NAMES, type SettingName, type Settings } from '../../src/config/settings.js';

const catalogue: readonly SettingSpec[] = SETTINGS;

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadSettings(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

type Kind = 'int' | 'size' | 'list' | 'path' | 'text';
/**
 * Where each setting lands in Settings and how its catalogue default reads. Keyed by every setting name: a setting
 * added to the catalogue without a line here fails to compile (and the key test below).
 */
const READ: Record<SettingName, { kind: Kind; read: (s: Settings) => unknown }> = {
  NODE_ENV: { kind: 'text', read: (s) => (s.production ? 'production' : undefined) },
  PORT: { kind: 'int', read: (s) => s.port },
  HOST: { kind: 'text', read: (s) => s.host },
  CDS_LOCALE: { kind: 'text', read: (s) => s.locale },
  CDS_CLINICAL_CONFIG: { kind: 'path', read: (s) => s.clinicalConfigFile },
  CDS_SERVICES_FILE: { kind: 'path', read: (s) => s.servicesFile },
  CDS_WORKERS: { kind: 'int', read: (s) => s.workers },
  CDS_AUTH: { kind: 'text', read: (s) => (s.auth.required ? 'required' : 'off') },
  CDS_TRUSTED_CLIENTS: { kind: 'text', read: (s) => (s.auth.clients.length ? s.auth.clients : undefined) },
  CDS_PUBLIC_BASE_URL: { kind: 'text', read: (s) => s.auth.publicBaseUrl },
  CDS_JWT_MAX_LIFETIME_S: { kind: 'int', read: (s) => s.auth.maxLifetimeSeconds },
  CDS_JWT_CLOCK_SKEW_S: { kind: 'int', read: (s) => s.auth.clockSkewSeconds },
  CDS_CORS_ORIGINS: { kind: 'list', read: (s) => s.corsOrigins },
  CDS_TLS_KEY: { kind: 'path', read: (s) => s.tls?.keyFile },
  CDS_TLS_CERT: { kind: 'path', read: (s) => s.tls?.certFile },
  CDS_FHIR_TIMEOUT_MS: { kind: 'int', read: (s) => s.fhirTimeoutMs },
  CDS_REQUEST_BUDGET_MS: { kind: 'int', read: (s) => s.requestBudgetMs },
  CDS_FHIR_MAX_PAGES: { kind: 'int', read: (s) => s.fhirMaxPages },
  CDS_FHIR_MAX_RESPONSE_BYTES: { kind: 'size', read: (s) => s.fhirMaxBytes.response },
  CDS_FHIR_MAX_REQUEST_BYTES: { kind: 'size', read: (s) => s.fhirMaxBytes.request },
  CDS_FHIR_SERVER_ALLOW: { kind: 'list', read: (s) => s.fhirServerAllow },
  CDS_BODY_LIMIT: { kind: 'size', read: (s) => s.bodyLimitBytes },
  CDS_JSON_MAX_DEPTH: { kind: 'int', read: (s) => s.limits.jsonDepth },
  CDS_MAX_RESOURCES: { kind: 'int', read: (s) => s.limits.resources },
  CDS_MAX_PREFETCH_KEYS: { kind: 'int', read: (s) => s.limits.prefetchKeys },
  CDS_MAX_CONCURRENT_HOOKS: { kind: 'int', read: (s) => s.maxConcurrentHooks },
  CDS_HEADERS_TIMEOUT_MS: { kind: 'int', read: (s) => s.serverTimeouts.headersMs },
  CDS_REQUEST_TIMEOUT_MS: { kind: 'int', read: (s) => s.serverTimeouts.requestMs },
  CDS_KEEP_ALIVE_TIMEOUT_MS: { kind: 'int', read: (s) => s.serverTimeouts.keepAliveMs },
  CDS_DATA_DIR: { kind: 'path', read: (s) => s.dataDir },
  CDS_DATABASE_URL: { kind: 'text', read: (s) => s.database?.url },
  CDS_SHOWN_BUFFER_ROWS: { kind: 'int', read: (s) => s.shownBufferRows },
  LOG_LEVEL: { kind: 'text', read: (s) => s.logLevel },
  CDS_LOG_BUFFER: { kind: 'size', read: (s) => s.logBufferBytes },
  CDS_SHUTDOWN_GRACE_MS: { kind: 'int', read: (s) => s.shutdownGraceMs },
  CDS_DRAIN_MS: { kind: 'int', read: (s) => s.drainMs },
  CDS_METRICS_PORT: { kind: 'int', read: (s) => s.metrics.port },
  CDS_METRICS_ALLOW: { kind: 'list', read: (s) => s.metrics.allow },
  CDS_APP_FHIR_ORIGINS: { kind: 'list', read: (s) => s.app.connectOrigins },
  CDS_APP_CLIENT_ID: { kind: 'text', read: (s) => s.app.clientId },
  CDS_APP_SCOPE: { kind: 'text', read: (s) => s.app.scope },
  CDS_APP_PERIOD_MONTHS: { kind: 'int', read: (s) => s.app.periodMonths },
  CDS_APP_DIR: { kind: 'path', read: (s) => s.app.dir },
  CDS_ADMIN_TOKEN: { kind: 'text', read: (s) => s.adminToken },
  CDS_ADMIN_SESSION_MINUTES: { kind: 'int', read: (s) => s.adminSessionMinutes },
  CDS_FIXED_NOW: { kind: 'text', read: (s) => s.fixedNow },
};

/** The catalogue's default (as written in the variable) read the way loadSettings reads it; undefined = nothing. */
function expected(kind: Kind, written: string | undefined): unknown {
  if (written === undefined) return kind === 'list' ? [] : undefined;
  switch (kind) {
    case 'int':
      return Number(written);
    case 'size':
      return parseSize(written);
    case 'list':
      return written.split(',').filter(Boolean);
    case 'path':
      return path.resolve(PACKAGE_ROOT, written);
    case 'text':
      return written;
  }
}

// Production needs auth set up; the trusted client and base URL are set for every setting except themselves.
const client = JSON.stringify([{ iss: 'https://ehr.example.org', jku: 'https://ehr.example.org/jwks.json', fhirServers: ['https://ehr.example.org/fhir'] }]);
const productionBase = { NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: client, CDS_PUBLIC_BASE_URL: 'https://cds.example.org' };

describe('settings catalogue', () => {
  it('SETTING_NAMES is the catalogue service part; every name appears once; OTEL_* are documented only', () => {
    const names = catalogue.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...SETTING_NAMES].sort()).toEqual(catalogue.filter((s) => s.readBy === 'service').map((s) => s.name).sort());
    expect(Object.keys(READ).sort()).toEqual([...SETTING_NAMES].sort());
    for (const s of catalogue) expect(s.readBy === 'opentelemetry').toBe(s.name.startsWith('OTEL_'));
    expect(names).toEqual(expect.arrayContaining(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']));
  });

  it('secrets: the admin token, the database URL and the OTLP headers, nothing else', () => {
    expect(catalogue.filter((s) => s.secret).map((s) => s.name).sort()).toEqual(['CDS_ADMIN_TOKEN', 'CDS_DATABASE_URL', 'OTEL_EXPORTER_OTLP_HEADERS']);
  });

  it('each entry is complete: a one-sentence description; a whole number states its range in its format', () => {
    for (const s of catalogue) {
      expect(s.description).toMatch(/^[A-Z`'"a-z].*\.$/);
      if (s.range) expect(s.format).toContain(`whole number ${s.range.min}–${s.range.max}`);
      else expect(s.format).not.toMatch(/whole number/);
    }
  });

  it.each([false, true])('unset, every setting takes the catalogue default (production %s)', (production) => {
    for (const name of SETTING_NAMES) {
      if (name === 'NODE_ENV') continue;
      const env: NodeJS.ProcessEnv = production ? { ...productionBase } : {};
      delete env[name];
      // Without trusted clients or a base URL, production can only run with auth off: that is the case tested.
      if (production && (name === 'CDS_TRUSTED_CLIENTS' || name === 'CDS_PUBLIC_BASE_URL')) {
        expect(problems(env).join('\n')).toMatch(name === 'CDS_TRUSTED_CLIENTS' ? /needs at least one trusted client/ : /CDS_PUBLIC_BASE_URL is required/);
        continue;
      }
      const settings = loadSettings(env);
      const { kind, read } = READ[name];
      const value = read(settings);
      expect({ name, value }).toEqual({ name, value: expected(kind, settingDefault(name, production)) });
    }
  });

  it('the drain: set, it must be below the grace period; unset, it takes at most half of it', () => {
    expect(loadSettings({ CDS_DRAIN_MS: '3000', CDS_SHUTDOWN_GRACE_MS: '3001' }).drainMs).toBe(3000);
    expect(problems({ CDS_DRAIN_MS: '3000', CDS_SHUTDOWN_GRACE_MS: '3000' })).toEqual(['CDS_DRAIN_MS=3000 must be less than CDS_SHUTDOWN_GRACE_MS (3000)']);
    expect(loadSettings({ ...productionBase, CDS_SHUTDOWN_GRACE_MS: '3000' }).drainMs).toBe(1500);
    expect(loadSettings({ ...productionBase, CDS_SHUTDOWN_GRACE_MS: '20000' }).drainMs).toBe(5000);
    expect(loadSettings({ CDS_SHUTDOWN_GRACE_MS: '20000' }).drainMs).toBe(0);
    expect(loadSettings({ CDS_DRAIN_MS: '0', CDS_SHUTDOWN_GRACE_MS: '0' }).drainMs).toBe(0);
  });

  it('the production defaults differ where the catalogue says: auth required, no CORS or SMART-app origins', () => {
    const dev = loadSettings({});
    const prod = loadSettings(productionBase);
    expect([dev.auth.required, prod.auth.required]).toEqual([false, true]);
    expect(dev.corsOrigins).toEqual(['https://sandbox.cds-hooks.org', 'http://localhost:*', 'http://127.0.0.1:*']);
    expect(prod.corsOrigins).toEqual([]);
    expect(dev.app.connectOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(prod.app.connectOrigins).toEqual([]);
    // Configured, production takes them as given.
    expect(loadSettings({ ...productionBase, CDS_CORS_ORIGINS: 'https://ehr.example.org' }).corsOrigins).toEqual(['https://ehr.example.org']);
  });

  it('a whole number out of range is refused with the catalogue range in the message, on both sides', () => {
    const ranged = catalogue.filter((s) => s.range && s.readBy === 'service');
    // Exactly the whole-number settings have a range.
    expect(ranged.map((s) => s.name).sort()).toEqual(SETTING_NAMES.filter((n) => READ[n].kind === 'int').sort());
    for (const s of ranged) {
      const { min, max } = s.range!;
      for (const bad of [min - 1, max + 1]) {
        expect(problems({ [s.name]: String(bad) })).toContain(`${s.name}="${bad}" must be a whole number from ${min} to ${max}`);
      }
      // The bounds themselves are accepted (the headers timeout may not exceed the request timeout, which is raised).
      for (const ok of [min, max]) {
        const env: NodeJS.ProcessEnv = { [s.name]: String(ok) };
        if (s.name === 'CDS_HEADERS_TIMEOUT_MS') env.CDS_REQUEST_TIMEOUT_MS = String(ok);
        if (s.name === 'CDS_REQUEST_TIMEOUT_MS') env.CDS_HEADERS_TIMEOUT_MS = String(Math.min(ok, 10_000));
        if (s.name === 'CDS_DRAIN_MS' && ok > 0) env.CDS_SHUTDOWN_GRACE_MS = String(ok + 1);
        expect(() => loadSettings(env)).not.toThrow();
      }
    }
  });

  it('the Markdown table: one row per variable, grouped, production defaults and secrets shown, pipes escaped', () => {
    const table = renderSettingsTable();
    const rows = table.trimEnd().split('\n');
    expect(rows[0]).toBe('| Setting | Group | Format | Default | Secret | Description |');
    expect(rows).toHaveLength(catalogue.length + 2);
    for (const s of catalogue) expect(rows.filter((r) => r.startsWith(`| \`${s.name}\` |`))).toHaveLength(1);
    expect(rows.find((r) => r.startsWith('| `CDS_AUTH` |'))).toContain('`off`; production: `required`');
    expect(rows.find((r) => r.startsWith('| `CDS_CORS_ORIGINS` |'))).toContain('production: none');
    expect(rows.find((r) => r.startsWith('| `CDS_LOCALE` |'))).toContain('enum en\\|zh-CN');
    expect(rows.find((r) => r.startsWith('| `CDS_ADMIN_TOKEN` |'))).toMatch(/\| yes \|/);
    // Every row has six cells: no unescaped pipe splits one.
    for (const r of rows) expect(r.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });
});
