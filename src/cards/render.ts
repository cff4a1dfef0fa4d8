/**
 * Card rendering (clinical-rules.md §4 "Card" column, §5, §7): a Decision becomes one localized CDS Hooks card.
 * No clinical judgement here: every fact, clause, caveat and threshold comes from the Decision; this file only
 * chooses words. Layout: decision, why (numbers), safety screen, evidence; resource ids and steps in a footer.
 */
import type { MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Action, Card, Coding, Suggestion } from '../contract/types.js';
import { NA_ATC, ORDERABLE } from '../engine/codes.js';
import { indicatorFor } from '../engine/indicator.js';
import { isOrderHook } from '../engine/evaluate.js';
import { SYSTEM } from '../fhir/systems.js';
import type { AltReading, Decision, Evaluation, FibrosisReading, HistologyReading, MissingInput, NaDrug, RuleId, TbilReading } from '../engine/types.js';
import type { Locale } from '../config/locale.js';
import { day, grouped, iu, multiple, num, percent, quoted, scientific } from './format.js';
import { MESSAGES, type Messages, type OverrideCode } from './messages.js';
import { displayOf, naName, orderName, ROLE_NAMES, SNOMED_NAMES } from './terminology.js';

export const SUMMARY_MAX = 139;

export interface RenderOptions {
  locale: Locale;
  newId?: () => string;
  /** The service's public base URL (no trailing slash): source.url points at `<base>/rules#<D-id>`. */
  baseUrl?: string;
}

interface Ctx {
  m: Messages;
  locale: Locale;
  d: Decision;
  e: Evaluation;
}

// ---------------------------------------------------------------- phrases

const altPhrase = ({ m }: Ctx, a: AltReading): string => m.alt(multiple(a.multiple), num(a.value), num(a.uln), m.ulnOrigin[a.ulnOrigin]);
const altShort = (a: AltReading): string => `ALT ${multiple(a.multiple)}`;
const tbilPhrase = ({ m }: Ctx, t: TbilReading): string => m.tbil(num(t.umolL), num(t.ulnUmolL));
const tbilShort = (t: TbilReading): string => `${num(t.umolL)} µmol/L`;

function histologyLabel(h: HistologyReading): string {
  switch (h.scale) {
    case 'scheuer':
      return `Scheuer G${h.grade}`;
    case 'metavir':
      return `METAVIR A${h.grade}`;
    case 'knodell':
      return `Knodell HAI ${h.grade}`;
    case 'ishak':
      return `Ishak HAI ${h.grade}`;
    default:
      return `HAI ${h.grade}`;
  }
}

function stageLabel(s: FibrosisReading): string {
  return s.scale === 'scheuer' ? `Scheuer S${s.stage}` : s.scale === 'metavir' ? `METAVIR F${s.stage}` : `Ishak F${s.stage}`;
}

function dnaPhrase({ m, d }: Ctx): string {
  const dna = d.facts.dna.latest;
  if (!dna) return m.dnaState(d.thresholds.hbvDnaLookbackMonths).unknown;
  if (dna.belowDetection) return m.dna.belowDetection(dna.iu !== undefined ? iu(dna.iu) : undefined);
  if (dna.iu === undefined) return m.dna.detected;
  const copies = dna.reportedIn === 'copies' || dna.reportedIn === 'log-copies' ? m.paren(m.copiesFactor(num(d.thresholds.copiesPerIU, 2))) : '';
  return `${iu(dna.iu)}${copies}`;
}

function naCurrentName({ locale, m, d }: Ctx): string {
  const na = d.facts.onNa;
  if (!na) return '';
  const name = na.drug ? naName(na.drug, locale) : 'NA';
  return na.recordText ? m.naWithRecord(name, quoted(na.recordText)) : name;
}

