/**
 * Every fixture card (every story × patient-view, order-select, order-sign × en and zh-CN), rendered by a real
 * GitHub-flavoured Markdown renderer (markdown-it), as an EHR would show it. clinical-rules.md §7 (v3):
 * - no raw HTML (EHRs strip it): markdown-it with `html: false` renders exactly what it renders with `html: true`,
 *   and no HTML token appears;
 * - summary under 140 characters;
 * - the shape: a "why" list of at most five lines, at most one decision-specific block, then a `### Details`
 *   section (read from the rendered token stream, not from the renderer's own helper);
 * - a card with suggestions has exactly one `isRecommended: true` (§5);
 * - zh-CN: no Latin word outside the abbreviations, units, scale names and codes §7 allows;
 * - en: never promises safety (§7 v3: no "safe"; "safety screen" names the check, not a promise).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { Card } from '../../src/contract/types.js';
import type { HookName } from '../../src/contract/types.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import type { Locale } from '../../src/config/locale.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { assemble } from '../../src/data/resolve.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import type { ManifestEntry } from '../../scripts/fixtures/generate.js';

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'fixtures/patients/index.json'), 'utf8')) as { evaluationDate: string; patients: ManifestEntry[] };
const now = new Date(manifest.evaluationDate);
const HOOKS: HookName[] = ['patient-view', 'order-select', 'order-sign'];
const LOCALES: Locale[] = ['en', 'zh-CN'];
/** The heading of the Details section per locale (§7 `### Details`; zh-CN in Chinese). */
const DETAILS_HEADING: Record<Locale, string> = { en: 'Details', 'zh-CN': '详情' };

const strict = new MarkdownIt('commonmark', { html: false }).enable(['table', 'strikethrough']);
const lenient = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);

interface Rendered {
  name: string;
  hook: HookName;
  locale: Locale;
  card: Card;
}

function renderAll(): Rendered[] {
  const out: Rendered[] = [];
  for (const locale of LOCALES) {
    const engine = createCardEngine(DEFAULT_CLINICAL_CONFIG, locale);
    for (const p of manifest.patients) {
      for (const hook of HOOKS) {
        const req = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, p.requests[hook]), 'utf8')) as {
          context: never;
          prefetch: Record<string, { resourceType?: string; entry?: { resource: unknown }[] } | null>;
        };
        const resources = Object.values(req.prefetch).flatMap((v) => (!v ? [] : v.resourceType === 'Bundle' ? (v.entry ?? []).map((e) => e.resource) : [v]));
        const { cards } = engine.evaluate(hook, req.context, assemble(resources as never), now, locale, 'https://cds.example.org');
        for (const card of cards) out.push({ name: p.name, hook, locale, card });
      }
    }
  }
  return out;
}

/** Problems with the §7 shape, read from markdown-it's tokens of the detail. */
export function shapeProblems(detail: string, locale: Locale): string[] {
  const problems: string[] = [];
  const tokens = strict.parse(detail, {});
  const h3 = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h3');
  if (h3 < 0) problems.push('no ### heading');
  else if (tokens[h3 + 1]?.content !== DETAILS_HEADING[locale]) problems.push(`first ### heading is "${tokens[h3 + 1]?.content}", not "${DETAILS_HEADING[locale]}"`);
  if (tokens.some((t) => t.type === 'heading_open' && (t.tag === 'h1' || t.tag === 'h2'))) problems.push('an h1/h2 heading (EHR card panels render them as page titles)');
  const head = h3 < 0 ? tokens : tokens.slice(0, h3);
  // Top-level blocks before Details: bold-only paragraphs are titles (Why, then at most one block).
  const titles = head.filter((t, i) => t.level === 0 && t.type === 'paragraph_open' && isBoldOnly(head[i + 1]));
  if (titles.length === 0) problems.push('no bold "why" title before Details');
  if (titles.length > 2) problems.push(`${titles.length - 1} blocks before Details (at most one): ${titles.map((t) => head[head.indexOf(t) + 1]!.content.replace(/\*\*/g, '')).join(', ')}`);
  const firstList = head.findIndex((t) => t.level === 0 && t.type === 'bullet_list_open');
  if (firstList < 0) problems.push('no "why" list');
  else {
    const close = head.findIndex((t, i) => i > firstList && t.level === 0 && t.type === 'bullet_list_close');
    const items = head.slice(firstList, close).filter((t) => t.type === 'list_item_open' && t.level === 1).length;
    if (items > 5) problems.push(`${items} why lines (at most 5)`);
    if (items === 0) problems.push('an empty why list');
  }
  return problems;
}

