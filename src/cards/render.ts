/**
 * Card rendering (clinical-rules.md §4 "Card" column, §5, §7): a decision becomes one localized CDS Hooks
 * card. No clinical judgement is made here; everything shown comes from the Decision.
 */
import { randomUUID } from 'node:crypto';
import type { MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Action, Card, Coding, Suggestion } from '../contract/types.js';
import type { ClinicalConfig } from '../engine/config.js';
import { ENTECAVIR, ORDERABLE } from '../engine/codes.js';
import { SYSTEM } from '../fhir/systems.js';
import { formatMultiple, histologyLabel, tbilEvidence, altEvidence } from '../engine/facts.js';
import { fmt } from '../engine/inputs.js';
import type { AltReading, Decision, DecisionId, Evaluation, Evidence, RuleId } from '../engine/types.js';
import { MESSAGES, type Messages } from './messages.js';
import { type Locale } from '../config/locale.js';
import { isOrderHook } from '../engine/evaluate.js';

export const SUMMARY_MAX = 139;

export interface RenderOptions {
  locale: Locale;
  config: ClinicalConfig;
  newId?: () => string;
}

type Indicator = Card['indicator'];

/** §4/§5 indicator per decision and hook. */
export function indicatorFor(id: DecisionId, hook: Evaluation['hook']): Indicator {
  if (isOrderHook(hook)) {
    if (id === 'D8') return 'critical';
    return id === 'D1' || id === 'D3' || id === 'D6' ? 'info' : 'warning';
  }
  return id === 'D8' || id === 'D5' ? 'warning' : 'info';
}

function altPhrase(m: Messages, a: AltReading): string {
  return m.altPhrase(formatMultiple(a.multiple), fmt(a.value), fmt(a.uln), m.ulnOrigin[a.ulnOrigin]);
}

/** Shorter ALT phrase for summaries that would not fit: drops value and ULN origin, keeps the multiple. */
function altShort(a: AltReading): string {
  return `ALT ${formatMultiple(a.multiple)}`;
}

function summaryCandidates(m: Messages, d: Decision, config: ClinicalConfig): string[] {
  const f = d.facts;
  const a = f.latestAlt;
  const variants = (build: (alt: string) => string): string[] => (a ? [build(altPhrase(m, a)), build(altShort(a))] : []);
  const tbilText = (): string => {
    const t = f.tbil.latest;
    if (!t) return '?';
    const reason = f.tbil.reason ? m.paren(m.tbilElevated[f.tbil.reason]) : '';
    return `${fmt(t.umolL)} µmol/L${reason}`;
  };
  const peak = f.flarePeak ? formatMultiple(f.flarePeak.multiple) : '';
  const histology = f.histology ? histologyLabel(f.histology.scale, f.histology.grade) : '';
  switch (d.id) {
    case 'D0':
      return variants(m.summary.D0);
    case 'D1':
      return variants(m.summary.D1);
    case 'D2':
      return variants((alt) => m.summary.D2(alt, f.triggers.filter((t) => t.fired === 'yes').length));
    case 'D3':
      return variants((alt) => m.summary.D3(histology, alt));
    case 'D4':
      return variants((alt) => m.summary.D4(histology, alt));
    case 'D5':
      return f.tbil.state === 'elevated' && !(f.flare && a && a.multiple > 10 && !f.altFalling)
        ? variants((alt) => m.summary.D5tbil(alt, tbilText()))
        : variants(m.summary.D5flare);
    case 'D6':
      return variants((alt) => m.summary.D6(alt, peak, tbilText()));
    case 'D7':
      return d.missing.includes('alt') ? [m.summary.D7alt(config.altLookbackDays)] : variants((alt) => m.summary.D7tbil(alt, peak));
    case 'D8': {
      const first = d.contraindications[0]!;
      const label = m.contraindication[first.kind];
      const withValue = first.kind === 'neutropenia' || first.kind === 'thrombocytopenia' ? `${m.kind[first.evidence.kind]} ${first.evidence.value}` : label;
      return [m.summary.D8(withValue, d.contraindications.length - 1), m.summary.D8(label, d.contraindications.length - 1)];
    }
  }
}

