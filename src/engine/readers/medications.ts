/**
 * §6 interferon alfa and NA medications, coded (RxNorm, ATC, SNOMED) or by text; (v3) lamivudine, adefovir,
 * telbivudine recognised; a J05AR combination naming tenofovir counts as tenofovir; vitamin K antagonists
 * (B01AA); the NA start from MedicationStatement only (§3).
 */
import { IFN_SUBSTANCE_BY_CODE, INTERFERON, NA, NA_DRUG_BY_ATC, VITAMIN_K_ANTAGONIST_ATC_PREFIX } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import { arr, isObject, str, type Json } from '../../fhir/json.js';
import { codings, conceptName, conceptText } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import { parseTime } from '../../fhir/time.js';
import type { AllergyFact, CodedValue, IfnSubstance, MedicationFact, MedicationFacts, NaDrug } from '../types.js';

export type MedClass = 'interferon' | 'na' | 'other';

const IFN_TEXT = /peg-?interferon|interferon[\s-]*(alfa|alpha|α)|聚乙二醇干扰素|干扰素/i;
/** Other interferons share the word; the rules are about interferon alfa only. */
const NOT_ALFA_TEXT = /beta|gamma|lambda|β|γ|λ/i;
const NA_TEXT = /entecavir|tenofovir|baraclude|viread|vemlidy|lamivudine|epivir|heptodin|adefovir|hepsera|telbivudine|sebivo|恩替卡韦|替诺福韦|丙酚替诺福韦|拉米夫定|阿德福韦|替比夫定/i;
const TENOFOVIR_TEXT = /tenofovir|替诺福韦/i;
const VKA_TEXT = /warfarin|coumadin|acenocoumarol|phenprocoumon|华法林/i;

const isCombination = (cs: { system?: string; code?: string }[]): boolean =>
  cs.some((c) => c.system === SYSTEM.atc && c.code !== undefined && c.code.startsWith(NA.combinationAtcPrefix));

export function classifyConcept(concept: unknown): MedClass {
  const cs = codings(concept);
  const isCoded = (system: string, codes: readonly string[]) => cs.some((c) => c.system === system && c.code !== undefined && codes.includes(c.code));
  if (isCoded(SYSTEM.rxnorm, INTERFERON.rxnorm) || isCoded(SYSTEM.atc, INTERFERON.atc) || isCoded(SYSTEM.snomed, INTERFERON.snomed)) return 'interferon';
  if (isCoded(SYSTEM.atc, NA.atc) || isCoded(SYSTEM.rxnorm, NA.rxnorm) || isCoded(SYSTEM.snomed, NA.snomed)) return 'na';
  const text = conceptText(concept);
  // (v3) §6: a J05AR antiretroviral combination counts as tenofovir when an ingredient or its text names tenofovir.
  if (isCombination(cs)) return TENOFOVIR_TEXT.test(text) ? 'na' : 'other';
  if (IFN_TEXT.test(text) && !NOT_ALFA_TEXT.test(text)) return 'interferon';
  if (NA_TEXT.test(text)) return 'na';
  return 'other';
}

/** Which interferon alfa a coded concept names (RxNorm ingredient or ATC); text alone never (it stays quoted). */
export function ifnSubstance(concept: unknown): IfnSubstance | undefined {
  for (const c of codings(concept)) if ((c.system === SYSTEM.rxnorm || c.system === SYSTEM.atc) && c.code && IFN_SUBSTANCE_BY_CODE.has(c.code)) return IFN_SUBSTANCE_BY_CODE.get(c.code);
  return undefined;
}

