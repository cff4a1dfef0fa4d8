/** Start-up validation: environment settings, clinical settings, the discovery document. Each bad field is named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClinicalConfig, loadClinicalConfig } from '../../src/config/clinical-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadSettings } from '../../src/config/settings.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { loadDiscovery } from '../../src/config/discovery.js';
import { HOOKS } from '../../src/contract/schemas.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ifn-cds-config-'));
const file = (name: string, content: unknown) => {
  const p = path.join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('environment settings', () => {
  it('defaults', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ port: 3000, bodyLimitBytes: 5 * 1024 * 1024, fhirTimeoutMs: 3000, requestBudgetMs: 8000, locale: 'en' });
    expect(s.corsOrigins).toContain('https://sandbox.cds-hooks.org');
  });

  it('names every bad variable at once', () => {
    const p = problems(() => loadSettings({ PORT: 'eighty', CDS_LOCALE: 'fr', CDS_BODY_LIMIT: 'huge', CDS_CORS_ORIGINS: '*', LOG_LEVEL: 'loud' }));
    expect(p.join('\n')).toMatch(/PORT="eighty"/);
    expect(p.join('\n')).toMatch(/CDS_LOCALE="fr"/);
    expect(p.join('\n')).toMatch(/CDS_BODY_LIMIT="huge"/);
    expect(p.join('\n')).toMatch(/"\*" is not allowed/);
    expect(p.join('\n')).toMatch(/LOG_LEVEL="loud"/);
  });

  it('sizes and a pinned clock for testing; the clock is refused in production', () => {
    expect(loadSettings({ CDS_BODY_LIMIT: '512kb' }).bodyLimitBytes).toBe(512 * 1024);
    expect(loadSettings({ CDS_FIXED_NOW: '2026-06-15T12:00:00Z' }).fixedNow?.toISOString()).toBe('2026-06-15T12:00:00.000Z');
    expect(problems(() => loadSettings({ CDS_FIXED_NOW: '2026-06-15', NODE_ENV: 'production' })).join()).toMatch(/refused/);
  });
});

describe('clinical settings', () => {
  it('an empty file keeps every default', () => {
    expect(buildClinicalConfig({})).toEqual(DEFAULT_CLINICAL_CONFIG);
  });

  it('merges nested settings over the defaults', () => {
    const c = loadClinicalConfig(file('ok.json', { altUln: { default: 35, female: 25 }, tbil: { ulnUmolL: 21 } }));
    // (v3) a v2 file's altUln.default fills male and female where the file gives none.
    expect(c.altUln).toEqual({ male: 35, female: 25 });
    expect(c.tbil).toEqual({ ...DEFAULT_CLINICAL_CONFIG.tbil, ulnUmolL: 21 });
  });

  it('names each bad field', () => {
    const p = problems(() => loadClinicalConfig(file('bad.json', { altUln: { default: -1 }, biopsyAge: 'forty', altLookbakDays: 90, decompensationCodes: [] })));
    const text = p.join('\n');
    expect(text).toMatch(/altUln\.male must be > 0/);
    expect(text).toMatch(/biopsyAge must be of type integer/);
    expect(text).toMatch(/altLookbakDays is not a known setting/);
    expect(text).toMatch(/decompensationCodes must NOT have fewer than 1 items/);
  });

  it('refuses a flare lookback shorter than the ALT lookback', () => {
    expect(problems(() => buildClinicalConfig({ altLookbackDays: 120, flareLookbackDays: 90 })).join()).toMatch(/flareLookbackDays/);
  });

  it('unreadable or non-JSON files are named', () => {
    expect(problems(() => loadClinicalConfig(path.join(tmp, 'missing.json'))).join()).toMatch(/cannot read/);
    expect(problems(() => loadClinicalConfig(file('broken.json', '{ nope'))).join()).toMatch(/not valid JSON/);
  });
});

describe('discovery document', () => {
  const service = {
    id: 'x',
    hook: 'patient-view',
    title: 't',
    description: 'd',
    usageRequirements: 'u',
    prefetch: { patient: 'Patient/{{context.patientId}}' },
  };

  it('the shipped cds-services.json is valid', () => {
    expect(loadDiscovery(loadSettings({}).servicesFile).services.map((s) => s.hook)).toEqual([...HOOKS]);
  });

  it('refuses a template with a non-2.0 token (FHIRPath, dates)', () => {
    const meds = problems(() => loadDiscovery(file('d1.json', { services: [{ ...service, prefetch: { meds: 'MedicationRequest?_id={{context.draftOrders.MedicationRequest.id}}' } }] })));
    expect(meds.join('\n')).toMatch(/\{\{context\.draftOrders\.MedicationRequest\.id\}\} is not a CDS Hooks 2\.0 prefetch token/);
    const dates = problems(() => loadDiscovery(file('d1b.json', { services: [{ ...service, prefetch: { labs: 'Observation?date=ge{{today()}}' } }] })));
    expect(dates.join('\n')).toMatch(/\{\{today\(\)\}\} is not a CDS Hooks 2\.0 prefetch token/);
  });

  it('refuses missing fields and unknown hooks', () => {
    const p = problems(() => loadDiscovery(file('d2.json', { services: [{ ...service, description: undefined, hook: 'encounter-start' }] })));
    expect(p.join('\n')).toMatch(/description is required/);
    expect(p.join('\n')).toMatch(/hook must be equal to one of the allowed values/);
  });

  it('refuses a file that is not JSON', () => {
    expect(problems(() => loadDiscovery(file('d3.json', 'not json'))).join()).toMatch(/discovery document/);
  });
});

describe('authentication settings', () => {
  const client = JSON.stringify([{ iss: 'https://ehr.example.org', jku: 'https://ehr.example.org/jwks.json', fhirServers: ['https://ehr.example.org/fhir'] }]);
  it('auth is off by default in development and required in production', () => {
    expect(loadSettings({}).auth.required).toBe(false);
    expect(loadSettings({ NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: client, CDS_PUBLIC_BASE_URL: 'https://cds.example.org' }).auth.required).toBe(true);
  });
  it('required auth needs trusted clients; production needs the public base URL', () => {
    expect(problems(() => loadSettings({ CDS_AUTH: 'required' })).join()).toMatch(/needs at least one trusted client/);
    expect(problems(() => loadSettings({ NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: client })).join()).toMatch(/CDS_PUBLIC_BASE_URL is required in production/);
  });
  it('names bad trusted-client entries', () => {
    const p = problems(() => loadSettings({ CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: 'x' }]) })).join('\n');
    expect(p).toMatch(/CDS_TRUSTED_CLIENTS\[0\]\.jku is required \(give jku, jwks, or both\)/);
    expect(problems(() => loadSettings({ CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: 'y', jwks: { keys: [] } }]) })).join()).toMatch(/jwks\.keys/);
    expect(problems(() => loadSettings({ CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: 'y', jku: 'file:///etc/jwks' }]) })).join()).toMatch(/jku has an invalid format/);
    expect(problems(() => loadSettings({ CDS_TRUSTED_CLIENTS: '/no/such/file.json' })).join()).toMatch(/no file/);
    expect(problems(() => loadSettings({ CDS_AUTH: 'maybe' })).join()).toMatch(/CDS_AUTH="maybe"/);
  });
  it('a trusted client may give jku, jwks, or both (the sandbox: its jku named in tokens, its keys pinned)', () => {
    const jwks = { keys: [{ kty: 'EC', crv: 'P-384', kid: 'k1', x: 'x', y: 'y' }] };
    const both = [{ iss: 'https://sandbox.cds-hooks.org', jku: 'https://sandbox.cds-hooks.org/.well-known/jwks.json', jwks }];
    expect(loadSettings({ CDS_TRUSTED_CLIENTS: JSON.stringify(both) }).auth.clients).toEqual(both);
    expect(loadSettings({ CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: 'a', jwks }]) }).auth.clients[0]?.jku).toBeUndefined();
    expect(loadSettings({ CDS_TRUSTED_CLIENTS: client }).auth.clients[0]?.jwks).toBeUndefined();
  });
  it('reads trusted clients from a file', () => {
    expect(loadSettings({ CDS_TRUSTED_CLIENTS: file('clients.json', JSON.parse(client)) }).auth.clients[0]?.iss).toBe('https://ehr.example.org');
  });
  it('TLS key and certificate go together', () => {
    expect(problems(() => loadSettings({ CDS_TLS_KEY: '/k.pem' })).join()).toMatch(/go together/);
  });
});
