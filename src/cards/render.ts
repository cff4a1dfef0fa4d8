/**
 * Card rendering (clinical-rules.md §4 "Key content", §5, §7 v3): a Decision becomes one localized CDS Hooks card.
 * No clinical judgement here: every fact, clause, caveat and threshold comes from the Decision or the clinical
 * config; this file only chooses words and shape. Shape (§7): summary; `detail` = **Why** (≤5 lines), at most one
 * decision-specific block, then `### Details` (evidence, passed over, source and footer, step trace, resources).
 * Plain GitHub-flavoured Markdown, no raw HTML; every string from the record goes through escape.ts.
 */
import type { MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Action, Card, Coding, Suggestion } from '../contract/types.js';
import { VERSION_EXTENSION } from '../contract/schemas.js';
import { NA_ATC } from '../engine/codes.js';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../engine/config.js';
import { indicatorFor } from '../engine/indicator.js';
import { isOrderHook } from '../engine/evaluate.js';
import { RULES_VERSION } from '../engine/rules-version.js';
import { SYSTEM } from '../fhir/systems.js';
import type { AltReading, CarriedKind, CarriedLine, Caveat, D5Clause, D5Tail, Decision, DnaReading, Evaluation, FibrosisReading, HistologyReading, InterferonOrder, MissingInput, NaDrug, NaLine, OnTreatmentLevel, OnTreatmentRule, RuleId, TbilReading } from '../engine/types.js';
import type { Locale } from '../config/locale.js';
import { dayIn, fixed, grouped, iu, multiple, num, percent, scientific } from './format.js';
import { mdCode, mdQuoted } from './escape.js';
import { MESSAGES, type Messages, type OverrideCode } from './messages.js';
import { CONDITION_NAMES, displayOf, IFN_NAMES, naName, naShort, ROLE_NAMES, SNOMED_NAMES, SUMMARY_NAMES } from './terminology.js';
import { WORDS, type BlockKind, type Words } from './words.js';

export const SUMMARY_MAX = 139;
/** §7: the why has at most this many lines; later ones move to Details. */
export const WHY_MAX = 5;
/** The rules version the cards and /rules implement: one constant, also stamped on every stored row. */
export { RULES_VERSION };

export interface RenderOptions {
  locale: Locale;
  newId?: () => string;
  /** The service's public base URL (no trailing slash): source.url points at `<base>/rules#<D-id>`. */
  baseUrl?: string;
  /** The clinical config the decision was made with (order codes, text values, time zone). */
  config?: ClinicalConfig;
}

interface Ctx {
  m: Messages;
  w: Words;
  locale: Locale;
  d: Decision;
  e: Evaluation;
  cfg: ClinicalConfig;
  day: (ms: number) => string;
}

// ---------------------------------------------------------------- phrases

const altLong = ({ m }: Ctx, a: AltReading): string => m.alt(multiple(a.multiple), num(a.value), num(a.uln), m.ulnOrigin[a.ulnOrigin]);
const altShort = (a: AltReading): string => `ALT ${multiple(a.multiple)}`;
const times = (x: number): string => multiple(x).replace('ULN', '');
const tbilPhrase = ({ m }: Ctx, t: TbilReading): string => m.tbil(num(t.umolL), num(t.ulnUmolL));
const tbilShort = (t: TbilReading): string => `${num(t.umolL)} µmol/L`;

export function histologyLabel(h: HistologyReading): string {
  switch (h.scale) {
    case 'scheuer':
      return `Scheuer G${num(h.grade, 0)}`;
    case 'metavir':
      return `METAVIR A${num(h.grade, 0)}`;
    case 'knodell':
      return `Knodell HAI ${num(h.grade, 0)}`;
    case 'ishak':
      return `Ishak HAI ${num(h.grade, 0)}`;
    default:
      return `HAI ${num(h.grade, 0)}`;
  }
}

export function stageLabel(s: FibrosisReading): string {
  return s.scale === 'scheuer' ? `Scheuer S${num(s.stage, 0)}` : s.scale === 'metavir' ? `METAVIR F${num(s.stage, 0)}` : `Ishak F${num(s.stage, 0)}`;
}

function dnaPhrase(c: Ctx): string {
  const dna = c.d.facts.dna.latest;
  return dna ? dnaOf(c, dna) : c.m.dnaState(c.d.thresholds.hbvDnaLookbackMonths).unknown;
}

function dnaOf({ m, d }: Ctx, dna: DnaReading): string {
  if (dna.belowDetection) return m.dna.belowDetection(dna.iu !== undefined ? iu(dna.iu) : undefined);
  if (dna.iu === undefined) return m.dna.detected;
  const copies = dna.reportedIn === 'copies' || dna.reportedIn === 'log-copies' ? m.paren(m.copiesFactor(num(d.thresholds.copiesPerIU, 2))) : '';
  return `${iu(dna.iu)}${copies}`;
}

/** The NA the patient takes, for Markdown (record text escaped) or for the plain-text summary. */
function naCurrentName({ locale, m, d }: Ctx, plain = false): string {
  const na = d.facts.onNa;
  if (!na) return '';
  const name = na.drug ? naName(na.drug, locale) : 'NA';
  if (plain || !na.recordText) return name;
  return m.naWithRecord(name, mdQuoted(na.recordText));
}

function tbilReasons({ m, d }: Ctx): string {
  const t = d.thresholds;
  const names = m.tbilReason({ multiple: num(t.tbilUlnMultiple), absolute: num(t.tbilAbsoluteUmolL), rise: num(t.tbilRiseUmolL), riseDays: t.tbilRiseWithinDays });
  return m.list(d.facts.tbil.reasons.map((r) => names[r]));
}

const range = (r: { min: number; max: number }): string => `${num(r.min)}–${num(r.max)}`;

// ---------------------------------------------------------------- D5 clauses (§4 step 4, §7 summary order)

const urgent = (d: Decision): boolean => d.facts.flare !== undefined && (d.facts.flare.dissociation || d.facts.inr.coagulopathy);
const has = (d: Decision, c: Caveat): boolean => d.caveats.includes(c);
/** The D5 clauses of the card: its own (D5), or the carried D5 line's (D8). */
function d5Of(d: Decision): { clauses: D5Clause[]; tail: D5Tail } | undefined {
  if (d.id === 'D5') return { clauses: d.d5Clauses, tail: d.d5Tail ?? 'na-now' };
  const line = d.carried.find((l) => l.kind === 'd5');
  return line?.kind === 'd5' ? { clauses: line.clauses, tail: line.tail } : undefined;
}

// ---------------------------------------------------------------- summary (§7 patterns)

type Build = (alt: string) => string;

function d5Summary(c: Ctx): Build | undefined {
  const { m, w, d } = c;
  const f = d.facts;
  const a = f.latestAlt;
  const d5 = d5Of(d);
  if (!a || !d5 || d5.clauses.length === 0) return undefined;
  const tail = w.summary.tail[d5.tail];
  const peak = f.flare && f.flare.peak !== a ? times(f.flare.peak.multiple) : undefined;
  const inr = f.inr.latest ? m.inr(fixed(f.inr.latest.value, 1, 2)) : undefined;
  const t = f.tbil.latest;
  const first = d5.clauses[0]!;
  if (first === 'dissociation' && t) return (alt) => w.summary.D5urgent(alt, tbilShort(t), inr);
  if (first === 'coagulopathy' && inr) return (alt) => w.summary.D5defer(`${inr}${m.paren(`>${num(d.thresholds.inrHigh, 2)}`)}`, alt, peak, tail);
  if ((first === 'bilirubin' || first === 'dissociation') && t) return (alt) => w.summary.D5defer(`TBil ${tbilShort(t)}${m.paren(tbilReasons(c))}`, alt, peak, tail);
  if (first === 'cirrhosis') return (alt) => w.summary.D5defer(w.summary.cirrhosis, alt, peak, tail);
  if (first === 'rising-again' && f.flare?.altBefore) {
    const before = f.flare.altBefore;
    return (alt) => w.summary.D5rising(alt, times(before.multiple), times(a.multiple), tail);
  }
  if (first === 'falling-still-severe' && f.flare) return (alt) => w.summary.D5fallingSevere(alt, times(f.flare!.peak.multiple));
  return (alt) => w.summary.D5notFalling(alt, !f.flare?.altBefore);
}

function triggerNames(c: Ctx): string {
  const { m, locale, d } = c;
  const names: string[] = [];
  for (const t of d.facts.triggers) {
    if (t.state !== 'met' && t.state !== 'recorded') continue;
    if (t.kind === 'age' && t.age) names.push(c.w.summary.ageTrigger(t.age.min === t.age.max ? `${t.age.min}` : `${t.age.min}–${t.age.max}`));
    else if (t.kind === 'family-history') {
      for (const fh of t.family ?? []) {
        const who = fh.relationship ? displayOf(ROLE_NAMES, fh.relationship, locale, true) : '';
        names.push(`${who ? `${who}${m.colon}` : ''}${displayOf({ ...SNOMED_NAMES, ...SUMMARY_NAMES }, fh.condition, locale, true)}`);
      }
    } else if (t.kind === 'hbeag-negative-dna') names.push(c.w.summary.triggerDna(t.dna?.iu !== undefined ? iu(t.dna.iu) : '?'));
    else if (t.kind === 'imaging') for (const l of t.lesions ?? []) names.push(displayOf(SNOMED_NAMES, l.code, locale, true));
  }
  return m.list(names);
}

