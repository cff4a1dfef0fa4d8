/**
 * The clinical settings of clinical-rules.md: every item marked *(config)* there, with its default.
 * Validated at start-up by config/clinical-config.ts; the engine only reads it.
 */
export interface CodeRef {
  system: string;
  code: string;
}

export interface ClinicalConfig {
  /** §2 ALT ULN when the result carries no reference range. U/L. Optional per-sex values. */
  altUln: { default: number; male?: number; female?: number };
  /** §3 latest ALT: look back this many days. */
  altLookbackDays: number;
  /** §3 flare: any ALT >10×ULN within this many days. Must be ≥ altLookbackDays. */
  flareLookbackDays: number;
  /** §3 recurrent mild: window (months) and minimum spacing (days) of the mild results. */
  recurrentMildMonths: number;
  recurrentMildMinDaysApart: number;
  /** §3 HBV DNA: latest within this many months. */
  hbvDnaLookbackMonths: number;
  /** §2 HBV DNA copies per IU. */
  copiesPerIU: number;
  /** §3 biopsy trigger: age in whole years at or above this. */
  biopsyAge: number;
  /** §3 biopsy trigger: HBeAg negative and HBV DNA at or above this many IU/mL. */
  hbeagNegativeDnaIU: number;
  /** §3 response predictor: HBV DNA at or below this many copies/mL. */
  predictorDnaMaxCopies: number;
  /** §2 histology older than this many months is ignored. */
  histologyMaxAgeMonths: number;
  /** §2 the site's own codes for a liver inflammation grade result, besides the project CodeSystem's. */
  histologyCodes: CodeRef[];
  /** §2/§3 total bilirubin. */
  tbil: {
    /** ULN in µmol/L when the result carries no reference range. */
    ulnUmolL: number;
    /** "significantly elevated": latest TBil within this many days of the latest ALT ... */
    withinDaysOfAlt: number;
    /** ... is > this multiple of ULN ... */
    ulnMultiple: number;
    /** ... or > this many µmol/L ... */
    absoluteUmolL: number;
    /** ... or exceeds the previous TBil (within riseWithinDays) by more than this many µmol/L. */
    riseUmolL: number;
    riseWithinDays: number;
  };
  /** D8 cytopenias, latest result within lookback. 10⁹/L. */
  cytopenia: { lookbackDays: number; neutrophilsBelow: number; plateletsBelow: number };
  /** D8 decompensated cirrhosis, ascites, hepatic encephalopathy (SNOMED). */
  decompensationCodes: string[];
  /** §2 imaging chronic liver lesion (SNOMED Conditions). */
  imagingLesionCodes: string[];
}

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
};
