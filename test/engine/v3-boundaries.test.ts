/**
 * clinical-rules.md v3: every boundary §3/§4 names, on both sides, and each §8 drafting choice. The base patient is
 * a 35-year-old man with CHB coded and nothing else; each case names the edge it covers.
 */
import type { FhirResource } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import { decide } from '../../src/engine/decide.js';
import { indicatorFor } from '../../src/engine/indicator.js';
import { windowStart } from '../../src/fhir/calendar.js';
import { ruleConfigIssues } from '../../src/engine/config/rules.js';
import type { Decision } from '../../src/engine/types.js';
import {
  ENTECAVIR,
  LAMIVUDINE,
  NOW_MS,
  PEG_IFN,
  TDF_FTC_EFV,
  TENOFOVIR_DF,
  WARFARIN,
  alt,
  antiHbcIgm,
  ast,
  chb,
  codedObs,
  condition,
  data,
  dnaIU,
  fibrosis,
  hbeag,
  hbsagQuant,
  hiv,
  histology,
  histologyText,
  icd10,
  inr,
  interferonAllergy,
  liverStiffness,
  medRequest,
  medStatement,
  neutrophils,
  patient,
  platelets,
  tbil,
  tsh,
  POSITIVE,
} from '../../devkit/builders.js';

const C = DEFAULT_CLINICAL_CONFIG;
/** The base patient plus `resources`; a Patient among `resources` replaces the base one. */
const run = (resources: FhirResource[], o: { chb?: boolean; config?: ClinicalConfig } = {}): Decision =>
  decide(data([...(resources.some((r) => r.resourceType === 'Patient') ? [] : [patient()]), ...(o.chb === false ? [] : [chb()]), ...resources]), o.config ?? C, NOW_MS)!;
/** A complete, acceptable screen dated 3 days ago; HBV DNA 10⁵ IU/mL. */
const screen = () => [tbil(10, 3), neutrophils(3, 3), platelets(200, 3), tsh(2, 3)];
const dna = () => dnaIU(1e5, 20);
const undetectable = () => dnaIU(20, 10, { comparator: '<' });
/** ISO instant 08:00 UTC on the calendar day `months` months (± `days`) before now (UTC site). */
const monthsAgo = (months: number, days = 0): string => new Date(windowStart(NOW_MS, months, 'months', 'UTC') + days * 86_400_000 + 8 * 3_600_000).toISOString();
const hbsagOn = (effective: string) => codedObs('5196-1', 0, POSITIVE, { effective });

describe('(v3) D6 only at latest ALT ≤10×ULN', () => {
  it('after a 20× flare: 10.0× (400 U/L) ⇒ D6; 10.03× (401.2 U/L) ⇒ D5 falling, still >10×ULN', () => {
    expect(run([alt(800, 20), alt(400, 2), tbil(10, 2)]).id).toBe('D6');
    const d = run([alt(800, 20), alt(401.2, 2), tbil(10, 2)]);
    expect(d).toMatchObject({ id: 'D5', d5Clauses: ['falling-still-severe'], rules: ['P4', 'P7'] });
  });
  it('a falling flare still >10× never reaches D6, whatever the fall', () => {
    expect(run([alt(2000, 20), alt(480, 2), tbil(10, 2)]).d5Clauses).toEqual(['falling-still-severe']);
  });
});

describe('(v3) steep rise (§3, §8 22)', () => {
  it('4.0× → 6.0× (factor 1.5, >5) is a steep rise; 4.0× → 5.96× (1.49) is not', () => {
    const steep = run([alt(160, 10), alt(240, 3), ...screen(), dna()]);
    expect(steep).toMatchObject({ id: 'D1', clear: false });
    expect(steep.caveats).toEqual(['steep-rise']);
    expect(steep.facts.steepRiseFrom?.value).toBe(160);
    expect(indicatorFor(steep, 'order-select')).toBe('warning');
    const not = run([alt(160, 10), alt(238.4, 3), ...screen(), dna()]);
    expect(not.caveats).toEqual([]);
    expect(not.clear).toBe(true);
  });
  it('latest must be >5×: 3.0× → 5.0× is not steep; 3.0× → 5.01× is', () => {
    expect(run([alt(120, 10), alt(200, 3), ...screen(), dna()]).facts.steepRise).toBe(false);
    expect(run([alt(120, 10), alt(200.4, 3), ...screen(), dna()]).facts.steepRise).toBe(true);
  });
  it('the ALT before must be dated ≤ altLookbackDays before the latest: 90 days counts, 91 does not', () => {
    expect(run([alt(120, 93), alt(240, 3), ...screen(), dna()]).facts.steepRise).toBe(true);
    expect(run([alt(120, 94), alt(240, 3), ...screen(), dna()]).facts.steepRise).toBe(false);
  });
});