/** Why the bilirubin counts as significantly elevated, with the config's numbers. */
function tbilReasons({ m, d }: Ctx): string {
  const t = d.thresholds;
  const names = m.tbilReason({ multiple: num(t.tbilUlnMultiple), absolute: num(t.tbilAbsoluteUmolL), rise: num(t.tbilRiseUmolL), riseDays: t.tbilRiseWithinDays });
  return m.list(d.facts.tbil.reasons.map((r) => names[r]));
}

// ---------------------------------------------------------------- summary

function therapyPhrase({ m, d }: Ctx): string {
  return d.na.continueCurrent ? m.summary.continueNa : m.summary.naPreferred;
}

function summaryCandidates(c: Ctx): string[] {
  const { m, d, locale } = c;
  const f = d.facts;
  const a = f.latestAlt;
  const variants = (build: (alt: string) => string): string[] => (a ? [build(altPhrase(c, a)), build(altShort(a))] : []);
  const peak = f.flare ? multiple(f.flare.peak.multiple) : '';
  const tbil = f.tbil.latest;
  switch (d.id) {
    case 'D0':
      return variants(m.summary.D0);
    case 'D1': {
      if (d.caveats.includes('dna-below-detection')) return variants(m.summary.D1dnaBelow);
      const missing: string[] = [];
      if (f.safetyScreen.tbil.state === 'unknown') missing.push('TBil');
      if (f.safetyScreen.neutrophils.state === 'unknown' || f.safetyScreen.platelets.state === 'unknown') missing.push(m.summary.bloodCount);
      if (f.dna.state === 'unknown') missing.push('HBV DNA');
      return missing.length ? variants((alt) => m.summary.D1missing(alt, m.list(missing))) : variants(m.summary.D1);
    }
    case 'D2':
      return variants((alt) => m.summary.D2(alt, f.triggers.filter((t) => t.state === 'met' || t.state === 'recorded').length));
    case 'D3': {
      const h = histologyLabel(f.histology!);
      const dna = d.caveats.includes('dna-unknown') ? m.summary.dnaNotOnRecord : d.caveats.includes('dna-below-detection') ? m.summary.dnaUndetectable : '';
      return dna ? [...variants((alt) => m.summary.D3dna(h, alt, dna)), ...variants((alt) => m.summary.D3(h, alt))] : variants((alt) => m.summary.D3(h, alt));
    }
    case 'D4':
      return variants((alt) => m.summary.D4(histologyLabel(f.histology!), alt));
    case 'D5': {
      const t = therapyPhrase(c);
      const cl = d.d5Clauses;
      if (f.flare?.dissociation && tbil) return variants((alt) => m.summary.D5dissociation(alt, tbilShort(tbil)));
      if (cl.includes('flare-not-settling')) return variants((alt) => m.summary.D5notSettling(alt, t));
      if (cl.includes('bilirubin') && tbil) return [...variants((alt) => m.summary.D5bilirubin(alt, `${tbilShort(tbil)}${m.paren(tbilReasons(c))}`, t)), ...variants((alt) => m.summary.D5bilirubin(alt, tbilShort(tbil), t))];
      if (cl.includes('flare-in-cirrhosis')) return variants((alt) => m.summary.D5cirrhosis(alt, peak, t));
      return variants((alt) => m.summary.D5coagulopathy(alt, `${m.inr(num(f.inr.latest!.value, 2))}${m.paren(`>${num(d.thresholds.inrHigh, 2)}`)}`, t));
    }
    case 'D6':
      return variants((alt) => m.summary.D6(alt, peak, tbil ? tbilShort(tbil) : '?'));
    case 'D7':
      return d.missing.includes('alt') ? [m.summary.D7alt(d.thresholds.altLookbackDays)] : variants((alt) => m.summary.D7tbil(alt, peak));
    case 'D8': {
      const first = d.contraindications[0]!;
      const label = first.count ? `${m.contraindication[first.kind]} ${m.count(num(first.count.value, 2))}` : m.contraindication[first.kind];
      const na = d.na.switchToTenofovirDf ? m.summary.switchToTdf : d.na.offer ? m.summary.considerNa(naName(d.na.offer, locale)) : '';
      return [m.summary.D8(label, d.contraindications.length - 1, na), m.summary.D8(m.contraindication[first.kind], d.contraindications.length - 1, na)];
    }
    case 'D9': {
      if (d.d9Reasons.includes('fibrosis')) {
        const stage = f.fibrosis.stage && (f.fibrosis.stage.cirrhosis || !f.fibrosis.cirrhosis) ? stageLabel(f.fibrosis.stage) : displayOf(SNOMED_NAMES, { system: SYSTEM.snomed, code: '19943007' }, locale);
        return variants((alt) => m.summary.D9fibrosis(stage, alt, therapyPhrase(c)));
      }
      return variants((alt) => m.summary.D9flare(peak, alt, d.thresholds.postFlareRecheckWeeks));
    }
  }
}

