/**
 * §1/§5 (v3) which NA a card names. Offered ("NA instead"): D5 not on an NA, D9, D1 with cirrhosis (any source),
 * entecavir; D8 only where therapy is indicated (timing facts: latest ALT ≥2×ULN, a flare, significant fibrosis or
 * cirrhosis, histology ≥G2; decompensation; portal hypertension; HCC; pregnancy with HBV DNA ≥ pregnancyNaDnaIU),
 * tenofovir DF in pregnancy. Never an NA the patient takes; never with HIV on record (the HIV line instead).
 * Pregnant on entecavir ⇒ switch to tenofovir DF. Decompensation ⇒ transplant assessment. D10 stop ⇒ an NA now
 * (tenofovir DF in pregnancy), or continue the one taken.
 */
import type { ClinicalConfig } from './config.js';
import type { Contraindication, DecisionId, Facts, NaDrug, NaPlan, OnTreatment } from './types.js';

export function naPlan(id: DecisionId, f: Facts, contraindications: Contraindication[], config: ClinicalConfig, onTreatment?: OnTreatment): NaPlan {
  const on = f.treatment.currentNa;
  const has = (kind: Contraindication['kind']) => contraindications.some((c) => c.kind === kind);
  const decompensated = has('decompensation');
  const pregnant = has('pregnancy');
  const hiv = f.hiv.length > 0;
  const dna = f.dna.latest;
  const pregnancyTransmission = pregnant && dna !== undefined && !dna.belowDetection && dna.iu !== undefined && dna.iu >= config.pregnancyNaDnaIU;
  const plan: NaPlan = {
    offerTests: [],
    continueCurrent: on !== undefined,
    switchToTenofovirDf: false,
    transplantReferral: false,
    therapyIndicated: false,
    hivBlocksEntecavir: hiv,
    pregnancyTransmission: false,
  };
  const offer = (drug: NaDrug) => {
    if (!on && !hiv) plan.offer = drug;
  };
  if (id === 'D5' || id === 'D9') {
    plan.therapyIndicated = true;
    offer('entecavir');
    return plan;
  }
  if (id === 'D1' && f.fibrosis.cirrhosisAnySource) {
    plan.therapyIndicated = true;
    offer('entecavir');
    return plan;
  }
  if (id === 'D10') {
    // Stop: "stop interferon; NA now (or continue it)"; pregnancy: tenofovir DF. Named in text (§5: D10 suggests cancel only).
    const stop = onTreatment?.level === 'stop';
    plan.transplantReferral = decompensated;
    plan.therapyIndicated = stop;
    if (pregnant && on?.drug === 'entecavir') {
      plan.switchToTenofovirDf = true;
      plan.continueCurrent = false;
    }
    if (stop) offer(pregnant ? 'tenofovir-df' : 'entecavir');
    return plan;
  }
  if (id !== 'D8') return plan;
  const alt = f.latestAlt;
  plan.pregnancyTransmission = pregnancyTransmission;
  plan.therapyIndicated =
    (alt !== undefined && alt.multiple >= 2) ||
    f.flare !== undefined ||
    f.fibrosis.significant ||
    f.histology?.atLeastG2 === true ||
    decompensated ||
    has('portal-hypertension') ||
    has('portal-hypertension-likely') ||
    has('hcc') ||
    pregnancyTransmission;
  plan.transplantReferral = decompensated;
  if (pregnant && on?.drug === 'entecavir') {
    plan.switchToTenofovirDf = true;
    plan.continueCurrent = false;
  }
  if (plan.therapyIndicated) offer(pregnant ? 'tenofovir-df' : 'entecavir');
  return plan;
}
