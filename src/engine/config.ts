/**
 * The clinical settings of clinical-rules.md: every item marked *(config)* there, with its default. The
 * JSON Schema below is the one statement of each setting: the type the engine reads derives from it, and
 * config/clinical-config.ts validates a site's file against it at start-up. The engine only reads it.
 */
import type { FromSchema } from 'json-schema-to-ts';

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const days = { type: 'integer', minimum: 1, maximum: 3650 } as const;
const months = { type: 'integer', minimum: 1, maximum: 240 } as const;
const snomedList = { type: 'array', items: { type: 'string', pattern: '^[0-9]{6,18}$' }, minItems: 1 } as const;
const codeRef = {
  type: 'object',
  additionalProperties: false,
  required: ['system', 'code'],
  properties: { system: { type: 'string', minLength: 1 }, code: { type: 'string', minLength: 1 } },
} as const;

/** The complete clinical configuration (a site's file is merged over DEFAULT_CLINICAL_CONFIG, then checked). */
export const CLINICAL_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'altUln',
    'altLookbackDays',
    'flareLookbackDays',
    'recurrentMildMonths',
    'recurrentMildMinDaysApart',
    'hbvDnaLookbackMonths',
    'copiesPerIU',
    'biopsyAge',
    'hbeagNegativeDnaIU',
    'predictorDnaMaxCopies',
    'histologyMaxAgeMonths',
    'histologyCodes',
    'tbil',
    'cytopenia',
    'decompensationCodes',
    'imagingLesionCodes',
    'fibrosisCodes',
    'cirrhosisCodes',
    'flareFallFraction',
    'inrHigh',
    'inrLookbackDays',
    'relativeNeutrophilsBelow',
    'relativePlateletsBelow',
    'postFlareRecheckWeeks',
    'pregnancyNaDnaIU',
  ],
  properties: {
    altUln: {
      description: '§2 ALT ULN (U/L) when the result carries no reference range; optional per-sex values.',
      type: 'object',
      additionalProperties: false,
      required: ['default'],
      properties: { default: positive, male: positive, female: positive },
    },
    altLookbackDays: { ...days, description: '§3 latest ALT: look back this many days.' },
    flareLookbackDays: { ...days, description: '§3 flare: any ALT >10×ULN within this many days. Must be ≥ altLookbackDays.' },
    recurrentMildMonths: { ...months, description: '§3 recurrent mild: window of the mild results, months.' },
    recurrentMildMinDaysApart: { ...days, description: '§3 recurrent mild: first and last mild result at least this many days apart.' },
    hbvDnaLookbackMonths: { ...months, description: '§3 HBV DNA: latest within this many months.' },
    copiesPerIU: { ...positive, description: '§2 HBV DNA copies per IU.' },
    biopsyAge: { type: 'integer', minimum: 1, maximum: 120, description: '§3 biopsy trigger: age in whole years at or above this.' },
    hbeagNegativeDnaIU: { ...positive, description: '§3 biopsy trigger: HBeAg negative and HBV DNA at or above this many IU/mL.' },
    predictorDnaMaxCopies: { ...positive, description: '§3 response predictor: HBV DNA at or below this many copies/mL.' },
    histologyMaxAgeMonths: { ...months, description: '§2 histology older than this many months is ignored.' },
    histologyCodes: {
      description: "§2 the site's own codes for a liver inflammation grade result, besides the project CodeSystem's.",
      type: 'array',
      items: codeRef,
    },
    tbil: {
      description: '§2/§3 total bilirubin.',
      type: 'object',
      additionalProperties: false,
      required: ['ulnUmolL', 'withinDaysOfAlt', 'ulnMultiple', 'absoluteUmolL', 'riseUmolL', 'riseWithinDays'],
      properties: {
        ulnUmolL: { ...positive, description: 'ULN in µmol/L when the result carries no reference range.' },
        withinDaysOfAlt: { ...days, description: '"significantly elevated": latest TBil within this many days of the latest ALT …' },
        ulnMultiple: { ...positive, description: '… is > this multiple of ULN …' },
        absoluteUmolL: { ...positive, description: '… or > this many µmol/L …' },
        riseUmolL: { ...positive, description: '… or exceeds the previous TBil (within riseWithinDays) by more than this many µmol/L.' },
        riseWithinDays: days,
      },
    },
    cytopenia: {
      description: 'D8 cytopenias (10⁹/L), latest result within lookbackDays.',
      type: 'object',
      additionalProperties: false,
      required: ['lookbackDays', 'neutrophilsBelow', 'plateletsBelow'],
      properties: { lookbackDays: days, neutrophilsBelow: positive, plateletsBelow: positive },
    },
    decompensationCodes: { ...snomedList, description: 'D8 decompensated cirrhosis, ascites, hepatic encephalopathy (SNOMED).' },
    imagingLesionCodes: { ...snomedList, description: '§2 imaging chronic liver lesion (SNOMED Conditions).' },
    fibrosisCodes: {
      description: "§2 (v2) the site's own codes for a liver fibrosis stage result, besides the project CodeSystem's.",
      type: 'array',
      items: codeRef,
    },
    cirrhosisCodes: { ...snomedList, description: '§2 (v2) cirrhosis on record: active Condition with one of these SNOMED codes.' },
    flareFallFraction: {
      type: 'number',
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: '§3 (v2) ALT falling: the latest ALT multiple is at most this fraction of the flare peak (and below the ALT before it).',
    },
    inrHigh: { ...positive, description: '§2/§3 (v2) coagulopathy: latest INR above this.' },
    inrLookbackDays: { ...days, description: '§3 (v2) coagulopathy: the latest INR dated at most this many days before now.' },
    relativeNeutrophilsBelow: { ...positive, description: '§3 (v2) safety screen caveat: neutrophils below this (10⁹/L), above the D8 threshold.' },
    relativePlateletsBelow: { ...positive, description: '§3 (v2) safety screen caveat: platelets below this (10⁹/L), above the D8 threshold.' },
    postFlareRecheckWeeks: { type: 'integer', minimum: 1, maximum: 52, description: '§4 (v2) D9 settled flare: recheck ALT, TBil and INR within this many weeks.' },
    pregnancyNaDnaIU: { ...positive, description: '§5 (v2) D8 pregnancy: an NA is offered when the latest HBV DNA is at least this many IU/mL.' },
  },
} as const;