describe('(v3) cirrhosis and portal hypertension likely', () => {
  it('cirrhosis on record, ALT 5×: platelets 99 ⇒ D8 portal hypertension likely; 100 ⇒ D1 (warning, NA offered)', () => {
    const d8 = run([condition('19943007'), alt(200, 3), platelets(99, 5)]);
    expect(d8.contraindications).toMatchObject([{ kind: 'portal-hypertension-likely', count: { value: 99 }, condition: { code: { code: '19943007' } } }]);
    expect(d8.id).toBe('D8');
    const d1 = run([condition('19943007'), alt(200, 3), platelets(100, 5)]);
    expect(d1).toMatchObject({ id: 'D1', na: { offer: 'entecavir', therapyIndicated: true } });
  });
  it('a histology stage of cirrhosis is on record however old (portal hypertension likely from it)', () => {
    const d = run([fibrosis('metavir-F4', 2000), alt(200, 3), platelets(80, 5)]);
    expect(d.contraindications).toMatchObject([{ kind: 'portal-hypertension-likely', stage: { stage: 4 } }]);
  });
  it('§8 13: non-invasive cirrhosis (LSM 15) with platelets 99 is not portal hypertension likely, and not D5 cirrhosis', () => {
    expect(run([liverStiffness(15, 30), alt(200, 3), platelets(99, 5)]).id).toBe('D1');
    const settled = run([liverStiffness(15, 30), alt(600, 30), alt(200, 2), tbil(10, 2)]);
    expect(settled.id).toBe('D6');
    expect(settled.caveats).toContain('cirrhosis');
  });
});

describe('(v3) non-invasive fibrosis: APRI strictly above, LSM at or above', () => {
  // AST ULN 40, platelets 100: APRI = AST / 40 × 100 / 100.
  it.each([
    [80, 2.0, false, true],
    [80.4, 2.01, true, true],
    [60, 1.5, false, false],
    [60.4, 1.51, false, true],
  ])('AST %s U/L, platelets 100: APRI %s ⇒ cirrhosis likely %s, significant %s', (astValue, apri, likely, significant) => {
    const d = run([ast(astValue, 5), platelets(100, 5), alt(30, 3)]);
    expect(d.facts.fibrosis).toMatchObject({ apri, cirrhosisLikely: likely, significant });
    expect(d.id).toBe(significant ? 'D9' : 'D0');
  });
  it.each([
    [12.4, true, true],
    [12.3, false, true],
    [9.0, false, true],
    [8.9, false, false],
  ])('LSM %s kPa ⇒ cirrhosis likely %s, significant %s', (kPa, likely, significant) => {
    const d = run([liverStiffness(kPa, 30), alt(30, 3)]);
    expect(d.facts.fibrosis).toMatchObject({ cirrhosisLikely: likely, significant });
    expect(d.id).toBe(significant ? 'D9' : 'D0');
  });
  it('§8 14: the latest LSM wins; an LSM older than 36 months is passed over', () => {
    expect(run([liverStiffness(14, 100), liverStiffness(8, 10), alt(30, 3)]).facts.fibrosis.significant).toBe(false);
    const old = run([liverStiffness(14, 37 * 31), alt(30, 3)]);
    expect(old.facts.fibrosis.lsm).toBeUndefined();
    expect(old.passedOver).toMatchObject([{ input: 'liver-stiffness', reason: 'too-old' }]);
  });
  it('FIB-4 is shown, two decimals, never used: age 35, AST 80, platelets 100, ALT 30 ⇒ 5.11', () => {
    const d = run([ast(80, 5), platelets(100, 5), alt(30, 3)]);
    expect(d.facts.fibrosis.fib4).toBe(5.11);
  });
  it('significant fibrosis by histology ≤36 months; stage unknown ⇒ D4 offers the non-invasive assessment (+AST when none)', () => {
    const d4 = run([histology('scheuer-G1'), alt(60, 3)]);
    expect(d4).toMatchObject({ id: 'D4', missing: ['liver-stiffness', 'ast'] });
    expect(run([histology('scheuer-G1'), alt(60, 3), ast(50, 5)]).missing).toEqual(['liver-stiffness']);
    expect(run([histology('scheuer-G1'), alt(60, 3), liverStiffness(6, 30)]).missing).toEqual([]);
  });
  it('D9 says raised ALT inflates LSM/APRI when only they show fibrosis', () => {
    expect(run([liverStiffness(10, 30), alt(60, 3), dna()]).caveats).toEqual(['noninvasive-inflated-by-alt']);
    expect(run([liverStiffness(10, 30), alt(30, 3), dna()]).caveats).toEqual([]);
  });
});