const noBloodCount = (c: Ctx): string => (c.locale === 'en' ? `no ${c.w.summary.bloodCount}` : `无${c.w.summary.bloodCount}`);

/** What the screen lacks, for summaries ("no recent TBil (last 2026-04-16), no TSH"). */
function screenGaps(c: Ctx, withDna = true): string[] {
  const { w, d } = c;
  const f = d.facts;
  const s = f.safetyScreen;
  const gaps: string[] = [];
  if (s.tbil.state === 'unknown') gaps.push(w.summary.noRecentTbil(f.tbil.lastOnRecord ? c.day(f.tbil.lastOnRecord.time) : undefined));
  if (s.neutrophils.state === 'unknown' || s.platelets.state === 'unknown') gaps.push(noBloodCount(c));
  if (s.tsh.state === 'unknown') gaps.push(w.summary.noTsh);
  if (withDna && f.dna.state === 'unknown') gaps.push(w.summary.noDna);
  return gaps;
}

/** Relative contraindications, named briefly ("platelets 80×10⁹/L", "hypothyroidism"). */
function relativeNames(c: Ctx, plainText: boolean): string[] {
  const { m, d, locale } = c;
  return d.relativeContraindications.map((r) => {
    if (r.count) return `${m.relative[r.kind]} ${m.count(num(r.count.value, 2))}`;
    if (r.tsh) return `TSH ${num(r.tsh.value, 2)} mIU/L`;
    if (r.tbil) return `TBil ${tbilShort(r.tbil)}`;
    if (r.condition) return `${displayOf(CONDITION_NAMES, r.condition.code, locale, plainText)}${r.condition.date ? ` (${c.locale === 'en' ? 'recorded ' : ''}${r.condition.date})` : ''}`;
    return m.relative[r.kind];
  });
}

function cirrhosisSource(c: Ctx): string {
  const { d, w, m } = c;
  const f = d.facts.fibrosis;
  switch (f.cirrhosisBy[0]) {
    case 'histology':
      if (f.cirrhosisStage) return stageLabel(f.cirrhosisStage);
      break;
    case 'condition': {
      const cond = f.cirrhosisConditions[0];
      if (cond) return w.summary.recorded(cond.date);
      break;
    }
    case 'lsm':
      if (f.lsm) return `${w.summary.lsm} ${fixed(f.lsm.kPa, 1)} kPa${m.comma}${w.summary.nonInvasive}`;
      break;
    case 'apri':
      if (f.apri !== undefined) return `APRI ${fixed(f.apri, 2)}${m.comma}${w.summary.nonInvasive}`;
      break;
  }
  return w.summary.nonInvasive;
}

function significantSource(c: Ctx): string {
  const { d, w, m } = c;
  const f = d.facts.fibrosis;
  if (f.cirrhosisAnySource) return cirrhosisSource(c);
  switch (f.significantBy[0]) {
    case 'histology':
      if (f.stage) return stageLabel(f.stage);
      break;
    case 'lsm':
      if (f.lsm) return `${w.summary.lsm} ${fixed(f.lsm.kPa, 1)} kPa${m.comma}${w.summary.nonInvasive}`;
      break;
    case 'apri':
      if (f.apri !== undefined) return `APRI ${fixed(f.apri, 2)}${m.comma}${w.summary.nonInvasive}`;
      break;
  }
  return w.summary.nonInvasive;
}

/** An interferon the patient is on, named for the plain-text summary. */
function interferonName(c: Ctx): string {
  const drug = c.d.onTreatment?.drugs[0] ?? c.d.facts.treatment.interferon[0];
  if (drug?.substance && c.locale !== 'en') return IFN_NAMES[drug.substance][1];
  return drug?.recordText ? `“${plain(drug.recordText)}”` : c.locale === 'en' ? 'interferon' : '干扰素';
}

function naPlainName(c: Ctx): string {
  const na = c.d.facts.treatment.currentNa ?? c.d.facts.onNa;
  return na?.drug ? naShort(na.drug, c.locale) : 'NA';
}

function onTxRuleText(c: Ctx, r: OnTreatmentRule): string {
  const { m, d, locale } = c;
  const t = d.thresholds;
  switch (r.kind) {
    case 'neutrophils': {
      const limit = r.level === 'suspend' ? t.onTxNeutrophilsSuspend : t.onTxNeutrophilsReduce;
      return `${m.kind.neutrophils.toLowerCase()} ${r.count ? m.count(num(r.count.value, 2)) : ''}${m.paren(`≤${num(limit, 2)}`)}`;
    }
    case 'platelets': {
      const limit = r.level === 'suspend' ? t.onTxPlateletsSuspend : t.onTxPlateletsReduce;
      return `${m.kind.platelets.toLowerCase()} ${r.count ? m.count(num(r.count.value, 2)) : ''}${m.paren(`<${num(limit, 2)}`)}`;
    }
    case 'alt-severe':
      return r.alt ? altShort(r.alt) : 'ALT >10×ULN';
    case 'tbil-elevated':
      return r.tbil ? `TBil ${tbilShort(r.tbil)}` : 'TBil';
    case 'coagulopathy':
      return r.inr ? m.inr(fixed(r.inr.value, 1, 2)) : 'INR';
    default:
      return r.condition ? displayOf(CONDITION_NAMES, r.condition.code, locale, true) : m.contraindication[r.kind === 'pregnancy' ? 'pregnancy' : r.kind].toLowerCase();
  }
}

function d12Head(c: Ctx): string {
  return c.w.summary.D12head(naPlainName(c));
}