function isBoldOnly(inline: Token | undefined): boolean {
  const children = (inline?.children ?? []).filter((c) => !(c.type === 'text' && c.content === ''));
  return inline?.type === 'inline' && children.length >= 3 && children[0]!.type === 'strong_open' && children[children.length - 1]!.type === 'strong_close';
}

/** Raw HTML: anything markdown-it would pass through as HTML, in the detail, and any tag in summary or labels. */
export function htmlProblems(card: Card): string[] {
  const problems: string[] = [];
  const detail = card.detail ?? '';
  if (strict.render(detail) !== lenient.render(detail)) problems.push('raw HTML in detail (renders differently with html: true)');
  const htmlTokens = lenient.parse(detail, {}).flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type === 'html_block' || t.type === 'html_inline');
  for (const t of htmlTokens) problems.push(`HTML token: ${t.content.trim().slice(0, 40)}`);
  for (const s of [card.summary, ...(card.suggestions ?? []).map((x) => x.label)]) if (/<\/?[a-z][^>]*>/i.test(s)) problems.push(`HTML tag in "${s}"`);
  return problems;
}

/**
 * zh-CN Latin words outside §7's list. Allowed: the abbreviations of §7 (ALT, AST, ULN, HBV DNA, HBeAg, HBsAg, TBil,
 * INR, TSH, IFN, NA, APRI, FIB-4); the terms §7 itself prescribes in Chinese text (抗-HBc IgM; 替诺福韦（TDF或TAF）)
 * and 抗-HBe beside them; units; proper names (the scales, and the guideline bodies WHO, EASL, AASLD the §7 footer
 * names); CT (B超/CT, a loanword of Chinese clinical language); codes (in code spans, or shaped like a code: P5,
 * D10, G2, S4, F32.1, J05AF10). Record free text (quoted “…”), URLs and link targets are data, not words.
 * Not allowed, though common: HIV, HCV, HDV (§7's list is closed: 人类免疫缺陷病毒, 丙型/丁型肝炎病毒).
 */
const ABBREVIATIONS = ['ALT', 'AST', 'ULN', 'HBV', 'DNA', 'HBeAg', 'HBsAg', 'TBil', 'INR', 'TSH', 'IFN', 'NA', 'APRI', 'FIB'];
const PRESCRIBED_TERMS = ['HBc', 'IgM', 'TDF', 'TAF', 'HBe'];
const UNITS = ['U', 'L', 'IU', 'kIU', 'mIU', 'uIU', 'µIU', 'mL', 'uL', 'µL', 'µmol', 'umol', 'mg', 'dL', 'kPa', 'copies', 'µkat', 'ukat', 'log', 's', 'g'];
const PROPER_NAMES = ['Scheuer', 'METAVIR', 'Knodell', 'Ishak', 'HAI', 'WHO', 'EASL', 'AASLD', 'CT'];
const ALLOWED = new Set([...ABBREVIATIONS, ...PRESCRIBED_TERMS, ...UNITS, ...PROPER_NAMES]);
const CODE_LIKE = /^[A-Z][0-9][0-9A-Z]*$/;

export function latinWords(text: string): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/“[^”]*”/g, ' ')
    // The subtype of a named interferon (干扰素α-2a/α-2b, its INN suffix) is part of the Chinese drug name.
    .replace(/干扰素α-2[ab](?![A-Za-z0-9])/g, '干扰素')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b(?:Observation|Condition|MedicationRequest|MedicationStatement|AllergyIntolerance|Patient|FamilyMemberHistory|ServiceRequest)\/[\w.-]+/g, ' ');
  return (stripped.match(/[A-Za-zµ][A-Za-z0-9µ]*/g) ?? []).filter((w) => !ALLOWED.has(w) && !CODE_LIKE.test(w));
}

