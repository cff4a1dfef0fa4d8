/**
 * The start-up line: what runs (versions), on which clinical config, with which settings changed from their
 * defaults; secrets masked. And the start-up warnings about settings that leave a part of the service unusable.
 */
import type { ClinicalConfig } from '../engine/config.js';
import { configHash } from '../service/versions.js';
import type { BuildInfo } from './build-info.js';
import { SETTINGS, settingDefault, type CataloguedSettingName, type SettingSpec } from './setting-catalogue.js';
import { parseDatabaseUrl, type Settings } from './settings.js';

/** Shown instead of a secret's value. */
export const MASK = '***';
/** Longer values (an inline CDS_TRUSTED_CLIENTS, say) are cut: the line stays bounded. */
const MAX_VALUE_CHARS = 200;

/** The value as it may be logged: a secret masked, CDS_DATABASE_URL without its password. */
function shown(spec: SettingSpec, raw: string): string {
  if (spec.name === 'CDS_DATABASE_URL') {
    const parsed = parseDatabaseUrl(raw);
    return typeof parsed === 'string' ? MASK : parsed.display;
  }
  if (spec.secret) return MASK;
  // Credentials written into any URL (an OTLP endpoint, say: https://user:password@collector) are masked too.
  const withoutCredentials = raw.replace(/(\/\/)[^/@\s]*@/g, `$1${MASK}@`);
  return withoutCredentials.length > MAX_VALUE_CHARS ? `${withoutCredentials.slice(0, MAX_VALUE_CHARS)}…` : withoutCredentials;
}

/** Every catalogued variable set to something other than its default (for this environment), name → loggable value. */
export function nonDefaultSettings(env: NodeJS.ProcessEnv, production: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of SETTINGS as readonly SettingSpec[]) {
    const raw = env[spec.name];
    if (raw === undefined || raw === settingDefault(spec.name as CataloguedSettingName, production)) continue;
    out[spec.name] = shown(spec, raw);
  }
  return out;
}

export interface StartupLine {
  fields: {
    version: string;
    rulesVersion: string;
    node: string;
    production: boolean;
    /** The file's path, or 'built-in defaults'. */
    clinicalConfig: string;
    /** sha256 (12) of the clinical config in effect: the value the governance rows carry. */
    clinicalConfigHash: string;
    settings: Record<string, string>;
  };
  msg: string;
}

export function startupLine(env: NodeJS.ProcessEnv, settings: Settings, clinical: ClinicalConfig, info: BuildInfo): StartupLine {
  const clinicalConfig = settings.clinicalConfigFile ?? 'built-in defaults';
  return {
    fields: {
      version: info.version,
      rulesVersion: info.rulesVersion,
      node: info.node,
      production: settings.production,
      clinicalConfig,
      clinicalConfigHash: configHash(clinical),
      settings: nonDefaultSettings(env, settings.production),
    },
    msg: `starting ifn-timing-cds ${info.version}, clinical rules version ${info.rulesVersion}, clinical config ${clinicalConfig}`,
  };
}

/** One line each: settings that leave part of the service unusable, though valid. */
export function startupWarnings(settings: Settings): { setting: string; msg: string }[] {
  const warnings: { setting: string; msg: string }[] = [];
  if (settings.production && settings.app.connectOrigins.length === 0) {
    warnings.push({
      setting: 'CDS_APP_FHIR_ORIGINS',
      msg: 'CDS_APP_FHIR_ORIGINS is empty: the SMART app (/app/) can reach no FHIR or authorization server; set it to their origins (e.g. https://ehr.example.org)',
    });
  }
  return warnings;
}
