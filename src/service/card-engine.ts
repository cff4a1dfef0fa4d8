/**
 * The one interface where the service core meets the clinical engine:
 * evaluate(hook, context, data, now) → cards. The engine decides (pure), the renderer writes the card.
 */
import type { Bundle } from 'fhir/r4';
import type { Card, HookContext, HookName, OrderSelectContext, OrderSignContext } from '../contract/types.js';
import { renderCards } from '../cards/render.js';
import type { Locale } from '../config/locale.js';
import type { ClinicalConfig } from '../engine/config.js';
import { evaluateHook, isOrderHook } from '../engine/evaluate.js';
import type { Evaluation, PatientData } from '../engine/types.js';

export interface EngineResult {
  cards: Card[];
  evaluation: Evaluation;
}

export interface CardEngine {
  evaluate(hook: HookName, context: HookContext, data: PatientData, now: Date, locale?: Locale): EngineResult;
}

/**
 * order-sign (clinical-rules.md §5): the clinician signs every draft, so each one counts as selected (`Type/id`).
 * Entries need no id on the wire (CDS Hooks Library); a draft without one cannot be named by a selection or a
 * delete action, so it is not judged.
 */
function draftReferences(draftOrders: Bundle): string[] {
  return (draftOrders.entry ?? []).flatMap(({ resource: r }) => (r && typeof r.resourceType === 'string' && typeof r.id === 'string' ? [`${r.resourceType}/${r.id}`] : []));
}

export function createCardEngine(config: ClinicalConfig, defaultLocale: Locale): CardEngine {
  return {
    evaluate(hook, context, data, now, locale) {
      const order = isOrderHook(hook) ? (context as OrderSelectContext | OrderSignContext) : undefined;
      const engineContext = {
        patientId: context.patientId,
        ...(order ? { selections: hook === 'order-sign' ? draftReferences(order.draftOrders) : (order as OrderSelectContext).selections, draftOrders: order.draftOrders } : {}),
      };
      const evaluation = evaluateHook(hook, engineContext, data, config, now.getTime());
      return { evaluation, cards: renderCards(evaluation, { locale: locale ?? defaultLocale, config }) };
    },
  };
}