describe('(v3) HBV DNA 1,999 vs 2,000 IU/mL', () => {
  it('HBeAg negative, DNA 1,999 ⇒ HBeAg-negative low DNA (D1 caveat, not clear); 2,000 ⇒ none', () => {
    const low = run([alt(200, 3), ...screen(), hbeag(false, 10), dnaIU(1999, 10)]);
    expect(low.caveats).toEqual(['hbeag-negative-low-dna']);
    expect(low.clear).toBe(false);
    const active = run([alt(200, 3), ...screen(), hbeag(false, 10), dnaIU(2000, 10)]);
    expect(active.caveats).toEqual([]);
    expect(active.clear).toBe(true);
  });
  it('other guidelines would treat: D4 with DNA 2,001 and ALT >ULN; not at 2,000 (strictly above)', () => {
    expect(run([histology('scheuer-G1'), alt(60, 3), dnaIU(2001, 10), liverStiffness(6, 30)]).caveats).toEqual(['other-guidelines-would-treat']);
    expect(run([histology('scheuer-G1'), alt(60, 3), dnaIU(2000, 10), liverStiffness(6, 30)]).caveats).toEqual([]);
  });
  it('§8 26: D0 with recurrent mild ALT and DNA 5,000: the line, no assessment', () => {
    const d = run([alt(60, 40), alt(60, 3), dnaIU(5000, 10), hbeag(true, 10)]);
    expect(d).toMatchObject({ id: 'D0', caveats: ['other-guidelines-would-treat'], assessment: [] });
  });
  it('D2 offers the non-invasive assessment beside the biopsy', () => {
    const d = run([patient({ birthDate: '1970-01-01' }), alt(30, 3)]);
    expect(d).toMatchObject({ id: 'D2', missing: ['liver-biopsy'], assessment: ['liver-stiffness', 'ast'] });
  });
});

describe('(v3) coagulopathy: INR 1.5 vs 1.51, the 7-day anchor, a vitamin K antagonist', () => {
  const settled = () => [alt(600, 30), alt(200, 2), tbil(10, 2)];
  it('§8 12: in the window without a flare, INR 1.51 ⇒ D5 coagulopathy (NA now); 1.5 ⇒ D1', () => {
    expect(run([alt(200, 3), tbil(10, 3), inr(1.51, 3)])).toMatchObject({ id: 'D5', d5Clauses: ['coagulopathy'], d5Tail: 'na-now' });
    expect(run([alt(200, 3), tbil(10, 3), inr(1.5, 3)]).id).toBe('D1');
  });
  it('D6 needs an INR ≤7 days before now for "clear": 7 days counts, 8 days is "no INR"', () => {
    const seven = run([...settled(), ...screen().slice(1), dna(), inr(1.1, 7)]);
    expect(seven).toMatchObject({ id: 'D6', clear: true, caveats: [] });
    const eight = run([...settled(), ...screen().slice(1), dna(), inr(1.1, 8)]);
    expect(eight).toMatchObject({ id: 'D6', clear: false, caveats: ['inr-unknown'], missing: ['inr'] });
  });
  it('§8 30: on warfarin, INR 2.5 is not coagulopathy (D6, not D5), shown as not interpretable, never "clear"', () => {
    const d = run([...settled(), inr(2.5, 2), medStatement(WARFARIN)]);
    expect(d.id).toBe('D6');
    expect(d.facts.inr).toMatchObject({ coagulopathy: false, notInterpretable: true });
    expect(d.clear).toBe(false);
  });
});

describe('(v3) chronicity and D13 (§3, §8 20)', () => {
  const noCode = { chb: false };
  it('HBsAg positive exactly 6 months before now ⇒ established; one day later ⇒ D13', () => {
    expect(run([hbsagOn(monthsAgo(6)), alt(200, 3), tbil(10, 3)], noCode).id).toBe('D1');
    const d = run([hbsagOn(monthsAgo(6, 1)), alt(200, 3), tbil(10, 3)], noCode);
    expect(d).toMatchObject({ id: 'D13', step: 6, d13: { variant: 'unconfirmed' }, missing: ['anti-hbc-igm'] });
  });
  it('detectable HBV DNA 6 months old establishes it too', () => {
    expect(run([hbsagOn(monthsAgo(1)), dnaIU(5000, 0, { effective: monthsAgo(6) }), alt(200, 3), tbil(10, 3)], noCode).id).toBe('D1');
  });
  it('a negative anti-HBc IgM ≤6 months old, not before the first HBsAg+, ends D13; one before the HBsAg does not', () => {
    expect(run([hbsagOn(monthsAgo(1)), antiHbcIgm(false, 10), alt(200, 3), tbil(10, 3)], noCode).id).toBe('D1');
    expect(run([hbsagOn(monthsAgo(1)), antiHbcIgm(false, 40), alt(200, 3), tbil(10, 3)], noCode).id).toBe('D13');
  });
  it('anti-HBc IgM positive ⇒ D13 IgM positive (no test ordered)', () => {
    expect(run([hbsagOn(monthsAgo(1)), antiHbcIgm(true, 10), alt(200, 3)], noCode)).toMatchObject({ id: 'D13', d13: { variant: 'igm-positive' }, missing: [] });
  });
  it('§8 2: D13 comes before the NA steps, carrying the NA line', () => {
    const d = run([hbsagOn(monthsAgo(1)), medStatement(ENTECAVIR, { startDays: 20 }), dnaIU(5000, 5), alt(200, 3)], noCode);
    expect(d.id).toBe('D13');
    expect(d.carried).toMatchObject([{ kind: 'na', line: { advice: 'early-recheck' } }]);
  });
  it('§8 1: D5 outranks D13 and the NA steps: their lines ride on it, in the order D13, NA, HIV', () => {
    const d = run([hbsagOn(monthsAgo(1)), hiv(), medStatement(TENOFOVIR_DF, { startDays: 400 }), dnaIU(5000, 5), alt(600, 3), tbil(10, 3)], noCode);
    expect(d.id).toBe('D5');
    expect(d.carried.map((l) => l.kind)).toEqual(['d13', 'na', 'hiv']);
    expect(d.missing).toEqual(['inr', 'anti-hbc-igm', 'resistance-test']);
  });
});