const cardText = (c: Card): string => [c.summary, c.detail ?? '', ...(c.suggestions ?? []).flatMap((s) => [s.label, ...(s.actions ?? []).map((a) => a.description)]), ...(c.overrideReasons ?? []).map((r) => r.display ?? '')].join('\n');

describe('the checks themselves', () => {
  it('see raw HTML, a sixth why line, two blocks and a missing Details', () => {
    const good = '**Why**\n\n- one\n- two\n\n**Block**\n\n- x\n\n### Details\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    expect(shapeProblems(good, 'en')).toEqual([]);
    expect(htmlProblems({ summary: 's', indicator: 'info', source: { label: 'x' }, detail: good } as Card)).toEqual([]);
    expect(htmlProblems({ summary: 's', indicator: 'info', source: { label: 'x' }, detail: `${good}<br>` } as Card).length).toBeGreaterThan(0);
    expect(shapeProblems('**Why**\n\n- 1\n- 2\n- 3\n- 4\n- 5\n- 6\n\n### Details\n', 'en')).toEqual(['6 why lines (at most 5)']);
    expect(shapeProblems('**Why**\n\n- 1\n\n**A**\n\n- a\n\n**B**\n\n- b\n\n### Details\n', 'en')).toEqual(['2 blocks before Details (at most one): Why, A, B']);
    expect(shapeProblems('**Why**\n\n- 1\n', 'en')).toEqual(['no ### heading']);
    expect(shapeProblems('**依据**\n\n- 1\n\n### 详情\n', 'zh-CN')).toEqual([]);
  });

  it('see Latin words in zh-CN but not abbreviations, units, scales, codes or record text', () => {
    expect(latinWords('ALT 4.2×ULN（168 U/L），HBV DNA 2×10⁵ IU/mL，Scheuer G2，F32.1，`ifn-window`，“Entecavir tablet”，FIB-4 1.2，抗-HBc IgM，聚乙二醇干扰素α-2a，干扰素α-2b')).toEqual([]);
    expect(latinWords('干扰素 window，safe')).toEqual(['window', 'safe']);
  });
});

describe('every fixture card through a GFM renderer (§7)', () => {
  const rendered = renderAll();

  it('renders cards for every story that is not silent, in both locales', () => {
    const expectedCards = manifest.patients.reduce((n, p) => n + HOOKS.filter((h) => (h === 'patient-view' ? p.expected.patientView : p.expected.orderSelect) !== null).length, 0);
    expect(rendered.length).toBeGreaterThanOrEqual(expectedCards * LOCALES.length * 0.9);
  });

  it.each(rendered.map((r) => ({ name: r.name, hook: r.hook, locale: r.locale, r })))('$name $hook $locale', ({ r }) => {
    const problems: string[] = [];
    const summaryLength = [...r.card.summary].length;
    if (summaryLength >= 140) problems.push(`summary has ${summaryLength} characters (<140): ${r.card.summary}`);
    problems.push(...htmlProblems(r.card));
    problems.push(...shapeProblems(r.card.detail ?? '', r.locale));
    const suggestions = r.card.suggestions ?? [];
    const recommended = suggestions.filter((s) => s.isRecommended === true).length;
    if (suggestions.length > 0 && recommended !== 1) problems.push(`${recommended} suggestions marked isRecommended (exactly one)`);
    if (r.locale === 'en' && /\bsafe\b|\bsafely\b/i.test(cardText(r.card))) problems.push('promises safety ("safe")');
    if (r.locale === 'zh-CN') {
      const latin = [...new Set(latinWords(cardText(r.card)))];
      if (latin.length) problems.push(`Latin words in zh-CN: ${latin.join(', ')}`);
      // §7 wording: Chinese punctuation is full-width and takes no space after it ("。" then the next sentence).
      const spaced = cardText(r.card).match(/[。，；：][ \t]+\S/g);
      if (spaced) problems.push(`space after Chinese punctuation: ${[...new Set(spaced)].join(' | ')}`);
    }
    expect(problems).toEqual([]);
  });
});
