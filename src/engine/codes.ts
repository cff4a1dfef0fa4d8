/**
 * Terminology the rules read, by clinical-rules.md section. (v3) The §2 input lists below are the defaults of
 * the clinical configuration's `inputCodes` (config/inputs.ts), which the readers read; the rest are fixed by
 * the specification.
 */
import { SYSTEM } from '../fhir/systems.js';
import type { IfnSubstance, NaDrug } from './types.js';

/** §2 inputs, LOINC. */
export const LOINC = {
  alt: ['1742-6', '1743-4', '1744-2'],
  hbvDnaIU: ['42595-9'],
  hbvDnaCopies: ['29615-2', '47216-7', '48650-6'],
  hbvDnaLogIU: ['48398-2'],
  hbvDnaLogCopies: ['45161-7'],
  hbvDnaPresence: ['29610-3'],
  hbeagPresence: ['13954-3', '31844-4'],
  hbeagQuantitative: ['5191-2', '31845-1'],
  hbsagPresence: ['5196-1', '5195-3'],
  hbsagQuantitative: ['63557-3', '58452-4'],
  tbilMass: ['1975-2'],
  tbilMolar: ['14631-6'],
  platelets: ['777-3', '26515-7'],
  neutrophils: ['751-8', '26499-4'],
  pregnancyStatus: ['82810-3'],
  inr: ['6301-6'],
  pt: ['5902-2'],
  /** (v3) */
  ast: ['1920-8', '30239-8', '88112-8'],
  tsh: ['3016-3', '11580-8'],
  antiHbcIgm: ['31204-1', '24113-3'],
  hbsagLogIU: ['99385-7'],
} as const;

/** §1 and §2, SNOMED CT. */
export const SNOMED = {
  chb: ['61977001', '66071002'],
  familyHistory: ['61977001', '66071002', '109841003', '19943007'],
  pregnancy: '77386006',
  positive: '10828004',
  negative: '260385009',
  liverBiopsy: '86259008',
} as const;

export const HISTOLOGY_GRADE_CODE = 'liver-inflammation-grade';
/** §2 (v2) the fibrosis stage result in the same CodeSystem. */
export const HISTOLOGY_FIBROSIS_CODE = 'liver-fibrosis-stage';
/** (v3) §2 liver stiffness (transient elastography, kPa) in the same CodeSystem. */
export const LIVER_STIFFNESS_CODE = 'liver-stiffness';

/** §6 interferon alfa. RxNorm ingredients and the Pegasys products seen in RxNorm (clinical.md §4.3). */
export const INTERFERON = {
  rxnorm: ['120608', '253453', '5880', '351270', '352297', '731326', '731328'],
  atc: ['L03AB04', 'L03AB05', 'L03AB10', 'L03AB11', 'L03AB60', 'L03AB61'],
  snomed: ['398841009'],
} as const;

/** §6 which interferon alfa a coded order names (RxNorm ingredient, ATC), so a card can name it in its language. */
export const IFN_SUBSTANCE_BY_CODE = new Map<string, IfnSubstance>([
  ['120608', 'peginterferon-alfa-2a'],
  ['253453', 'peginterferon-alfa-2b'],
  ['5880', 'interferon-alfa-2b'],
  ['L03AB04', 'interferon-alfa-2a'],
  ['L03AB05', 'interferon-alfa-2b'],
  ['L03AB10', 'peginterferon-alfa-2b'],
  ['L03AB11', 'peginterferon-alfa-2a'],
  ['L03AB60', 'peginterferon-alfa-2b'],
  ['L03AB61', 'peginterferon-alfa-2a'],
]);

/** §1/§6 nucleos(t)ide analogues. RxNorm products from clinical.md §4.3 (ingredient RxCUIs unverified there). */
export const NA = {
  /** (v3) lamivudine J05AF05, adefovir J05AF08, telbivudine J05AF11: recognised, never offered. */
  atc: ['J05AF10', 'J05AF07', 'J05AF13', 'J05AF05', 'J05AF08', 'J05AF11'],
  /** (v3) antiretroviral combinations: count as tenofovir when an ingredient or the text names tenofovir. */
  combinationAtcPrefix: 'J05AR',
  rxnorm: ['485434', '485436', '349251'],
  snomed: ['416644000', '421203005'],
  /** Which NA each product code is (clinical.md §4.2/§4.3). */
  drugByProduct: new Map<string, NaDrug>([
    ['485434', 'entecavir'],
    ['485436', 'entecavir'],
    ['416644000', 'entecavir'],
    ['349251', 'tenofovir-df'],
    ['421203005', 'tenofovir-df'],
  ]) as ReadonlyMap<string, NaDrug>,
} as const;

/** §1 each NA's ATC code; the ones a card may offer are entecavir and tenofovir disoproxil (§5). */
export const NA_ATC: Record<NaDrug, string> = {
  entecavir: 'J05AF10',
  'tenofovir-df': 'J05AF07',
  'tenofovir-af': 'J05AF13',
  lamivudine: 'J05AF05',
  adefovir: 'J05AF08',
  telbivudine: 'J05AF11',
};
/** ATC → NA, a Map: record codes are looked up (a code "constructor" must not find Object.prototype's). */
export const NA_DRUG_BY_ATC: ReadonlyMap<string, NaDrug> = new Map(Object.entries(NA_ATC).map(([drug, atc]) => [atc, drug as NaDrug]));

/** (v3) §3 coagulopathy: vitamin K antagonists, ATC B01AA (warfarin B01AA03, acenocoumarol, phenprocoumon…). */
export const VITAMIN_K_ANTAGONIST_ATC_PREFIX = 'B01AA';

/** The code each suggested test is ordered with (§4, §5). Displays live in cards/terminology.ts. */
export const ORDERABLE: Record<'alt' | 'tbil' | 'inr' | 'hbv-dna' | 'neutrophils' | 'platelets' | 'liver-biopsy', { system: string; code: string }> = {
  alt: { system: SYSTEM.loinc, code: '1742-6' },
  tbil: { system: SYSTEM.loinc, code: '1975-2' },
  inr: { system: SYSTEM.loinc, code: '6301-6' },
  'hbv-dna': { system: SYSTEM.loinc, code: '42595-9' },
  neutrophils: { system: SYSTEM.loinc, code: '751-8' },
  platelets: { system: SYSTEM.loinc, code: '777-3' },
  'liver-biopsy': { system: SYSTEM.snomed, code: '86259008' },
};
