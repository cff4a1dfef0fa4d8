/**
 * Every fixture card, rendered straight from the engine: zh-CN cards are Chinese throughout (§7 v2), a site's
 * thresholds reach every card (no threshold in message text), and the D5 bilirubin clause never gives
 * ALT >10×ULN as its reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Card } from '../../src/contract/types.js';
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
const HOOKS = ['patient-view', 'order-select'] as const;

interface Rendered {
  name: string;
  hook: string;
  card: Card;
  evaluation: Evaluation;
}

function renderAll(config: ClinicalConfig, locale: Locale): Rendered[] {
  const engine = createCardEngine(config, locale);
  const out: Rendered[] = [];
  for (const p of manifest.patients) {
    for (const hook of HOOKS) {
      const req = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, p.requests[hook]), 'utf8')) as { context: never; prefetch: Record<string, { resourceType?: string; entry?: { resource: unknown }[] } | null> };
      const resources = Object.values(req.prefetch).flatMap((v) => (!v ? [] : v.resourceType === 'Bundle' ? (v.entry ?? []).map((e) => e.resource) : [v]));
      const { cards, evaluation } = engine.evaluate(hook, req.context, assemble(resources as never), now, locale, 'https://cds.example.org');
      for (const card of cards) out.push({ name: p.name, hook, card, evaluation });
    }
  }
  return out;
}

const text = (c: Card): string => [c.summary, c.detail ?? '', ...(c.suggestions ?? []).map((s) => s.label), ...(c.overrideReasons ?? []).map((r) => r.display ?? '')].join('\n');

describe('zh-CN cards are Chinese throughout', () => {
  // Abbreviations (CT; B as in B超, B-mode ultrasound), units, scale names, guideline bodies and the markup the card uses.
  const ALLOWED = new Set(['CT', 'B', 'ALT', 'ULN', 'HBV', 'DNA', 'HBeAg', 'HBsAg', 'TBil', 'INR', 'PT', 'IFN', 'NA', 'EASL', 'AASLD', 'WHO', 'U', 'L', 'IU', 'mL', 'copies', 'µmol', 'mg', 'dL', 's', 'Scheuer', 'METAVIR', 'Knodell', 'Ishak', 'HAI', 'sub']);
  const CODE_LIKE = /^(P[1-7]|D[0-9]|G[0-4]|S[0-4]|F[0-6]|A[0-3])$/;
  const cards = renderAll(DEFAULT_CLINICAL_CONFIG, 'zh-CN');

  it('renders a card for most fixtures', () => {
    expect(cards.length).toBeGreaterThan(manifest.patients.length);
  });

  it.each(cards.map((r) => ({ name: r.name, hook: r.hook, r })))('$name $hook', ({ r }) => {
    // Codes (`…`), record text (“…”) and URLs are shown as they are.
    const stripped = text(r.card).replace(/`[^`]*`/g, ' ').replace(/“[^”]*”/g, ' ').replace(/https?:\/\/\S+/g, ' ');
    const latin = (stripped.match(/[A-Za-zµ][A-Za-z0-9]*/g) ?? []).filter((w) => !ALLOWED.has(w) && !CODE_LIKE.test(w));
    expect(latin).toEqual([]);
  });
});

