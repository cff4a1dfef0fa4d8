/** §6 interferon alfa and NA medications, coded (RxNorm, ATC, SNOMED) or by text. */
import { INTERFERON, NA, NA_DRUG_BY_ATC } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import { arr, isObject, str, type Json } from '../../fhir/json.js';
import { codings, conceptName, conceptText } from '../../fhir/coding.js';
import type { NaDrug } from '../types.js';

export type MedClass = 'interferon' | 'na' | 'other';

const IFN_TEXT = /peg-?interferon|interferon[\s-]*(alfa|alpha|α)|聚乙二醇干扰素|干扰素/i;
/** Other interferons share the word; the rules are about interferon alfa only. */
const NOT_ALFA_TEXT = /beta|gamma|lambda|β|γ|λ/i;
const NA_TEXT = /entecavir|tenofovir|baraclude|viread|vemlidy|恩替卡韦|替诺福韦|丙酚替诺福韦/i;

export function classifyConcept(concept: unknown): MedClass {
  const cs = codings(concept);
  const isCoded = (system: string, codes: readonly string[]) => cs.some((c) => c.system === system && c.code !== undefined && codes.includes(c.code));
  if (isCoded(SYSTEM.rxnorm, INTERFERON.rxnorm) || isCoded(SYSTEM.atc, INTERFERON.atc) || isCoded(SYSTEM.snomed, INTERFERON.snomed)) return 'interferon';
  if (isCoded(SYSTEM.atc, NA.atc) || isCoded(SYSTEM.rxnorm, NA.rxnorm) || isCoded(SYSTEM.snomed, NA.snomed)) return 'na';
  const text = conceptText(concept);
  if (IFN_TEXT.test(text) && !NOT_ALFA_TEXT.test(text)) return 'interferon';
  if (NA_TEXT.test(text)) return 'na';
  return 'other';
}

/** Which NA: by ATC, RxNorm/SNOMED product, or text. Tenofovir alafenamide is checked before disoproxil. */
export function naDrug(concept: unknown): NaDrug | undefined {
  for (const c of codings(concept)) {
    if (c.system === SYSTEM.atc && c.code && NA_DRUG_BY_ATC[c.code]) return NA_DRUG_BY_ATC[c.code];
    if ((c.system === SYSTEM.rxnorm || c.system === SYSTEM.snomed) && c.code && NA.drugByProduct[c.code]) return NA.drugByProduct[c.code];
  }
  const text = conceptText(concept);
  if (/entecavir|baraclude|恩替卡韦/i.test(text)) return 'entecavir';
  if (/alafenamide|vemlidy|\bTAF\b|丙酚替诺福韦/i.test(text)) return 'tenofovir-af';
  if (/tenofovir|viread|\bTDF\b|替诺福韦/i.test(text)) return 'tenofovir-df';
  return undefined;
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
