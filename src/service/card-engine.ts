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
import { ATTR, inSpan } from '../telemetry/spans.js';

export interface EngineResult {
  cards: Card[];
  evaluation: Evaluation;
}

export interface CardEngine {
  /** The clinical settings it decides with (the SMART app decides with the same, see src/http/smart-app.ts). */
  readonly config: ClinicalConfig;
  /**
   * `baseUrl`: the service's absolute public base; when given, each card links to its rule (`<base>/rules#D5`)
   * and to the ALT-trend SMART app there.
   */
  evaluate(hook: HookName, context: HookContext, data: PatientData, now: Date, locale?: Locale, baseUrl?: string): EngineResult;
}

/** Where the SMART app's launch page is served (src/http/smart-app.ts). */
export const APP_LAUNCH_PATH = '/app/launch.html';
const APP_LINK_LABEL: Record<Locale, string> = { en: 'ALT trend (SMART app)', 'zh-CN': 'ALT 趋势图（SMART 应用）' };

/** The link the EHR launches the app from: no patient data in it (the EHR adds iss and launch), no appContext. */
function withAppLink(card: Card, baseUrl: string, locale: Locale): Card {
  return { ...card, links: [...(card.links ?? []), { label: APP_LINK_LABEL[locale], url: `${baseUrl}${APP_LAUNCH_PATH}`, type: 'smart' }] };
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
    config,
    evaluate(hook, context, data, now, locale, baseUrl) {
      const order = isOrderHook(hook) ? (context as OrderSelectContext | OrderSignContext) : undefined;
      const engineContext = {
        patientId: context.patientId,
        ...(order ? { selections: hook === 'order-sign' ? draftReferences(order.draftOrders) : (order as OrderSelectContext).selections, draftOrders: order.draftOrders } : {}),
      };
      // Spans (tracing on): the decision code and the card count, which are not patient data; never a value.
      const evaluation = inSpan('engine.evaluate', { [ATTR.cdsHook]: hook }, (span) => {
        const ev = evaluateHook(hook, engineContext, data, config, now.getTime());
        if (ev.decision) span?.setAttribute(ATTR.cdsDecision, ev.decision.code);
        if (ev.silentBecause) span?.setAttribute(ATTR.cdsSilentBecause, ev.silentBecause);
        return ev;
      });
      const cardLocale = locale ?? defaultLocale;
      const cards = inSpan('cards.render', { [ATTR.cdsLocale]: cardLocale }, (span) => {
        const rendered = renderCards(evaluation, { locale: cardLocale, config, ...(baseUrl ? { baseUrl } : {}) });
        span?.setAttribute(ATTR.cdsCards, rendered.length);
        return rendered;
      });
      return { evaluation, cards: baseUrl ? cards.map((c) => withAppLink(c, baseUrl, cardLocale)) : cards };
    },
  };
}