function summaryBuild(c: Ctx): Build {
  const { m, w, d, locale } = c;
  const f = d.facts;
  const peak = f.flare ? times(f.flare.peak.multiple) : '';
  const tv = c.cfg.textValues;
  switch (d.id) {
    case 'D0':
      if (has(d, 'other-guidelines-would-treat') && f.recurrentMild && f.dna.latest) return (alt) => w.summary.D0other(alt, dnaPhrase(c));
      return (alt) => w.summary.D0(alt, tv.recheckAltMonths);
    case 'D1': {
      if (has(d, 'cirrhosis')) return (alt) => w.summary.D1cirrhosis(alt, cirrhosisSource(c));
      if (has(d, 'dna-below-detection')) return (alt) => w.summary.D1anotherCause(alt, w.summary.dnaUndetectable);
      if (has(d, 'hbeag-negative-low-dna')) return (alt) => w.summary.D1anotherCause(alt, w.summary.hbeagNegLow(dnaPhrase(c)));
      const from = f.steepRiseFrom;
      if (has(d, 'steep-rise') && from) return (alt) => w.summary.D1steep(alt, times(from.multiple), range(tv.repeatAltWeeks));
      const relative = relativeNames(c, true);
      if (relative.length) return (alt) => w.summary.D1caution(alt, m.list(relative));
      const gaps = screenGaps(c);
      if (gaps.length) return (alt) => w.summary.D1incomplete(alt, m.list(gaps));
      return (alt) => w.summary.D1clear(alt);
    }
    case 'D2':
      return (alt) => w.summary.D2(alt, triggerNames(c));
    case 'D3': {
      const h = histologyLabel(f.histology!);
      const caveat = has(d, 'dna-unknown') ? w.summary.noDna : has(d, 'dna-below-detection') ? w.summary.dnaUndetectable : has(d, 'hbeag-negative-low-dna') ? w.summary.hbeagNegLow(dnaPhrase(c)) : undefined;
      return (alt) => w.summary.D3(h, alt, caveat);
    }
    case 'D4':
      return (alt) => w.summary.D4(histologyLabel(f.histology!), alt, has(d, 'other-guidelines-would-treat'));
    case 'D5':
      return d5Summary(c) ?? ((alt) => w.summary.D5notFalling(alt, true));
    case 'D6': {
      const t = f.tbil.latest ? tbilShort(f.tbil.latest) : '?';
      const inr = f.inr.latest ? m.inr(fixed(f.inr.latest.value, 1, 2)) : undefined;
      const gaps: string[] = [];
      if (!f.inr.latest) gaps.push(w.summary.noInr(d.thresholds.inrWithinDays));
      gaps.push(...screenGaps(c, false));
      const tail = gaps.length ? w.summary.D6missing(m.list(gaps)) : has(d, 'dna-below-detection') ? w.summary.tail['another-cause'] : has(d, 'cirrhosis') ? w.summary.cirrhosis : undefined;
      return (alt) => w.summary.D6(alt, peak, t, inr, tail);
    }
    case 'D7': {
      if (d.d7 === 'alt-unreadable' && f.unreadableAlt) {
        const u = f.unreadableAlt;
        return () => w.summary.D7unreadable(u.date ?? '?', plain(u.raw ?? ''), m.passReason[u.reason]());
      }
      if (d.d7 === 'no-alt' || d.missing.includes('alt')) return () => w.summary.D7alt(d.thresholds.altLookbackDays, lastAlt(c));
      if (d.d7 === 'na-dna-unknown') return () => w.summary.D7dna(naPlainName(c), d.thresholds.hbvDnaLookbackMonths);
      return (alt) => w.summary.D7tbil(alt, peak);
    }
    case 'D8': {
      const first = d.contraindications[0];
      const date = first?.condition?.date ?? first?.allergy?.date ?? (first?.pregnancyStatus ? c.day(first.pregnancyStatus.time) : undefined);
      const name = first ? (locale === 'en' ? m.contraindication[first.kind].toLowerCase() : m.contraindication[first.kind]) : '';
      const label = first?.count ? `${name} ${m.count(num(first.count.value, 2))}` : date ? `${name}${m.paren(w.summary.recorded(date))}` : name;
      const d5 = d5Summary(c);
      if (d5) return (alt) => w.summary.D8withD5(label, d5(alt).replace(/^[^:：]*[:：]\s*/, ''));
      const na = d.na.switchToTenofovirDf ? w.summary.switchToTdf : d.na.offer ? w.summary.considerNa(naName(d.na.offer, locale)) : undefined;
      return () => w.summary.D8(label, d.contraindications.length - 1, na);
    }
    case 'D9': {
      if (d.d9Reasons.includes('fibrosis')) {
        const cirrhosis = f.fibrosis.cirrhosisAnySource;
        return (alt) => w.summary.D9fibrosis(cirrhosis ? w.summary.cirrhosis : w.summary.significantFibrosis, significantSource(c), alt, cirrhosis);
      }
      if (has(d, 'hbeag-seroconversion-may-follow')) return (alt) => w.summary.D9seroconversion(peak, alt, range(tv.monitorMonths));
      return (alt) => w.summary.D9flare(peak, alt, d.thresholds.postFlareRecheckWeeks);
    }
    case 'D10': {
      const ot = d.onTreatment;
      if (!ot || ot.level === 'duplicate') return () => w.summary.D10duplicate(interferonName(c));
      const lead = ot.rules.filter((r) => r.level === ot.level);
      return () => w.summary.D10(interferonName(c), m.list(lead.map((r) => onTxRuleText(c, r))), ot.level as OnTreatmentLevel);
    }
    case 'D11': {
      const na = naPlainName(c);
      const dna = dnaPhrase(c);
      if (d.d11?.variant === 'early') {
        const start = f.treatment.naStart;
        return () => w.summary.D11early(na, start !== undefined ? c.day(start) : '?', dna, d.thresholds.naEarlyWeeks);
      }
      // The engine's NA line decides the advice: an NA the record does not name gets specialist review too.
      const tenofovir = d.naLine ? d.naLine.advice === 'specialist-review' : ['tenofovir-df', 'tenofovir-af'].includes(f.treatment.currentNa?.drug ?? '');
      return (alt) => w.summary.D11(dna, na, alt, tenofovir);
    }
    case 'D12': {
      const head = d12Head(c);
      const d12 = d.d12;
      const q = f.qhbsag?.iu;
      const below = grouped(d.thresholds.addOnHbsagBelowIU);
      if (d12?.anotherCause) return (alt) => w.summary.D12anotherCause(head, alt);
      if (d12?.favourable && q !== undefined) return () => w.summary.D12favourable(head, grouped(q), below);
      const obstacles = d12?.obstacles ?? [];
      const named: string[] = [];
      if (obstacles.includes('qhbsag-high') && q !== undefined) named.push(w.summary.hbsagHigh(grouped(q), below));
      if (obstacles.includes('hbeag-positive')) named.push(w.summary.hbeagPos);
      if (obstacles.includes('cirrhosis')) named.push(w.summary.cirrhosis);
      if (named.length) return () => w.summary.D12obstacle(head, m.list(named));
      if (obstacles.includes('qhbsag-unknown')) return () => w.summary.D12orderQhbsag(head);
      if (obstacles.includes('screen-not-clear') && q !== undefined) return () => w.summary.D12screen(head, grouped(q), below, m.list([...screenGaps(c, false), ...relativeNames(c, true)]));
      return () => w.summary.D12obstacle(head, obstacles.includes('hbeag-unknown') ? w.summary.hbeagUnknown : m.topic[d.code]);
    }
    case 'D13': {
      const ch = f.chronicity;
      if (d.d13?.variant === 'igm-positive') return () => w.summary.D13igm(ch.igm ? c.day(ch.igm.time) : '?', d.thresholds.chronicityMonths);
      const first = ch.firstPositiveHbsag;
      return () => w.summary.D13unconfirmed(first ? w.summary.D13since(c.day(first.time), d.thresholds.chronicityMonths) : w.summary.D13noHbsag);
    }
  }
  return () => m.topic[d.code];
}

/** A plain-text summary line: record text in it must not carry line breaks (summary is not Markdown). */
const plain = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');

function orderPrefix(c: Ctx): string {
  const { e, w } = c;
  if (!isOrderHook(e.hook) || e.orders.length === 0) return '';
  if (e.orders.length === 1) return w.summary.orderPrefix;
  return w.summary.duplicatePrefix(e.orders.map((o, i) => drugName(c, o, i, c.locale !== 'en')));
}

/**
 * §7: `{ALT}` first; over 139 characters ⇒ `{alt}`; then the last ";" clause moves to the why. Returns the summary
 * and the clause moved, if any.
 */
export function renderSummary(c: Ctx): { summary: string; moved?: string } {
  const build = summaryBuild(c);
  const a = c.d.facts.latestAlt;
  const prefix = plain(orderPrefix(c));
  const long = prefix + plain(build(a ? altLong(c, a) : ''));
  if ([...long].length <= SUMMARY_MAX) return { summary: long };
  const short = prefix + plain(build(a ? altShort(a) : ''));
  if ([...short].length <= SUMMARY_MAX) return { summary: short };
  const sep = c.w.semicolon.trim();
  const at = short.lastIndexOf(sep);
  if (at > prefix.length) {
    const head = short.slice(0, at).trimEnd();
    const moved = short.slice(at + sep.length).trim();
    if ([...head].length <= SUMMARY_MAX) return { summary: head, moved };
  }
  // Last resort (long record text in a duplicate prefix): cut at a character boundary.
  return { summary: [...short].slice(0, SUMMARY_MAX - 1).join('') + '…' };
}

// ---------------------------------------------------------------- why (≤5 lines)

function decisionLine(c: Ctx): string {
  const { m, d } = c;
  const a = d.facts.latestAlt;
  const rules = d.rules.length ? m.paren(d.rules.join(c.locale === 'en' ? ', ' : '、')) : '';
  return `**${d.id} · ${mdCode(d.code)}** ${m.topic[d.code]}${rules}${a ? `${m.colon}${altLong(c, a)}${m.comma}${c.day(a.time)}` : ''}`;
}

function carriedText(c: Ctx, l: CarriedLine): string {
  const { w, m } = c;
  switch (l.kind) {
    case 'd5':
      return w.carried.d5(m.list(l.clauses.map((x) => m.d5Clause[x].replace(/[:：].*$/s, ''))));
    case 'd13':
      return l.variant === 'igm-positive' ? w.carried.d13igm : w.carried.d13;
    case 'na':
      // D8 pregnant on entecavir: the switch to tenofovir DF supersedes the NA line's switch/add advice (§5).
      if (c.d.na.switchToTenofovirDf && l.line.advice === 'switch-or-add-tenofovir') return naLineText(c, l.line, true);
      return naLineText(c, l.line);
    case 'hiv':
      return w.carried.hiv;
  }
}

/** The NA line (§1) as the engine advises it, the NA named as the card names drugs. */
function naLineText(c: Ctx, line: NaLine, checkOnly = false): string {
  const na = line.drug ? naShort(line.drug, c.locale) : naCurrentName(c) || 'NA';
  const dna = line.dna ? dnaOf(c, line.dna) : c.m.dnaState(c.d.thresholds.hbvDnaLookbackMonths).unknown;
  return checkOnly ? c.w.carried.naCheckOnly(na, dna) : c.w.carried.na[line.advice](na, dna, c.d.thresholds.naEarlyWeeks);
}

const CARRIED_ORDER: CarriedKind[] = ['d5', 'd13', 'na', 'hiv'];

function carriedLines(c: Ctx): string[] {
  // D8's D5 line is its action (it leads the summary); D11's NA line is its own content.
  const skip = (l: CarriedLine) => (c.d.id === 'D8' && l.kind === 'd5') || (c.d.id === 'D11' && l.kind === 'na');
  return CARRIED_ORDER.flatMap((k) => c.d.carried.filter((l) => l.kind === k && !skip(l)).map((l) => carriedText(c, l)));
}

function caveatLines(c: Ctx): string[] {
  const { w, d } = c;
  const out: string[] = [];
  for (const cv of d.caveats) {
    if (cv === 'dna-unknown') out.push(w.caveat['dna-unknown'](d.thresholds.hbvDnaLookbackMonths));
    else if (cv === 'steep-rise') out.push(w.caveat['steep-rise'](range(c.cfg.textValues.repeatAltWeeks)));
    else if (cv === 'other-guidelines-would-treat') out.push(w.caveat[cv](grouped(d.thresholds.hbeagNegativeDnaIU)));
    else if (cv === 'hbeag-seroconversion-may-follow') continue; // D9's action says it
    else if (cv === 'inr-unknown' && has(d, 'screen-incomplete') && SCREEN_BLOCK.has(d.id)) continue; // the screen block and its order line say it
    else if (cv === 'screen-relative' && c.d.relativeContraindications.length && !SCREEN_BLOCK.has(d.id)) out.push(`${w.caveat['screen-relative'].replace(/[:：].*$/s, '')}${c.m.colon}${c.m.list(relativeNames(c, false))}${w.stop.trim()}`);
    else out.push(w.caveat[cv]);
  }
  // Relative contraindications are named on D0–D4, D6, D9, D12: in the screen block, else here (§7).
  if (!has(d, 'screen-relative') && RELATIVE_NAMED.has(d.id) && !SCREEN_BLOCK.has(d.id) && d.relativeContraindications.length) {
    out.push(`${w.caveat['screen-relative'].replace(/[:：].*$/s, '')}${c.m.colon}${c.m.list(relativeNames(c, false))}${w.stop.trim()}`);
  }
  return out;
}