export function renderSummary(m: Messages, d: Decision, config: ClinicalConfig, hook: Evaluation['hook']): string {
  const candidates = summaryCandidates(m, d, config);
  const prefixed = isOrderHook(hook) ? candidates.map((c) => m.summary.orderPrefix + c) : [];
  const fits = [...prefixed, ...candidates].find((s) => [...s].length <= SUMMARY_MAX);
  // Last resort: cut at a character boundary (never observed with the built-in texts; guarded by tests).
  return fits ?? [...candidates[candidates.length - 1]!].slice(0, SUMMARY_MAX - 1).join('') + '…';
}

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The passage rules an ALT result was read under: the deciding rules for the latest, its band's rule for the rest. */
function altRules(a: AltReading, d: Decision): RuleId[] {
  if (a === d.facts.latestAlt && d.rules.length) return d.rules.filter((r) => r !== 'P1');
  if (a.band === 'severe') return ['P4', 'P7'];
  if (a.band === 'window') return ['P2'];
  return a.band === 'mild' && d.facts.recurrentMild ? ['P3', 'P6'] : ['P3'];
}

function evidenceRows(d: Decision): Evidence[] {
  const rows: Evidence[] = [];
  const seen = new Set<string>();
  const add = (e: Evidence | undefined) => {
    if (!e) return;
    const key = `${e.source}|${e.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(e);
  };
  for (const c of d.contraindications) add(c.evidence);
  for (const a of d.facts.altHistory) add(altEvidence(a, altRules(a, d)));
  if (d.facts.tbil.latest) add(tbilEvidence(d.facts.tbil.latest));
  if (d.facts.tbil.previous) add(tbilEvidence(d.facts.tbil.previous));
  for (const p of d.facts.predictors) p.evidence.forEach(add);
  for (const t of d.facts.triggers) t.evidence.forEach(add);
  add(d.facts.onNa);
  return rows;
}

export function renderDetail(m: Messages, e: Evaluation, d: Decision, config: ClinicalConfig): string {
  const lines: string[] = [];
  lines.push(`**${m.heading.decision}${m.colon}${d.id} · \`${d.code}\`** — ${m.topic[d.code]}${d.rules.length ? m.paren(`${m.heading.rules} ${d.rules.join(', ')}`) : ''}`);
  if (e.order) lines.push('', `${m.heading.order}${m.colon}${e.order.medication || e.order.reference}${m.paren(`\`${e.order.reference}\``)}`);
  lines.push('', m.recommendation[d.id]);
  if (d.missing.includes('tbil')) lines.push('', m.recommendationTbilMissing);

  if (d.contraindications.length) {
    lines.push('', `**${m.heading.contraindications}**`, '');
    for (const c of d.contraindications) lines.push(`- ${m.contraindication[c.kind]}${m.colon}${c.evidence.value}${c.evidence.date ? `, ${c.evidence.date}` : ''} (\`${c.evidence.source}\`)`);
  }

  lines.push('', `**${m.heading.evidence}**`, '');
  lines.push(`| ${m.table.result} | ${m.table.value} | ${m.table.date} | ${m.table.source} | ${m.table.rule} |`, '|---|---|---|---|---|');
  const rows = evidenceRows(d);
  if (rows.length === 0) lines.push(`| ${m.noEvidence} | ${m.notApplicable} | ${m.notApplicable} | ${m.notApplicable} | ${m.notApplicable} |`);
  for (const r of rows) {
    lines.push(`| ${m.kind[r.kind]} | ${esc(r.value)} | ${r.date ?? m.notApplicable} | \`${esc(r.source)}\` | ${r.rules.join(', ') || m.notApplicable} |`);
  }

  const a = d.facts.latestAlt;
  if (a) lines.push('', `**${m.heading.uln}**${m.colon}${m.ulnLine(fmt(a.uln), m.ulnOrigin[a.ulnOrigin], a.source)}`);

  const iu = Math.floor(config.predictorDnaMaxCopies / config.copiesPerIU).toLocaleString('en-US');
  const predictorNames = m.predictor(iu);
  lines.push('', `**${m.heading.predictors}**`, '');
  for (const p of d.facts.predictors) lines.push(`- ${predictorNames[p.kind]}${m.colon}**${m.tri.met[p.met]}**`);

  const triggerNames = m.trigger(config.biopsyAge, config.hbeagNegativeDnaIU.toLocaleString('en-US'));
  lines.push('', `**${m.heading.triggers}**`, '');
  for (const t of d.facts.triggers) lines.push(`- ${triggerNames[t.kind]}${m.colon}**${m.tri.fired[t.fired]}**`);

  if (d.facts.onNa) lines.push('', `**${m.heading.onNa}**${m.colon}${d.facts.onNa.value} (\`${d.facts.onNa.source}\`)`);

  lines.push('', `**${m.heading.change}**${m.colon}${m.change[d.id]}`);
  lines.push('', `${m.heading.steps}${m.colon}${d.steps.map((s) => `${s.step}·${s.decision}${s.applies ? '✔' : '✘'}`).join(' ')}`);
  if (d.notes.length) {
    lines.push('', `**${m.heading.notes}**`, '');
    for (const n of d.notes) lines.push(`- ${esc(n)}`);
  }
  lines.push('', `_${m.sourceNote} ${m.internationalNote}_`);
  return lines.join('\n');
}