/** Which NA: by ATC, RxNorm/SNOMED product, or text. Tenofovir alafenamide is checked before disoproxil. */
export function naDrug(concept: unknown): NaDrug | undefined {
  const cs = codings(concept);
  const text = conceptText(concept);
  if (isCombination(cs) && TENOFOVIR_TEXT.test(text)) return /alafenamide|\bTAF\b|丙酚替诺福韦/i.test(text) ? 'tenofovir-af' : 'tenofovir-df';
  for (const c of cs) {
    if (c.system === SYSTEM.atc && c.code && NA_DRUG_BY_ATC.has(c.code)) return NA_DRUG_BY_ATC.get(c.code);
    if ((c.system === SYSTEM.rxnorm || c.system === SYSTEM.snomed) && c.code && NA.drugByProduct.has(c.code)) return NA.drugByProduct.get(c.code);
  }
  if (/entecavir|baraclude|恩替卡韦/i.test(text)) return 'entecavir';
  if (/alafenamide|vemlidy|\bTAF\b|丙酚替诺福韦/i.test(text)) return 'tenofovir-af';
  if (/tenofovir|viread|\bTDF\b|替诺福韦/i.test(text)) return 'tenofovir-df';
  if (/lamivudine|epivir|heptodin|拉米夫定/i.test(text)) return 'lamivudine';
  if (/adefovir|hepsera|阿德福韦/i.test(text)) return 'adefovir';
  if (/telbivudine|sebivo|替比夫定/i.test(text)) return 'telbivudine';
  return undefined;
}

/** (v3) §3 a vitamin K antagonist: ATC B01AA…, or text naming one (warfarin, 华法林, …). */
export function isVitaminKAntagonist(concept: unknown): boolean {
  if (codings(concept).some((c) => c.system === SYSTEM.atc && c.code !== undefined && c.code.startsWith(VITAMIN_K_ANTAGONIST_ATC_PREFIX))) return true;
  return VKA_TEXT.test(conceptText(concept));
}

/**
 * The medication concept of a MedicationRequest/Statement: medicationCodeableConcept, or medicationReference
 * resolved to a contained Medication (`#id`) or one from the same data (bundled or fetched).
 */
export function medicationConcept(order: Json, medications: Json[]): { concept: unknown; name?: string } | undefined {
  if (isObject(order.medicationCodeableConcept)) {
    const name = conceptName(order.medicationCodeableConcept);
    return name ? { concept: order.medicationCodeableConcept, name } : { concept: order.medicationCodeableConcept };
  }
  const reference = isObject(order.medicationReference) ? str(order.medicationReference.reference) : undefined;
  let medication: Json | undefined;
  if (reference?.startsWith('#')) {
    const id = reference.slice(1);
    medication = arr(order.contained).find((c): c is Json => isObject(c) && c.resourceType === 'Medication' && c.id === id);
  } else if (reference) {
    const id = reference.split('/').pop();
    medication = medications.find((m) => m.id === id && (reference.endsWith(`Medication/${id}`) || reference === id));
  }
  const display = isObject(order.medicationReference) ? str(order.medicationReference.display) : undefined;
  if (!medication) return display ? { concept: { text: display }, name: display } : undefined;
  const concepts: unknown[] = [medication.code];
  for (const ing of arr(medication.ingredient)) if (isObject(ing)) concepts.push(ing.itemCodeableConcept);
  const name = conceptName(medication.code) ?? display;
  return name ? { concept: concepts.filter(isObject), name } : { concept: concepts.filter(isObject) };
}

export function classifyOrder(order: Json, medications: Json[]): { cls: MedClass; name?: string; drug?: NaDrug } {
  const med = medicationConcept(order, medications);
  if (!med) return { cls: 'other' };
  const cls = classifyConcept(med.concept);
  const drug = cls === 'na' ? naDrug(med.concept) : undefined;
  return { cls, ...(med.name ? { name: med.name } : {}), ...(drug ? { drug } : {}) };
}

export function isActiveMedication(resource: Json): boolean {
  return str(resource.status) === 'active';
}

