/**
 * clinical-rules.md §3 "Derived facts": reads every §2 input once (readers/), then each rule's file derives its
 * part. Returns the facts with the D8 and relative contraindication lists and the inputs D10 needs.
 */
import type { ClinicalConfig } from './config.js';
import type { Contraindication, ConditionFact, CountReading, Facts, PassedOver, PatientData, RelativeContraindication, TreatmentFacts } from './types.js';
import { readAlt, readAst } from './readers/alt.js';
import { readAntiHbcIgm, readHbeag, readHbsag } from './readers/antigens.js';
import { readInr, readPt } from './readers/coagulation.js';
import { readConditionLists } from './readers/condition-lists.js';
import { readNeutrophils, readPlatelets } from './readers/counts.js';
import { readHbvDna } from './readers/hbv-dna.js';
import { readHistology } from './readers/histology.js';
import { readLiverStiffness } from './readers/liver-stiffness.js';
import { readInterferonAllergy, readMedications } from './readers/medications.js';
import { readPregnancyStatus } from './readers/pregnancy-status.js';
import { readTbil } from './readers/tbil.js';
import { readTsh } from './readers/tsh.js';
import { altFacts } from './alt-history.js';
import { tbilFacts } from './bilirubin.js';
import { biopsyTriggers } from './biopsy-triggers.js';
import { chronicityFacts } from './chronicity.js';
import { inrFacts } from './coagulopathy.js';
import { contraindications, relativeContraindications, RELATIVE_LISTS, type ConditionLists } from './contraindications.js';
import { fibrosisFacts, recentGrades } from './fibrosis.js';
import { flareFacts } from './flare.js';
import { hbeagFacts } from './hbeag-status.js';
import { dnaAbove, dnaFacts, hbeagNegativeLowDna } from './hbv-dna-state.js';
import { naEarly } from './na-breakthrough.js';
import { latestQhbsag } from './na-suppressed.js';
import { predictors } from './predictors.js';
import { safetyScreen } from './safety-screen.js';
import { calendarDaysBetween } from './windows.js';

export interface DerivedFacts {
  facts: Facts;
  contraindications: Contraindication[];
  relativeContraindications: RelativeContraindication[];
  /** What D10's rules read beyond the facts. */
  counts: { neutrophils: CountReading[]; platelets: CountReading[] };
  lists: ConditionLists;
}

const list = (lists: ConditionLists, name: Parameters<ConditionLists['get']>[0]): ConditionFact[] => lists.get(name) ?? [];