const SCREEN_BLOCK = new Set(['D1', 'D3', 'D6']);
const RELATIVE_NAMED = new Set(['D0', 'D1', 'D2', 'D3', 'D4', 'D6', 'D9', 'D12']);

/**
 * D5's clauses in one why line, each named with its numbers, the P4 wait last when ALT is still >10×ULN (§4 D5; §7:
 * ≤5 why lines, say each thing once — the carried lines and D5's tail keep their place in the why).
 */
function d5ClauseLine(c: Ctx, clauses: D5Clause[]): string | undefined {
  const { m, w, d } = c;
  const f = d.facts;
  // The urgent line already names dissociation (or coagulopathy after a flare): each thing once (§7).
  const said = urgent(d) ? (f.flare?.dissociation ? 'dissociation' : 'coagulopathy') : undefined;
  const t = f.tbil.latest;
  const TAG = /\s*[(（](P[^()（）]*)[)）]$/;
  const tags: string[] = [];
  const parts = clauses
    .filter((l) => l !== said)
    .map((l) => {
      const text = m.d5Clause[l].replace(/[.。]$/, '');
      const tag = TAG.exec(text)?.[1];
      if (tag && !tags.includes(tag)) tags.push(tag);
      const head = text.replace(TAG, '');
      if (l === 'coagulopathy' && f.inr.latest) {
        const at = head.indexOf(m.colon.trim());
        const inr = m.paren(`${m.inr(fixed(f.inr.latest.value, 1, 2))}${m.comma}>${num(d.thresholds.inrHigh, 2)}`);
        return at < 0 ? `${head}${inr}` : `${head.slice(0, at)}${inr}${head.slice(at)}`;
      }
      return l === 'bilirubin' && t ? `${head}${m.colon}TBil ${tbilShort(t)}${m.paren(tbilReasons(c))}` : head;
    })
    .map((p, i) => (i > 0 && c.locale === 'en' && /^[A-Z][a-z]/.test(p) ? p.charAt(0).toLowerCase() + p.slice(1) : p));
  if (parts.length === 0) return undefined;
  // On D8 interferon is contraindicated whatever the ALT: no "wait until" (it would promise a later start).
  const severe = d.id === 'D5' && (clauses.includes('not-settling') || clauses.includes('falling-still-severe'));
  const tag = tags.length ? m.paren(tags.join(c.locale === 'en' ? ', ' : '、')) : '';
  return `${parts.join(w.semicolon)}${tag}${w.stop.trim()}${severe ? `${c.locale === 'en' ? ' ' : ''}${w.action.D5wait}` : ''}`;
}

function actionAndClauses(c: Ctx): string[] {
  const { m, w, d, locale } = c;
  const f = d.facts;
  const tv = c.cfg.textValues;
  const out: string[] = [];
  switch (d.id) {
    case 'D0':
      out.push(w.action.D0(tv.recheckAltMonths));
      if (d.missing.includes('hbv-dna')) out.push(m.triggerDnaNeeded(d.thresholds.hbvDnaLookbackMonths));
      break;
    case 'D1':
      out.push(w.action.D1);
      if (d.clear) out.push(w.action.D1clear(range(tv.pregnancyTestAge)));
      break;
    case 'D2':
      out.push(w.action.D2);
      if (d.missing.includes('hbv-dna')) out.push(m.triggerDnaNeeded(d.thresholds.hbvDnaLookbackMonths));
      break;
    case 'D3':
      out.push(w.action.D3);
      if (!f.onNa) out.push(w.action.naAlternative(naName('entecavir', locale)));
      if (d.clear) out.push(w.action.D1clear(range(tv.pregnancyTestAge)));
      break;
    case 'D4':
      out.push(w.action.D4(range(tv.monitorMonths)));
      break;
    case 'D5': {
      const inr = f.inr.latest ? m.inr(fixed(f.inr.latest.value, 1, 2)) : undefined;
      const dissociation = f.flare?.dissociation === true;
      if (urgent(d)) out.push(w.action.D5urgent(dissociation, inr));
      out.push(f.onNa ? w.action.D5onNa : w.action.D5);
      const clauses = d5ClauseLine(c, d.d5Clauses);
      if (clauses) out.push(clauses);
      if (d.d5Tail === 'another-cause') out.push(w.action.D5anotherCause); // D5's own list (§4 D5), not D1's
      break;
    }
    case 'D6':
      out.push(w.action.D6);
      if (f.flare?.falling && f.latestAlt) out.push(m.d6Fall(multiple(f.flare.peak.multiple), multiple(f.latestAlt.multiple), percent(f.flare.fractionOfPeak)));
      if (d.clear) out.push(w.action.D1clear(range(tv.pregnancyTestAge)));
      break;
    case 'D7':
      if (d.d7 === 'tbil-after-flare') out.push(w.action.D7tbil(d.thresholds.tbilWithinDaysOfAlt));
      else if (d.d7 === 'na-dna-unknown') out.push(d.naLine ? naLineText(c, d.naLine) : w.action.D7dna(d.thresholds.hbvDnaLookbackMonths));
      else out.push(w.action.D7alt(d.thresholds.altLookbackDays));
      break;
    case 'D8': {
      // "Interferon is contraindicated" is the decision line's topic: said once (§7).
      // The D5 line on D8: the on-NA wording when on an NA, and no "interferon later" line (it is contraindicated).
      const d5 = d5Of(d);
      if (d5) out.push(urgent(d) ? w.action.D5urgent(f.flare?.dissociation === true, f.inr.latest ? m.inr(fixed(f.inr.latest.value, 1, 2)) : undefined) : f.onNa ? w.action.D5onNa : w.action.D8flareNa);
      // Each D5 clause that fired, named with its numbers (§4 D5, e.g. TBil 60 µmol/L).
      const clauses = d5 ? d5ClauseLine(c, d5.clauses) : undefined;
      if (clauses) out.push(clauses);
      if (d.na.transplantReferral) out.push(w.action.D8transplant);
      // Only a patient pregnant on entecavir is told to stop it; otherwise the mother-to-child line (§5), which names tenofovir DF itself.
      const transmission = !d.na.switchToTenofovirDf && d.na.pregnancyTransmission;
      if (d.na.switchToTenofovirDf) out.push(w.action.D8switch(range(tv.pregnancyTdfWeeks), tv.newbornHbigHours));
      else if (transmission) out.push(w.action.D8transmission(scientific(d.thresholds.pregnancyNaDnaIU), range(tv.pregnancyTdfWeeks), tv.newbornHbigHours));
      if (transmission && d.na.offer === 'tenofovir-df') {
        // the offer is the transmission line's tenofovir DF: said once (§7)
      } else if (!d.na.switchToTenofovirDf && d.na.offer) out.push(w.action.D8offer(naName(d.na.offer, locale)));
      else if (d.na.continueCurrent) out.push(w.action.D8continue);
      else if (!d.na.therapyIndicated && !d.na.switchToTenofovirDf) out.push(w.action.D8notIndicated);
      break;
    }
    case 'D9':
      if (d.d9Reasons.includes('fibrosis')) {
        out.push(w.action.D9fibrosis);
        if (f.fibrosis.cirrhosisAnySource) out.push(w.action.D9hcc(tv.hccSurveillanceMonths));
      } else if (f.flare) {
        out.push(w.action.D9flare(multiple(f.flare.peak.multiple), c.day(f.flare.peak.time), d.thresholds.postFlareRecheckWeeks));
        if (has(d, 'hbeag-seroconversion-may-follow')) out.push(w.action.D9seroconversion(range(tv.monitorMonths)));
      }
      if (f.dna.state === 'below-detection') out.push(d.d9Reasons.includes('fibrosis') ? w.caveat['d9-dna-below'] : w.caveat['dna-below-detection']);
      break;
    case 'D10': {
      const ot = d.onTreatment;
      out.push(w.action.D10[ot?.level ?? 'duplicate']);
      if (ot?.rules.some((r) => r.kind === 'decompensation')) out.push(w.action.D10transplant);
      if (ot?.rules.some((r) => r.kind === 'pregnancy')) out.push(w.action.D10pregnancy);
      break;
    }
    case 'D11': {
      // D11's own content is the NA line (§1), as the engine words it (an NA the record does not name: specialist review).
      if (d.naLine) out.push(naLineText(c, d.naLine));
      out.push(w.action.D11[d.d11?.variant ?? 'breakthrough']);
      if (d.d11?.cirrhosis) out.push(w.action.D11cirrhosis);
      break;
    }
    case 'D12':
      if (d.naLine && !d.d12?.favourable) out.push(naLineText(c, d.naLine));
      if (d.d12?.anotherCause) out.push(w.action.D12anotherCause);
      {
        // "Continue the NA" said once (§7): by the NA line when it says so, else by the first line that can.
        let continueSaid = d.naLine?.advice === 'continue' && !d.d12?.favourable;
        const once = (line: string): string => {
          if (!continueSaid) return (continueSaid = true), line;
          return withoutContinue(c, line);
        };
        out.push(d.d12?.favourable ? w.action.D12favourable(grouped(d.thresholds.addOnHbsagBelowIU)) : once(w.action.D12not));
        if (d.d12?.cirrhosis) out.push(once(w.action.D12cirrhosis));
      }
      break;
    case 'D13':
      out.push(d.d13?.variant === 'igm-positive' ? w.action.D13igm(d.thresholds.chronicityMonths) : w.action.D13unconfirmed);
      break;
  }
  if (f.onNa && ['D0', 'D1', 'D2', 'D3', 'D4', 'D6', 'D9'].includes(d.id)) out.push(m.onNa(naCurrentName(c)));
  return out;
}

