/**
 * The hook call, as one use case: policy → data → engine → cards → record. Everything it needs is injected
 * (settings, the card engine, the store, one clock), so a test or another transport can drive it as the
 * HTTP route does.
 */
import type { AuthenticatedClient } from '../auth/client-jwt.js';
import type { Settings } from '../config/settings.js';
import { isLocale } from '../config/locale.js';
import { checkLimits } from '../contract/limits.js';
import type { Card, HookContext, ServiceDefinition } from '../contract/types.js';
import { validateHookRequest } from '../contract/validate.js';
import { depthByCode, type Depth } from '../data/horizons.js';
import type { FhirCallObserver, RetryLogger } from '../data/fhir-fetch.js';
import { resolveData } from '../data/resolve.js';
import { checkOnePatient } from '../data/one-patient.js';
import type { Evaluation } from '../engine/types.js';
import type { FeedbackStore } from '../store/store.js';
import type { CardEngine } from './card-engine.js';
import { rowVersions } from './versions.js';
import { checkFhirServer } from './fhir-server-policy.js';

/** Request extension that asks for a card language, e.g. `"extension": {"org.ifn-timing-cds.locale": "zh-CN"}`. */
export const LOCALE_EXTENSION = 'org.ifn-timing-cds.locale';

export interface HookServiceDeps {
  settings: Settings;
  engine: CardEngine;
  store: FeedbackStore;
  /** The evaluation date and the shown-card time: one clock, injectable so tests and fixtures can pin it. */
  now: () => Date;
  /** Where FHIR call retries are logged. */
  logger?: RetryLogger;
  /** Told of each FHIR call and retry (metrics). */
  metrics?: { fhir: FhirCallObserver };
}

export interface HookCall {
  /** The parsed JSON body, not yet validated. */
  body: unknown;
  /** The services declared under the called id (one per hook). */
  services: ServiceDefinition[];
  /** The authenticated caller, when client authentication is on. */
  client?: AuthenticatedClient;
  /** The service's absolute public base URL, for the cards' links (rule page, SMART app); none: no links. */
  baseUrl?: string;
}

export interface HookOutcome {
  cards: Card[];
  service: ServiceDefinition;
  evaluation: Evaluation;
  /** How each prefetch key was satisfied, for the request log. */
  dataSources: Record<string, string>;
}

export class HookService {
  /** How deep each Observation code is read from fhirServer: from the clinical config, once. */
  private readonly depths: Map<string, Depth>;

  constructor(private readonly deps: HookServiceDeps) {
    this.depths = depthByCode(deps.engine.config);
  }

  async call({ body, services, client, baseUrl }: HookCall): Promise<HookOutcome> {
    const { settings, engine, store } = this.deps;
    checkLimits(body, settings.limits);
    const { request, service } = validateHookRequest(body, services);
    checkFhirServer(request.fhirServer, client?.client, { production: settings.production, allow: settings.fhirServerAllow });
    checkOnePatient(request, service);
    const now = this.deps.now();
    const resolution = await resolveData(request, service, {
      timeoutMs: settings.fhirTimeoutMs,
      maxPages: settings.fhirMaxPages,
      maxBytes: { perResponse: settings.fhirMaxBytes.response, perRequest: settings.fhirMaxBytes.request },
      budgetMs: settings.requestBudgetMs,
      now: now.getTime(),
      depths: this.depths,
      ...(this.deps.logger ? { logger: this.deps.logger } : {}),
      ...(this.deps.metrics ? { observer: this.deps.metrics.fhir } : {}),
    });
    const asked = request.extension?.[LOCALE_EXTENSION];
    const { cards, evaluation } = engine.evaluate(service.hook, request.context as HookContext, resolution.data, now, isLocale(asked) ? asked : undefined, baseUrl);
    if (cards.length) {
      const shownAt = now.toISOString();
      store.recordShown(
        cards.map((c) => ({
          card: c.uuid,
          serviceId: service.id,
          hook: service.hook,
          hookInstance: request.hookInstance.slice(0, 128),
          decisionCode: c.source.topic?.code ?? '',
          indicator: c.indicator,
          shownAt,
          overrideReasons: c.overrideReasons?.map((r) => r.code) ?? [],
          suggestions: Object.fromEntries((c.suggestions ?? []).flatMap((s) => (s.uuid ? [[s.uuid, s.label]] : []))),
          versions: rowVersions(engine.config),
        })),
      );
    }
    return { cards, service, evaluation, dataSources: resolution.sources };
  }
}
