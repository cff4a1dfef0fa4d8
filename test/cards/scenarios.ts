/** One patient story per decision, used by the card tests. */
import type { FhirResource } from 'fhir/r4';
import type { DecisionId } from '../../src/engine/types.js';
import { alt, birthDateForAge, chb, condition, dnaIU, familyHistory, hbeag, histology, patient, quantityObs, tbil } from '../../devkit/builders.js';

export const SCENARIOS: Record<DecisionId, () => FhirResource[]> = {
  D0: () => [patient(), chb(), alt(60, 3)],
  D1: () => [patient(), chb(), alt(168, 3, { uln: 40 }), tbil(12, 3), dnaIU(150000, 20), hbeag(true), quantityObs('751-8', 3.2, 3, { unit: '10*9/L' }), quantityObs('777-3', 190, 3, { unit: '10*9/L' })],
  D2: () => [patient({ birthDate: birthDateForAge(52) }), chb(), familyHistory('109841003'), hbeag(false), dnaIU(25000, 30), alt(32, 3)],
  D3: () => [patient(), chb(), alt(60, 3), histology('scheuer-G2'), dnaIU(150000, 20)],
  D4: () => [patient(), chb(), alt(35, 3), histology('metavir-A1')],
  D5: () => [patient(), chb(), alt(520, 30), alt(608, 2), tbil(15, 2)],
  D6: () => [patient(), chb(), alt(800, 30), alt(600, 10), alt(240, 1), tbil(12, 1)],
  D7: () => [patient(), chb(), alt(60, 120)],
  D8: () => [patient(), chb(), alt(200, 3), quantityObs('777-3', 42, 5, { unit: '10*9/L' }), condition('716203000')],
  D9: () => [patient(), chb(), alt(30, 3), condition('19943007'), dnaIU(5000, 30)],
};