/** A line with its "continue the NA" clause taken out (it is said by another why line). */
function withoutContinue(c: Ctx, line: string): string {
  const phrase = c.w.continueNa;
  return line
    .replace(new RegExp(`[;；,，]\\s*${phrase}(?=[.。]$)`), '')
    .replace(new RegExp(`([:：]\\s*)${phrase}[;；]\\s*`), '$1');
}

/** §7: decision, action, clauses, carried lines (D5, D13, NA, HIV), caveats; a moved summary clause last. */
function whyLines(c: Ctx, moved?: string): string[] {
  const own = actionAndClauses(c);
  const carried = carriedLines(c).filter((l) => !own.includes(l));
  const rest = caveatLines(c);
  // The clause moved out of the summary joins the why, unless a why line already says it (§7: say each thing once).
  const said = (l: string) => sameWords(l).includes(sameWords(moved ?? '')) || allWordsIn(moved ?? '', l, c.locale);
  if (moved && ![...own, ...carried, ...rest].some(said)) rest.push(`${c.locale === 'en' ? moved.charAt(0).toUpperCase() + moved.slice(1) : moved}${c.w.stop.trim()}`);
  // Carried lines keep their place in the why (§4): when the why would overflow, the card's own later lines yield
  // to them (they go to Details → Also, after the carried lines), never the carried lines themselves.
  const room = Math.max(1, WHY_MAX - 1 - carried.length);
  const lines = [decisionLine(c), ...own.slice(0, room), ...carried, ...own.slice(room), ...rest];
  // "Say each thing once" (§7).
  return lines.filter((l, i) => lines.indexOf(l) === i);
}

/** Every content word (en) or phrase (zh-CN, between punctuation) of a moved clause stands in the line. */
function allWordsIn(moved: string, line: string, locale: Locale): boolean {
  if (locale === 'en') {
    const words = sameWords(moved).split(' ').filter((x) => x && !['and', 'or', 'the', 'a', 'an'].includes(x));
    const have = new Set(sameWords(line).split(' '));
    return words.length > 0 && words.every((x) => have.has(x));
  }
  const phrases = moved.split(/[，、；。,;]/).map((x) => x.trim()).filter(Boolean);
  return phrases.length > 0 && phrases.every((x) => line.includes(x));
}