export function renderSummary(c: Ctx): string {
  const candidates = summaryCandidates(c);
  const prefixed = isOrderHook(c.e.hook) ? candidates.map((s) => c.m.summary.orderPrefix(c.e.orders.length) + s) : [];
  const fits = [...prefixed, ...candidates].find((s) => [...s].length <= SUMMARY_MAX);
  // Last resort: cut at a character boundary (never observed with the built-in texts; guarded by tests).
  return fits ?? [...candidates[candidates.length - 1]!].slice(0, SUMMARY_MAX - 1).join('') + '…';
}

// ---------------------------------------------------------------- detail

/** Refs collected for the footer: each resource id once, numbered in order of first mention. */
class Refs {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  cite(source: string): string {
    let i = this.index.get(source);
    if (i === undefined) this.index.set(source, (i = this.list.push(source) - 1));
    return `[${i + 1}]`;
  }
}

interface Row {
  kind: keyof Messages['kind'];
  value: string;
  date?: string;
  rules: RuleId[];
  source: string;
}

/** The passage rules an ALT result was read under: only where the rule applies (a 5×ULN ALT is not P4). */
function altRules(a: AltReading, d: Decision): RuleId[] {
  const flareContext = d.facts.flare !== undefined || d.id === 'D5';
  if (a.band === 'severe') return ['P4', 'P7'];
  if (a.band === 'window') return flareContext ? ['P7'] : a === d.facts.latestAlt ? ['P2', 'P5'] : ['P2'];
  if (flareContext && a === d.facts.latestAlt) return ['P3', 'P7'];
  return a.band === 'mild' && d.facts.recurrentMild && d.id === 'D2' ? ['P3', 'P6'] : ['P3'];
}

/**
 * The ALT course in the evidence table: the newest ALT_COURSE_ROWS results of the lookback window (a year of
 * monthly follow-up), plus every older one a rule used. A record with results several times a day would
 * otherwise list a thousand rows that no rule read; those are summed up in one line (altNotListed).
 */
export const ALT_COURSE_ROWS = 15;

/** The ALT results the decision rests on: the latest, the flare's peak and the ALT before, the recurrent-mild span. */
function altResultsUsed(f: Decision['facts']): Set<AltReading> {
  return new Set([f.latestAlt, f.flare?.peak, f.flare?.altBefore, f.recurrentMildSpan?.newest, f.recurrentMildSpan?.oldest].filter((a): a is AltReading => a !== undefined));
}

function altCourse(f: Decision['facts']): { listed: AltReading[]; notListed: AltReading[] } {
  const used = altResultsUsed(f);
  const listed: AltReading[] = [];
  const notListed: AltReading[] = [];
  f.altHistory.forEach((a, i) => (i < ALT_COURSE_ROWS || used.has(a) ? listed : notListed).push(a));
  return { listed, notListed };
}

