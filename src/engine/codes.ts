/**
 * Terminology the rules read, by clinical-rules.md section. Code lists a site may extend are defaults of
 * the clinical configuration (config/clinical-config.ts); the rest are fixed by the specification.
 */
import { SYSTEM } from '../fhir/systems.js';

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
} as const;

/** Every HBV DNA code, in the order of clinical-rules.md §2 (the per-form lists above say how each is read). */
export const HBV_DNA_CODES: readonly string[] = ['42595-9', '29615-2', '48398-2', '45161-7', '47216-7', '48650-6', '29610-3'];
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

/** §6 interferon alfa. RxNorm ingredients and the Pegasys products seen in RxNorm (clinical.md §4.3). */
export const INTERFERON = {
  rxnorm: ['120608', '253453', '5880', '351270', '352297', '731326', '731328'],
  atc: ['L03AB05', 'L03AB10', 'L03AB11', 'L03AB60', 'L03AB61'],
  snomed: ['398841009'],
} as const;

/** §1/§6 nucleos(t)ide analogues. RxNorm products from clinical.md §4.3 (ingredient RxCUIs unverified there). */
export const NA = {
  atc: ['J05AF10', 'J05AF07', 'J05AF13'],
  rxnorm: ['485434', '485436', '349251'],
  snomed: ['416644000', '421203005'],
} as const;

/** Entecavir, the NA offered as the alternative on D5 (§5). */
export const ENTECAVIR = { system: SYSTEM.atc, code: 'J05AF10', display: 'entecavir' } as const;

/** Display names of the LOINC codes used when the service suggests ordering a test. */
export const ORDERABLE = {
  alt: { system: SYSTEM.loinc, code: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
  tbil: { system: SYSTEM.loinc, code: '1975-2', display: 'Bilirubin.total [Mass/volume] in Serum or Plasma' },
  liverBiopsy: { system: SYSTEM.snomed, code: '86259008', display: 'Biopsy of liver' },
} as const;