describe('(v3) NA patients: D7 step 7, D11, D12', () => {
  it('§8 4: on an NA, HBV DNA 13 months old ⇒ D7 step 7; 11 months ⇒ D11', () => {
    expect(run([medStatement(ENTECAVIR, { startDays: 800 }), dnaIU(5000, 400), alt(30, 3)])).toMatchObject({ id: 'D7', step: 7, d7: 'na-dna-unknown', missing: ['hbv-dna'] });
    expect(run([medStatement(ENTECAVIR, { startDays: 800 }), dnaIU(5000, 330), alt(30, 3)]).id).toBe('D11');
  });
  it('§8 5: NA start 167 days (<24 weeks) ⇒ early, no resistance test; 168 days (24 weeks) ⇒ not early', () => {
    expect(run([medStatement(ENTECAVIR, { startDays: 167 }), dnaIU(5000, 5), alt(60, 3)])).toMatchObject({ id: 'D11', d11: { variant: 'early' }, missing: [] });
    expect(run([medStatement(ENTECAVIR, { startDays: 168 }), dnaIU(5000, 5), alt(60, 3)])).toMatchObject({ id: 'D11', d11: { variant: 'breakthrough' }, missing: ['resistance-test'] });
  });
  it('§8 30: a renewal authored 10 days ago is not a start (unknown ⇒ not early)', () => {
    expect(run([medRequest(ENTECAVIR, { authoredDays: 10 }), dnaIU(5000, 5), alt(60, 3)]).d11?.variant).toBe('breakthrough');
  });
  it('§8 3: detectable HBV DNA at ALT ≤ULN ⇒ D11 incomplete suppression (never D9/D2)', () => {
    expect(run([medStatement(ENTECAVIR, { startDays: 800 }), dnaIU(50, 5), alt(40, 3), fibrosis('metavir-F3', 100)]).d11?.variant).toBe('incomplete-suppression');
  });
  it.each([
    ['entecavir', ENTECAVIR, 'switch-or-add-tenofovir'],
    ['§8 7: lamivudine', LAMIVUDINE, 'switch-or-add-tenofovir'],
    ['§8 6: tenofovir DF', TENOFOVIR_DF, 'specialist-review'],
    ['§6: a tenofovir ART combination', TDF_FTC_EFV, 'specialist-review'],
  ] as const)('NA line on %s (carried on D8, epilepsy): %s', (_n, concept, advice) => {
    const d = run([medStatement(concept, { startDays: 800 }), dnaIU(5000, 5), alt(60, 3), icd10('G40.9')]);
    expect(d.id).toBe('D8');
    expect(d.carried).toMatchObject([{ kind: 'na', line: { advice } }]);
    expect(run([medStatement(concept, { startDays: 800 }), dnaIU(5000, 5), alt(60, 3)]).id).toBe('D11');
  });
  it('§8 27: D11 is info on patient-view, warning on order hooks', () => {
    const d = run([medStatement(ENTECAVIR, { startDays: 800 }), dnaIU(5000, 5), alt(60, 3)]);
    expect(indicatorFor(d, 'patient-view')).toBe('info');
    expect(indicatorFor(d, 'order-select')).toBe('warning');
  });
  const suppressed = () => [medStatement(ENTECAVIR, { startDays: 800 }), undetectable(), hbeag(false, 10), alt(30, 3), ...screen()];
  it('D12 favourable at qHBsAg 1,499 (info); 1,500 ⇒ not favourable (warning on order hooks)', () => {
    const fav = run([...suppressed(), hbsagQuant(1499, 10)]);
    expect(fav).toMatchObject({ id: 'D12', d12: { favourable: true, obstacles: [] }, clear: true });
    expect(indicatorFor(fav, 'order-select')).toBe('info');
    const high = run([...suppressed(), hbsagQuant(1500, 10)]);
    expect(high.d12).toMatchObject({ favourable: false, obstacles: ['qhbsag-high'] });
    expect(indicatorFor(high, 'order-select')).toBe('warning');
  });
  it('§8 8: D12 favourable also needs no cirrhosis, a clear screen, ALT ≤ULN, no flare; qHBsAg unknown is ordered', () => {
    expect(run([...suppressed(), hbsagQuant(800, 10), liverStiffness(13, 30)]).d12?.obstacles).toEqual(['cirrhosis']);
    expect(run([...suppressed(), hbsagQuant(800, 10), tsh(6, 1)]).d12?.obstacles).toEqual(['screen-not-clear']);
    expect(run([...suppressed(), hbsagQuant(800, 10), alt(44, 1)]).d12).toMatchObject({ obstacles: ['alt-above-uln'], anotherCause: true });
    expect(run([...suppressed(), hbsagQuant(800, 10), alt(600, 30)]).d12?.obstacles).toEqual(['flare']);
    expect(run([...suppressed(), hbeag(true, 1), hbsagQuant(800, 10)]).d12?.obstacles).toEqual(['hbeag-positive']);
    const unknown = run([medStatement(ENTECAVIR, { startDays: 800 }), undetectable(), hbeag(false, 10), alt(30, 3)]);
    expect(unknown).toMatchObject({ id: 'D12', missing: ['tbil', 'full-blood-count', 'tsh', 'qhbsag'] });
  });
});

