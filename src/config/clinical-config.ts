/**
 * Loads the clinical settings (clinical-rules.md *(config)* items) from an optional JSON file, merges them
 * over the defaults and validates them with ajv at start-up: each bad field is named in the error.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../engine/config.js';
import { ConfigError } from './config-error.js';

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const days = { type: 'integer', minimum: 1, maximum: 3650 } as const;
const months = { type: 'integer', minimum: 1, maximum: 240 } as const;
const snomedList = { type: 'array', items: { type: 'string', pattern: '^[0-9]{6,18}$' }, minItems: 1 } as const;

export const CLINICAL_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    altUln: {
      type: 'object',
      additionalProperties: false,
      required: ['default'],
      properties: { default: positive, male: positive, female: positive },
    },
    altLookbackDays: days,
    flareLookbackDays: days,
    recurrentMildMonths: months,
    recurrentMildMinDaysApart: days,
    hbvDnaLookbackMonths: months,
    copiesPerIU: positive,
    biopsyAge: { type: 'integer', minimum: 1, maximum: 120 },
    hbeagNegativeDnaIU: positive,
    predictorDnaMaxCopies: positive,
    histologyMaxAgeMonths: months,
    histologyCodes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['system', 'code'],
        properties: { system: { type: 'string', minLength: 1 }, code: { type: 'string', minLength: 1 } },
      },
    },
    tbil: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ulnUmolL: positive,
        withinDaysOfAlt: days,
        ulnMultiple: positive,
        absoluteUmolL: positive,
        riseUmolL: positive,
        riseWithinDays: days,
      },
    },
    cytopenia: {
      type: 'object',
      additionalProperties: false,
      properties: { lookbackDays: days, neutrophilsBelow: positive, plateletsBelow: positive },
    },
    decompensationCodes: snomedList,
    imagingLesionCodes: snomedList,
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(CLINICAL_CONFIG_SCHEMA);

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (e.keyword === 'additionalProperties') return `${where === '(top level)' ? '' : `${where}.`}${String(e.params.additionalProperty)} is not a known setting`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Validates a partial clinical config and merges it over the defaults. */
export function buildClinicalConfig(partial: unknown, origin = 'clinical config'): ClinicalConfig {
  if (!validate(partial)) {
    throw new ConfigError((validate.errors ?? []).map((e) => `${origin}: ${describe(e)}`));
  }
  const p = partial as Partial<ClinicalConfig>;
  const d = DEFAULT_CLINICAL_CONFIG;
  const merged: ClinicalConfig = {
    ...d,
    ...p,
    altUln: { ...d.altUln, ...p.altUln },
    tbil: { ...d.tbil, ...p.tbil },
    cytopenia: { ...d.cytopenia, ...p.cytopenia },
  };
  delete (merged as { $comment?: string }).$comment;
  if (merged.flareLookbackDays < merged.altLookbackDays) {
    // Otherwise a latest ALT >10×ULN could fall outside the flare window and reach D0 ("otherwise").
    throw new ConfigError([`${origin}: flareLookbackDays (${merged.flareLookbackDays}) must be ≥ altLookbackDays (${merged.altLookbackDays})`]);
  }
  return merged;
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