function serviceRequest(patientRef: string, code: { system: string; code: string; display: string }): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: patientRef },
    code: { coding: [{ ...code }], text: code.display },
  };
}

function entecavirDraft(patientRef: string): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: patientRef },
    medicationCodeableConcept: { coding: [{ ...ENTECAVIR }], text: ENTECAVIR.display },
  };
}

function suggestionsFor(m: Messages, e: Evaluation, d: Decision, newId: () => string): Suggestion[] {
  const patientRef = e.patientRef ?? 'Patient/unknown';
  const out: Suggestion[] = [];
  const create = (label: string, description: string, resource: ServiceRequest | MedicationRequest): Suggestion => ({
    label,
    uuid: newId(),
    actions: [{ type: 'create', description, resource }],
  });
  // Missing tests first, then the biopsy (§5 order), on both hooks (§4: "suggestion to order it").
  if (d.missing.includes('alt')) out.push(create(m.suggestion.orderAlt, m.actionDescription.orderAlt, serviceRequest(patientRef, ORDERABLE.alt)));
  if (d.missing.includes('tbil')) out.push(create(m.suggestion.orderTbil, m.actionDescription.orderTbil, serviceRequest(patientRef, ORDERABLE.tbil)));
  if (d.id === 'D2') out.push(create(m.suggestion.orderBiopsy, m.actionDescription.orderBiopsy, serviceRequest(patientRef, ORDERABLE.liverBiopsy)));
  if (isOrderHook(e.hook) && e.order && indicatorFor(d.id, e.hook) !== 'info') {
    const cancel: Action = { type: 'delete', description: m.actionDescription.cancelOrder(e.order.reference), resourceId: e.order.reference };
    out.push({ label: m.suggestion.cancelOrder, uuid: newId(), actions: [cancel] });
    // "Instead": with at-most-one selection, this suggestion both removes the interferon draft and orders the NA.
    if (d.id === 'D5') {
      out.push({
        label: m.suggestion.orderEntecavir,
        uuid: newId(),
        actions: [cancel, { type: 'create', description: m.actionDescription.orderEntecavir, resource: entecavirDraft(patientRef) }],
      });
    }
  }
  return out;
}

function overrideReasons(m: Messages, d: Decision): Coding[] {
  const codes = (d.id === 'D8'
    ? ['specialist-reviewed', 'benefit-outweighs-risk', 'record-incomplete']
    : ['specialist-reviewed', 'benefit-outweighs-risk', 'patient-preference', 'record-incomplete']) as (keyof Messages['overrideReason'])[];
  return codes.map((code) => ({ system: SYSTEM.overrideReason, code, display: m.overrideReason[code] }));
}

/** One card for a decision; none when the engine stayed silent (§1). */
export function renderCards(e: Evaluation, options: RenderOptions): Card[] {
  const d = e.decision;
  if (!d) return [];
  const m = MESSAGES[options.locale];
  const newId = options.newId ?? randomUUID;
  const indicator = indicatorFor(d.id, e.hook);
  const card: Card = {
    uuid: newId(),
    summary: renderSummary(m, d, options.config, e.hook),
    detail: renderDetail(m, e, d, options.config),
    indicator,
    source: { label: m.sourceLabel, topic: { system: SYSTEM.cardTopic, code: d.code, display: m.topic[d.code] } },
  };
  const suggestions = suggestionsFor(m, e, d, newId);
  if (suggestions.length) {
    card.suggestions = suggestions;
    card.selectionBehavior = 'at-most-one';
  }
  if (isOrderHook(e.hook) && indicator !== 'info') card.overrideReasons = overrideReasons(m, d);
  return [card];
}