describe('(v3) on-treatment rules (D10): 0.75/0.5 neutrophils, 50/25 platelets, stop rules', () => {
  const onIfn = (...rs: FhirResource[]) => decide(data([patient(), chb(), medRequest(PEG_IFN), alt(200, 3), ...rs]), C, NOW_MS);
  it.each([
    [0.76, undefined],
    [0.75, 'reduce'],
    [0.51, 'reduce'],
    [0.5, 'suspend'],
  ])('neutrophils %s ⇒ %s', (value, level) => {
    expect(onIfn(neutrophils(value, 5))?.onTreatment?.level).toBe(level);
  });
  it.each([
    [50, undefined],
    [49, 'reduce'],
    [25, 'reduce'],
    [24, 'suspend'],
  ])('platelets %s ⇒ %s', (value, level) => {
    expect(onIfn(platelets(value, 5))?.onTreatment?.level).toBe(level);
  });
  it('suspend is critical, reduce a warning, on every hook', () => {
    expect(indicatorFor(onIfn(platelets(24, 5))!, 'patient-view')).toBe('critical');
    expect(indicatorFor(onIfn(platelets(49, 5))!, 'order-sign')).toBe('warning');
  });
  it.each([
    ['ALT 10.03×', [alt(401.2, 1)], 'alt-severe'],
    ['TBil 35 µmol/L', [tbil(35, 3)], 'tbil-elevated'],
    ['INR 1.51', [inr(1.51, 3)], 'coagulopathy'],
    ['decompensation (ascites)', [condition('389026000')], 'decompensation'],
    ['§8 10: portal hypertension (oesophageal varices)', [condition('28670008')], 'portal-hypertension'],
    ['§8 10: pregnancy', [condition('77386006')], 'pregnancy'],
  ])('stop: %s', (_n, rs, kind) => {
    const d = onIfn(...rs)!;
    expect(d.onTreatment).toMatchObject({ level: 'stop', rules: [{ kind, level: 'stop' }] });
    expect(indicatorFor(d, 'patient-view')).toBe('critical');
  });
  it('ALT 10.0× or TBil 34.2 (exactly 2×ULN) stop nothing', () => {
    expect(onIfn(alt(400, 1))).toBeUndefined();
    expect(onIfn(tbil(34.2, 3))).toBeUndefined();
  });
  it('§8 9: a flare 30 days ago that settled (latest 3×) stops nothing', () => {
    expect(onIfn(alt(900, 30), alt(120, 1))).toBeUndefined();
  });
  it('decompensation on interferon: transplant referral', () => {
    expect(onIfn(condition('389026000'))?.na.transplantReferral).toBe(true);
  });
});

