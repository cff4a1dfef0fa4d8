/**
 * §1/§5 (v2) which NA a card names. D5/D9: entecavir, unless the patient is on an NA (then continue it). D8: an
 * NA only where therapy is indicated (timing facts, decompensation, or pregnancy with HBV DNA ≥ pregnancyNaDnaIU);
 * tenofovir DF in pregnancy (pregnant on entecavir ⇒ switch to tenofovir DF); never one the patient takes.
 */
import type { ClinicalConfig } from './config.js';
import type { Contraindication, DecisionId, Facts, NaDrug, NaPlan } from './types.js';

export function naPlan(id: DecisionId, facts: Facts, contraindications: Contraindication[], config: ClinicalConfig): NaPlan {
  const on = facts.onNa;
  const decompensated = contraindications.some((c) => c.kind === 'decompensation');
  const pregnant = contraindications.some((c) => c.kind === 'pregnancy');
  const plan: NaPlan = { continueCurrent: on !== undefined, switchToTenofovirDf: false, transplantReferral: false, therapyIndicated: false };
  if (id === 'D5' || id === 'D9') {
    plan.therapyIndicated = true;
    if (!on) plan.offer = 'entecavir';
    return plan;
  }
  if (id !== 'D8') return plan;
  const alt = facts.latestAlt;
  const dna = facts.dna.latest;
  const pregnancyDnaHigh = pregnant && dna !== undefined && !dna.belowDetection && dna.iu !== undefined && dna.iu >= config.pregnancyNaDnaIU;
  plan.therapyIndicated =
    (alt !== undefined && alt.multiple >= 2) || facts.flare !== undefined || facts.fibrosis.significant || facts.histology?.atLeastG2 === true || decompensated || pregnancyDnaHigh;
  plan.transplantReferral = decompensated;
  const drug: NaDrug = pregnant ? 'tenofovir-df' : 'entecavir';
  if (pregnant && on?.drug === 'entecavir') {
    plan.switchToTenofovirDf = true;
    plan.continueCurrent = false;
  }
  if (plan.therapyIndicated && !on) plan.offer = drug;
  return plan;
}