export function deriveFacts(data: PatientData, config: ClinicalConfig, now: number, passed: PassedOver[]): DerivedFacts {
  const obs = data.observations;
  const lists = readConditionLists(data, config, now);
  const meds = readMedications(data, config.timeZone);
  const currentNa = meds.na[0];
  const treatment: TreatmentFacts = { interferon: meds.interferon, na: meds.na, naEarly: naEarly(meds.naStart, config, now), onVitaminKAntagonist: meds.onVitaminKAntagonist };
  if (currentNa) treatment.currentNa = currentNa;
  if (meds.naStart !== undefined) {
    treatment.naStart = meds.naStart;
    treatment.naWeeks = Math.floor(calendarDaysBetween(meds.naStart, now, config) / 7);
  }

  const allAlt = readAlt(data, config, now, passed);
  const alt = altFacts(allAlt, config, now, passed);
  const tbil = tbilFacts(readTbil(obs, config, now, passed, data.patient), alt.latestAlt, config);
  const flare = flareFacts(allAlt, alt.latestAlt, tbil, config, now);
  const inr = inrFacts(readInr(obs, now, passed, config), meds.onVitaminKAntagonist, config, now);
  const pt = readPt(obs, now, passed, config)[0];
  const allDna = readHbvDna(obs, config, now, passed);
  const dna = dnaFacts(allDna, config, now);
  const hbeag = hbeagFacts(readHbeag(obs, now, passed, config), config);
  const hbsag = readHbsag(obs, now, passed, config);
  const histologyReadings = readHistology(obs, config, now, passed);
  const histology = recentGrades(histologyReadings.grades, config, now, passed)[0];
  const neutrophils = readNeutrophils(obs, now, passed, config);
  const platelets = readPlatelets(obs, now, passed, config);
  const { triggers, age } = biopsyTriggers(data, dna, hbeag.latest, list(lists, 'imaging-lesion'), config, now);
  const fibrosis = fibrosisFacts(
    {
      stages: histologyReadings.stages,
      cirrhosisConditions: list(lists, 'cirrhosis'),
      lsm: readLiverStiffness(obs, config, now, passed),
      ast: readAst(data, config, now, passed),
      platelets,
      ...(alt.latestAlt ? { latestAlt: alt.latestAlt } : {}),
      ...(age && age.min === age.max ? { age: age.min } : {}),
    },
    config,
    now,
    passed,
  );
  const screen = safetyScreen(
    { tbil, neutrophils, platelets, tsh: readTsh(data, config, now, passed), inr, relativeConditionOnRecord: RELATIVE_LISTS.some((l) => list(lists, l).length > 0) },
    config,
    now,
  );
  const chronicity = chronicityFacts({ chbConditions: list(lists, 'chb'), hbsag, dna: allDna, igm: readAntiHbcIgm(obs, config, now, passed) }, config, now);
  const qhbsag = latestQhbsag(hbsag, config, now);

  const facts: Facts = {
    altHistory: alt.altHistory,
    recurrentMild: alt.recurrentMild,
    steepRise: alt.steepRise,
    tbil,
    inr,
    dna,
    hbeag,
    hbeagNegativeLowDna: false,
    fibrosis,
    safetyScreen: screen,
    chronicity,
    treatment,
    hiv: list(lists, 'hiv'),
    conditionLists: Object.fromEntries(lists),
    triggers,
    predictors: predictors(alt.latestAlt, dna, histology, config),
    otherGuidelinesWouldTreat: false,
  };
  facts.hbeagNegativeLowDna = hbeagNegativeLowDna(facts, config);
  if (alt.latestAlt) facts.latestAlt = alt.latestAlt;
  if (allAlt[0]) facts.lastReadableAlt = allAlt[0];
  if (alt.unreadableAlt) facts.unreadableAlt = alt.unreadableAlt;
  if (alt.recurrentMildSpan) facts.recurrentMildSpan = alt.recurrentMildSpan;
  if (alt.steepRiseFrom) facts.steepRiseFrom = alt.steepRiseFrom;
  if (flare) facts.flare = flare;
  if (pt) facts.pt = pt;
  if (hbeag.latest) facts.latestHbeag = hbeag.latest;
  if (qhbsag) facts.qhbsag = qhbsag;
  if (histology) facts.histology = histology;
  if (age) facts.age = age;
  if (currentNa) facts.onNa = currentNa;
  // §3 (v3) other guidelines would treat: HBV DNA > 2,000 IU/mL with ALT > ULN (D4) or recurrent mild ALT (D0, D2).
  facts.otherGuidelinesWouldTreat = dnaAbove(dna.latest, config.hbeagNegativeDnaIU) === 'yes' && ((alt.latestAlt !== undefined && alt.latestAlt.multiple > 1) || alt.recurrentMild);

  const pregnancyStatus = readPregnancyStatus(obs, now, passed, config)[0];
  return {
    facts,
    contraindications: contraindications(
      { lists, ...(pregnancyStatus ? { pregnancyStatus } : {}), screen, fibrosis, platelets, allergies: readInterferonAllergy(data) },
      config,
      now,
    ),
    relativeContraindications: relativeContraindications(lists, screen),
    counts: { neutrophils, platelets },
    lists,
  };
}
