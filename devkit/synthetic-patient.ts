/** Benchmark patients: long, realistic CHB histories generated with the shared builders, dated before `now`. */
import type { FhirResource, Observation } from 'fhir/r4';
import { DAY_MS } from '../src/fhir/time.js';
import { HISTOLOGY_GRADE_CODE } from '../src/engine/codes.js';
import { SYSTEM } from '../src/fhir/systems.js';
import { LOINC, conditionResource, familyHistoryResource, histologyGrade, observation, patientResource, posNeg, ucum } from './builders.js';

/** One lab value of patient `patientId` at epoch ms `t`; `high` sets the reference range. */
function lab(id: string, patientId: string, loinc: string, value: number, unit: string, t: number, high?: number): Observation {
  return observation(
    { id, patientId, coding: { system: LOINC, code: loinc }, effective: new Date(t).toISOString() },
    { valueQuantity: ucum(value, unit), ...(high ? { referenceRange: [{ high: ucum(high, unit) }] } : {}) },
  );
}

function hbeagAt(id: string, patientId: string, positive: boolean, t: number): Observation {
  return observation({ id, patientId, coding: { system: LOINC, code: '13954-3' }, effective: new Date(t).toISOString() }, posNeg(positive, false));
}

/** A long-history CHB patient: monthly labs for `months` months before `now`. */
export function syntheticPatient(now: Date, months: number): FhirResource[] {
  const id = 'bench';
  const out: FhirResource[] = [
    patientResource(id, 'female', '1979-04-12'),
    conditionResource({ id: `${id}-chb`, patientId: id, snomed: '61977001' }),
    familyHistoryResource(`${id}-fmh`, id, '109841003', 'FTH'),
  ];
  for (let m = 0; m < months; m++) {
    const t = now.getTime() - (m * 30 + 2) * DAY_MS;
    const alt = 60 + ((m * 37) % 140); // fluctuates 60–200 U/L
    out.push(lab(`alt-${m}`, id, '1742-6', alt, 'U/L', t, 40));
    out.push(lab(`dna-${m}`, id, '42595-9', 20000 + m * 1500, '[IU]/mL', t));
    out.push(lab(`tbil-${m}`, id, '14631-6', 10 + (m % 7), 'umol/L', t, 17.1));
    out.push(lab(`plt-${m}`, id, '777-3', 150 + (m % 30), '10*9/L', t));
    out.push(hbeagAt(`hbeag-${m}`, id, m % 12 === 0, t));
  }
  return out;
}

/**
 * The benchmark's realistic patient: 3 years of follow-up, ~80 Observations (monthly ALT, quarterly HBV DNA,
 * HBeAg, TBil, platelets and neutrophils), CHB, family history, an NA. ALT ends in the window (D1).
 */
export function threeYearPatient(now: Date, id = 'bench-3y'): FhirResource[] {
  const out: FhirResource[] = [
    patientResource(id, 'male', '1990-02-14'),
    conditionResource({ id: `${id}-chb`, patientId: id, snomed: '61977001' }),
    familyHistoryResource(`${id}-fmh`, id, '38341003', 'FTH'),
    {
      resourceType: 'MedicationStatement',
      id: `${id}-etv`,
      status: 'completed',
      subject: { reference: `Patient/${id}` },
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF10', display: 'entecavir' }] },
    },
  ];
  for (let m = 0; m < 36; m++) {
    const t = now.getTime() - (m * 30 + 3) * DAY_MS;
    out.push(lab(`${id}-alt-${m}`, id, '1742-6', m === 0 ? 168 : 50 + ((m * 29) % 110), 'U/L', t, 40));
    if (m % 3 === 0) {
      out.push(lab(`${id}-dna-${m}`, id, '42595-9', 150000 + m * 1000, '[IU]/mL', t));
      out.push(lab(`${id}-tbil-${m}`, id, '14631-6', 11 + (m % 5), 'umol/L', t, 17.1));
      out.push(lab(`${id}-plt-${m}`, id, '777-3', 180 + m, '10*9/L', t));
      out.push(lab(`${id}-anc-${m}`, id, '751-8', 3 + (m % 4) / 10, '10*9/L', t));
      out.push(hbeagAt(`${id}-hbeag-${m}`, id, true, t));
    }
  }
  return out;
}

/**
 * Where a long history puts its one telling result: at an edge of a lookback of the clinical config, just
 * inside or just outside, so a service that reads too shallow decides differently from the whole record.
 * Windows count calendar dates (clinical-rules v3 §2: "≤N days before now" is on or after today − N): an inside
 * result lies on the window's first day (today − N, at now's time of day), an outside one on the day before.
 */