/** Text reduced to its words, for "already said" checks ("switch to/add" = "switch to or add"). */
function sameWords(s: string): string {
  return s.toLowerCase().replace(/\//g, ' or ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// ---------------------------------------------------------------- the block (at most one, §7 "Blocks (v3)")

function blockKind(d: Decision): BlockKind | undefined {
  switch (d.id) {
    case 'D0':
    case 'D2':
      return 'triggers';
    case 'D1':
    case 'D3':
    case 'D6':
      return 'screen';
    case 'D4':
      return 'fibrosis';
    case 'D5':
      return 'flare';
    case 'D7':
      return 'missing';
    case 'D8':
      return d.contraindications.length ? 'contraindications' : undefined;
    case 'D9':
      return d.d9Reasons.includes('fibrosis') ? 'fibrosis' : 'settled-flare';
    case 'D10':
      return 'rules-met';
    case 'D11':
      return 'na-course';
    case 'D12':
      return 'add-on';
    case 'D13':
      return 'hbsag-history';
  }
}

function screenLines(c: Ctx): string[] {
  const { m, d } = c;
  const s = d.facts.safetyScreen;
  const t = d.thresholds;
  const lines: string[] = [];
  const tb = s.tbil.reading;
  lines.push(`TBil${m.colon}${tb ? `${tbilPhrase(c, tb)}${m.comma}${c.day(tb.time)} — ${m.screenState[s.tbil.state]}` : m.screenTbilUnknown(t.tbilWithinDaysOfAlt)}`);
  for (const [k, below, relative] of [
    ['neutrophils', t.neutrophilsBelow, t.relativeNeutrophilsBelow],
    ['platelets', t.plateletsBelow, t.relativePlateletsBelow],
  ] as const) {
    const item = s[k];
    lines.push(`${m.kind[k]}${m.colon}${item.reading ? `${m.count(num(item.reading.value, 2))}${m.comma}${c.day(item.reading.time)} — ${m.screenState[item.state]}` : m.screenUnknown(t.screenLookbackDays)}${m.paren(m.screenThresholds(num(below, 2), num(relative, 2)))}`);
  }
  const tsh = s.tsh.reading;
  lines.push(`TSH${m.colon}${tsh ? `${num(tsh.value, 2)} mIU/L${m.paren(`${num(tsh.low, 2)}–${num(tsh.high, 2)}${m.comma}${m.ulnOrigin[tsh.rangeOrigin]}`)}${m.comma}${c.day(tsh.time)} — ${m.screenState[s.tsh.state]}` : m.screenUnknown(t.screenLookbackDays)}`);
  if (d.id === 'D6') {
    const inr = d.facts.inr.latest;
    lines.push(inr ? m.inrLine(fixed(inr.value, 1, 2), c.day(inr.time), num(t.inrHigh, 2), t.inrWithinDays, d.facts.inr.coagulopathy) : m.inrNone(t.inrWithinDays));
  }
  const relative = d.relativeContraindications.filter((r) => r.condition);
  if (relative.length) lines.push(`${c.w.block.relative}${m.colon}${m.list(relativeNames({ ...c, d: { ...d, relativeContraindications: relative } }, false))}`);
  return lines;
}

function flareLines(c: Ctx): string[] {
  const { m, d } = c;
  const f = d.facts;
  const t = d.thresholds;
  const lines: string[] = [];
  if (f.flare) {
    lines.push(m.flareLine(multiple(f.flare.peak.multiple), c.day(f.flare.peak.time)));
    if (f.flare.altBefore && f.flare.altBefore !== f.flare.peak) lines.push(m.altBefore(altShort(f.flare.altBefore), c.day(f.flare.altBefore.time)));
    if (f.flare.falling && f.latestAlt) lines.push(m.d6Fall(multiple(f.flare.peak.multiple), multiple(f.latestAlt.multiple), percent(f.flare.fractionOfPeak)));
  }
  const tb = f.tbil.latest;
  lines.push(tb ? `TBil ${tbilPhrase(c, tb)}${m.comma}${c.day(tb.time)}${f.tbil.state === 'elevated' ? m.paren(tbilReasons(c)) : ''}` : m.screenTbilUnknown(t.tbilWithinDaysOfAlt));
  const inr = f.inr.latest;
  lines.push(inr ? m.inrLine(fixed(inr.value, 1, 2), c.day(inr.time), num(t.inrHigh, 2), t.inrWithinDays, f.inr.coagulopathy) : m.inrNone(t.inrWithinDays));
  if (f.inr.notInterpretable) lines.push(c.w.block.warfarin);
  if (f.pt) lines.push(`${m.pt(num(f.pt.seconds))}${m.comma}${c.day(f.pt.time)}`);
  return lines;
}

function fibrosisLines(c: Ctx): string[] {
  const { m, d, w } = c;
  const f = d.facts.fibrosis;
  const t = d.thresholds;
  const lines: string[] = [];
  const stage = f.stage ?? f.cirrhosisStage;
  if (stage) lines.push(`${m.kind.fibrosis}${m.colon}${stageLabel(stage)}${m.comma}${c.day(stage.time)}`);
  if (f.cirrhosisStage && f.cirrhosisStage !== stage) lines.push(`${m.kind.fibrosis}${m.colon}${stageLabel(f.cirrhosisStage)}${m.comma}${c.day(f.cirrhosisStage.time)}`);
  for (const cond of f.cirrhosisConditions) lines.push(`${displayOf(CONDITION_NAMES, cond.code, c.locale)}${cond.date ? `${m.comma}${cond.date}` : ''}`);
  if (f.lsm) lines.push(`${w.summary.lsm} ${fixed(f.lsm.kPa, 1)} kPa${m.comma}${c.day(f.lsm.time)}${m.paren(w.block.lsmCuts(num(t.lsmSignificantKPa), num(t.lsmCirrhosisKPa)))}`);
  if (f.apri !== undefined) lines.push(`APRI ${fixed(f.apri, 2)}${m.paren(w.block.apriCuts(num(t.apriSignificantAbove), num(t.apriCirrhosisAbove)))}`);
  if (f.fib4 !== undefined) lines.push(`FIB-4 ${fixed(f.fib4, 2)}${m.paren(w.block.fib4Shown)}`);
  if (lines.length === 0) lines.push(`${m.kind.fibrosis}${m.colon}${m.noEvidence}`);
  return lines;
}

function missingLines(c: Ctx): string[] {
  const { m, w, d } = c;
  const f = d.facts;
  if (d.d7 === 'tbil-after-flare') {
    const last = f.tbil.lastOnRecord;
    return [last ? m.d7TbilLast(tbilPhrase(c, last), c.day(last.time)) : m.d7TbilNone];
  }
  if (d.d7 === 'alt-unreadable' && f.unreadableAlt) {
    const u = f.unreadableAlt;
    return [`ALT ${u.date ?? ''}${m.colon}${u.raw !== undefined ? mdQuoted(u.raw) : ''} — ${m.passReason[u.reason](u.unit !== undefined ? mdQuoted(u.unit) : undefined)}`];
  }
  const lines = d.missing.filter((k) => k !== 'alt').map((k) => `${w.test[k] ?? k}${m.colon}${m.noEvidence}`);
  return d.missing.includes('alt') ? [w.summary.noAltIn(d.thresholds.altLookbackDays, lastAlt(c)), ...lines] : lines;
}

/** D7 (no ALT in the lookback): the last ALT the engine read, older than the lookback ("last 2026-02-15: ALT 1.5×ULN"). */
function lastAlt(c: Ctx): { date: string; alt: string } | undefined {
  const a = c.d.facts.lastReadableAlt ?? c.d.facts.altHistory[0];
  return a && !c.d.facts.latestAlt ? { date: c.day(a.time), alt: altShort(a) } : undefined;
}

/** Each contraindication with its evidence, names with dates ("Pregnancy (recorded 2026-03-17)", §7). */
function contraindicationLines(c: Ctx): string[] {
  const { m, w, d } = c;
  return d.contraindications.map((k) => {
    const kind = m.contraindication[k.kind];
    const named = (display: string, date?: string) => `${display.toLowerCase() === kind.toLowerCase() ? '' : `${m.colon}${display}`}${m.paren(w.summary.recorded(date))}`;
    const value = k.count
      ? `${m.colon}${m.count(num(k.count.value, 2))}${m.comma}${c.day(k.count.time)}`
      : k.condition
        ? named(displayOf(CONDITION_NAMES, k.condition.code, c.locale), k.condition.date)
        : k.allergy
          ? named(displayOf(CONDITION_NAMES, k.allergy.substance, c.locale), k.allergy.date)
          : k.stage
            ? `${m.colon}${stageLabel(k.stage)}${m.comma}${c.day(k.stage.time)}`
            : k.pregnancyStatus
              ? m.paren(w.summary.recorded(c.day(k.pregnancyStatus.time)))
              : '';
    return `${kind}${value}`;
  });
}

function triggerLines(c: Ctx): string[] {
  const { m, d } = c;
  const t = d.thresholds;
  const names = m.trigger(t.biopsyAge, grouped(t.hbeagNegativeDnaIU));
  return d.facts.triggers.map((tr) => `${names[tr.kind]}${m.colon}**${m.triggerState[tr.state]}**`);
}

function rulesMetLines(c: Ctx): string[] {
  const { w, m, d } = c;
  const ot = d.onTreatment;
  if (!ot) return [];
  const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
  const lines = ot.rules.map((r) => `${cap(onTxRuleText(c, r))} — ${w.onTx[r.level]}${m.paren(w.onTx.label)}`);
  // The why's action already says "keep one": the block counts the drafts instead (§7: say each thing once).
  if (ot.duplicate) lines.push(c.e.orders.length > 1 ? w.details.duplicate(c.e.orders.length, c.e.hook === 'order-sign') : w.action.D10.duplicate);
  return lines.filter((l) => ot.level !== 'duplicate' || l !== w.action.D10.duplicate);
}

function naCourseLines(c: Ctx): string[] {
  const { w, m, d } = c;
  const f = d.facts;
  const lines: string[] = [];
  if (f.onNa) lines.push(`${naCurrentName(c)}${f.treatment.naStart !== undefined ? ` ${w.naSince(c.day(f.treatment.naStart), f.treatment.naWeeks)}` : ''}`);
  // The HBV DNA course on the NA (newest first, the last four of 12 months): breakthrough vs still falling.
  const course = (f.dna.recent?.length ? f.dna.recent : f.dna.latest ? [f.dna.latest] : []).slice(0, 4);
  if (course.length) lines.push(`HBV DNA${m.colon}${course.map((r) => `${dnaOf(c, r)}${m.paren(c.day(r.time))}`).join(' ← ')}`);
  return lines;
}

function addOnLines(c: Ctx): string[] {
  const { w, m, d } = c;
  const o = d.d12?.obstacles ?? [];
  const mark = (ok: boolean, unknown = false) => (unknown ? m.tri.unknown : ok ? w.criterion.met : w.criterion.notMet);
  const q = d.facts.qhbsag;
  return [
    `${w.criterion.hbeagNegative}${m.colon}${mark(!o.includes('hbeag-positive'), o.includes('hbeag-unknown'))}`,
    `${w.criterion.qhbsag(grouped(d.thresholds.addOnHbsagBelowIU))}${m.colon}${mark(!o.includes('qhbsag-high'), o.includes('qhbsag-unknown'))}${q?.iu !== undefined ? m.paren(`${grouped(q.iu)} IU/mL${m.comma}${c.day(q.time)}`) : ''}`,
    `${w.criterion.noCirrhosis}${m.colon}${mark(!o.includes('cirrhosis'))}`,
    `${w.criterion.screenClear}${m.colon}${mark(!o.includes('screen-not-clear'))}`,
    `${w.criterion.altNormal}${m.colon}${mark(!o.includes('alt-above-uln'))}`,
    `${w.criterion.noFlare}${m.colon}${mark(!o.includes('flare'))}`,
  ];
}

function hbsagHistoryLines(c: Ctx): string[] {
  const { w, m, d } = c;
  const ch = d.facts.chronicity;
  const lines = ch.hbsagPositive.map((h) => w.hbsagLine(c.day(h.time), h.iu !== undefined ? grouped(h.iu) : undefined));
  if (ch.firstDetectableDna) lines.push(`HBV DNA${m.colon}${dnaOf(c, ch.firstDetectableDna)}${m.comma}${c.day(ch.firstDetectableDna.time)}`);
  lines.push(ch.igm ? w.igmLine(ch.igm.positive ? m.positive : m.negative, c.day(ch.igm.time)) : `${m.input['anti-hbc-igm']}${m.colon}${m.noEvidence}`);
  return lines;
}

function blockLines(c: Ctx, kind: BlockKind): string[] {
  switch (kind) {
    case 'triggers':
      return triggerLines(c);
    case 'screen':
      return screenLines(c);
    case 'fibrosis':
      return fibrosisLines(c);
    case 'flare':
    case 'settled-flare':
      return flareLines(c);
    case 'missing':
      return missingLines(c);
    case 'contraindications':
      return contraindicationLines(c);
    case 'rules-met':
      return rulesMetLines(c);
    case 'na-course':
      return naCourseLines(c);
    case 'add-on':
      return addOnLines(c);
    case 'hbsag-history':
      return hbsagHistoryLines(c);
    default:
      return [];
  }
}

// ---------------------------------------------------------------- Details

/** Resource ids cited in the evidence and listed once at the end, numbered in order of first mention. */
class Refs {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  cite(source: string): string {
    let i = this.index.get(source);
    if (i === undefined) this.index.set(source, (i = this.list.push(source) - 1));
    return `\\[${i + 1}\\]`;
  }
}

interface Row {
  kind: keyof Messages['kind'];
  value: string;
  date?: string;
  rules: RuleId[];
  source: string;
}

/** Decisions whose cards carry no window or predictor tags (§7: no P2/P5 on D5, D8, D10–D13; D7 decides nothing by ALT). */
const NO_TIMING_TAGS = new Set(['D5', 'D7', 'D8', 'D10', 'D11', 'D12', 'D13']);
const TIMING_CARDS = new Set(['D0', 'D1', 'D2', 'D3', 'D4']);

/** §7: rule tags only where the rule applies; P7 only on flare results. */
function altRules(a: AltReading, d: Decision): RuleId[] {
  if (a.band === 'severe') return ['P4', 'P7'];
  if (NO_TIMING_TAGS.has(d.id)) return [];
  if (a.band === 'window') return d.facts.flare ? [] : a === d.facts.latestAlt && TIMING_CARDS.has(d.id) ? ['P2', 'P5'] : ['P2'];
  return a.band === 'mild' && d.facts.recurrentMild && (d.id === 'D0' || d.id === 'D2') ? ['P3', 'P6'] : ['P3'];
}

export const ALT_COURSE_ROWS = 15;

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

/** Fibrosis rows on D0/D2/D4/D9 and wherever fibrosis or cirrhosis is named (§7). */
function namesFibrosis(d: Decision): boolean {
  return ['D0', 'D2', 'D4', 'D9', 'D8', 'D11', 'D12'].includes(d.id) || has(d, 'cirrhosis') || d.d5Clauses.includes('cirrhosis');
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
  const flareTag: RuleId[] = f.flare ? ['P7'] : [];
  const timing = TIMING_CARDS.has(d.id);
  for (const k of d.contraindications) {
    if (k.condition) add({ kind: 'condition', value: displayOf(SNOMED_NAMES, k.condition.code, locale), ...(k.condition.date ? { date: k.condition.date } : {}), rules: [], source: k.condition.source });
    if (k.pregnancyStatus) add({ kind: 'pregnancy-status', value: displayOf(SNOMED_NAMES, { system: SYSTEM.snomed, code: '77386006' }, locale), date: c.day(k.pregnancyStatus.time), rules: [], source: k.pregnancyStatus.source });
  }
  for (const a of altListed) add({ kind: 'alt', value: `${num(a.value)} U/L${m.paren(`${multiple(a.multiple)}${m.comma}ULN ${num(a.uln)}`)}`, date: c.day(a.time), rules: altRules(a, d), source: a.source });
  for (const t of [f.tbil.latest, f.tbil.previous, f.tbil.lastOnRecord]) if (t) add({ kind: 'tbil', value: tbilPhrase(c, t), date: c.day(t.time), rules: flareTag, source: t.source });
  const inr = f.inr.latest ?? f.inr.lastOnRecord;
  if (inr) add({ kind: 'inr', value: fixed(inr.value, 1, 2), date: c.day(inr.time), rules: flareTag, source: inr.source });
  if (f.pt) add({ kind: 'pt', value: `${num(f.pt.seconds)} s`, date: c.day(f.pt.time), rules: [], source: f.pt.source });
  for (const k of ['neutrophils', 'platelets'] as const) {
    const r = f.safetyScreen[k].reading;
    if (r) add({ kind: k, value: m.count(num(r.value, 2)), date: c.day(r.time), rules: [], source: r.source });
  }
  if (f.dna.latest) add({ kind: 'hbv-dna', value: dnaPhrase(c), date: c.day(f.dna.latest.time), rules: timing ? ['P5'] : [], source: f.dna.latest.source });
  if (f.latestHbeag) add({ kind: 'hbeag', value: f.latestHbeag.positive ? m.positive : m.negative, date: c.day(f.latestHbeag.time), rules: d.id === 'D0' || d.id === 'D2' ? ['P6'] : [], source: f.latestHbeag.source });
  if (f.histology) add({ kind: 'histology', value: histologyLabel(f.histology), date: c.day(f.histology.time), rules: timing ? ['P5', 'P6'] : [], source: f.histology.source });
  if (namesFibrosis(d)) {
    if (f.fibrosis.stage) add({ kind: 'fibrosis', value: stageLabel(f.fibrosis.stage), date: c.day(f.fibrosis.stage.time), rules: [], source: f.fibrosis.stage.source });
    for (const cond of f.fibrosis.cirrhosisConditions) add({ kind: 'condition', value: displayOf(SNOMED_NAMES, cond.code, locale), ...(cond.date ? { date: cond.date } : {}), rules: [], source: cond.source });
  }
  const p6: RuleId[] = d.id === 'D0' || d.id === 'D2' ? ['P6'] : [];
  for (const t of f.triggers) {
    if (t.age) add({ kind: 'age', value: `${m.age(t.age.min === t.age.max ? `${t.age.min}` : `${t.age.min}–${t.age.max}`)}${m.comma}${c.w.born(t.age.birthDate)}`, rules: p6, source: t.age.source });
    for (const fh of t.family ?? []) {
      const who = fh.relationship ? displayOf(ROLE_NAMES, fh.relationship, locale) : '';
      add({ kind: 'family-history', value: `${who ? `${who}${m.colon}` : ''}${displayOf(SNOMED_NAMES, fh.condition, locale)}`, rules: p6, source: fh.source });
    }
    for (const l of t.lesions ?? []) add({ kind: 'condition', value: displayOf(SNOMED_NAMES, l.code, locale), ...(l.date ? { date: l.date } : {}), rules: p6, source: l.source });
  }
  if (f.onNa) add({ kind: 'medication', value: naCurrentName(c), rules: [], source: f.onNa.source });
  return rows;
}

/**
 * A draft's drug, quoted (record text; bare only in the English summary prefix, §7): the name without the dose
 * ("Peginterferon alfa-2a 180 mcg weekly" → "Peginterferon alfa-2a"), the whole text only when two drafts name one
 * drug (§5: "with its dose if two name one drug").
 */
function drugName(c: Ctx, o: InterferonOrder, i: number, quote = true): string {
  if (!o.recordText) return o.substance && c.locale !== 'en' ? IFN_NAMES[o.substance][1] : `${c.locale === 'en' ? 'interferon draft' : '干扰素医嘱草稿'} ${i + 1}`;
  const name = drugOnly(o.recordText);
  const shared = c.e.orders.some((other, j) => j !== i && other.recordText !== undefined && drugOnly(other.recordText) === name);
  // zh-CN names a coded interferon in Chinese (§7); the order's own text (quoted) only where two drafts share a drug.
  if (o.substance && c.locale !== 'en' && !shared) return IFN_NAMES[o.substance][1];
  const text = plain(shared ? o.recordText : name);
  return quote ? `“${text}”` : text;
}

/** The order text up to its first word that starts with a digit (the dose). */
function drugOnly(text: string): string {
  const words = plain(text).trim().split(/\s+/);
  const at = words.findIndex((w, k) => k > 0 && /^\d/.test(w));
  return (at < 0 ? words : words.slice(0, at)).join(' ');
}

function details(c: Ctx, refs: Refs, more: string[]): string[] {
  const { m, w, d, e } = c;
  const lines: string[] = ['', `### ${w.details.heading}`];
  if (e.orders.length) {
    const names = e.orders.map((o) => `${o.recordText ? mdQuoted(o.recordText) : m.heading.orders} ${refs.cite(o.reference)}`);
    lines.push('', w.details.ordersLine(m.list(names)));
    if (e.orders.length > 1 && !c.d.onTreatment?.duplicate) lines.push('', w.details.duplicate(e.orders.length, e.hook === 'order-sign'));
  }
  if (more.length) lines.push('', `**${w.details.more}**`, '', ...more.map((l) => `- ${l}`));

  lines.push('', `| ${m.table.result} | ${m.table.value} | ${m.table.date} | ${m.table.rule} | ${m.table.ref} |`, '|---|---|---|---|---|');
  const course = altCourse(d.facts);
  const rows = evidenceRows(c, course.listed);
  if (rows.length === 0) lines.push(`| ${m.noEvidence} | ${m.notApplicable} | ${m.notApplicable} | ${m.notApplicable} | ${m.notApplicable} |`);
  for (const r of rows) lines.push(`| ${m.kind[r.kind]} | ${r.value} | ${r.date ?? m.notApplicable} | ${r.rules.join(c.locale === 'en' ? ', ' : '、') || m.notApplicable} | ${refs.cite(r.source)} |`);
  const { notListed } = course;
  if (notListed.length) {
    const multiples = notListed.map((a) => a.multiple);
    lines.push('', m.altNotListed(notListed.length, c.day(notListed[notListed.length - 1]!.time), c.day(notListed[0]!.time), multiple(Math.min(...multiples)), multiple(Math.max(...multiples))));
  }

  if (TIMING_CARDS.has(d.id) && d.facts.predictors.length) {
    const t = d.thresholds;
    const names = m.predictor(scientific(t.predictorDnaMaxCopies), grouped(t.predictorDnaMaxIU));
    lines.push('', `${w.details.predictors}${m.colon}${m.list(d.facts.predictors.map((p) => `${names[p.kind]} — ${m.tri[p.met]}`))}`);
  }

  if (d.passedOver.length) {
    // §7: each with its value as written, date and why ("ALT “180”, 2026-06-12: no unit").
    const items = d.passedOver.map((p) => `${m.input[p.input]}${p.raw !== undefined ? ` ${mdQuoted(p.raw)}` : ''} ${refs.cite(p.source)}${p.date ? ` ${p.date}` : ''}${m.colon}${m.passReason[p.reason](p.unit !== undefined && !(p.raw ?? '').includes(p.unit) ? mdQuoted(p.unit) : undefined)}`);
    lines.push('', `${w.details.passedOver}${m.colon}${items.join(c.locale === 'en' ? '; ' : '；')}`);
  }

  lines.push('', `${m.sourceNote.replace(/[.。]$/, '')}${m.comma}${w.details.rulesVersion(RULES_VERSION)}${w.stop.trim()}${c.locale === 'en' ? ' ' : ''}${w.details.footer}`);
  const steps = d.steps.map((s) => `${s.step}·${s.decision}${s.applies ? '✔' : '✘'}`).join(' ');
  lines.push('', `${w.details.steps}${m.colon}${steps}`);
  if (refs.list.length) lines.push('', `${w.details.resources}${m.colon}${refs.list.map((s, i) => `\\[${i + 1}\\] ${mdCode(s)}`).join(' · ')}`);
  return lines;
}

export function renderDetail(c: Ctx, moved?: string): string {
  const { w } = c;
  const refs = new Refs();
  const why = whyLines(c, moved);
  const lines: string[] = [`**${c.m.heading.why}**`, '', ...why.slice(0, WHY_MAX).map((l) => `- ${l}`)];
  const kind = blockKind(c.d);
  if (kind) {
    const body = blockLines(c, kind);
    if (body.length) lines.push('', `**${w.block[kind]}**`, '', ...body.map((l) => `- ${l}`));
  }
  lines.push(...details(c, refs, why.slice(WHY_MAX)));
  return lines.join('\n');
}

// ---------------------------------------------------------------- suggestions (§5)

type OrderKey = MissingInput;

function serviceRequest(c: Ctx, test: OrderKey, patientRef: string): ServiceRequest | undefined {
  const code = test === 'resistance-test' ? c.cfg.resistanceTestCode : c.cfg.orderCodes[test];
  if (!code) return undefined;
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: patientRef },
    code: { coding: [{ system: code.system, code: code.code, display: WORDS.en.test[test] ?? test }], text: c.w.test[test] ?? test },
  };
}

