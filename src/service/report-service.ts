/** The governance report, as one use case: period and filters → the store's rows → counts → a format. Used by the CLI and GET /admin/report. */
import type { Locale } from '../config/locale.js';
import { buildReport, type ReportFilter } from '../report/queries.js';
import { decisionNames } from '../report/names.js';
import { renderReport, type RenderedReport, type RenderOptions, type ReportFormat } from '../report/render.js';
import type { Report } from '../report/compute.js';
import type { FeedbackStore } from '../store/store.js';

export interface ReportServiceDeps {
  store: FeedbackStore;
  /** The report's language when a request names none. */
  locale: Locale;
  now: () => Date;
}

/** What a report is asked for: the period, the rules version / config hash to keep (none: all), its language. */
export interface ReportRequest extends ReportFilter {
  since?: Date;
  until?: Date;
  locale?: Locale;
}

export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  report(request: ReportRequest): Promise<Report> {
    const { locale = this.deps.locale, ...rest } = request;
    return buildReport(this.deps.store, { ...rest, now: this.deps.now(), nameOf: decisionNames(locale) });
  }

  async rendered(request: ReportRequest, format: ReportFormat, options: RenderOptions = {}): Promise<RenderedReport> {
    return renderReport(await this.report(request), format, request.locale ?? this.deps.locale, options);
  }
}