export const HISTORY_EDGES = [
  'window', // latest ALT 3×ULN (ifn-window)
  'flare-inside', // ALT 12×ULN just inside the flare lookback
  'flare-outside', // … just outside it
  'mild-inside', // mild ALT just inside the recurrent-mild months, and the latest ALT mild
  'mild-outside', // … the first just outside
  'scope-by-old-hbsag', // no CHB on the problem list: in scope by an HBsAg positive 9.9 years ago only
  'dna-inside', // HBeAg negative (latest, 8 years ago) and HBV DNA 25,000 IU/mL just inside its lookback
  'dna-outside', // … just outside
  'biopsy-inside', // Scheuer G2 just inside the histology limit
  'biopsy-outside', // … just outside it (listed as passed over)
] as const;
export type HistoryEdge = (typeof HISTORY_EDGES)[number];

export interface Lookbacks {
  flareLookbackDays: number;
  recurrentMildMonths: number;
  hbvDnaLookbackMonths: number;
  histologyMaxAgeMonths: number;
}

/**
 * A patient followed for `years` with `altResults` ALT results, evenly spread (520 over 10 years: weekly;
 * 10,000: several a day), normal (30 U/L, ULN 40) except what `edge` places; TBil, platelets and
 * neutrophils monthly, HBeAg yearly in the first years only, HBsAg positive at the start.
 */
export function longHistoryPatient(now: Date, altResults: number, edge: HistoryEdge, lookbacks: Lookbacks, id = `long-${altResults}-${edge}`, years = 10): FhirResource[] {
  const t0 = now.getTime();
  const ago = (days: number) => t0 - days * DAY_MS;
  const monthsAgo = (months: number, plusDays: number) => {
    const d = new Date(t0);
    d.setUTCMonth(d.getUTCMonth() - months);
    return d.getTime() - plusDays * DAY_MS;
  };
  const out: FhirResource[] = [patientResource(id, 'male', '1991-03-02')];
  if (edge !== 'scope-by-old-hbsag') out.push(conditionResource({ id: `${id}-chb`, patientId: id, snomed: '61977001' }));
  const span = years * 365;
  const step = (span - 1) / altResults;
  for (let i = 0; i < altResults; i++) {
    const days = 1 + i * step;
    const value = i === 0 && edge === 'window' ? 120 : 30;
    out.push(lab(`${id}-alt-${i}`, id, '1742-6', value, 'U/L', ago(days), 40));
  }
  for (let m = 0; m < years * 12; m++) {
    const t = monthsAgo(m, 2);
    out.push(lab(`${id}-tbil-${m}`, id, '14631-6', 10 + (m % 5), 'umol/L', t, 17.1));
    out.push(lab(`${id}-plt-${m}`, id, '777-3', 180 + (m % 20), '10*9/L', t));
    out.push(lab(`${id}-anc-${m}`, id, '751-8', 3 + (m % 4) / 10, '10*9/L', t));
  }
  // HBeAg: yearly in years 10–8 before now, negative from year 9; none since (the latest is old).
  for (let y = years; y >= 8; y--) out.push(hbeagAt(`${id}-hbeag-${y}`, id, y > 9, ago(y * 365 - 10)));
  out.push(
    observation(
      { id: `${id}-hbsag`, patientId: id, coding: { system: LOINC, code: '5196-1' }, effective: new Date(ago(span - 5)).toISOString() },
      posNeg(true, false),
    ),
  );
  switch (edge) {
    case 'flare-inside':
    case 'flare-outside': {
      const days = lookbacks.flareLookbackDays + (edge === 'flare-inside' ? 0 : 1);
      out.push(lab(`${id}-flare`, id, '1742-6', 480, 'U/L', ago(days), 40));
      break;
    }
    case 'mild-inside':
    case 'mild-outside':
      // A biopsy trigger (mother had HCC), so recurrent mild ALT (inside) recommends a biopsy.
      out.push(familyHistoryResource(`${id}-fmh`, id, '109841003', 'MTH'));
      out.push(lab(`${id}-mild-a`, id, '1742-6', 60, 'U/L', monthsAgo(lookbacks.recurrentMildMonths, edge === 'mild-inside' ? 0 : 1), 40));
      out.push(lab(`${id}-mild-b`, id, '1742-6', 64, 'U/L', ago(0.5), 40)); // the latest ALT
      break;
    case 'dna-inside':
    case 'dna-outside':
      out.push(lab(`${id}-dna`, id, '42595-9', 25000, '[IU]/mL', monthsAgo(lookbacks.hbvDnaLookbackMonths, edge === 'dna-inside' ? 0 : 1)));
      break;
    case 'biopsy-inside':
    case 'biopsy-outside':
      out.push(
        observation(
          {
            id: `${id}-biopsy`,
            patientId: id,
            coding: { system: SYSTEM.histology, code: HISTOLOGY_GRADE_CODE },
            effective: new Date(monthsAgo(lookbacks.histologyMaxAgeMonths, edge === 'biopsy-inside' ? 0 : 1)).toISOString(),
          },
          { valueCodeableConcept: histologyGrade('scheuer-G2') },
        ),
      );
      break;
    default:
  }
  return out;
}
