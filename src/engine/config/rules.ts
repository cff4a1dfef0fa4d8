/**
 * Clinical config: the thresholds of the rules (clinical-rules.md §3–§5).
 */
import type { ClinicalConfig } from '../config.js';
import { days, months, positive } from './schema-parts.js';

export const RULE_REQUIRED = [
  'altLookbackDays',
  'flareLookbackDays',
  'recurrentMildMonths',
  'recurrentMildMinDaysApart',
  'hbvDnaLookbackMonths',
  'biopsyAge',
  'hbeagNegativeDnaIU',
  'predictorDnaMaxCopies',
  'histologyMaxAgeMonths',
  'tbil',
  'cytopenia',
  'flareFallFraction',
  'inrHigh',
  'inrLookbackDays',
  'relativeNeutrophilsBelow',
  'relativePlateletsBelow',
  'postFlareRecheckWeeks',
  'pregnancyNaDnaIU',
] as const;

export const RULE_PROPERTIES = {
  altLookbackDays: { ...days, description: '§3 latest ALT: look back this many days.' },
  flareLookbackDays: { ...days, description: '§3 flare: any ALT >10×ULN within this many days. Must be ≥ altLookbackDays.' },
  recurrentMildMonths: { ...months, description: '§3 recurrent mild: window of the mild results, months.' },
  recurrentMildMinDaysApart: { ...days, description: '§3 recurrent mild: first and last mild result at least this many days apart.' },
  hbvDnaLookbackMonths: { ...months, description: '§3 HBV DNA: latest within this many months.' },
  biopsyAge: { type: 'integer', minimum: 1, maximum: 120, description: '§3 biopsy trigger: age in whole years at or above this.' },
  hbeagNegativeDnaIU: { ...positive, description: '§3 biopsy trigger: HBeAg negative and HBV DNA at or above this many IU/mL.' },
  predictorDnaMaxCopies: { ...positive, description: '§3 response predictor: HBV DNA at or below this many copies/mL.' },
  histologyMaxAgeMonths: { ...months, description: '§2 histology older than this many months is ignored.' },
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
} as const;

export const RULE_DEFAULTS: Pick<ClinicalConfig, keyof typeof RULE_PROPERTIES> = {
  altLookbackDays: 90,
  flareLookbackDays: 90,
  recurrentMildMonths: 12,
  recurrentMildMinDaysApart: 28,
  hbvDnaLookbackMonths: 12,
  biopsyAge: 40,
  hbeagNegativeDnaIU: 2000,
  predictorDnaMaxCopies: 1_000_000,
  histologyMaxAgeMonths: 36,
  tbil: {
    ulnUmolL: 17.1,
    withinDaysOfAlt: 7,
    ulnMultiple: 2,
    absoluteUmolL: 51,
    riseUmolL: 17.1,
    riseWithinDays: 14,
  },
  cytopenia: { lookbackDays: 90, neutrophilsBelow: 1.0, plateletsBelow: 50 },
  flareFallFraction: 0.8,
  inrHigh: 1.5,
  inrLookbackDays: 7,
  relativeNeutrophilsBelow: 1.5,
  relativePlateletsBelow: 90,
  postFlareRecheckWeeks: 4,
  pregnancyNaDnaIU: 200_000,
};