describe('(v3) D8 list and relative contraindications (§2.1)', () => {
  it.each([
    ['interferon hypersensitivity', [interferonAllergy()], 'interferon-hypersensitivity'],
    ['epilepsy G40.9', [icd10('G40.9')], 'epilepsy'],
    ['§8 17: active depression F32.1', [icd10('F32.1')], 'severe-psychiatric'],
    ['§8 18: alcohol F10.2', [icd10('F10.2')], 'substance-abuse'],
    ['§8 19: an O-chapter code', [icd10('O26.8')], 'pregnancy'],
    ['HCC C22.0', [icd10('C22.0')], 'hcc'],
  ])('D8: %s', (_n, rs, kind) => {
    const d = run([alt(200, 3), ...rs]);
    expect(d.id).toBe('D8');
    expect(d.contraindications.map((c) => c.kind)).toContain(kind);
  });
  it('§8 18: nicotine F17 is not substance abuse', () => {
    expect(run([alt(200, 3), icd10('F17.2')]).id).toBe('D1');
  });
  it('§8 17: depression in remission is relative: D1 warning, not D8', () => {
    const d = run([alt(200, 3), ...screen(), dna(), icd10('F32.1', { status: 'remission' })]);
    expect(d.id).toBe('D1');
    expect(d.relativeContraindications.map((r) => r.kind)).toEqual(['depression-history']);
    expect(d.caveats).toEqual(['screen-relative']);
    expect(indicatorFor(d, 'order-select')).toBe('warning');
  });
  it('§8 21: TSH out of range is relative (4.3 vs 4.2)', () => {
    expect(run([alt(200, 3), tbil(10, 3), neutrophils(3, 3), platelets(200, 3), tsh(4.3, 3), dna()]).relativeContraindications.map((r) => r.kind)).toEqual(['tsh-out-of-range']);
    expect(run([alt(200, 3), tbil(10, 3), neutrophils(3, 3), platelets(200, 3), tsh(4.2, 3), dna()]).clear).toBe(true);
  });
  it('TSH 90 days old counts; 91 days is unknown (screen incomplete, TSH ordered)', () => {
    expect(run([alt(200, 3), tbil(10, 3), neutrophils(3, 3), platelets(200, 3), tsh(2, 90), dna()]).clear).toBe(true);
    expect(run([alt(200, 3), tbil(10, 3), neutrophils(3, 3), platelets(200, 3), tsh(2, 91), dna()])).toMatchObject({ caveats: ['screen-incomplete'], missing: ['tsh'] });
  });
  it('D8 carries D5 (in the summary) and only cytopenias allow "benefit outweighs risk"', () => {
    const d = run([alt(600, 3), tbil(10, 3), neutrophils(0.9, 3)]);
    expect(d).toMatchObject({ id: 'D8', carried: [{ kind: 'd5', clauses: ['not-settling'] }] });
  });
});

describe('(v3) NA plan (§5)', () => {
  it('§8 23: "NA instead" also orders the missing tests (D1 with cirrhosis)', () => {
    const d = run([condition('19943007'), alt(200, 3)]);
    expect(d.na).toMatchObject({ offer: 'entecavir', offerTests: ['tbil', 'full-blood-count', 'tsh', 'hbv-dna'] });
  });
  it('§8 30: HIV on record: no NA offered (D9), the HIV line carried on every card', () => {
    const d = run([hiv(), alt(600, 30), alt(60, 2), tbil(10, 2)]);
    expect(d.id).toBe('D9');
    expect(d.na.offer).toBeUndefined();
    expect(d.na.hivBlocksEntecavir).toBe(true);
    expect(d.carried).toMatchObject([{ kind: 'hiv' }]);
  });
  it('D8 pregnancy with DNA ≥2×10⁵: tenofovir DF against transmission', () => {
    expect(run([condition('77386006'), alt(30, 3), dnaIU(2e5, 10)]).na).toMatchObject({ offer: 'tenofovir-df', pregnancyTransmission: true });
  });
  it('D8 portal hypertension and HCC indicate an NA at normal ALT; epilepsy alone does not', () => {
    expect(run([condition('28670008'), alt(30, 3)]).na.offer).toBe('entecavir');
    expect(run([icd10('C22.0'), alt(30, 3)]).na.offer).toBe('entecavir');
    expect(run([icd10('G40.9'), alt(30, 3)]).na.offer).toBeUndefined();
  });
});

describe('(v3) D7 names an unreadable ALT (step 3)', () => {
  it('a newer ALT without a unit ⇒ D7 alt-unreadable, the older readable one kept', () => {
    const d = run([alt(200, 10), alt(180, 2, { unit: 'mmol/L' })]);
    expect(d).toMatchObject({ id: 'D7', step: 3, d7: 'alt-unreadable', missing: ['alt'] });
    expect(d.facts.latestAlt?.value).toBe(200);
    expect(d.facts.unreadableAlt).toMatchObject({ input: 'alt' });
  });
  it('an older unreadable ALT does not hide a newer readable one', () => {
    expect(run([alt(180, 10, { unit: 'mmol/L' }), alt(200, 2), tbil(10, 2)]).id).toBe('D1');
  });
});