function evidenceRows(c: Ctx, altListed: AltReading[]): Row[] {
  const { m, d, locale } = c;
  const f = d.facts;
  const rows: Row[] = [];
  const seen = new Set<string>();
  const add = (r: Row) => {
    const key = `${r.source}|${r.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(r);
  };
  const tbilRules: RuleId[] = f.flare || d.id === 'D5' ? ['P7'] : [];
  for (const k of d.contraindications) {
    if (k.condition) add({ kind: 'condition', value: displayOf(SNOMED_NAMES, k.condition.code, locale), ...(k.condition.date ? { date: k.condition.date } : {}), rules: [], source: k.condition.source });
    if (k.pregnancyStatus) add({ kind: 'pregnancy-status', value: displayOf(SNOMED_NAMES, { system: SYSTEM.snomed, code: '77386006' }, locale), date: day(k.pregnancyStatus.time), rules: [], source: k.pregnancyStatus.source });
  }
  for (const a of altListed) add({ kind: 'alt', value: `${num(a.value)} U/L${m.paren(`${multiple(a.multiple)}${m.comma}ULN ${num(a.uln)}`)}`, date: day(a.time), rules: altRules(a, d), source: a.source });
  for (const t of [f.tbil.latest, f.tbil.previous, f.tbil.lastOnRecord]) if (t) add({ kind: 'tbil', value: tbilPhrase(c, t), date: day(t.time), rules: tbilRules, source: t.source });
  const inr = f.inr.latest ?? f.inr.lastOnRecord;
  if (inr) add({ kind: 'inr', value: num(inr.value, 2), date: day(inr.time), rules: f.flare ? ['P7'] : [], source: inr.source });
  if (f.pt) add({ kind: 'pt', value: `${num(f.pt.seconds)} s`, date: day(f.pt.time), rules: [], source: f.pt.source });
  for (const k of ['neutrophils', 'platelets'] as const) {
    const r = f.safetyScreen[k].reading;
    if (r) add({ kind: k, value: m.count(num(r.value, 2)), date: day(r.time), rules: [], source: r.source });
  }
  if (f.dna.latest) add({ kind: 'hbv-dna', value: dnaPhrase(c), date: day(f.dna.latest.time), rules: ['P5'], source: f.dna.latest.source });
  if (f.latestHbeag) add({ kind: 'hbeag', value: f.latestHbeag.positive ? m.positive : m.negative, date: day(f.latestHbeag.time), rules: ['P6'], source: f.latestHbeag.source });
  if (f.histology) add({ kind: 'histology', value: histologyLabel(f.histology), date: day(f.histology.time), rules: ['P5', 'P6'], source: f.histology.source });
  if (f.fibrosis.stage) add({ kind: 'fibrosis', value: stageLabel(f.fibrosis.stage), date: day(f.fibrosis.stage.time), rules: [], source: f.fibrosis.stage.source });
  for (const cond of f.fibrosis.cirrhosisConditions) add({ kind: 'condition', value: displayOf(SNOMED_NAMES, cond.code, locale), ...(cond.date ? { date: cond.date } : {}), rules: [], source: cond.source });
  for (const t of f.triggers) {
    if (t.age) add({ kind: 'age', value: m.age(t.age.min === t.age.max ? `${t.age.min}` : `${t.age.min}–${t.age.max}`), date: t.age.birthDate, rules: ['P6'], source: t.age.source });
    for (const fh of t.family ?? []) {
      const who = fh.relationship ? displayOf(ROLE_NAMES, fh.relationship, locale) : '';
      add({ kind: 'family-history', value: `${who ? `${who}${m.colon}` : ''}${displayOf(SNOMED_NAMES, fh.condition, locale)}`, rules: ['P6'], source: fh.source });
    }
    for (const l of t.lesions ?? []) add({ kind: 'condition', value: displayOf(SNOMED_NAMES, l.code, locale), ...(l.date ? { date: l.date } : {}), rules: ['P6'], source: l.source });
  }
  if (f.onNa) add({ kind: 'medication', value: naCurrentName(c), rules: [], source: f.onNa.source });
  return rows;
}

function recommendation(c: Ctx): string[] {
  const { m, d, locale } = c;
  const f = d.facts;
  const out: string[] = [];
  const months = d.thresholds.hbvDnaLookbackMonths;
  if (d.id === 'D5') {
    if (f.flare?.dissociation) out.push(m.d5Dissociation);
    for (const cl of d.d5Clauses) out.push(m.d5Clause[cl]);
    if (d.d5Clauses.includes('flare-not-settling') && f.latestAlt!.multiple > 10) out.push(m.d5NotSettlingWait);
    out.push(f.onNa ? m.d5OnNa : m.recommendation.D5);
  } else if (d.id === 'D7' && d.missing.includes('tbil')) {
    out.push(m.d7TbilBody(d.thresholds.tbilWithinDaysOfAlt));
    const last = f.tbil.lastOnRecord;
    out.push(last ? m.d7TbilLast(tbilPhrase(c, last), day(last.time)) : m.d7TbilNone);
  } else if (d.id === 'D9') {
    out.push(m.recommendation.D9);
    if (d.d9Reasons.includes('settled-flare')) out.push(m.d9Flare(multiple(f.flare!.peak.multiple), day(f.flare!.peak.time), d.thresholds.postFlareRecheckWeeks));
    if (d.d9Reasons.includes('fibrosis')) {
      out.push(m.d9Fibrosis);
      if (f.dna.state === 'below-detection') out.push(m.d9DnaBelow);
      if (f.dna.state === 'unknown') out.push(m.d1Caveat(months)['dna-unknown']);
    }
  } else if (d.id === 'D8') {
    out.push(m.recommendation.D8);
    if (d.na.transplantReferral) out.push(m.d8Na.transplant);
    if (d.na.switchToTenofovirDf) out.push(m.d8Na.switchToTdf);
    else if (d.na.offer) out.push(m.d8Na.offer(naName(d.na.offer, locale)));
    else if (d.na.continueCurrent) out.push(m.d8Na.continueCurrent);
    else if (!d.na.therapyIndicated) out.push(m.d8Na.notIndicated);
  } else {
    out.push(m.recommendation[d.id]);
    if (d.id === 'D1') {
      const caveats = m.d1Caveat(months);
      for (const cv of d.caveats) out.push(caveats[cv]);
      if (d.caveats.length === 0) out.push(m.d1SafeClause);
    }
    if (d.id === 'D3') {
      out.push(m.d3P3);
      for (const cv of d.caveats) out.push(m.d1Caveat(months)[cv]);
    }
    if (d.id === 'D4' && f.fibrosis.stage) out.push(m.d4Stage(stageLabel(f.fibrosis.stage)));
  }
  if (f.onNa && d.id !== 'D8') {
    out.push(m.onNa(naCurrentName(c)));
    if (f.dna.state === 'detectable') out.push(m.onNaDetectable);
  } else if (d.id === 'D3' && !f.onNa) out.push(m.naAlternative(naName('entecavir', locale)));
  return out;
}

function whyLines(c: Ctx): string[] {
  const { m, d } = c;
  const f = d.facts;
  const t = d.thresholds;
  const lines: string[] = [];
  const a = f.latestAlt;
  if (a) lines.push(`${altPhrase(c, a)}${m.comma}${day(a.time)}`);
  if (f.flare) {
    lines.push(m.flareLine(multiple(f.flare.peak.multiple), day(f.flare.peak.time)));
    if (f.flare.altBefore && f.flare.altBefore !== f.flare.peak) lines.push(m.altBefore(altShort(f.flare.altBefore), day(f.flare.altBefore.time)));
    if (f.flare.falling && a) lines.push(m.d6Fall(multiple(f.flare.peak.multiple), multiple(a.multiple), percent(f.flare.fractionOfPeak)));
  }
  if (f.tbil.latest && (f.flare || f.tbil.state === 'elevated')) {
    lines.push(`TBil ${tbilPhrase(c, f.tbil.latest)}${m.comma}${day(f.tbil.latest.time)}${f.tbil.state === 'elevated' ? m.paren(tbilReasons(c)) : ''}`);
  }
  if (f.flare || d.id === 'D5') {
    const inr = f.inr.latest;
    lines.push(inr ? m.inrLine(num(inr.value, 2), day(inr.time), num(t.inrHigh, 2), t.inrWithinDays, f.inr.coagulopathy) : m.inrNone(t.inrWithinDays));
    if (f.pt) lines.push(`${m.pt(num(f.pt.seconds))}${m.comma}${day(f.pt.time)}`);
  }
  if (f.fibrosis.stage && (d.id === 'D9' || d.id === 'D4' || d.id === 'D3' || d.id === 'D1' || d.id === 'D5')) {
    lines.push(`${m.kind.fibrosis}${m.colon}${stageLabel(f.fibrosis.stage)}${m.comma}${day(f.fibrosis.stage.time)}`);
  }
  if (d.id === 'D9' || d.id === 'D1' || d.id === 'D3' || f.onNa) lines.push(`HBV DNA${m.colon}${dnaPhrase(c)}${f.dna.latest ? `${m.comma}${day(f.dna.latest.time)}` : ''}`);
  if (a) lines.push(m.ulnLine(num(a.uln), m.ulnOrigin[a.ulnOrigin]));
  return lines;
}

function screenLines(c: Ctx): string[] {
  const { m, d } = c;
  const s = d.facts.safetyScreen;
  const t = d.thresholds;
  const lines: string[] = [];
  const tb = s.tbil.reading;
  lines.push(`TBil${m.colon}${tb ? `${tbilPhrase(c, tb)}${m.comma}${day(tb.time)} — ${m.screenState[s.tbil.state]}` : m.screenTbilUnknown(t.tbilWithinDaysOfAlt)}`);
  for (const [k, below, relative] of [
    ['neutrophils', t.neutrophilsBelow, t.relativeNeutrophilsBelow],
    ['platelets', t.plateletsBelow, t.relativePlateletsBelow],
  ] as const) {
    const item = s[k];
    lines.push(`${m.kind[k]}${m.colon}${item.reading ? `${m.count(num(item.reading.value, 2))}${m.comma}${day(item.reading.time)} — ${m.screenState[item.state]}` : m.screenUnknown(t.cytopeniaLookbackDays)}${m.paren(m.screenThresholds(num(below, 2), num(relative, 2)))}`);
  }
  return lines;
}

export function renderDetail(c: Ctx): string {
  const { m, d, e } = c;
  const refs = new Refs();
  const lines: string[] = [];
  lines.push(`**${m.heading.decision}${m.colon}${d.id} · \`${d.code}\`** — ${m.topic[d.code]}${d.rules.length ? m.paren(d.rules.join(', ')) : ''}`);
  if (e.orders.length) {
    const names = e.orders.map((o) => `${o.recordText ? quoted(o.recordText) : m.heading.orders} ${refs.cite(o.reference)}`);
    lines.push('', `${m.heading.orders}${m.colon}${m.list(names)}`);
    if (e.orders.length > 1) lines.push('', m.duplicateOrders(e.orders.length));
  }
  lines.push('', recommendation(c).join(' '));

  if (d.contraindications.length) {
    lines.push('', `**${m.heading.contraindications}**`, '');
    for (const k of d.contraindications) {
      const src = k.condition?.source ?? k.pregnancyStatus?.source ?? k.count!.source;
      const value = k.count ? `${m.count(num(k.count.value, 2))}${m.comma}${day(k.count.time)}` : k.condition ? displayOf(SNOMED_NAMES, k.condition.code, c.locale) : day(k.pregnancyStatus!.time);
      lines.push(`- ${m.contraindication[k.kind]}${m.colon}${value} ${refs.cite(src)}`);
    }
  }

  lines.push('', `**${m.heading.why}**`, '');
  for (const l of whyLines(c)) lines.push(`- ${l}`);

  lines.push('', `**${m.heading.safetyScreen}**`, '');
  for (const l of screenLines(c)) lines.push(`- ${l}`);

  const t = d.thresholds;
  const predictorNames = m.predictor(scientific(t.predictorDnaMaxCopies), grouped(t.predictorDnaMaxIU));
  lines.push('', `**${m.heading.predictors}**`, '');
  for (const p of d.facts.predictors) lines.push(`- ${predictorNames[p.kind]}${m.colon}**${m.tri[p.met]}**`);

  const triggerNames = m.trigger(t.biopsyAge, grouped(t.hbeagNegativeDnaIU));
  lines.push('', `**${m.heading.triggers}**`, '');
  for (const tr of d.facts.triggers) lines.push(`- ${triggerNames[tr.kind]}${m.colon}**${m.triggerState[tr.state]}**`);
  if (d.missing.includes('hbv-dna') && (d.id === 'D0' || d.id === 'D2')) lines.push('', m.triggerDnaNeeded(t.hbvDnaLookbackMonths));

  lines.push('', `**${m.heading.evidence}**`, '');
  lines.push(`| ${m.table.result} | ${m.table.value} | ${m.table.date} | ${m.table.rule} | ${m.table.ref} |`, '|---|---|---|---|---|');
  const course = altCourse(d.facts);
  const rows = evidenceRows(c, course.listed);
  if (rows.length === 0) lines.push(`| ${m.noEvidence} | ${m.notApplicable} | ${m.notApplicable} | ${m.notApplicable} | ${m.notApplicable} |`);
  for (const r of rows) lines.push(`| ${m.kind[r.kind]} | ${r.value} | ${r.date ?? m.notApplicable} | ${r.rules.join(', ') || m.notApplicable} | ${refs.cite(r.source)} |`);
  const { notListed } = course;
  if (notListed.length) {
    // altHistory is newest first; the range is of the multiples, as the rules read them.
    const multiples = notListed.map((a) => a.multiple);
    lines.push('', m.altNotListed(notListed.length, day(notListed[notListed.length - 1]!.time), day(notListed[0]!.time), multiple(Math.min(...multiples)), multiple(Math.max(...multiples))));
  }

  if (d.passedOver.length) {
    const items = d.passedOver.map((p) => `${m.input[p.input]} ${refs.cite(p.source)}${p.date ? ` ${p.date}` : ''}${m.colon}${m.passReason[p.reason](p.unit !== undefined ? quoted(p.unit) : undefined)}`);
    lines.push('', `**${m.heading.passedOver}**${m.colon}${items.join('; ')}`);
  }

  lines.push('', '---', `<sub>${m.sourceNote} ${m.internationalNote}</sub>`);
  const ids = refs.list.map((s, i) => `[${i + 1}] \`${s}\``).join(' · ');
  const steps = d.steps.map((s) => `${s.step}·${s.decision}${s.applies ? '✔' : '✘'}`).join(' ');
  lines.push('', `<sub>${ids}${ids ? ' — ' : ''}${m.heading.steps}${m.colon}${steps}</sub>`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- suggestions (§5)

function serviceRequest(patientRef: string, test: MissingInput, locale: Locale): ServiceRequest {
  const code = ORDERABLE[test];
  const display = orderName(code.code, 'en');
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: patientRef },
    code: { coding: [{ system: code.system, code: code.code, display }], text: orderName(code.code, locale) },
  };
}

