/** clinical-rules.md §4 "Outcomes": the first step that applies decides. */
import type { ClinicalConfig } from './config.js';
import { deriveFacts } from './facts.js';
import type { Notes } from './inputs.js';
import { DECISION_CODE, type Decision, type DecisionId, type MissingInput, type PatientData, type RuleId, type StepTrace } from './types.js';

/** Passage rules each decision rests on (§0). */
const RULES: Record<DecisionId, RuleId[]> = {
  D0: ['P3'],
  D1: ['P1', 'P2', 'P5'],
  D2: ['P6'],
  D3: ['P6'],
  D4: ['P6'],
  D5: ['P4', 'P7'],
  D6: ['P7'],
  D7: [],
  D8: [],
};

export function decide(data: PatientData, config: ClinicalConfig, now: number): Decision {
  const notes: Notes = [];
  const { facts, contraindications } = deriveFacts(data, config, now, notes);
  const steps: StepTrace[] = [];
  const alt = facts.latestAlt;
  const tbil = facts.tbil.state;
  const lowAlt = alt !== undefined && (alt.band === 'normal' || alt.band === 'mild');
  const afterFlare = facts.flare && alt !== undefined && (facts.altFalling || alt.multiple <= 10);

  // Each step of the §4 table, in order: [step, decision, applies, missing inputs].
  const table: [number, DecisionId, () => boolean, MissingInput[]][] = [
    [1, 'D8', () => contraindications.length > 0, []],
    [2, 'D7', () => alt === undefined, ['alt']],
    [
      3,
      'D5',
      () =>
        (facts.flare && alt!.multiple > 10 && !facts.altFalling) ||
        ((facts.flare || alt!.band === 'window') && tbil === 'elevated'),
      [],
    ],
    [4, 'D7', () => afterFlare && tbil === 'unknown', ['tbil']],
    [5, 'D6', () => afterFlare && tbil === 'not-elevated', []],
    [6, 'D1', () => alt!.band === 'window' && !facts.flare, tbil === 'unknown' ? ['tbil'] : []],
    [7, 'D3', () => lowAlt && facts.histology?.atLeastG2 === true, []],
    [8, 'D4', () => lowAlt && facts.histology?.atLeastG2 === false, []],
    [9, 'D2', () => (alt!.band === 'normal' || facts.recurrentMild) && facts.triggers.some((t) => t.fired === 'yes'), []],
    [10, 'D0', () => true, []],
  ];

  for (const [step, id, applies, missing] of table) {
    const hit = applies();
    steps.push({ step, decision: id, applies: hit });
    if (!hit) continue;
    const rules = id === 'D7' && missing.includes('tbil') ? (['P7'] as RuleId[]) : RULES[id];
    return { id, code: DECISION_CODE[id], rules, facts, contraindications, missing, steps, notes };
  }
  /* c8 ignore next */
  throw new Error('unreachable: step 10 always applies');
}
