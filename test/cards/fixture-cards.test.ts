/**
 * Every fixture card, rendered straight from the engine: a site's thresholds and quoted intervals reach the cards
 * (§7 v3: every number from the decision and the clinical config, `textValues` included), and D5's wait line and
 * P4 appear only on the clauses that carry them (§4 step 4). The §7 shape, HTML and zh-CN wording of every card are
 * checked in fixture-gfm.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Card, HookName } from '../../src/contract/types.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import type { Locale } from '../../src/config/locale.js';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import type { Evaluation } from '../../src/engine/types.js';
import { assemble } from '../../src/data/resolve.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import type { ManifestEntry } from '../../scripts/fixtures/generate.js';

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'fixtures/patients/index.json'), 'utf8')) as { evaluationDate: string; patients: ManifestEntry[] };
const now = new Date(manifest.evaluationDate);

interface Rendered {
  card?: Card;
  evaluation: Evaluation;
}

function render(name: string, hook: HookName, config: ClinicalConfig, locale: Locale = 'en'): Rendered {
  const p = manifest.patients.find((x) => x.name === name);
  if (!p) throw new Error(`no fixture ${name}`);
  const req = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, p.requests[hook]), 'utf8')) as { context: never; prefetch: Record<string, { resourceType?: string; entry?: { resource: unknown }[] } | null> };
  const resources = Object.values(req.prefetch).flatMap((v) => (!v ? [] : v.resourceType === 'Bundle' ? (v.entry ?? []).map((e) => e.resource) : [v]));
  const { cards, evaluation } = createCardEngine(config, locale).evaluate(hook, req.context, assemble(resources as never), now, locale, 'https://cds.example.org');
  return { card: cards[0], evaluation };
}

const text = (c: Card | undefined): string => (c ? [c.summary, c.detail ?? '', ...(c.suggestions ?? []).map((s) => s.label)].join('\n') : '');

describe('a site that changes a threshold or a quoted interval sees the new value on the card', () => {
  const changed = buildClinicalConfig({
    postFlareRecheckWeeks: 6,
    inrHigh: 1.7,
    inrLookbackDays: 5,
    cytopenia: { lookbackDays: 90, neutrophilsBelow: 0.8, plateletsBelow: 40 },
    relativeNeutrophilsBelow: 1.7,
    relativePlateletsBelow: 100,
    onTxPlateletsSuspend: 30,
    addOnHbsagBelowIU: 2000,
    naEarlyWeeks: 26,
    lsmCirrhosisKPa: 13,
    lsmSignificantKPa: 8,
    tbil: { ulnUmolL: 17.1, withinDaysOfAlt: 7, ulnMultiple: 2.5, absoluteUmolL: 51, riseUmolL: 17.1, riseWithinDays: 14 },
    textValues: {
      repeatAltWeeks: { min: 2, max: 3 },
      recheckAltMonths: 4,
      monitorMonths: { min: 4, max: 8 },
      hccSurveillanceMonths: 12,
      pregnancyTdfWeeks: { min: 24, max: 28 },
      newbornHbigHours: 12,
    },
  });

  // [fixture, the default as the card prints it, the changed value as it must print it]; the decision stays.
  const cases: [string, string, string][] = [
    ['d9-flare-settled-below-2x', 'within 4 weeks', 'within 6 weeks'],
    ['d6-flare-falling', '(≤1.5)', '(≤1.7)'],
    ['d6-flare-falling', 'within 7 days', 'within 5 days'],
    ['d6-flare-falling', 'contraindication <1, caution <1.5 ×10⁹/L', 'contraindication <0.8, caution <1.7 ×10⁹/L'],
    ['d6-flare-falling', 'contraindication <50, caution <90 ×10⁹/L', 'contraindication <40, caution <100 ×10⁹/L'],
    ['d10-suspend-platelets-24', '(<25)', '(<30)'],
    ['d12-favourable-qhbsag-1499', '<1,500 IU/mL', '<2,000 IU/mL'],
    ['d11-early-entecavir-23-weeks-6-days', 'week 24', 'week 26'],
    ['d9-lsm-14.1-kpa-cirrhosis-likely', 'cirrhosis ≥12.4 kPa', 'cirrhosis ≥13 kPa'],
    ['d9-lsm-14.1-kpa-cirrhosis-likely', 'significant ≥9', 'significant ≥8'],
    ['d9-lsm-14.1-kpa-cirrhosis-likely', 'every 6 months', 'every 12 months'],
    ['d5-window-tbil-elevated', '(>2×ULN)', '(>2.5×ULN)'],
    ['d1-steep-rise-3x-to-6x', '1–2 weeks', '2–3 weeks'],
    ['d4-biopsy-scheuer-g1', 'every 3–6 months', 'every 4–8 months'],
    ['d0-recurrent-mild-alt-no-trigger', 'recheck ALT in 3 months', 'recheck ALT in 4 months'],
  ];

  it.each(cases)('%s: "%s" becomes "%s"', (name, before, after) => {
    const byDefault = render(name, 'patient-view', DEFAULT_CLINICAL_CONFIG);
    const withChanged = render(name, 'patient-view', changed);
    expect(withChanged.evaluation.decision?.code).toBe(byDefault.evaluation.decision?.code);
    expect(text(byDefault.card)).toContain(before);
    expect(text(withChanged.card)).toContain(after);
    expect(text(withChanged.card)).not.toContain(before);
  });
});

describe('D5: the wait line and P4 only where ALT is still >10×ULN (§4 step 4)', () => {
  const d5 = manifest.patients
    .filter((p) => p.expected.patientView === 'ifn-deferred')
    .flatMap((p) => (['en', 'zh-CN'] as Locale[]).map((locale) => ({ name: p.name, locale, ...render(p.name, 'patient-view', DEFAULT_CLINICAL_CONFIG, locale) })));
  const still = (r: (typeof d5)[number]) => r.evaluation.decision!.d5Clauses.some((c) => c === 'not-settling' || c === 'falling-still-severe');

  it('the fixtures hold D5 cards on both sides', () => {
    expect(d5.filter(still).length).toBeGreaterThan(0);
    expect(d5.filter((r) => !still(r)).map((r) => r.name)).toContain('d5-window-tbil-elevated');
  });

  it.each(d5.filter((r) => r.locale === 'en').map((r) => ({ name: r.name, r })))('$name', ({ r }) => {
    // The why and the block: everything before Details (whose >10×ULN flare rows rightly carry P4).
    const head = (r.card?.detail ?? '').split('### ')[0]!;
    if (still(r)) {
      expect(head).toContain('wait until ALT is <10×ULN without significant bilirubin rise');
      expect(head).toContain('P4');
    } else {
      expect(head).not.toContain('wait until ALT');
      expect(head).not.toContain('P4');
      expect(head).not.toMatch(/ALT\s*>\s*10×ULN/);
    }
  });

  it('the dissociation card is urgent and names INR', () => {
    const r = d5.find((x) => x.name === 'd5-enzyme-bilirubin-dissociation' && x.locale === 'en')!;
    expect(r.card!.summary.startsWith('Urgent')).toBe(true);
    expect(r.card!.summary).toContain('INR 1.7');
    expect(r.card!.detail).toContain('Enzyme–bilirubin dissociation');
  });
});
