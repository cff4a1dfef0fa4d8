/**
 * D8 absolute contraindications (§2.1, §4 step 2) in §4's order: decompensation; portal hypertension (coded, or
 * (v3) likely: cirrhosis on record and platelets < portalHypertensionPlateletsBelow); pregnancy (Condition or the
 * latest pregnancy-status Observation); neutrophils < 1.0 or platelets < 50 ×10⁹/L (≤90 days); (v3) severe
 * psychiatric illness, suicide attempt, epilepsy, autoimmune disease, symptomatic heart disease, HCC, solid-organ
 * transplant, interferon hypersensitivity, active alcohol/drug abuse.
 *
 * (v3) Relative contraindications: the §2.1 relative lists, TSH out of range, TBil significantly elevated (outside
 * D5, §8 21), neutrophils/platelets below the relative thresholds. They warn, never decide.
 */
import type { ClinicalConfig } from './config.js';
import {
  CONTRAINDICATION_ORDER,
  type AllergyFact,
  type ConditionFact,
  type ConditionListName,
  type Contraindication,
  type ContraindicationKind,
  type CountReading,
  type FibrosisFacts,
  type RelativeContraindication,
  type RelativeKind,
  type SafetyScreen,
} from './types.js';
import { datedWithin } from './windows.js';

export type ConditionLists = Map<ConditionListName, ConditionFact[]>;

/** §2.1 lists whose Conditions are absolute contraindications, by the D8 kind they make. */
const ABSOLUTE_LISTS: readonly [ConditionListName, ContraindicationKind][] = [
  ['decompensation', 'decompensation'],
  ['portal-hypertension', 'portal-hypertension'],
  ['pregnancy', 'pregnancy'],
  ['severe-psychiatric', 'severe-psychiatric'],
  ['suicide-attempt', 'suicide-attempt'],
  ['epilepsy', 'epilepsy'],
  ['autoimmune', 'autoimmune'],
  ['heart-disease', 'heart-disease'],
  ['hcc', 'hcc'],
  ['transplant', 'transplant'],
  ['substance-abuse', 'substance-abuse'],
];

/** §2.1 relative lists. */
export const RELATIVE_LISTS: readonly (ConditionListName & RelativeKind)[] = ['thyroid', 'retinopathy', 'psoriasis', 'uncontrolled-diabetes-hypertension', 'depression-history'];

export interface ContraindicationInputs {
  lists: ConditionLists;
  /** The latest pregnancy-status Observation. */
  pregnancyStatus?: { source: string; time: number; pregnant: boolean };
  screen: SafetyScreen;
  fibrosis: FibrosisFacts;
  /** Platelets, newest first (portal hypertension likely names the count). */
  platelets: CountReading[];
  allergies: AllergyFact[];
}

export function contraindications(x: ContraindicationInputs, config: ClinicalConfig, now: number): Contraindication[] {
  const out: Contraindication[] = [];
  for (const [list, kind] of ABSOLUTE_LISTS) for (const condition of x.lists.get(list) ?? []) out.push({ kind, condition });
  if (x.pregnancyStatus?.pregnant && !out.some((c) => c.kind === 'pregnancy')) out.push({ kind: 'pregnancy', pregnancyStatus: { source: x.pregnancyStatus.source, time: x.pregnancyStatus.time } });
  if (x.fibrosis.portalHypertensionLikely) {
    const count = x.platelets.find((p) => datedWithin(p.time, now, config.cytopenia.lookbackDays, 'days', config))!;
    const c: Contraindication = { kind: 'portal-hypertension-likely', count };
    const condition = x.fibrosis.cirrhosisConditions[0];
    if (condition) c.condition = condition;
    else if (x.fibrosis.cirrhosisStage) c.stage = x.fibrosis.cirrhosisStage;
    out.push(c);
  }
  if (x.screen.neutrophils.state === 'contraindicating') out.push({ kind: 'neutropenia', count: x.screen.neutrophils.reading! });
  if (x.screen.platelets.state === 'contraindicating') out.push({ kind: 'thrombocytopenia', count: x.screen.platelets.reading! });
  for (const allergy of x.allergies) out.push({ kind: 'interferon-hypersensitivity', allergy });
  return out.sort((a, b) => CONTRAINDICATION_ORDER.indexOf(a.kind) - CONTRAINDICATION_ORDER.indexOf(b.kind));
}

/** Every relative contraindication: §2.1 relative lists first, then the screen's (TSH, TBil, counts). */
export function relativeContraindications(lists: ConditionLists, screen: SafetyScreen): RelativeContraindication[] {
  const out: RelativeContraindication[] = [];
  for (const kind of RELATIVE_LISTS) for (const condition of lists.get(kind) ?? []) out.push({ kind, condition });
  if (screen.tsh.state === 'relative') out.push({ kind: 'tsh-out-of-range', tsh: screen.tsh.reading! });
  if (screen.tbil.state === 'relative') out.push({ kind: 'tbil-elevated', tbil: screen.tbil.reading! });
  if (screen.neutrophils.state === 'relative') out.push({ kind: 'neutrophils-low', count: screen.neutrophils.reading! });
  if (screen.platelets.state === 'relative') out.push({ kind: 'platelets-low', count: screen.platelets.reading! });
  return out;
}

/** Only cytopenias: D8's `benefit-outweighs-risk` override reason is offered (§5). */
export const onlyCytopenias = (cs: Contraindication[]): boolean => cs.length > 0 && cs.every((c) => c.kind === 'neutropenia' || c.kind === 'thrombocytopenia');
