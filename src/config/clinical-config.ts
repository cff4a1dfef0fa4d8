/**
 * Loads the clinical settings (clinical-rules.md *(config)* items) from an optional JSON file, merges them
 * over the defaults and validates the result against the engine's schema at start-up: each bad field is named.
 */
import { readFileSync } from 'node:fs';
import { ajv, issuesFrom } from '../contract/ajv.js';
import { CLINICAL_CONFIG_SCHEMA, DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../engine/config.js';
import { inputConfigIssues, upgradeLegacyInputSettings } from '../engine/config/inputs.js';
import { ruleConfigIssues } from '../engine/config/rules.js';
import { isTimeZone } from '../fhir/time.js';
import { ConfigError } from './config-error.js';

const validate = ajv.compile(CLINICAL_CONFIG_SCHEMA);

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `over` merged into `base`: objects member by member, anything else (arrays included) replaced. */
function mergeOver(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeOver(base[k], v);
  return out;
}

/** Validates a partial clinical config merged over the defaults. A top-level `$comment` is allowed and dropped. */
export function buildClinicalConfig(partial: unknown, origin = 'clinical config'): ClinicalConfig {
  if (!isPlainObject(partial)) throw new ConfigError([`${origin}: must be a JSON object`]);
  const { $comment: _comment, ...settings } = partial;
  const merged = mergeOver(DEFAULT_CLINICAL_CONFIG, upgradeLegacyInputSettings(settings));
  if (!validate(merged)) throw new ConfigError(issuesFrom(validate.errors).map((i) => `${origin}: ${i.diagnostics}`));
  const config = merged as ClinicalConfig;
  const inputIssues = inputConfigIssues(config, isTimeZone);
  if (inputIssues.length > 0) throw new ConfigError(inputIssues.map((i) => `${origin}: ${i}`));
  const ruleIssues = ruleConfigIssues(config);
  if (ruleIssues.length > 0) throw new ConfigError(ruleIssues.map((i) => `${origin}: ${i}`));
  return config;
}

export function loadClinicalConfig(file: string | undefined): ClinicalConfig {
  if (!file) return buildClinicalConfig({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`CDS_CLINICAL_CONFIG: cannot read ${file}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`CDS_CLINICAL_CONFIG: ${file} is not valid JSON (${(e as Error).message})`]);
  }
  return buildClinicalConfig(json, file);
}
