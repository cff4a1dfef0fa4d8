/**
 * P6 biopsy triggers (§3): age ≥40; family history; HBeAg negative and HBV DNA ≥2,000 IU/mL; imaging chronic
 * liver lesion. (v2) Family history and imaging come from lists whose silence proves nothing: recorded or
 * not-recorded, never "not met". HBeAg negative with no HBV DNA in 12 months ⇒ unknown. (v3) Family history in
 * SNOMED or ICD-10; imaging lesions from the `imaging-lesion` condition list.
 */
import type { ClinicalConfig } from './config.js';
import { str, type Json } from '../fhir/json.js';
import { ref } from '../fhir/resource.js';
import type { AntigenReading, BiopsyTrigger, ConditionFact, Facts, PatientData, TriggerState } from './types.js';
import { ageRange } from './readers/age.js';
import { readFamilyHistory } from './readers/family-history.js';
import { dnaAtLeast } from './hbv-dna-state.js';

export const triggerFired = (t: BiopsyTrigger): boolean => t.state === 'met' || t.state === 'recorded';

export function biopsyTriggers(data: PatientData, dna: Facts['dna'], hbeag: AntigenReading | undefined, lesions: ConditionFact[], config: ClinicalConfig, now: number): { triggers: BiopsyTrigger[]; age?: { min: number; max: number } } {
  const patient: Json | undefined = data.patient;
  const birthDate = patient ? str(patient.birthDate) : undefined;
  const age = ageRange(birthDate, now, config.timeZone);
  const ageState: TriggerState = !age ? 'unknown' : age.min >= config.biopsyAge ? 'met' : age.max < config.biopsyAge ? 'not-met' : 'unknown';
  const ageTrigger: BiopsyTrigger = { kind: 'age', state: ageState };
  if (age && patient && birthDate) ageTrigger.age = { ...age, birthDate, source: ref(patient) };

  // (v3) SNOMED and ICD-10 (familyHistoryCodes).
  const family = readFamilyHistory(data, config);
  const familyTrigger: BiopsyTrigger = { kind: 'family-history', state: family.length ? 'recorded' : 'not-recorded', family };

  const dnaHigh = dnaAtLeast(dna.latest, config.hbeagNegativeDnaIU);
  const hbeagState: TriggerState = !hbeag
    ? 'unknown'
    : hbeag.positive
      ? 'not-met'
      : dnaHigh === 'yes'
        ? 'met'
        : dnaHigh === 'no'
          ? 'not-met'
          : 'unknown';
  const hbeagTrigger: BiopsyTrigger = { kind: 'hbeag-negative-dna', state: hbeagState };
  if (hbeag) hbeagTrigger.hbeag = hbeag;
  if (dna.latest) hbeagTrigger.dna = dna.latest;

  const imagingTrigger: BiopsyTrigger = { kind: 'imaging', state: lesions.length ? 'recorded' : 'not-recorded', lesions };

  const triggers = [ageTrigger, familyTrigger, hbeagTrigger, imagingTrigger];
  return age ? { triggers, age } : { triggers };
}

/** §3: HBeAg negative with no HBV DNA within 12 months ⇒ the card suggests ordering HBV DNA. */
export function hbeagTriggerNeedsDna(triggers: BiopsyTrigger[], dna: Facts['dna']): boolean {
  const t = triggers.find((x) => x.kind === 'hbeag-negative-dna');
  return t?.hbeag?.positive === false && dna.state === 'unknown';
}
