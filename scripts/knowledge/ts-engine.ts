/**
 * The TypeScript engine's answer for `patient-view` (issue 22 item 4), taken on the service's own path: the
 * record assembled from the resources as the data layer does (src/data/assemble.ts), then evaluateHook with the
 * default clinical config (site time zone UTC) at `now`. The decision code is the card's `source.topic.code`
 * (clinical-rules.md §4 Code column), read from the engine's structured decision, never from rendered text.
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import { assemble } from '../../src/data/assemble.js';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import { evaluateHook } from '../../src/engine/evaluate.js';
import type { DecisionCode } from '../../src/engine/types.js';

export interface TsAnswer {
  inScope: boolean;
  /** null when out of scope, or on interferon without a D10 finding (silence). */
  decisionCode: DecisionCode | null;
}

export function evaluateTs(bundle: Bundle, now: string, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): TsAnswer {
  const data = assemble([bundle as FhirResource]);
  const patientId = typeof data.patient?.id === 'string' ? data.patient.id : 'unknown';
  const evaluation = evaluateHook('patient-view', { patientId }, data, config, Date.parse(now));
  if (evaluation.silentBecause === 'out-of-scope') return { inScope: false, decisionCode: null };
  return { inScope: true, decisionCode: evaluation.decision?.code ?? null };
}