/** §3 a documented start: MedicationStatement.effectivePeriod.start, else effectiveDateTime. */
function statementStart(statement: Json, timeZone: string): number | undefined {
  const period = statement.effectivePeriod;
  return (isObject(period) ? parseTime(period.start, timeZone) : undefined) ?? parseTime(statement.effectiveDateTime, timeZone);
}

/**
 * (v3) §3/§6: active interferon alfa and NAs (MedicationRequest status active — a draft is not; MedicationStatement
 * status active), the NA start (earliest MedicationStatement start; MedicationRequest.authoredOn never counts: a
 * renewal would make years of therapy look new) and whether a vitamin K antagonist is active. A date-only start
 * is local midnight in `timeZone` (pass config.timeZone).
 */
export function readMedications(data: { medicationRequests: Json[]; medicationStatements: Json[]; medications: Json[] }, timeZone: string): MedicationFacts {
  const out: MedicationFacts = { interferon: [], na: [], onVitaminKAntagonist: false };
  const sources: [Json, 'request' | 'statement'][] = [
    ...data.medicationRequests.map((r): [Json, 'request'] => [r, 'request']),
    ...data.medicationStatements.map((s): [Json, 'statement'] => [s, 'statement']),
  ];
  for (const [resource, kind] of sources) {
    if (!isActiveMedication(resource)) continue;
    const med = medicationConcept(resource, data.medications);
    if (!med) continue;
    const fact: MedicationFact = { source: ref(resource), kind };
    if (med.name) fact.recordText = med.name;
    if (isVitaminKAntagonist(med.concept)) {
      out.onVitaminKAntagonist = true;
      out.vitaminKAntagonist ??= fact;
      continue;
    }
    const cls = classifyConcept(med.concept);
    if (cls === 'interferon') {
      const substance = ifnSubstance(med.concept);
      if (substance) fact.substance = substance;
      out.interferon.push(fact);
    }
    else if (cls === 'na') {
      const drug = naDrug(med.concept);
      if (drug) fact.drug = drug;
      if (isCombination(codings(med.concept))) fact.combination = true;
      if (kind === 'statement') {
        const start = statementStart(resource, timeZone);
        if (start !== undefined) {
          fact.start = start;
          if (out.naStart === undefined || start < out.naStart) out.naStart = start;
        }
      }
      out.na.push(fact);
    }
  }
  return out;
}

/**
 * (v3) §2 interferon hypersensitivity: an AllergyIntolerance whose `code` or a `reaction.substance` is interferon
 * alfa (§6 codes or text), clinicalStatus active, verificationStatus not refuted/entered-in-error.
 */
function substanceOf(concept: unknown): CodedValue {
  const coded = codings(concept).find((c) => c.code);
  const text = conceptName(concept);
  if (coded?.code) return text ? { system: coded.system ?? '', code: coded.code, recordText: text } : { system: coded.system ?? '', code: coded.code };
  return { system: '', code: '', ...(text ? { recordText: text } : {}) };
}

export function readInterferonAllergy(data: { allergies?: Json[] }): AllergyFact[] {
  const out: AllergyFact[] = [];
  for (const a of data.allergies ?? []) {
    if (!codings(a.clinicalStatus).some((c) => c.code === 'active')) continue;
    if (codings(a.verificationStatus).some((c) => c.code === 'refuted' || c.code === 'entered-in-error')) continue;
    const concepts: unknown[] = [a.code];
    for (const r of arr(a.reaction)) if (isObject(r)) concepts.push(...arr(r.substance));
    const hit = concepts.find((c) => isObject(c) && classifyConcept(c) === 'interferon');
    if (!hit) continue;
    const fact: AllergyFact = { source: ref(a), substance: substanceOf(hit) };
    const date = str(a.onsetDateTime) ?? str(a.recordedDate);
    if (date) fact.date = date.slice(0, 10);
    const criticality = str(a.criticality);
    if (criticality) fact.criticality = criticality;
    out.push(fact);
  }
  return out;
}
