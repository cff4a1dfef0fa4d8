/**
 * D8 absolute contraindications (§4 step 1): active decompensated cirrhosis / ascites / hepatic encephalopathy
 * (decompensationCodes); pregnancy (Condition 77386006 or the latest pregnancy-status Observation); neutrophils
 * or platelets below the D8 thresholds (the safety screen's "contraindicating").
 */
import type { ClinicalConfig } from './config.js';
import { SNOMED } from './codes.js';
import type { Json } from '../fhir/json.js';
import type { Contraindication, PatientData, SafetyScreen } from './types.js';
import { conditionFacts } from './readers/conditions.js';
import { readPregnancyStatus } from './readers/pregnancy-status.js';
import type { PassedOverList } from './readers/common.js';

export function contraindications(data: PatientData, screen: SafetyScreen, config: ClinicalConfig, now: number, passed: PassedOverList): Contraindication[] {
  const out: Contraindication[] = [];
  const conditions: Json[] = data.conditions;
  for (const condition of conditionFacts(conditions, config.decompensationCodes)) out.push({ kind: 'decompensation', condition });
  for (const condition of conditionFacts(conditions, [SNOMED.pregnancy])) out.push({ kind: 'pregnancy', condition });
  const status = readPregnancyStatus(data.observations, now, passed)[0];
  if (status?.pregnant && !out.some((c) => c.kind === 'pregnancy')) out.push({ kind: 'pregnancy', pregnancyStatus: { source: status.source, time: status.time } });
  if (screen.neutrophils.state === 'contraindicating') out.push({ kind: 'neutropenia', count: screen.neutrophils.reading! });
  if (screen.platelets.state === 'contraindicating') out.push({ kind: 'thrombocytopenia', count: screen.platelets.reading! });
  return out;
}
