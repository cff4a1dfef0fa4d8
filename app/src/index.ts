/**
 * index.html, where the SMART launch lands: read the record, decide with the service's own engine and card
 * renderer (so the page and the card cannot disagree), draw the trend, list the values.
 * DOM test hooks: [data-decision] (the card's code, "" when there is no decision), [data-chart="alt"][data-points].
 */
import FHIR from 'fhirclient';
import 'uplot/dist/uPlot.min.css';
import './app.css';
import type { Locale } from '../../src/config/locale.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import { num } from '../../src/cards/format.js';
import { addMonths, isoDate } from '../../src/fhir/time.js';
import { showBanner } from './banner.js';
import { BANDS, drawAltChart, drawOtherChart, type View } from './chart.js';
import { renderMarkdown } from './markdown.js';
import { PAGE_TEXT, READ_NAMES, type PageText } from './messages.js';
import { readRecord } from './reads.js';
import { seriesOf, type Series } from './series.js';
import { chosenLocale, loadAppConfig } from './session.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function fail(message: string, details: string[] = []): void {
  const box = $('status');
  box.setAttribute('role', 'alert');
  box.dataset.error = 'true';
  box.replaceChildren(el('strong', {}, message));
  if (details.length) {
    const ul = el('ul');
    for (const d of details) ul.append(el('li', {}, d));
    box.append(ul);
  }
}


/** The decision in words (the card's topic display), its code small beside it, then the card's summary. */
function showDecision(t: PageText, topic: { code?: string; display?: string } | undefined, summary: string | undefined, detail: string | undefined, silentBecause: string | undefined): void {
  const code = topic?.code ?? '';
  const box = $('decision');
  box.replaceChildren(el('h2', {}, t.decision));
  if (!code) {
    const why = silentBecause === 'on-interferon' ? t.onInterferon : silentBecause === 'out-of-scope' ? t.outOfScope : t.silent;
    box.append(el('p', { class: 'silent' }, why));
  } else {
    const headline = el('p', { class: 'headline' });
    headline.append(el('span', { class: 'topic' }, topic?.display ?? code), el('code', { class: 'code' }, code));
    box.append(headline, el('p', { class: 'summary' }, summary ?? ''));
  }
  const facts = $('facts');
  facts.replaceChildren();
  if (code && detail) {
    const d = el('details', { class: 'facts', open: '' });
    d.append(el('summary', {}, t.facts), renderMarkdown(detail));
    facts.append(d);
  }
  box.dataset.decision = code; // set last: tests wait for it
}

function showBands(t: PageText): void {
  const ul = $('bands');
  ul.replaceChildren(...BANDS.map((b) => el('li', { 'data-band': String(b) }, t.band(b))));
}

function showTable(t: PageText, s: Series, months: number): void {
  const table = $<HTMLTableElement>('values');
  table.replaceChildren();
  table.createCaption().textContent = t.tableCaption(months);
  const head = table.createTHead().insertRow();
  for (const c of [t.columns.date, t.columns.test, t.columns.value, t.columns.multiple, t.columns.source]) head.append(el('th', { scope: 'col' }, c));
  const rows: { time: number; cells: string[] }[] = [
    ...s.alt.map((a) => ({ time: a.time, cells: [t.tests.alt, `${num(a.value)} U/L`, `${num(a.multiple, 2)}× (ULN ${num(a.uln)})`, a.source] })),
    ...s.dna.map((d) => ({ time: d.time, cells: [t.tests.dna, d.log !== undefined ? `${d.belowDetection ? '<' : ''}${num(d.log, 2)} log IU/mL (${d.belowDetection ? '<' : ''}${num(d.iu!, 0)} IU/mL)` : t.belowDetection, '', d.source] })),
    ...s.tbil.map((b) => ({ time: b.time, cells: [t.tests.tbil, `${num(b.umolL)} µmol/L`, `${num(b.umolL / b.ulnUmolL, 2)}× (ULN ${num(b.ulnUmolL)})`, b.source] })),
    ...s.biopsies.map((h) => ({ time: h.time, cells: [t.tests.histology, h.label, '', h.source] })),
  ].sort((a, b) => b.time - a.time);
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    tr.append(el('th', { scope: 'row' }, isoDate(r.time)));
    for (const c of r.cells) tr.insertCell().textContent = c;
  }
}