function naDraft(c: Ctx, patientRef: string, drug: NaDrug): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: patientRef },
    medicationCodeableConcept: { coding: [{ system: SYSTEM.atc, code: NA_ATC[drug] ?? drug, display: naName(drug, 'en') }], text: naName(drug, c.locale) },
  };
}

/**
 * §5 per decision. Order hooks: the decision's own suggestions (the first one ★), then "Cancel <drug>" per draft
 * when there are several. Patient-view: only test orders (one ★), D2's biopsy and assessment, D8's pregnancy switch.
 * A test without an order code (the resistance test has no default) is named in text only.
 */
function suggestionsFor(c: Ctx, indicator: Card['indicator'], newId: () => string): Suggestion[] {
  const { m, w, d, e, locale } = c;
  const patientRef = e.patientRef ?? 'Patient/unknown';
  const orderable = (k: OrderKey) => serviceRequest(c, k, patientRef) !== undefined;
  const createTests = (keys: OrderKey[]): Action[] =>
    keys.flatMap((k) => {
      const resource = serviceRequest(c, k, patientRef);
      return resource ? [{ type: 'create' as const, description: w.action_.orderTest(w.test[k] ?? k), resource }] : [];
    });
  const namesOf = (keys: OrderKey[]): string => m.list(keys.filter(orderable).map((k) => w.test[k] ?? k));
  const tests = d.missing.filter((k) => orderable(k) && k !== 'liver-biopsy');
  const assessment = d.assessment.filter(orderable);
  const s = (label: string, actions: Action[]): Suggestion => ({ label, uuid: newId(), actions });
  const withActions = (list: Suggestion[]) => list.filter((x) => (x.actions ?? []).length > 0);
  const tdfSwitch = (extra: Action[]): Suggestion =>
    s(w.suggestion.switchToTdf, [...extra, { type: 'create', description: `${w.action_.stopEntecavir}${m.comma}${w.action_.orderNa(naName('tenofovir-df', locale))}`, resource: naDraft(c, patientRef, 'tenofovir-df') }]);
  const own: Suggestion[] = [];

  if (!isOrderHook(e.hook) || e.orders.length === 0) {
    if (d.id === 'D8' && d.na.switchToTenofovirDf) own.push(tdfSwitch([]));
    if (d.id === 'D2') {
      const biopsyKeys: OrderKey[] = ['liver-biopsy', ...tests.filter((k) => !assessment.includes(k))];
      own.push(s(w.suggestion.orderTests(namesOf(biopsyKeys)), createTests(biopsyKeys)));
      if (assessment.length) own.push(s(w.suggestion.assessment, createTests(assessment)));
    } else if (tests.length) own.push(s(w.suggestion.orderTests(namesOf(tests)), createTests(tests)));
    return star(withActions(own));
  }

  if (indicator === 'info') return [];
  const n = e.orders.length;
  const cancel = e.orders.map((o, i): Action => ({ type: 'delete', description: w.action_.cancelDraft(drugName(c, o, i)), resourceId: o.reference }));
  const testsAndCancel = (keys: OrderKey[]) => (keys.length ? [s(w.suggestion.testsAndCancel(namesOf(keys), n), [...createTests(keys), ...cancel])] : []);
  const naTests = [...new Set([...d.na.offerTests, ...tests])].filter(orderable);
  const naInstead = (drug: NaDrug) =>
    s(w.suggestion.naInstead(naName(drug, locale), naTests.length ? namesOf(naTests) : undefined), [...cancel, { type: 'create', description: w.action_.orderNa(naName(drug, locale)), resource: naDraft(c, patientRef, drug) }, ...createTests(naTests)]);
  const offer = d.na.offer && !d.facts.onNa ? d.na.offer : undefined;

  switch (d.id) {
    case 'D10':
      break;
    case 'D8':
      if (d.na.switchToTenofovirDf) own.push(tdfSwitch([...cancel, ...createTests(tests)]));
      else if (offer) own.push(naInstead(offer));
      else own.push(...testsAndCancel(tests));
      break;
    case 'D5':
    case 'D1':
    case 'D9':
      if (offer && (d.id !== 'D1' || has(d, 'cirrhosis'))) own.push(naInstead(offer));
      if (d.id !== 'D9' || !offer) own.push(...testsAndCancel(tests));
      break;
    case 'D2':
      own.push(s(w.suggestion.biopsyAndCancel(n), [...createTests(['liver-biopsy', ...tests.filter((k) => !assessment.includes(k))]), ...cancel]));
      if (assessment.length) own.push(s(w.suggestion.assessmentAndCancel(n), [...createTests(assessment), ...cancel]));
      break;
    case 'D4':
      if (tests.includes('liver-stiffness')) own.push(s(w.suggestion.assessmentAndCancel(n), [...createTests(tests), ...cancel]));
      else own.push(...testsAndCancel(tests));
      break;
    default:
      own.push(...testsAndCancel(tests));
  }
  own.push(s(w.suggestion.cancel(n), cancel));
  const perDraft = n > 1 ? e.orders.map((o, i) => s(w.suggestion.cancelOne(drugName(c, o, i)), [cancel[i]!])) : [];
  return [...star(withActions(own)), ...perDraft];
}

