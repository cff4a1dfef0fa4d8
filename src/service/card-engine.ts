/**
 * The one interface where the service core meets the clinical engine:
 * evaluate(hook, context, data, now) → cards. The engine decides (pure), the renderer writes the card.
 */
import type { Card, HookContext, HookName, OrderSelectContext } from '../contract/types.js';
import { renderCards } from '../cards/render.js';
import type { Locale } from '../config/locale.js';
import type { ClinicalConfig } from '../engine/config.js';
import { evaluateHook } from '../engine/evaluate.js';
import type { Evaluation, PatientData } from '../engine/types.js';

export interface EngineResult {
  cards: Card[];
  evaluation: Evaluation;
}

export interface CardEngine {
  /** The clinical config it decides with (the data layer reads its lookbacks). */
  readonly config: ClinicalConfig;
  evaluate(hook: HookName, context: HookContext, data: PatientData, now: Date, locale?: Locale): EngineResult;
}

export function createCardEngine(config: ClinicalConfig, defaultLocale: Locale): CardEngine {
  return {
    config,
    evaluate(hook, context, data, now, locale) {
      const order = 'selections' in context ? (context as OrderSelectContext) : undefined;
      const engineContext = {
        patientId: context.patientId,
        ...(order ? { selections: order.selections, draftOrders: order.draftOrders } : {}),
      };
      const evaluation = evaluateHook(hook, engineContext, data, config, now.getTime());
      return { evaluation, cards: renderCards(evaluation, { locale: locale ?? defaultLocale, config }) };
    },
  };
}