export type ClinicalConfig = FromSchema<typeof CLINICAL_CONFIG_SCHEMA>;
export type CodeRef = ClinicalConfig['histologyCodes'][number];

export const DEFAULT_CLINICAL_CONFIG: ClinicalConfig = {
  altUln: { default: 40 },
  altLookbackDays: 90,
  flareLookbackDays: 90,
  recurrentMildMonths: 12,
  recurrentMildMinDaysApart: 28,
  hbvDnaLookbackMonths: 12,
  copiesPerIU: 5.82,
  biopsyAge: 40,
  hbeagNegativeDnaIU: 2000,
  predictorDnaMaxCopies: 1_000_000,
  histologyMaxAgeMonths: 36,
  histologyCodes: [],
  tbil: {
    ulnUmolL: 17.1,
    withinDaysOfAlt: 7,
    ulnMultiple: 2,
    absoluteUmolL: 51,
    riseUmolL: 17.1,
    riseWithinDays: 14,
  },
  cytopenia: { lookbackDays: 90, neutrophilsBelow: 1.0, plateletsBelow: 50 },
  decompensationCodes: ['716203000', '389026000', '13920009'],
  imagingLesionCodes: ['328383001', '19943007'],
  fibrosisCodes: [],
  cirrhosisCodes: ['19943007'],
  flareFallFraction: 0.8,
  inrHigh: 1.5,
  inrLookbackDays: 7,
  relativeNeutrophilsBelow: 1.5,
  relativePlateletsBelow: 90,
  postFlareRecheckWeeks: 4,
  pregnancyNaDnaIU: 200_000,
};
