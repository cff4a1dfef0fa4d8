/**
 * clinical-rules.md §1 (scope and silence), §5 (order hooks) and §6 (medications): which calls get a decision at
 * all. Pure: (hook, context, data, config, now) → Evaluation.
 * (v3) Routes before the timing rules: on interferon ⇒ D10 when an on-treatment rule is met or ≥2 interferon drafts
 * are ordered, else silence; a renewal (an interferon order while another interferon is active) alike (§8 11).
 * Scope (v3): an active Condition 61977001, 66071002, B18.0, B18.1; or a positive HBsAg (qualitative, or
 * quantitative > 0.05 IU/mL, 99385-7 included).
 */
import type { ClinicalConfig } from './config.js';
import { decide } from './decide.js';
import { arr, isObject, str, type Json } from '../fhir/json.js';
import { readConditionLists } from './readers/condition-lists.js';
import { readHbsag } from './readers/antigens.js';
import { classifyOrder, ifnSubstance, isActiveMedication, medicationConcept } from './readers/medications.js';
import { codings } from '../fhir/coding.js';
import { hbsagPositive } from './chronicity.js';
import type { Evaluation, Hook, InterferonOrder, PatientData } from './types.js';

export interface EngineContext {
  patientId: string;
  selections?: string[];
  draftOrders?: unknown;
}

/** §5: the hooks that judge an interferon order (every hook but patient-view) rather than the chart. */
export function isOrderHook(hook: Hook): boolean {
  return hook !== 'patient-view';
}

/** §1: an active hepatitis B Condition (list `hbv`: the CHB list 61977001, B18.0, B18.1, plus 66071002), or a positive HBsAg. */
export function isInScope(data: PatientData, config: ClinicalConfig, now: number): boolean {
  if ((readConditionLists(data, config, now).get('hbv') ?? []).length > 0) return true;
  return readHbsag(data.observations, now, [], config).some(hbsagPositive);
}

/** §6: an active interferon alfa MedicationRequest/Statement, other than the orders being judged. */
export function activeInterferon(data: PatientData, exclude: Set<string> = new Set()): Json | undefined {
  return [...data.medicationRequests, ...data.medicationStatements].find(
    (m) => isActiveMedication(m) && !exclude.has(`${str(m.resourceType)}/${str(m.id)}`) && classifyOrder(m, data.medications).cls === 'interferon',
  );
}

function draftEntries(draftOrders: unknown): Json[] {
  if (!isObject(draftOrders)) return [];
  return arr(draftOrders.entry)
    .map((e) => (isObject(e) ? e.resource : undefined))
    .filter(isObject);
}

/**
 * §5/§6: the interferon alfa drafts the call is about, with their medication resolved: those named in `selections`
 * (on order-sign the service names every draft, src/service/card-engine.ts).
 */
export function selectedInterferonOrders(context: EngineContext, data: PatientData): InterferonOrder[] {
  const entries = draftEntries(context.draftOrders);
  const bundledMeds = [...entries.filter((r) => r.resourceType === 'Medication'), ...data.medications];
  const out: InterferonOrder[] = [];
  for (const selection of context.selections ?? []) {
    const order = entries.find((r) => `${str(r.resourceType)}/${str(r.id)}` === selection);
    if (!order) continue;
    if (order.resourceType !== 'MedicationRequest' && order.resourceType !== 'MedicationStatement') continue;
    const { cls, name } = classifyOrder(order, bundledMeds);
    if (cls !== 'interferon') continue;
    const concept = medicationConcept(order, bundledMeds)?.concept;
    const display = codings(concept).find((c) => c.display)?.display;
    const substance = ifnSubstance(concept);
    out.push({ reference: selection, ...(name ? { recordText: name } : {}), ...(display ? { display } : {}), ...(substance ? { substance } : {}) });
  }
  return out;
}

/** The record without the drafts being judged (a draft is never "active interferon"). */
function withoutDrafts(data: PatientData, drafts: Set<string>): PatientData {
  if (drafts.size === 0) return data;
  const keep = (m: Json) => !drafts.has(`${str(m.resourceType)}/${str(m.id)}`);
  return { ...data, medicationRequests: data.medicationRequests.filter(keep), medicationStatements: data.medicationStatements.filter(keep) };
}

export function evaluateHook(hook: Hook, context: EngineContext, data: PatientData, config: ClinicalConfig, now: number): Evaluation {
  const patientRef = `Patient/${context.patientId}`;
  if (!isInScope(data, config, now)) return { hook, silentBecause: 'out-of-scope', orders: [], patientRef };
  if (!isOrderHook(hook)) {
    const decision = decide(data, config, now);
    return decision ? { hook, decision, orders: [], patientRef } : { hook, silentBecause: 'on-interferon', orders: [], patientRef };
  }
  const orders = selectedInterferonOrders(context, data);
  if (orders.length === 0) return { hook, silentBecause: 'no-interferon-selected', orders, patientRef };
  const drafts = new Set(context.selections ?? []);
  const decision = decide(withoutDrafts(data, drafts), config, now, { interferonDrafts: orders.length });
  return decision ? { hook, decision, orders, patientRef } : { hook, silentBecause: 'renewal', orders, patientRef };
}
