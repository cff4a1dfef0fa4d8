/**
 * The start-up line lists every setting changed from its default (secrets masked, the database URL without its
 * password), the clinical config in use, and the versions; the production warning about the SMART app's FHIR origins.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInfo } from '../../src/config/build-info.js';
import { buildClinicalConfig, loadClinicalConfig } from '../../src/config/clinical-config.js';
import { loadSettings } from '../../src/config/settings.js';
import { MASK, nonDefaultSettings, startupLine, startupWarnings } from '../../src/config/startup-log.js';
import { configHash } from '../../src/service/versions.js';

const ADMIN_TOKEN = 'admin-token-0123456789-secret';
const DB_PASSWORD = 'db-pass-w0rd-secret';
const OTLP_KEY = 'otlp-api-key-secret';
const client = JSON.stringify([{ iss: 'https://ehr.example.org', jku: 'https://ehr.example.org/jwks.json', fhirServers: ['https://ehr.example.org/fhir'] }]);
const productionBase = { NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: client, CDS_PUBLIC_BASE_URL: 'https://cds.example.org' };

describe('start-up line', () => {
  it('nothing set: no settings listed, built-in clinical defaults, the versions', () => {
    const settings = loadSettings({});
    const line = startupLine({}, settings, buildClinicalConfig({}), buildInfo());
    expect(line.fields).toEqual({
      version: buildInfo().version,
      rulesVersion: buildInfo().rulesVersion,
      node: process.version,
      production: false,
      clinicalConfig: 'built-in defaults',
      clinicalConfigHash: configHash(buildClinicalConfig({})),
      settings: {},
    });
    expect(line.msg).toBe(`starting ifn-timing-cds ${buildInfo().version}, clinical rules version ${buildInfo().rulesVersion}, clinical config built-in defaults`);
  });

  it('lists exactly the settings set to something other than their default; secrets masked, the database URL without its password', () => {
    const env = {
      PORT: '3000', // the default: not listed
      CDS_LOCALE: 'zh-CN',
      CDS_FHIR_TIMEOUT_MS: '2500',
      CDS_CORS_ORIGINS: 'https://ehr.example.org',
      CDS_ADMIN_TOKEN: ADMIN_TOKEN,
      CDS_DATABASE_URL: `postgres://cds:${DB_PASSWORD}@db.example.org:5432/cds`,
      OTEL_EXPORTER_OTLP_HEADERS: `api-key=${OTLP_KEY}`,
      OTEL_SERVICE_NAME: 'ifn-timing-cds', // the default
      PATH: '/usr/bin', // not a setting
    };
    const listed = nonDefaultSettings(env, false);
    expect(listed).toEqual({
      CDS_LOCALE: 'zh-CN',
      CDS_FHIR_TIMEOUT_MS: '2500',
      CDS_CORS_ORIGINS: 'https://ehr.example.org',
      CDS_ADMIN_TOKEN: MASK,
      CDS_DATABASE_URL: 'postgres://cds@db.example.org:5432/cds',
      OTEL_EXPORTER_OTLP_HEADERS: MASK,
    });
    const text = JSON.stringify(startupLine(env, loadSettings(env), buildClinicalConfig({}), buildInfo()));
    for (const secret of [ADMIN_TOKEN, DB_PASSWORD, OTLP_KEY]) expect(text).not.toContain(secret);
  });

  it('credentials written into any URL are masked (an OTLP endpoint with user:password, an allow-list entry)', () => {
    const listed = nonDefaultSettings(
      { OTEL_EXPORTER_OTLP_ENDPOINT: `https://tracer:${OTLP_KEY}@collector.example.org:4318`, CDS_FHIR_SERVER_ALLOW: `https://a.example.org/fhir,https://u:${OTLP_KEY}@b.example.org/fhir` },
      false,
    );
    expect(listed).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: `https://${MASK}@collector.example.org:4318`,
      CDS_FHIR_SERVER_ALLOW: `https://a.example.org/fhir,https://${MASK}@b.example.org/fhir`,
    });
  });

  it('a malformed database URL is masked whole (it may hold the password anywhere)', () => {
    expect(nonDefaultSettings({ CDS_DATABASE_URL: `mysql://cds:${DB_PASSWORD}@db` }, false)).toEqual({ CDS_DATABASE_URL: MASK });
    expect(nonDefaultSettings({ CDS_DATABASE_URL: `not a url ${DB_PASSWORD}` }, false)).toEqual({ CDS_DATABASE_URL: MASK });
  });

  it('the default is the one of the environment: production lists CDS_AUTH=off, development does not', () => {
    expect(nonDefaultSettings({ CDS_AUTH: 'off' }, false)).toEqual({});
    expect(nonDefaultSettings({ NODE_ENV: 'production', CDS_AUTH: 'off' }, true)).toEqual({ NODE_ENV: 'production', CDS_AUTH: 'off' });
    expect(nonDefaultSettings({ CDS_AUTH: 'required' }, true)).toEqual({});
  });

  it('a long value is cut, so the line stays bounded', () => {
    const long = `https://a.example.org,${'https://b.example.org,'.repeat(50)}`;
    const shown = nonDefaultSettings({ CDS_CORS_ORIGINS: long }, false).CDS_CORS_ORIGINS!;
    expect(shown.length).toBe(201);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('names the clinical config file in use and its hash', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-startup-'));
    const file = path.join(dir, 'clinical.json');
    writeFileSync(file, JSON.stringify({ tbil: { ulnUmolL: 21 } }));
    const env = { CDS_CLINICAL_CONFIG: file };
    const clinical = loadClinicalConfig(file);
    const line = startupLine(env, loadSettings(env), clinical, buildInfo());
    expect(line.fields.clinicalConfig).toBe(file);
    expect(line.fields.clinicalConfigHash).toBe(configHash(clinical));
    expect(line.fields.clinicalConfigHash).not.toBe(configHash(buildClinicalConfig({})));
    expect(line.fields.settings).toEqual({ CDS_CLINICAL_CONFIG: file });
    expect(line.msg).toContain(`clinical config ${file}`);
  });
});

describe('start-up warnings', () => {
  it('production without CDS_APP_FHIR_ORIGINS: one warning naming the setting', () => {
    expect(startupWarnings(loadSettings(productionBase))).toEqual([{ setting: 'CDS_APP_FHIR_ORIGINS', msg: expect.stringMatching(/^CDS_APP_FHIR_ORIGINS is empty: the SMART app/) }]);
    // Set to nothing explicitly: the same.
    expect(startupWarnings(loadSettings({ ...productionBase, CDS_APP_FHIR_ORIGINS: '' }))).toHaveLength(1);
  });

  it('none in production with FHIR origins, nor outside production (the localhost default)', () => {
    expect(startupWarnings(loadSettings({ ...productionBase, CDS_APP_FHIR_ORIGINS: 'https://ehr.example.org' }))).toEqual([]);
    expect(startupWarnings(loadSettings({}))).toEqual([]);
    expect(startupWarnings(loadSettings({ CDS_APP_FHIR_ORIGINS: '' }))).toEqual([]);
  });
});
