/** clinical-rules.md §3 "Derived facts": reads every §2 input once, then each passage rule's file derives its part. */
import type { ClinicalConfig } from './config.js';
import type { Facts, MedicationFact, PassedOver, PatientData, Contraindication } from './types.js';
import { ref } from '../fhir/resource.js';
import { readAlt } from './readers/alt.js';
import { readHbeag } from './readers/antigens.js';
import { readInr, readPt } from './readers/coagulation.js';
import { readNeutrophils, readPlatelets } from './readers/counts.js';
import { readHbvDna } from './readers/hbv-dna.js';
import { readHistology } from './readers/histology.js';
import { classifyOrder, isActiveMedication } from './readers/medications.js';
import { readTbil } from './readers/tbil.js';
import { altFacts } from './alt-history.js';
import { tbilFacts } from './bilirubin.js';
import { biopsyTriggers } from './biopsy-triggers.js';
import { inrFacts } from './coagulopathy.js';
import { contraindications } from './contraindications.js';
import { fibrosisFacts, recentHistology } from './fibrosis.js';
import { flareFacts } from './flare.js';
import { dnaFacts } from './hbv-dna-state.js';
import { predictors } from './predictors.js';
import { safetyScreen } from './safety-screen.js';

function currentNa(data: PatientData): MedicationFact | undefined {
  for (const m of [...data.medicationRequests, ...data.medicationStatements]) {
    if (!isActiveMedication(m)) continue;
    const c = classifyOrder(m, data.medications);
    if (c.cls !== 'na') continue;
    const fact: MedicationFact = { source: ref(m) };
    if (c.drug) fact.drug = c.drug;
    if (c.name) fact.recordText = c.name;
    return fact;
  }
  return undefined;
}

export function deriveFacts(data: PatientData, config: ClinicalConfig, now: number, passed: PassedOver[]): { facts: Facts; contraindications: Contraindication[] } {
  const obs = data.observations;
  const allAlt = readAlt(data, config, now, passed);
  const alt = altFacts(allAlt, config, now);
  const tbil = tbilFacts(readTbil(obs, config, now, passed), alt.latestAlt, config);
  const flare = flareFacts(allAlt, alt.latestAlt, tbil, config, now);
  const inr = inrFacts(readInr(obs, now, passed), config, now);
  const pt = readPt(obs, now, passed)[0];
  const dna = dnaFacts(readHbvDna(obs, config, now, passed), config, now);
  const latestHbeag = readHbeag(obs, now, passed)[0];
  const histologyReadings = readHistology(obs, config, now, passed);
  const histology = recentHistology(histologyReadings.grades, 'histology', config, now, passed)[0];
  const fibrosis = fibrosisFacts(recentHistology(histologyReadings.stages, 'fibrosis', config, now, passed), data.conditions, config);
  const screen = safetyScreen(tbil, readNeutrophils(obs, now, passed), readPlatelets(obs, now, passed), config, now);
  const { triggers, age } = biopsyTriggers(data, dna, latestHbeag, config, now);
  const onNa = currentNa(data);

  const facts: Facts = {
    altHistory: alt.altHistory,
    recurrentMild: alt.recurrentMild,
    tbil,
    inr,
    dna,
    fibrosis,
    safetyScreen: screen,
    triggers,
    predictors: predictors(alt.latestAlt, dna, histology, config),
  };
  if (alt.latestAlt) facts.latestAlt = alt.latestAlt;
  if (alt.recurrentMildSpan) facts.recurrentMildSpan = alt.recurrentMildSpan;
  if (flare) facts.flare = flare;
  if (pt) facts.pt = pt;
  if (latestHbeag) facts.latestHbeag = latestHbeag;
  if (histology) facts.histology = histology;
  if (age) facts.age = age;
  if (onNa) facts.onNa = onNa;
  return { facts, contraindications: contraindications(data, screen, config, now, passed) };
}