function naDraft(patientRef: string, drug: NaDrug, locale: Locale): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: patientRef },
    medicationCodeableConcept: { coding: [{ system: SYSTEM.atc, code: NA_ATC[drug], display: naName(drug, 'en') }], text: naName(drug, locale) },
  };
}

function suggestionsFor(c: Ctx, indicator: Card['indicator'], newId: () => string): Suggestion[] {
  const { m, d, e, locale } = c;
  const patientRef = e.patientRef ?? 'Patient/unknown';
  const tests = d.missing.filter((t) => t !== 'alt' || d.id === 'D7');
  const testActions: Action[] = tests.map((t) => ({ type: 'create', description: m.actionDescription.orderTest(orderName(ORDERABLE[t].code, locale)), resource: serviceRequest(patientRef, t, locale) }));
  const testNames = m.list(tests.map((t) => orderName(ORDERABLE[t].code, locale)));
  const out: Suggestion[] = [];
  const order = isOrderHook(e.hook) && e.orders.length > 0 && indicator !== 'info';
  const cancel: Action[] = e.orders.map((o) => ({ type: 'delete', description: m.actionDescription.cancelOrder(o.reference), resourceId: o.reference }));
  if (order && testActions.length) out.push({ label: m.suggestion.orderTestsAndCancel(testNames, e.orders.length), uuid: newId(), actions: [...testActions, ...cancel] });
  if (testActions.length) out.push({ label: m.suggestion.orderTests(testNames), uuid: newId(), actions: testActions });
  if (order) {
    out.push({ label: m.suggestion.cancelOrder(e.orders.length), uuid: newId(), actions: cancel });
    const offer = d.id === 'D5' || d.id === 'D9' || d.id === 'D8' ? d.na.offer : undefined;
    if (offer) {
      out.push({
        label: m.suggestion.orderNaInstead(naName(offer, locale)),
        uuid: newId(),
        actions: [...cancel, { type: 'create', description: m.actionDescription.orderNa(naName(offer, locale)), resource: naDraft(patientRef, offer, locale) }],
      });
    }
  }
  return out;
}

