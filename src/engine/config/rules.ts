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
  'steepRiseAboveUln',
  'steepRiseFactor',
  'onTxNeutrophilsReduce',
  'onTxNeutrophilsSuspend',
  'onTxPlateletsReduce',
  'onTxPlateletsSuspend',
  'lsmCirrhosisKPa',
  'lsmSignificantKPa',
  'lsmLookbackMonths',
  'apriCirrhosisAbove',
  'apriSignificantAbove',
  'portalHypertensionPlateletsBelow',
  'chronicityMonths',
  'naEarlyWeeks',
  'addOnHbsagBelowIU',
  'screenLookbackDays',
] as const;

export const RULE_PROPERTIES = {
  altLookbackDays: { ...days, description: '§3 latest ALT: look back this many days.' },
  flareLookbackDays: { ...days, description: '§3 flare: any ALT >10×ULN within this many days. Must be ≥ altLookbackDays.' },
  recurrentMildMonths: { ...months, description: '§3 recurrent mild: window of the mild results, months.' },
  recurrentMildMinDaysApart: { ...days, description: '§3 recurrent mild: first and last mild result at least this many days apart.' },
  hbvDnaLookbackMonths: { ...months, description: '§3 HBV DNA: latest within this many months.' },
  biopsyAge: { type: 'integer', minimum: 1, maximum: 120, description: '§3 biopsy trigger: age in whole years at or above this.' },
  hbeagNegativeDnaIU: { ...positive, description: '§3 HBeAg-negative active HBV DNA (spec name hbeagNegativeActiveDnaIU): the P6 biopsy trigger (HBeAg negative and HBV DNA at or above this many IU/mL), (v3) HBeAg-negative low DNA (detectable, below it) and "other guidelines would treat" (above it).' },
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
  steepRiseAboveUln: { ...positive, description: '§3 (v3) steep rise: the latest ALT multiple is above this …' },
  steepRiseFactor: { ...positive, description: '§3 (v3) … and at least this many times the ALT multiple before it (dated ≤ altLookbackDays before the latest).' },
  onTxNeutrophilsReduce: { ...positive, description: '§3 (v3) D10 on interferon: latest neutrophils (10⁹/L) at or below this ⇒ reduce the dose.' },
  onTxNeutrophilsSuspend: { ...positive, description: '§3 (v3) D10 on interferon: latest neutrophils (10⁹/L) at or below this ⇒ suspend interferon.' },
  onTxPlateletsReduce: { ...positive, description: '§3 (v3) D10 on interferon: latest platelets (10⁹/L) below this ⇒ reduce the dose.' },
  onTxPlateletsSuspend: { ...positive, description: '§3 (v3) D10 on interferon: latest platelets (10⁹/L) below this ⇒ suspend interferon.' },
  lsmCirrhosisKPa: { ...positive, description: '§3 (v3) cirrhosis likely (non-invasive): liver stiffness at or above this many kPa.' },
  lsmSignificantKPa: { ...positive, description: '§3 (v3) significant fibrosis: liver stiffness at or above this many kPa.' },
  lsmLookbackMonths: { ...months, description: '§2 (v3) liver stiffness: the latest dated at most this many months before now.' },
  apriCirrhosisAbove: { ...positive, description: '§3 (v3) cirrhosis likely (non-invasive): APRI strictly above this.' },
  apriSignificantAbove: { ...positive, description: '§3 (v3) significant fibrosis: APRI strictly above this.' },
  portalHypertensionPlateletsBelow: { ...positive, description: '§3 (v3) portal hypertension likely: cirrhosis on record and latest platelets (10⁹/L) below this (D8).' },
  chronicityMonths: { ...months, description: '§3 (v3) chronicity: a positive HBsAg or detectable HBV DNA dated at least this many months before now; anti-HBc IgM negative within as many months excludes acute HBV.' },
  naEarlyWeeks: { type: 'integer', minimum: 1, maximum: 520, description: '§4 (v3) D11 early: NA started fewer than this many weeks before now (HBV DNA may still be falling).' },
  addOnHbsagBelowIU: { ...positive, description: '§4 (v3) D12 favourable: quantitative HBsAg below this many IU/mL.' },
  screenLookbackDays: { ...days, description: '§3 (v3) safety screen and on-treatment rules: neutrophils, platelets, TSH (and AST for APRI) dated at most this many days before now.' },
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
  steepRiseAboveUln: 5,
  steepRiseFactor: 1.5,
  onTxNeutrophilsReduce: 0.75,
  onTxNeutrophilsSuspend: 0.5,
  onTxPlateletsReduce: 50,
  onTxPlateletsSuspend: 25,
  lsmCirrhosisKPa: 12.4,
  lsmSignificantKPa: 9.0,
  lsmLookbackMonths: 36,
  apriCirrhosisAbove: 2.0,
  apriSignificantAbove: 1.5,
  portalHypertensionPlateletsBelow: 100,
  chronicityMonths: 6,
  naEarlyWeeks: 24,
  addOnHbsagBelowIU: 1500,
  screenLookbackDays: 90,
};

/**
 * Checks a schema cannot state (§3): the flare window covers the ALT lookback (else a latest ALT >10×ULN could miss
 * the flare and reach D0), and each pair of thresholds is in order (suspend below reduce; significant below cirrhosis).
 */
export function ruleConfigIssues(config: ClinicalConfig): string[] {
  const issues: string[] = [];
  if (config.flareLookbackDays < config.altLookbackDays) issues.push(`flareLookbackDays (${config.flareLookbackDays}) must be ≥ altLookbackDays (${config.altLookbackDays})`);
  const ordered: [string, number, string, number][] = [
    ['onTxNeutrophilsSuspend', config.onTxNeutrophilsSuspend, 'onTxNeutrophilsReduce', config.onTxNeutrophilsReduce],
    ['onTxPlateletsSuspend', config.onTxPlateletsSuspend, 'onTxPlateletsReduce', config.onTxPlateletsReduce],
    ['lsmSignificantKPa', config.lsmSignificantKPa, 'lsmCirrhosisKPa', config.lsmCirrhosisKPa],
    ['apriSignificantAbove', config.apriSignificantAbove, 'apriCirrhosisAbove', config.apriCirrhosisAbove],
  ];
  for (const [lowName, low, highName, high] of ordered) if (low > high) issues.push(`${lowName} (${low}) must be ≤ ${highName} (${high})`);
  return issues;
}
