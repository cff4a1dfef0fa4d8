/**
 * D10 `on-treatment-safety` (§3 on-treatment rules, §4 step 1). On interferon: latest neutrophils (≤
 * screenLookbackDays) ≤ onTxNeutrophilsSuspend suspend, ≤ onTxNeutrophilsReduce reduce; latest platelets <
 * onTxPlateletsSuspend suspend, < onTxPlateletsReduce reduce; **stop**: latest ALT >10×ULN (§8 9: the latest, not any
 * in 90 days), TBil significantly elevated, coagulopathy, a decompensation or portal-hypertension Condition,
 * pregnancy (§8 10). Stop > suspend > reduce; no rule met but ≥2 interferon drafts ⇒ *duplicate*.
 */
import type { ClinicalConfig } from './config.js';
import type { ConditionFact, Contraindication, Facts, MedicationFact, OnTreatment, OnTreatmentLevel, OnTreatmentRule, CountReading } from './types.js';
import { datedWithin } from './windows.js';

const RANK: Record<OnTreatmentLevel, number> = { stop: 0, suspend: 1, reduce: 2 };

export interface OnTreatmentInputs {
  facts: Facts;
  neutrophils: CountReading[];
  platelets: CountReading[];
  decompensation: ConditionFact[];
  portalHypertension: ConditionFact[];
  /** D8's pregnancy entries (Condition or pregnancy-status Observation). */
  pregnancy: Contraindication[];
}

export function onTreatmentRules(x: OnTreatmentInputs, config: ClinicalConfig, now: number): OnTreatmentRule[] {
  const f = x.facts;
  const rules: OnTreatmentRule[] = [];
  const latest = (xs: CountReading[]) => xs.find((r) => datedWithin(r.time, now, config.screenLookbackDays, 'days', config));
  if (f.latestAlt && f.latestAlt.multiple > 10) rules.push({ kind: 'alt-severe', level: 'stop', alt: f.latestAlt });
  if (f.tbil.state === 'elevated') rules.push({ kind: 'tbil-elevated', level: 'stop', tbil: f.tbil.latest! });
  if (f.inr.coagulopathy) rules.push({ kind: 'coagulopathy', level: 'stop', inr: f.inr.latest! });
  for (const condition of x.decompensation) rules.push({ kind: 'decompensation', level: 'stop', condition });
  for (const condition of x.portalHypertension) rules.push({ kind: 'portal-hypertension', level: 'stop', condition });
  for (const p of x.pregnancy) {
    const rule: OnTreatmentRule = { kind: 'pregnancy', level: 'stop' };
    if (p.condition) rule.condition = p.condition;
    if (p.pregnancyStatus) rule.pregnancyStatus = p.pregnancyStatus;
    rules.push(rule);
  }
  const n = latest(x.neutrophils);
  if (n && n.value <= config.onTxNeutrophilsReduce) rules.push({ kind: 'neutrophils', level: n.value <= config.onTxNeutrophilsSuspend ? 'suspend' : 'reduce', count: n });
  const p = latest(x.platelets);
  if (p && p.value < config.onTxPlateletsReduce) rules.push({ kind: 'platelets', level: p.value < config.onTxPlateletsSuspend ? 'suspend' : 'reduce', count: p });
  return rules.sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** D10 applies when a rule is met or ≥2 interferon drafts are ordered; undefined ⇒ silence (on interferon). */
export function onTreatment(rules: OnTreatmentRule[], interferonDrafts: number, drugs: MedicationFact[]): OnTreatment | undefined {
  const duplicate = interferonDrafts >= 2;
  if (rules.length === 0 && !duplicate) return undefined;
  return { level: rules[0]?.level ?? 'duplicate', rules, duplicate, drugs };
}
