/** The governance report, as one use case: period → the store's rows → counts → a format. Used by the CLI and GET /admin/report. */
import type { Locale } from '../config/locale.js';
import { buildReport } from '../report/queries.js';
import { decisionNames } from '../report/names.js';
import { renderReport, type RenderedReport, type ReportFormat } from '../report/render.js';
import type { Report } from '../report/compute.js';
import type { FeedbackStore } from '../store/store.js';

export interface ReportServiceDeps {
  store: FeedbackStore;
  locale: Locale;
  now: () => Date;
}

export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  report(period: { since?: Date; until?: Date }): Promise<Report> {
    return buildReport(this.deps.store, { ...period, now: this.deps.now(), nameOf: decisionNames(this.deps.locale) });
  }

  async rendered(period: { since?: Date; until?: Date }, format: ReportFormat): Promise<RenderedReport> {
    return renderReport(await this.report(period), format, this.deps.locale);
  }
}