function overrideReasons(m: Messages, d: Decision): Coding[] {
  const codes: OverrideCode[] =
    d.id === 'D8'
      ? [
          'specialist-reviewed',
          'record-out-of-date',
          ...(d.contraindications.every((k) => k.kind === 'neutropenia' || k.kind === 'thrombocytopenia') ? (['benefit-outweighs-risk'] as const) : []),
        ]
      : ['specialist-reviewed', 'benefit-outweighs-risk', 'patient-preference', 'record-incomplete'];
  return codes.map((code) => ({ system: SYSTEM.overrideReason, code, display: m.overrideReason[code] }));
}

const randomId = (): string => globalThis.crypto.randomUUID();

/** One card for a decision; none when the engine stayed silent (§1). */
export function renderCards(e: Evaluation, options: RenderOptions): Card[] {
  const d = e.decision;
  if (!d) return [];
  const c: Ctx = { m: MESSAGES[options.locale], locale: options.locale, d, e };
  const newId = options.newId ?? randomId;
  const indicator = indicatorFor(d, e.hook);
  const card: Card = {
    uuid: newId(),
    summary: renderSummary(c),
    detail: renderDetail(c),
    indicator,
    source: { label: c.m.sourceLabel, topic: { system: SYSTEM.cardTopic, code: d.code, display: c.m.topic[d.code] } },
  };
  if (options.baseUrl) card.source.url = `${options.baseUrl}/rules?lang=${options.locale}#${d.id}`;
  const suggestions = suggestionsFor(c, indicator, newId);
  if (suggestions.length) {
    card.suggestions = suggestions;
    card.selectionBehavior = 'at-most-one';
  }
  if (isOrderHook(e.hook) && indicator !== 'info') {
    card.overrideReasons = overrideReasons(c.m, d);
    card.selectionBehavior = 'at-most-one';
  }
  return [card];
}