describe('(v3) the step trace uses §4 numbers', () => {
  it('D0 walks steps 2–16 (step 1 only on interferon is skipped as not applying)', () => {
    const d = run([alt(30, 3)]);
    expect(d.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(d.steps.map((s) => s.decision)).toEqual(['D10', 'D8', 'D7', 'D5', 'D7', 'D13', 'D7', 'D11', 'D12', 'D6', 'D1', 'D9', 'D3', 'D4', 'D2', 'D0']);
    expect(d.step).toBe(16);
  });
});

describe('(v3) rule settings a schema cannot check', () => {
  it('defaults pass; suspend above reduce, significant above cirrhosis, flare window shorter than the ALT lookback are refused', () => {
    expect(ruleConfigIssues(C)).toEqual([]);
    expect(ruleConfigIssues({ ...C, onTxNeutrophilsSuspend: 0.8 })).toEqual(['onTxNeutrophilsSuspend (0.8) must be ≤ onTxNeutrophilsReduce (0.75)']);
    expect(ruleConfigIssues({ ...C, onTxPlateletsSuspend: 60 }).join()).toMatch(/onTxPlateletsSuspend/);
    expect(ruleConfigIssues({ ...C, lsmSignificantKPa: 13 }).join()).toMatch(/lsmSignificantKPa/);
    expect(ruleConfigIssues({ ...C, apriSignificantAbove: 2.5 }).join()).toMatch(/apriSignificantAbove/);
    expect(ruleConfigIssues({ ...C, flareLookbackDays: 60 }).join()).toMatch(/flareLookbackDays/);
  });
  it('configured thresholds move the v3 boundaries (steep rise factor 2, qHBsAg 1,000, naEarlyWeeks 12)', () => {
    expect(run([alt(160, 10), alt(240, 3), ...screen(), dna()], { config: { ...C, steepRiseFactor: 2 } }).facts.steepRise).toBe(false);
    expect(run([medStatement(ENTECAVIR, { startDays: 800 }), undetectable(), hbeag(false, 10), alt(30, 3), ...screen(), hbsagQuant(1200, 10)], { config: { ...C, addOnHbsagBelowIU: 1000 } }).d12?.obstacles).toEqual(['qhbsag-high']);
    expect(run([medStatement(ENTECAVIR, { startDays: 100 }), dnaIU(5000, 5), alt(60, 3)], { config: { ...C, naEarlyWeeks: 12 } }).d11?.variant).toBe('breakthrough');
  });
});

describe('(v3) histology ages: cirrhosis never ages out, other stages do (§2, §8 14)', () => {
  it('"G1S1" 40 months old is passed over once (as histology); "G1S4" 40 months old still says cirrhosis', () => {
    const s1 = run([histologyText('G1S1', 40 * 31), alt(30, 3)]);
    expect(s1.passedOver).toEqual([expect.objectContaining({ input: 'histology', reason: 'too-old' })]);
    expect(s1.facts.fibrosis.significant).toBe(false);
    const s4 = run([histologyText('G1S4', 40 * 31), alt(30, 3)]);
    expect(s4.facts.fibrosis).toMatchObject({ cirrhosisOnRecord: true, cirrhosisBy: ['histology'] });
    expect(s4.facts.fibrosis.stage).toBeUndefined();
    expect(s4.id).toBe('D9');
  });
  it('a dedicated METAVIR F3 result 37 months old is passed over; 35 months counts', () => {
    expect(run([fibrosis('metavir-F3', 37 * 31), alt(30, 3)]).passedOver).toMatchObject([{ input: 'fibrosis', reason: 'too-old' }]);
    expect(run([fibrosis('metavir-F3', 35 * 30), alt(30, 3)]).id).toBe('D9');
  });
});

describe('(v3) D7 shows the last readable ALT however old', () => {
  it('no ALT in 90 days: D7 no-alt, the ALT of 120 days ago kept for the card', () => {
    const d = run([alt(200, 120)]);
    expect(d).toMatchObject({ id: 'D7', d7: 'no-alt', facts: { lastReadableAlt: { value: 200 } } });
    expect(d.facts.latestAlt).toBeUndefined();
  });
});

describe('(v3) D10 names the NA to start on stop', () => {
  const onIfn = (...rs: FhirResource[]) => decide(data([patient(), chb(), medRequest(PEG_IFN), ...rs]), C, NOW_MS)!;
  it('stop (ALT 20×): entecavir now; pregnancy: tenofovir DF; reduce: none; on an NA: continue it', () => {
    expect(onIfn(alt(800, 3)).na).toMatchObject({ offer: 'entecavir', therapyIndicated: true });
    expect(onIfn(alt(200, 3), condition('77386006')).na).toMatchObject({ offer: 'tenofovir-df' });
    expect(onIfn(alt(200, 3), neutrophils(0.7, 3)).na.offer).toBeUndefined();
    expect(onIfn(alt(800, 3), medStatement(TENOFOVIR_DF, { startDays: 400 })).na).toMatchObject({ continueCurrent: true });
    expect(onIfn(alt(800, 3), medStatement(TENOFOVIR_DF, { startDays: 400 })).na.offer).toBeUndefined();
  });
});

describe('(v3) windows count calendar days in the site time zone', () => {
  it('an INR at 00:30 Beijing time on day today−7 counts in Asia/Shanghai (D5) but is 8 UTC days old in UTC (D6)', () => {
    const shanghai = { ...C, timeZone: 'Asia/Shanghai' };
    const start = windowStart(NOW_MS, 7, 'days', 'Asia/Shanghai');
    const effective = new Date(start + 30 * 60_000).toISOString();
    const rs = [alt(600, 30), alt(200, 2), tbil(10, 2), inr(1.8, 0, { effective })];
    expect(run(rs, { config: shanghai })).toMatchObject({ id: 'D5', d5Clauses: ['coagulopathy'] });
    expect(run(rs).id).toBe('D6');
  });
  it('age counts on the evaluation date in the site zone: born 1986-06-16, 40 at 02:00 in Kiritimati (UTC+14, D2 by age) but 39 in UTC (D0)', () => {
    const kiritimati = { ...C, timeZone: 'Pacific/Kiritimati' };
    const rs = [patient({ birthDate: '1986-06-16' }), alt(30, 10), alt(28, 200), tbil(10, 10)];
    expect(run(rs, { config: kiritimati }).id).toBe('D2');
    expect(run(rs).id).toBe('D0');
  });
});

describe('(v3) §8 16, 24, 29 as the engine sees them', () => {
  it('§8 16: sex unknown/other ⇒ the lower site ULN (female 35 < male 40): ALT 70 is 2.0× (D1), for a man 1.75× (D0)', () => {
    const config = { ...C, altUln: { male: 40, female: 35 } };
    expect(run([patient({ gender: 'other' }), alt(70, 3), tbil(10, 3)], { config }).id).toBe('D1');
    expect(run([patient({ gender: 'unknown' }), alt(70, 3), tbil(10, 3)], { config }).id).toBe('D1');
    expect(run([patient({ gender: 'male' }), alt(70, 3), tbil(10, 3)], { config }).id).toBe('D0');
  });
  it('§8 24: uncontrolled diabetes ICD-10-CM E11.65 is a relative contraindication (D1 not clear); E11.9 is not', () => {
    const d = run([alt(200, 3), ...screen(), dna(), icd10('E11.65', { cm: true })]);
    expect(d.relativeContraindications.map((r) => r.kind)).toEqual(['uncontrolled-diabetes-hypertension']);
    expect(d.clear).toBe(false);
    expect(run([alt(200, 3), ...screen(), dna(), icd10('E11.9', { cm: true })]).clear).toBe(true);
  });
  it('§8 29: ICD-10 prefixes match with dots removed ("G409" is epilepsy)', () => {
    expect(run([alt(200, 3), icd10('G409')]).contraindications.map((c) => c.kind)).toEqual(['epilepsy']);
  });
});

describe('(v3) carried D13 line tests', () => {
  it('D5 with anti-HBc IgM positive carries the IgM-positive line and orders no IgM', () => {
    const d = run([hbsagOn(monthsAgo(1)), antiHbcIgm(true, 10), alt(1000, 3), tbil(80, 3), inr(1.6, 3)], { chb: false });
    expect(d.id).toBe('D5');
    expect(d.carried).toMatchObject([{ kind: 'd13', variant: 'igm-positive' }]);
    expect(d.missing).not.toContain('anti-hbc-igm');
  });
});

describe('(v3) the NA line on the NA decisions themselves', () => {
  it('D11, D12 and D7 step 7 carry the line as their content (not as a carried line)', () => {
    const d11 = run([medStatement(LAMIVUDINE, { startDays: 800 }), dnaIU(5000, 5), alt(60, 3)]);
    expect(d11).toMatchObject({ id: 'D11', naLine: { drug: 'lamivudine', advice: 'switch-or-add-tenofovir' }, carried: [] });
    expect(run([medStatement(ENTECAVIR, { startDays: 800 }), undetectable(), alt(30, 3)]).naLine?.advice).toBe('continue');
    expect(run([medStatement(ENTECAVIR, { startDays: 800 }), alt(30, 3)]).naLine?.advice).toBe('order-dna');
    expect(run([alt(30, 3)]).naLine).toBeUndefined();
  });
});

describe('(v3) D11 HBV DNA trend', () => {
  it('every HBV DNA of the last 12 months, newest first; an older one is not in it', () => {
    const d = run([medStatement(ENTECAVIR, { startDays: 100 }), dnaIU(5e6, 400), dnaIU(2e5, 90), dnaIU(3000, 5), alt(60, 3)]);
    expect(d.facts.dna.recent?.map((r) => r.iu)).toEqual([3000, 2e5]);
  });
});