describe('a site that changes every threshold sees the new values on every card', () => {
  const changed = buildClinicalConfig({
    altLookbackDays: 100,
    flareLookbackDays: 120,
    hbvDnaLookbackMonths: 18,
    copiesPerIU: 5.6,
    biopsyAge: 45,
    hbeagNegativeDnaIU: 3000,
    predictorDnaMaxCopies: 2_000_000,
    histologyMaxAgeMonths: 48,
    tbil: { ulnUmolL: 20, withinDaysOfAlt: 3, ulnMultiple: 2.5, absoluteUmolL: 60, riseUmolL: 20, riseWithinDays: 10 },
    cytopenia: { lookbackDays: 60, neutrophilsBelow: 0.8, plateletsBelow: 40 },
    relativeNeutrophilsBelow: 1.7,
    relativePlateletsBelow: 100,
    inrHigh: 1.7,
    inrLookbackDays: 5,
    flareFallFraction: 0.75,
    postFlareRecheckWeeks: 6,
    pregnancyNaDnaIU: 300_000,
  });
  const byDefault = renderAll(DEFAULT_CLINICAL_CONFIG, 'en');
  const withChanged = renderAll(changed, 'en');

  // Each default value as the cards print it; each must appear by default (so the check can fail) and never once changed.
  const defaults = ['Age ≥40', 'HBV DNA ≥2,000 IU/mL', '≤171,821 IU/mL', 'contraindication <1, caution <1.5', 'contraindication <50, caution <90', 'within 7 days', 'No INR within 7 days', 'within 4 weeks', 'in the last 90 days', '>2×ULN', '(≤1.5)'];
  it.each(defaults)('default "%s" appears by default and never with the changed config', (s) => {
    expect(byDefault.some((r) => text(r.card).includes(s))).toBe(true);
    expect(withChanged.filter((r) => text(r.card).includes(s)).map((r) => `${r.name} ${r.hook}`)).toEqual([]);
  });

  it('every card prints the changed safety-screen, trigger and predictor thresholds', () => {
    for (const r of withChanged) {
      const t = text(r.card);
      expect(t).toContain('contraindication <0.8, caution <1.7 ×10⁹/L');
      expect(t).toContain('contraindication <40, caution <100 ×10⁹/L');
      expect(t).toContain('Age ≥45');
      expect(t).toContain('HBV DNA ≥3,000 IU/mL');
      expect(t).toContain('HBV DNA ≤2×10⁶ copies/mL (≤357,142 IU/mL)');
    }
  });

  it('flare, bilirubin and INR cards print the changed anchors', () => {
    const flareCards = withChanged.filter((r) => r.evaluation.decision?.facts.flare);
    expect(flareCards.length).toBeGreaterThan(0);
    for (const r of flareCards) expect(text(r.card)).toMatch(/INR within 5 days|latest within 5 days/);
    expect(withChanged.filter((r) => text(r.card).includes('TBil: none within 3 days of the latest ALT')).length).toBeGreaterThan(0);
    const tbilElevated = withChanged.find((r) => r.name === 'd5-window-tbil-elevated')!;
    expect(tbilElevated.card.summary).toContain('(>2.5×ULN)');
    const settled = withChanged.find((r) => r.name === 'd9-flare-settled-below-2x')!;
    expect(settled.card.summary).toContain('recheck within 6 weeks');
  });
});

describe('D5 bilirubin clause', () => {
  const d5 = [...renderAll(DEFAULT_CLINICAL_CONFIG, 'en'), ...renderAll(DEFAULT_CLINICAL_CONFIG, 'zh-CN')].filter((r) => r.evaluation.decision?.id === 'D5');
  it('a card whose D5 is not "flare not settling" never gives ALT >10×ULN as its reason nor tags P4', () => {
    const bilirubinOnly = d5.filter((r) => !r.evaluation.decision!.d5Clauses.includes('flare-not-settling'));
    expect(bilirubinOnly.map((r) => r.name)).toContain('d5-window-tbil-elevated');
    for (const r of bilirubinOnly) {
      // The reason is everything before the evidence table (whose >10×ULN flare rows rightly carry P4).
      const t = text(r.card).split('**Evidence**')[0]!.split('**证据**')[0]!;
      expect(t).not.toMatch(/ALT\s*>\s*10×ULN/);
      expect(t).not.toContain('P4');
      expect(t).not.toContain('wait until ALT falls');
    }
  });
  it('the dissociation card is urgent and names INR', () => {
    const r = d5.find((x) => x.name === 'd5-enzyme-bilirubin-dissociation' && x.card.summary.startsWith('Urgent'))!;
    expect(r.card.detail).toContain('enzyme–bilirubin dissociation');
    expect(r.card.detail).toContain('INR 1.7');
  });
});