/** The first result of any series in the period (epoch ms), if any. */
function firstResult(s: Series): number | undefined {
  const times = [s.alt[0]?.time, s.dna[0]?.time, s.tbil[0]?.time, s.biopsies[0]?.time].filter((x): x is number => x !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

/** The default span: from the first result in the period, but at least the last 6 months. */
const MIN_VIEW_MONTHS = 6;
function fittedView(s: Series, locale: Locale): View {
  const first = firstResult(s);
  const sixMonths = addMonths(s.to, -MIN_VIEW_MONTHS);
  // A little room before the first result, so its point is not on the axis.
  const from = first === undefined ? sixMonths : Math.max(s.from, Math.min(sixMonths, first - (s.to - first) * 0.03));
  return { from, to: s.to, locale };
}

/** Buttons for the span shown: from the first result (default), 6 months, 1 year, 3 years (those within the period). */
function showRange(t: PageText, s: Series, months: number, locale: Locale, draw: (view: View) => void): void {
  const box = $('range');
  box.replaceChildren(el('span', {}, `${t.range.label}:`));
  box.setAttribute('aria-label', t.range.label);
  const choices: [key: string, label: string, view: () => View][] = [
    ['fit', t.range.fit, () => fittedView(s, locale)],
    ...[6, 12, 36].filter((m) => m <= months).map((m): [string, string, () => View] => [String(m), t.range.months(m), () => ({ from: Math.max(s.from, addMonths(s.to, -m)), to: s.to, locale })]),
  ];
  const buttons = choices.map(([key, label, view]) => {
    const b = el('button', { type: 'button', 'data-range': key, 'aria-pressed': key === 'fit' ? 'true' : 'false' }, label);
    b.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === b));
      draw(view());
    });
    return b;
  });
  box.append(...buttons);
}

function showCharts(t: PageText, s: Series, months: number, view: View): void {
  const alt = $('alt-chart');
  alt.dataset.points = String(s.alt.length);
  alt.setAttribute('aria-label', `${t.altChart}, ${t.period(months)}`);
  $('alt-empty').textContent = s.alt.length ? '' : t.noAlt(months);
  const latest = s.alt[s.alt.length - 1];
  $('alt-latest').textContent = latest ? `${t.latest}: ${num(latest.multiple, 2)}×ULN (${num(latest.value)} U/L), ${isoDate(latest.time)}` : '';
  $('flare-note').textContent = t.flareWindow(s.flareDays);
  drawAltChart(alt, s, t, view);
  const other = $('other-chart');
  other.setAttribute('aria-label', `${t.otherChart}, ${t.period(months)}`);
  drawOtherChart(other, s, t, view);
}

/** A FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) in the page's language; partial dates as written. */
const dateText = (locale: Locale) => (iso: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)) : iso;

function applyText(t: PageText, locale: Locale, months: number): void {
  document.documentElement.lang = locale;
  document.title = t.title;
  $('title').textContent = t.title;
  $('period').textContent = t.period(months);
  $('alt-heading').textContent = t.altChart;
  $('other-heading').textContent = t.otherChart;
  showBands(t);
}

async function main(): Promise<void> {
  // The settings and the launch (the token request, on an EHR launch) in parallel: one round trip less.
  const [configRead, launched] = await Promise.allSettled([loadAppConfig(), FHIR.oauth2.ready()]);
  if (configRead.status === 'rejected') {
    const e: unknown = configRead.reason;
    return fail(`${PAGE_TEXT.en.configFailed} / ${PAGE_TEXT['zh-CN'].configFailed}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const config: AppConfig = configRead.value;
  let client;
  try {
    if (launched.status === 'rejected') throw launched.reason;
    client = launched.value;
  } catch (e) {
    const t = PAGE_TEXT[chosenLocale(undefined, config.locale)];
    return fail(`${t.launchFailed}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const locale = chosenLocale((client.state.tokenResponse as { locale?: unknown } | undefined)?.locale, config.locale);
  const t = PAGE_TEXT[locale];
  const months = config.periodMonths;
  applyText(t, locale, months);
  const patientId = client.patient.id;
  if (!patientId) return fail(t.noPatient);
  $('status').textContent = t.loading;

  const timings: Record<string, number> = { ready: Math.round(performance.now()) };
  const read = await readRecord(client, patientId, config.prefetch);
  timings.read = Math.round(performance.now());
  if (!read.ok) {
    const names = READ_NAMES[locale];
    return fail(
      t.readFailed(read.failures.map((f) => names[f.key] ?? f.key).join(locale === 'en' ? ', ' : '、')),
      read.failures.map((f) => `${names[f.key] ?? f.key}: ${f.reason}`),
    );
  }
  const now = Date.now();
  const { cards, evaluation } = createCardEngine(config.clinical, locale).evaluate(
    'patient-view',
    { patientId, userId: 'Practitioner/unknown' },
    read.data,
    new Date(now),
    locale,
  );
  timings.decided = Math.round(performance.now());
  const card = cards[0];
  const series = seriesOf(read.data, config.clinical, now, months);
  const context = client.state.tokenResponse as { need_patient_banner?: unknown } | undefined;
  if (context?.need_patient_banner !== false) showBanner($('banner'), read.data.patient, t, dateText(locale));
  showCharts(t, series, months, fittedView(series, locale));
  showRange(t, series, months, locale, (view) => showCharts(t, series, months, view));
  showTable(t, series, months);
  showDecision(t, card?.source.topic, card?.summary, card?.detail, evaluation.silentBecause);
  $('status').textContent = '';
  timings.drawn = Math.round(performance.now());
  // Where the time went, for the browser test's speed figure.
  document.body.dataset.timings = JSON.stringify(timings);
}

main().catch((e: unknown) => fail(`Error / 错误: ${e instanceof Error ? e.message : String(e)}`));
