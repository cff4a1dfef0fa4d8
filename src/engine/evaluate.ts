/**
 * clinical-rules.md §1 (scope and silence), §5 (order-select) and §6 (medications): which calls get a
 * decision at all. Pure: (hook, context, data, config, now) → Evaluation.
 */
import type { ClinicalConfig } from './config.js';
import { SNOMED } from './codes.js';
import { decide } from './decide.js';
import { arr, isObject, str, type Json } from '../fhir/json.js';
import { activeConditionsWith } from './readers/conditions.js';
import { readHbsag } from './readers/antigens.js';
import { classifyOrder, isActiveMedication } from './readers/medications.js';
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

/** §1: an active CHB Condition, or a positive HBsAg. */
export function isInScope(data: PatientData, now: number): boolean {
  if (activeConditionsWith(data.conditions, SNOMED.chb).length > 0) return true;
  return readHbsag(data.observations, now, []).some((r) => r.positive);
}

/** §6: an active interferon alfa MedicationRequest/Statement, other than the orders being selected. */
export function activeInterferon(data: PatientData, exclude: Set<string> = new Set()): Json | undefined {
  return [...data.medicationRequests, ...data.medicationStatements].find(
    (m) =>
      isActiveMedication(m) &&
      !exclude.has(`${str(m.resourceType)}/${str(m.id)}`) &&
      classifyOrder(m, data.medications).cls === 'interferon',
  );
}

function draftEntries(draftOrders: unknown): Json[] {
  if (!isObject(draftOrders)) return [];
  return arr(draftOrders.entry)
    .map((e) => (isObject(e) ? e.resource : undefined))
    .filter(isObject);
}

/** §5/§6: the selected draft orders that are interferon alfa, with their medication resolved. */
export function selectedInterferonOrders(context: EngineContext, data: PatientData): InterferonOrder[] {
  const entries = draftEntries(context.draftOrders);
  const bundledMeds = [...entries.filter((r) => r.resourceType === 'Medication'), ...data.medications];
  const out: InterferonOrder[] = [];
  for (const selection of context.selections ?? []) {
    const order = entries.find((r) => `${str(r.resourceType)}/${str(r.id)}` === selection);
    if (!order) continue;
    if (order.resourceType !== 'MedicationRequest' && order.resourceType !== 'MedicationStatement') continue;
    const { cls, name } = classifyOrder(order, bundledMeds);
    if (cls === 'interferon') out.push(name ? { reference: selection, recordText: name } : { reference: selection });
  }
  return out;
}

export function evaluateHook(hook: Hook, context: EngineContext, data: PatientData, config: ClinicalConfig, now: number): Evaluation {
  const patientRef = `Patient/${context.patientId}`;
  if (!isInScope(data, now)) return { hook, silentBecause: 'out-of-scope', orders: [], patientRef };
  if (!isOrderHook(hook)) {
    if (activeInterferon(data)) return { hook, silentBecause: 'on-interferon', orders: [], patientRef };
    return { hook, decision: decide(data, config, now), orders: [], patientRef };
  }
  const orders = selectedInterferonOrders(context, data);
  if (orders.length === 0) return { hook, silentBecause: 'no-interferon-selected', orders, patientRef };
  if (activeInterferon(data, new Set(context.selections ?? []))) return { hook, silentBecause: 'renewal', orders, patientRef };
  return { hook, decision: decide(data, config, now), orders, patientRef };
}
