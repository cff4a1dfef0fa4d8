/** The settings the SMART app reads from GET /app/config.json before it reads anything else. */
import type { ClinicalConfig } from '../engine/config.js';
import type { Locale } from './locale.js';

export interface AppConfig {
  /** SMART client_id and scopes for the launch. */
  clientId: string;
  scope: string;
  /** Months of results shown. */
  periodMonths: number;
  /** The service's default language. */
  locale: Locale;
  /** The clinical settings the cards are decided with, so that the page decides the same. */
  clinical: ClinicalConfig;
  /**
   * The FHIR searches the page reads with, by prefetch key: the patient-view service's prefetch templates as this
   * service serves them in discovery (a site's own with CDS_SERVICES_FILE, e.g. with its local ALT code), so that
   * the chart shows what the card was decided on.
   */
  prefetch: Record<string, string>;
}