/** §5: a card with suggestions has exactly one `isRecommended: true`, the first of the decision's own. */
function star(list: Suggestion[]): Suggestion[] {
  return list.map((x, i) => (i === 0 ? { ...x, isRecommended: true } : x));
}

const GENERIC: OverrideCode[] = ['specialist-reviewed', 'benefit-outweighs-risk', 'patient-preference', 'record-incomplete'];

export function overrideCodes(d: Decision): OverrideCode[] {
  switch (d.id as string) {
    case 'D10':
      return ['specialist-reviewed', 'record-out-of-date'];
    case 'D8':
      return ['specialist-reviewed', 'record-out-of-date', ...(d.contraindications.length > 0 && d.contraindications.every((k) => k.kind === 'neutropenia' || k.kind === 'thrombocytopenia') ? (['benefit-outweighs-risk'] as const) : [])];
    case 'D5':
      return ['ifn-specialist-decided', 'record-out-of-date'];
    default:
      return GENERIC;
  }
}

function overrideReasons(m: Messages, d: Decision): Coding[] {
  return overrideCodes(d).map((code) => ({ system: SYSTEM.overrideReason, code, display: m.overrideReason[code] }));
}

const randomId = (): string => globalThis.crypto.randomUUID();

function contextOf(e: Evaluation, d: Decision, options: RenderOptions): Ctx {
  const cfg = options.config ?? DEFAULT_CLINICAL_CONFIG;
  const timeZone = cfg.timeZone;
  return { m: MESSAGES[options.locale], w: WORDS[options.locale], locale: options.locale, d, e, cfg, day: (ms) => dayIn(ms, timeZone) };
}

/** The carried lines (§4) as the card words them, for the test that each stands in the why. */
export function carriedLineTexts(e: Evaluation, options: RenderOptions): string[] {
  return e.decision ? carriedLines(contextOf(e, e.decision, options)) : [];
}

/** One card for a decision; none when the engine stayed silent (§1). */
export function renderCards(e: Evaluation, options: RenderOptions): Card[] {
  const d = e.decision;
  if (!d) return [];
  const c = contextOf(e, d, options);
  const newId = options.newId ?? randomId;
  const indicator = indicatorFor(d, e.hook);
  const { summary, moved } = renderSummary(c);
  const card: Card = {
    uuid: newId(),
    summary,
    detail: renderDetail(c, moved),
    indicator,
    // The rules version in a source extension, not topic.version (a Coding's version is its code system's).
    source: { label: c.m.sourceLabel, topic: { system: SYSTEM.cardTopic, code: d.code, display: c.m.topic[d.code] }, extension: { [VERSION_EXTENSION.rulesVersion]: RULES_VERSION } },
  };
  if (options.baseUrl) card.source.url = `${options.baseUrl}/rules?lang=${options.locale}#${d.id}`;
  const suggestions = suggestionsFor(c, indicator, newId);
  if (suggestions.length) {
    card.suggestions = suggestions;
    card.selectionBehavior = 'at-most-one';
  }
  if (isOrderHook(e.hook) && e.orders.length > 0 && indicator !== 'info') {
    card.overrideReasons = overrideReasons(c.m, d);
    card.selectionBehavior = 'at-most-one';
  }
  return [card];
}
