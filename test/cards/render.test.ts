/** Cards (§4 "Key content", §5, §7 v3): conform to CDS Hooks 2.0 and to §7's shape, in both locales, for every decision. */
import type { Bundle, FhirResource } from 'fhir/r4';
import type { Card } from '../../src/contract/types.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import { LOCALES, type Locale } from '../../src/config/locale.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { DECISION_CODE, type DecisionId } from '../../src/engine/types.js';
import { responseErrors } from '../../src/contract/validate.js';
import { ENTECAVIR, IFN_ALFA_2B, NOW, PEG_IFN, alt, birthDateForAge, medRequest, chb, condition, data, dnaIU, familyHistory, ifnDraft, inr, medStatement, patient, stringObs, tbil } from '../../devkit/builders.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { assemble } from '../../src/data/resolve.js';
import { ALT_COURSE_ROWS, SUMMARY_MAX, carriedLineTexts } from '../../src/cards/render.js';
import { cardShape } from '../../src/cards/shape.js';
import { SCENARIOS, VARIANTS } from './scenarios.js';
import { shapeBreaches } from './shape-checks.js';

const engine = createCardEngine(DEFAULT_CLINICAL_CONFIG, 'en');
const IDS = Object.keys(SCENARIOS) as DecisionId[];
type HookCase = 'patient-view' | 'order-select' | 'order-sign';
const ONE_DRAFT = 'MedicationRequest/ifn-draft';

function evaluate(resources: FhirResource[], hook: HookCase, locale: Locale, drafts: FhirResource[] = [ifnDraft(PEG_IFN, { id: 'ifn-draft' })]) {
  const draftOrders: Bundle = { resourceType: 'Bundle', type: 'collection', entry: drafts.map((resource) => ({ resource })) };
  const context =
    hook === 'patient-view'
      ? { userId: 'Practitioner/u1', patientId: 'p1' }
      : hook === 'order-select'
        ? { userId: 'Practitioner/u1', patientId: 'p1', selections: drafts.map((d) => `MedicationRequest/${d.id}`), draftOrders }
        : { userId: 'Practitioner/u1', patientId: 'p1', draftOrders };
  return engine.evaluate(hook, context, data(resources), NOW, locale);
}

function cardOf(resources: FhirResource[], hook: HookCase, locale: Locale, id: DecisionId): Card {
  const { cards, evaluation } = evaluate(resources, hook, locale);
  expect(evaluation.decision?.id).toBe(id);
  expect(cards).toHaveLength(1);
  return cards[0]!;
}
const card = (id: DecisionId, hook: HookCase, locale: Locale): Card => cardOf(SCENARIOS[id](), hook, locale, id);

/** No null, no empty string/array/object anywhere (CDS Hooks §JSON). */
function emptyValues(x: unknown, path = '$'): string[] {
  if (x === null) return [path];
  if (typeof x === 'string') return x.length ? [] : [path];
  if (Array.isArray(x)) return x.length ? x.flatMap((v, i) => emptyValues(v, `${path}[${i}]`)) : [path];
  if (typeof x === 'object') {
    const entries = Object.entries(x as object);
    return entries.length ? entries.flatMap(([k, v]) => emptyValues(v, `${path}.${k}`)) : [path];
  }
  return [];
}

const HOOKS: HookCase[] = ['patient-view', 'order-select'];
const stories: [DecisionId, string, () => FhirResource[]][] = [...IDS.map((id): [DecisionId, string, () => FhirResource[]] => [id, 'base', SCENARIOS[id]]), ...VARIANTS];
const matrix = stories.flatMap(([id, name, story]) => HOOKS.flatMap((hook) => LOCALES.map((locale) => ({ id, name, story, hook, locale }))));

describe('every decision and variant renders a conforming card of §7 shape', () => {
  it.each(matrix)('$id ($name) $hook $locale', ({ id, story, hook, locale }) => {
    const c = cardOf(story(), hook, locale, id);
    expect(responseErrors({ cards: [c] })).toEqual([]);
    expect(emptyValues(c)).toEqual([]);
    expect(c.source.topic).toMatchObject({ system: 'https://ifn-timing-cds.org/fhir/CodeSystem/card-topic', code: DECISION_CODE[id] });
    expect(c.detail).toContain(`${id} · \`${DECISION_CODE[id]}\``);
    expect(shapeBreaches(c, locale === 'zh-CN')).toEqual([]);
    if (hook !== 'patient-view') expect(c.summary.startsWith(locale === 'en' ? 'This IFN order: ' : '本干扰素医嘱：')).toBe(true);
  });
});

describe('summaries (§7 patterns) carry the numbers that drove them', () => {
  it('D1 clear: {ALT} with value, ULN and origin; the screen acceptable', () => {
    expect(card('D1', 'patient-view', 'en').summary).toBe('IFN window: ALT 4.2×ULN (168 U/L, ULN 40, lab range); TBil, blood count, TSH acceptable');
    expect(card('D1', 'patient-view', 'zh-CN').summary).toBe('干扰素治疗时机：ALT 4.2×ULN（168 U/L，ULN 40，实验室参考范围）；TBil、血常规、TSH可接受');
  });
  it('the clear screen sentence never promises safety (§7)', () => {
    expect(card('D1', 'patient-view', 'en').detail).toContain('TBil, blood count and TSH acceptable; complete the pre-interferon work-up (pregnancy test [women 15–50], psychiatric and autoimmune history)');
  });
  it('over 139 characters {ALT} becomes {alt}: the order prefix on D1 still fits', () => {
    const s = card('D1', 'order-select', 'en').summary;
    expect([...s].length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(s).toMatch(/^This IFN order: IFN window: ALT 4\.2×ULN/);
  });
  it('D5 rising again: previous and latest multiples', () => {
    expect(card('D5', 'patient-view', 'en').summary).toBe('Defer IFN: ALT 15.2×ULN (608 U/L, ULN 40, site default) and rising (13.0× → 15.2×); NA now');
  });
  it('over 139 characters even with {alt}, the last ";" clause moves to the why as a sentence (D9 seroconversion)', () => {
    const story = VARIANTS.find(([, name]) => name === 'settled flare, HBeAg positive')![2];
    const c = cardOf(story(), 'order-select', 'en', 'D9');
    expect(c.summary).toBe('This IFN order: Antiviral therapy indicated after a flare to 20.0×: now ALT 1.5×ULN; HBeAg seroconversion may follow');
    const why = cardShape(c.detail!).why;
    expect([...why, cardShape(c.detail!).details].join('\n')).toContain('NA now or recheck in 3–6 months.');
    // Without the prefix the whole pattern fits, long {ALT} included.
    expect([...cardOf(story(), 'patient-view', 'en', 'D9').summary].length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
  it('the duplicate prefix names each drug without its dose; the dose only when two drafts name one drug', () => {
    const drafts = [ifnDraft({ coding: PEG_IFN.coding, text: 'Peginterferon alfa-2a 180 mcg subcutaneously once weekly' }, { id: 'ifn-a' }), ifnDraft({ coding: IFN_ALFA_2B.coding, text: 'Interferon alfa-2b 5 million units daily' }, { id: 'ifn-b' })];
    const c = evaluate(SCENARIOS.D0(), 'order-select', 'en', drafts).cards[0]!;
    expect(c.summary).toMatch(/^Peginterferon alfa-2a \+ Interferon alfa-2b \(duplicate\): Lower IFN response expected/);
    const same = [ifnDraft({ coding: PEG_IFN.coding, text: 'Peginterferon alfa-2a 180 mcg weekly' }, { id: 'ifn-a' }), ifnDraft({ coding: PEG_IFN.coding, text: 'Peginterferon alfa-2a 135 mcg weekly' }, { id: 'ifn-b' })];
    const labels = evaluate(SCENARIOS.D0(), 'order-select', 'en', same).cards[0]!.suggestions!.map((x) => x.label);
    expect(labels.slice(-2)).toEqual(['Cancel “Peginterferon alfa-2a 180 mcg weekly”', 'Cancel “Peginterferon alfa-2a 135 mcg weekly”']);
  });
  it('INR keeps its decimal (1.0, not 1)', () => {
    const story = [...SCENARIOS.D6().filter((r) => !(r.resourceType === 'Observation' && JSON.stringify(r).includes('6301-6'))), inr(1.0, 1)];
    expect(cardOf(story, 'patient-view', 'en', 'D6').summary).toContain('INR 1.0');
  });
  it('a duplicate prefix of very long record text is cut at 139 characters with "…", never dropped', () => {
    const long = 'peginterferon alfa-2a 180 micrograms subcutaneously once weekly for 48 weeks per protocol';
    const drafts = [ifnDraft({ coding: PEG_IFN.coding, text: long }, { id: 'ifn-a' }), ifnDraft({ coding: IFN_ALFA_2B.coding, text: long }, { id: 'ifn-b' })];
    const c = evaluate(SCENARIOS.D0(), 'order-select', 'en', drafts).cards[0]!;
    expect([...c.summary].length).toBe(SUMMARY_MAX);
    expect(c.summary.endsWith('…')).toBe(true);
    expect(c.summary.startsWith(long)).toBe(true);
  });
  it('the HIV line rides on every card with HIV on record, in Chinese without Latin', () => {
    const story = VARIANTS.find(([, name]) => name === 'HIV carried line')![2];
    expect(cardShape(cardOf(story(), 'patient-view', 'en', 'D1').detail!).why).toContain('HIV co-infection: treat hepatitis B within tenofovir-based ART, with the HIV team.');
    expect(cardOf(story(), 'patient-view', 'zh-CN', 'D1').detail).toContain('合并艾滋病病毒感染');
  });
  it('D7: no ALT in the lookback names the last one read, dated', () => {
    expect(card('D7', 'patient-view', 'en').summary).toMatch(/^ALT needed: none in 90 days \(last \d{4}-\d{2}-\d{2}: ALT 1\.5×ULN\)$/);
    expect(card('D7', 'patient-view', 'zh-CN').summary).toMatch(/^需查ALT：近90天无结果（最近一次\d{4}-\d{2}-\d{2}：ALT 1\.5×ULN）$/);
  });
  it('HBV DNA below 10,000 IU/mL is grouped and never rounded up across a threshold', () => {
    expect(card('D9', 'patient-view', 'en').detail).toContain('| HBV DNA | 5,000 IU/mL |');
  });
  it('D8: the first contraindication and how many more', () => {
    expect(card('D8', 'patient-view', 'en').summary).toMatch(/^IFN contraindicated: decompensated liver disease \(\+1 more\)/);
  });
  it.each(IDS)('%s: the same numbers in both locales (zh-CN, shorter, may keep the long {ALT})', (id) => {
    const nums = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).sort();
    const en = card(id, 'patient-view', 'en');
    const zh = card(id, 'patient-view', 'zh-CN');
    for (const n of nums(en.summary)) expect(nums(zh.summary)).toContain(n);
    expect(zh.source.topic?.code).toBe(en.source.topic?.code);
  });
  it('two interferon drafts: the summary names each drug, the detail says "duplicate order", one Cancel per draft', () => {
    const drafts = [ifnDraft(PEG_IFN, { id: 'ifn-a' }), ifnDraft(IFN_ALFA_2B, { id: 'ifn-b' })];
    const { cards } = evaluate(SCENARIOS.D0(), 'order-select', 'en', drafts);
    const c = cards[0]!;
    expect(c.summary).toMatch(/^peginterferon alfa-2a \+ interferon alfa-2b \(duplicate\): /);
    expect(c.detail).toContain('Duplicate order: 2 interferon drafts selected.');
    const labels = c.suggestions!.map((s) => s.label);
    expect(labels.slice(-2)).toEqual(['Cancel “peginterferon alfa-2a”', 'Cancel “interferon alfa-2b”']);
    expect(c.suggestions!.filter((s) => s.isRecommended)).toHaveLength(1);
    const signed = evaluate(SCENARIOS.D0(), 'order-sign', 'en', drafts).cards[0]!;
    expect(signed.detail).toContain('signed together');
    expect(signed.detail).not.toContain('selected');
  });
});

describe('detail (§7): why ≤5 lines, one block, ### Details', () => {
  it('D1: the screen block lists TBil, counts and TSH with values; the evidence keeps rule tags P2, P5 on the latest ALT', () => {
    const c = card('D1', 'patient-view', 'en');
    const shape = cardShape(c.detail!);
    expect(shape.blocks.map((b) => b.title)).toEqual(['Safety screen']);
    expect(shape.blocks[0]!.lines.join('\n')).toMatch(/TSH: 1\.5 mIU\/L/);
    expect(shape.details).toMatch(/\| ALT \| 168 U\/L \(4\.2×ULN, ULN 40\) \| \d{4}-\d{2}-\d{2} \| P2, P5 \| \\\[\d+\\\] \|/);
    expect(shape.details).toMatch(/Resources: \\\[1\\\] `/);
    expect(shape.details).toContain('International guidelines differ: WHO prefers NAs; EASL and AASLD offer NAs or PegIFN; none sets a 10×ULN ceiling, and all avoid interferon in decompensated disease and severe flares.');
    expect(shape.details).toContain('clinical rules version 3');
    expect(shape.details).toMatch(/Steps: 1·D10✘ 2·D8✘ .* 11·D1✔/);
    expect(shape.details).toContain('Response predictors (P5)');
  });
  it('no P2/P5 tags and no predictors on D5 and D8; P7 only on flare results', () => {
    for (const id of ['D5', 'D8'] as const) {
      const d = cardShape(card(id, 'patient-view', 'en').detail!).details!;
      expect(d).not.toMatch(/\| P2|P5 \|/);
      expect(d).not.toContain('Response predictors');
    }
    const rows = (id: DecisionId) => cardShape(card(id, 'patient-view', 'en').detail!).details!.split('\n').filter((l) => l.startsWith('| '));
    expect(rows('D0').join('\n')).not.toMatch(/P7/);
    expect(rows('D5').filter((r) => r.startsWith('| ALT |')).every((r) => /P4, P7/.test(r))).toBe(true);
  });
  it('D2 block: the triggers; the summary names them', () => {
    const c = card('D2', 'patient-view', 'en');
    expect(c.summary).toBe('Liver biopsy recommended before IFN: ALT 0.8×ULN (32 U/L, ULN 40, site default); age 52, mother: HCC, HBeAg− with HBV DNA 2.5×10⁴ IU/mL');
    expect(card('D2', 'patient-view', 'zh-CN').summary).toContain('52岁、母亲：肝癌、HBeAg阴性伴HBV DNA 2.5×10⁴ IU/mL');
    const block = cardShape(c.detail!).blocks[0]!;
    expect(block.title).toBe('Biopsy triggers (P6)');
    expect(block.lines).toContain('Chronic liver lesion on ultrasound/CT: **not recorded**');
  });
  it('D8 block: each contraindication with its evidence', () => {
    const block = cardShape(card('D8', 'patient-view', 'en').detail!).blocks[0]!;
    expect(block.lines[0]).toMatch(/^Decompensated liver disease: decompensated cirrhosis/);
    expect(block.lines.join('\n')).toMatch(/Thrombocytopenia: 42×10⁹\/L/);
  });
  it('results passed over show their value as written, date and why (§7)', () => {
    const story = [...SCENARIOS.D1(), stringObs('1742-6', '180', 20)];
    const d = cardShape(cardOf(story, 'patient-view', 'en', 'D1').detail!).details!;
    expect(d).toMatch(/Results passed over: ALT “180” \\\[\d+\\\] \d{4}-\d{2}-\d{2}: no unit/);
  });
  it('zh-CN: same structure, Chinese headings, no space after 。', () => {
    const en = cardShape(card('D5', 'patient-view', 'en').detail!);
    const zh = cardShape(card('D5', 'patient-view', 'zh-CN').detail!);
    expect(zh.why.length).toBe(en.why.length);
    expect(zh.blocks.length).toBe(en.blocks.length);
    expect(card('D5', 'patient-view', 'zh-CN').detail).toContain('### 详情');
  });
});

describe('suggestions (§5): per decision, one ★', () => {
  const kinds = (c: Card) =>
    (c.suggestions ?? []).map((s) =>
      `${s.isRecommended ? '★ ' : ''}${s.actions!.map((a) => {
        if (a.type === 'delete') return `delete ${a.resourceId}`;
        const r = a.resource as { resourceType: string; code?: { coding: { code: string }[] }; medicationCodeableConcept?: { coding: { code: string }[] } };
        return `create ${(r.code ?? r.medicationCodeableConcept)!.coding[0]!.code}`;
      }).join(' + ')}`,
    );
  const cancel = `delete ${ONE_DRAFT}`;

  it('patient-view: only test orders; D2 biopsy ★ and assessment; none on a clear D1', () => {
    expect(kinds(card('D7', 'patient-view', 'en'))).toEqual(['★ create 1742-6']);
    expect(kinds(card('D2', 'patient-view', 'en'))[0]).toBe('★ create 86259008');
    expect(card('D1', 'patient-view', 'en').suggestions).toBeUndefined();
    for (const id of IDS) for (const s of card(id, 'patient-view', 'en').suggestions ?? []) for (const a of s.actions ?? []) expect(a.type).not.toBe('delete');
  });
  it('order hooks: D7 the test + cancel ★, then cancel; D10 cancel ★ only', () => {
    expect(kinds(card('D7', 'order-select', 'en'))).toEqual([`★ create 1742-6 + ${cancel}`, cancel]);
    expect(kinds(card('D10', 'order-select', 'en'))).toEqual([`★ ${cancel}`]);
  });
  it('D9: NA instead ★ (the interferon draft deleted, entecavir created), then cancel', () => {
    const k = kinds(card('D9', 'order-select', 'en'));
    expect(k[0]).toMatch(new RegExp(`^★ ${cancel} \\+ create J05AF10`));
    expect(k[k.length - 1]).toBe(cancel);
  });
  it('D2: biopsy + cancel ★, assessment + cancel, cancel', () => {
    const k = kinds(card('D2', 'order-select', 'en'));
    expect(k[0]).toMatch(/^★ create 86259008/);
    expect(k[k.length - 1]).toBe(cancel);
  });
  it('tests carry the §5 order codes: one full blood count 57021-8, TSH 3016-3', () => {
    const story = [patient(), chb(), alt(168, 3), tbil(12, 3)];
    const { cards } = evaluate(story, 'order-select', 'en');
    const codes = kinds(cards[0]!).join(' ');
    expect(codes).toContain('57021-8');
    expect(codes).toContain('3016-3');
    expect(codes).not.toMatch(/751-8|777-3/);
  });
  it('the resistance test has no default order code: text only, never an action', () => {
    for (const hook of HOOKS) for (const s of card('D11', hook, 'en').suggestions ?? []) expect(JSON.stringify(s)).not.toContain('resistance');
    expect(card('D11', 'patient-view', 'en').detail).toMatch(/test for resistance; if adherent, switch to or add tenofovir/);
  });
  it('D11 with config resistanceTestCode: resistance test + cancel ★, then cancel; never when early', () => {
    const code = { system: 'http://example.org/lab', code: 'HBV-RES' };
    const configured = createCardEngine({ ...DEFAULT_CLINICAL_CONFIG, resistanceTestCode: code }, 'en');
    const draftOrders: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: ifnDraft(PEG_IFN, { id: 'ifn-draft' }) }] };
    const ctx = { userId: 'Practitioner/u1', patientId: 'p1', selections: [ONE_DRAFT], draftOrders };
    expect(kinds(configured.evaluate('order-select', ctx, data(SCENARIOS.D11()), NOW, 'en').cards[0]!)).toEqual([`★ create HBV-RES + ${cancel}`, cancel]);
    const early = VARIANTS.find(([, name]) => name === 'early')![2];
    expect(kinds(configured.evaluate('order-select', ctx, data(early()), NOW, 'en').cards[0]!)).toEqual([`★ ${cancel}`]);
  });
  it('D8 pregnant on entecavir: "switch to tenofovir DF" ★ on order hooks (the interferon draft deleted) and the only patient-view suggestion besides tests', () => {
    const story = VARIANTS.find(([, name]) => name === 'pregnant on entecavir')![2];
    const order = cardOf(story(), 'order-select', 'en', 'D8');
    expect(kinds(order)[0]).toMatch(new RegExp(`^★ ${cancel} \\+ create J05AF07`));
    expect(order.suggestions![0]!.actions!.find((a) => a.type === 'create')!.description).toContain('Stop entecavir');
    const view = cardOf(story(), 'patient-view', 'en', 'D8');
    expect(kinds(view)[0]).toBe('★ create J05AF07');
    expect(view.detail).toMatch(/newborn HBIG and vaccine within 12 h of birth/);
    expect(cardOf(story(), 'patient-view', 'zh-CN', 'D8').detail).toMatch(/富马酸替诺福韦二吡呋酯/);
  });
  it('D8 pregnant NOT on entecavir, HBV DNA ≥2×10⁵: the mother-to-child line (TDF from week 24–28, newborn HBIG + vaccine), never "stop entecavir" (§5)', () => {
    const story = () => [patient({ gender: 'female', birthDate: birthDateForAge(30) }), chb(), condition('77386006'), alt(32, 3), dnaIU(3_000_000, 10)];
    const en = cardOf(story(), 'patient-view', 'en', 'D8').detail!;
    expect(en).not.toMatch(/entecavir/i);
    expect(en).toContain('Pregnancy with HBV DNA ≥2×10⁵ IU/mL: tenofovir DF from week 24–28 against mother-to-child transmission (now if another indication holds); newborn HBIG and vaccine at birth, within 12 h.');
    expect(en.match(/tenofovir/g)).toHaveLength(1);
    const zh = cardOf(story(), 'patient-view', 'zh-CN', 'D8').detail!;
    expect(zh).not.toContain('恩替卡韦');
    expect(zh).toContain('孕24–28周起服用富马酸替诺福韦二吡呋酯预防母婴传播');
    const onEntecavir = VARIANTS.find(([, name]) => name === 'pregnant on entecavir')![2];
    expect(cardOf(onEntecavir(), 'patient-view', 'en', 'D8').detail).toContain('stop entecavir, switch to tenofovir DF');
    expect(cardOf(onEntecavir(), 'patient-view', 'zh-CN', 'D8').detail).toContain('停用恩替卡韦');
  });
  it('D8 pregnant on entecavir with a flare (example 3): the on-NA wording, no interferon line, no "switch to or add tenofovir" beside the switch; adherence and resistance kept', () => {
    const story = VARIANTS.find(([, name]) => name === 'pregnant on entecavir')![2];
    const flare = () => [...story().filter((r) => r.resourceType !== 'Observation' || !/ALT|1742-6/.test(JSON.stringify((r as { code?: unknown }).code))), alt(100, 30), alt(640, 1)];
    for (const locale of LOCALES) {
      const c = cardOf(flare(), 'patient-view', locale, 'D8');
      const why = cardShape(c.detail!).why.join('\n');
      if (locale === 'en') {
        expect(why).toContain('Antiviral therapy is under way (NA)');
        expect(why).not.toMatch(/Interferon, if considered later|switch to or add tenofovir|NA preferred/);
        expect(why).toContain('check adherence; test for resistance.');
        expect(why).toContain('stop entecavir, switch to tenofovir DF now');
      } else {
        expect(why).toContain('已在NA治疗中');
        expect(why).not.toMatch(/日后如考虑干扰素|换用或加用替诺福韦/);
        expect(why).toContain('核查依从性；行耐药检测。');
      }
    }
  });
  it('D8 led by a flare, not on an NA: antiviral therapy now, NA preferred, but no "interferon later" line (interferon is contraindicated)', () => {
    const story = () => [patient(), chb(), condition('389026000'), alt(120, 30), alt(600, 1), tbil(15, 1), inr(1.1, 1)];
    const why = cardShape(cardOf(story(), 'patient-view', 'en', 'D8').detail!).why.join('\n');
    expect(why).toContain('Flare: antiviral therapy now, NA preferred');
    expect(why).not.toMatch(/if considered later/);
  });
  it('created resources are drafts for the patient; each card and suggestion has its own uuid', () => {
    const c = card('D9', 'order-select', 'en');
    for (const a of c.suggestions!.flatMap((s) => s.actions!).filter((a) => a.type === 'create')) expect(a.resource).toMatchObject({ status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } });
    const uuids = [c.uuid, ...c.suggestions!.map((s) => s.uuid)];
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(c.selectionBehavior).toBe('at-most-one');
  });
});

describe('override reasons per decision (§5)', () => {
  const codes = (id: DecisionId) => card(id, 'order-select', 'en').overrideReasons?.map((r) => r.code);
  it('D5: its own reasons, "ifn-specialist-decided" with P7③ and "record-out-of-date"', () => {
    expect(codes('D5')).toEqual(['ifn-specialist-decided', 'record-out-of-date']);
    expect(card('D5', 'order-select', 'en').overrideReasons![0]!.display).toBe('A specialist experienced with interferon has decided to start (P7③)');
  });
  it('D8, D10: specialist-reviewed and record-out-of-date; benefit-outweighs-risk only when every contraindication is a cytopenia', () => {
    expect(codes('D8')).toEqual(['specialist-reviewed', 'record-out-of-date']);
    expect(codes('D10')).toEqual(['specialist-reviewed', 'record-out-of-date']);
    const cytopeniaOnly = SCENARIOS.D8().filter((r) => r.resourceType !== 'Condition' || (r as { code?: { coding?: { code?: string }[] } }).code?.coding?.[0]?.code !== '716203000');
    expect(cardOf(cytopeniaOnly, 'order-select', 'en', 'D8').overrideReasons!.map((r) => r.code)).toEqual(['specialist-reviewed', 'record-out-of-date', 'benefit-outweighs-risk']);
  });
  it.each(['D0', 'D2', 'D4', 'D7', 'D9', 'D11', 'D13'] as DecisionId[])('%s: the generic reasons', (id) => {
    expect(codes(id)).toEqual(['specialist-reviewed', 'benefit-outweighs-risk', 'patient-preference', 'record-incomplete']);
  });
  it('warning and critical order-select cards carry overrideReasons with display; info cards do not', () => {
    for (const id of IDS) {
      for (const locale of LOCALES) {
        const c = card(id, 'order-select', locale);
        if (c.indicator === 'info') expect(c.overrideReasons).toBeUndefined();
        else for (const r of c.overrideReasons!) expect(r).toEqual({ system: 'https://ifn-timing-cds.org/fhir/CodeSystem/override-reason', code: expect.any(String), display: expect.any(String) });
      }
    }
    expect(card('D1', 'order-select', 'en').indicator).toBe('info');
    expect(card('D5', 'patient-view', 'en').overrideReasons).toBeUndefined();
  });
  it('"record-out-of-date" reads "The record is out of date" (记录已过时) on D5, D8 and D10: no condition is implied where none is involved', () => {
    for (const id of ['D5', 'D8', 'D10'] as DecisionId[]) {
      expect(card(id, 'order-select', 'en').overrideReasons!.find((r) => r.code === 'record-out-of-date')!.display).toBe('The record is out of date');
      expect(card(id, 'order-select', 'zh-CN').overrideReasons!.find((r) => r.code === 'record-out-of-date')!.display).toBe('记录已过时');
    }
  });
  it('zh-CN override reasons have Chinese displays', () => {
    for (const r of card('D5', 'order-select', 'zh-CN').overrideReasons!) expect(r.display).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the ALT course in the evidence table (§7: the evidence used, not every result on record)', () => {
  const altRows = (detail: string) => detail.split('\n').filter((l) => l.startsWith('| ALT |'));
  const cardFor = (resources: FhirResource[], locale: Locale = 'en') => {
    const { cards, evaluation } = evaluate(resources, 'patient-view', locale);
    return { detail: cards[0]!.detail!, decision: evaluation.decision!.id };
  };
  const d1With = (n: number) => [...SCENARIOS.D1(), ...Array.from({ length: n }, (_, i) => alt(100, 4 + i, { uln: 40 }))];

  it(`lists all ${ALT_COURSE_ROWS} results of the window at ${ALT_COURSE_ROWS}, the newest ${ALT_COURSE_ROWS} and one summing line beyond`, () => {
    const { detail, decision } = cardFor(d1With(ALT_COURSE_ROWS - 1));
    expect(decision).toBe('D1');
    expect(altRows(detail)).toHaveLength(ALT_COURSE_ROWS);
    expect(detail).not.toContain('not listed');
    const many = cardFor(d1With(300));
    expect(altRows(many.detail)).toHaveLength(ALT_COURSE_ROWS);
    expect(many.detail).toMatch(/286 older ALT results are not listed \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, 2\.5×ULN\): no rule used them\./);
  });
  it('keeps the oldest mild result that makes the mild results recurrent (D2)', () => {
    const resources = [patient(), chb(), familyHistory('109841003'), ...Array.from({ length: 48 }, (_, i) => alt(60, 2 + i * 7))];
    const { detail, decision } = cardFor(resources);
    expect(decision).toBe('D2');
    expect(altRows(detail)).toHaveLength(ALT_COURSE_ROWS + 1);
  });
  it('says it in Chinese on a zh-CN card, with the same numbers', () => {
    expect(cardFor(d1With(20), 'zh-CN').detail).toMatch(/另有6次较早的ALT结果未列出（\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}，2\.5×ULN）：规则未用到。/);
  });
});

describe('carried lines stand in the why, after the decision, its action and clauses (§4 "Carried lines", §7 ≤5 why lines)', () => {
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'fixtures/patients/index.json'), 'utf8')) as {
    evaluationDate: string;
    patients: { name: string; requests: Record<string, string> }[];
  };
  const when = new Date(manifest.evaluationDate);
  const cases = manifest.patients.flatMap((p) => (['patient-view', 'order-select'] as const).flatMap((hook) => LOCALES.map((locale) => ({ name: p.name, hook, locale, file: p.requests[hook]! }))));
  it.each(cases)('$name $hook $locale', ({ hook, locale, file }) => {
    const req = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, file), 'utf8')) as { context: never; prefetch: Record<string, { resourceType?: string; entry?: { resource: unknown }[] } | null> };
    const resources = Object.values(req.prefetch).flatMap((v) => (!v ? [] : v.resourceType === 'Bundle' ? (v.entry ?? []).map((e) => e.resource) : [v]));
    const { evaluation, cards } = createCardEngine(DEFAULT_CLINICAL_CONFIG, locale).evaluate(hook, req.context, assemble(resources as never), when, locale);
    const carried = carriedLineTexts(evaluation, { locale, config: DEFAULT_CLINICAL_CONFIG });
    if (cards.length === 0) return expect(carried).toEqual([]);
    const why = cardShape(cards[0]!.detail!).why;
    expect(why.length).toBeLessThanOrEqual(5);
    for (const line of carried) expect(why).toContain(line);
  });
  it('D5 HBV DNA undetectable: "look for another cause" with D5\'s list (§4 D5), not D1\'s, in en and zh-CN', () => {
    const story = VARIANTS.find(([, name]) => name === 'HBV DNA undetectable on tenofovir')![2];
    const en = cardShape(cardOf(story(), 'patient-view', 'en', 'D5').detail!).why;
    expect(en).toContain('HBV DNA undetectable: look for another cause (drug-induced liver injury, hepatitis A/E, HDV, autoimmune hepatitis, alcohol, ischaemia).');
    expect(en.join('\n')).not.toMatch(/fatty liver|HDV\/HCV/);
    const zh = cardShape(cardOf(story(), 'patient-view', 'zh-CN', 'D5').detail!).why.join('\n');
    expect(zh).toContain('药物性肝损伤、甲型或戊型病毒性肝炎、丁型肝炎病毒感染、自身免疫性肝炎、饮酒、肝脏缺血');
    expect(zh).not.toContain('脂肪肝');
  });
  it('D5 (example 1): ALT >10×ULN said once, the wait and the not-settling clause in one line; the NA line in the why', () => {
    const story = [patient(), chb(), medStatement(ENTECAVIR, { startDays: 400 }), dnaIU(6000, 10), alt(400, 8), alt(560, 1), tbil(15, 1), inr(1.1, 1)];
    const why = cardShape(cardOf(story, 'patient-view', 'en', 'D5').detail!).why;
    expect(why.join('\n').match(/>10×ULN/g)).toHaveLength(1);
    expect(why.filter((l) => /wait until ALT is <10×ULN/.test(l) && /not settling/.test(l))).toHaveLength(1);
    expect(why.some((l) => l.startsWith('On entecavir, HBV DNA 6,000 IU/mL'))).toBe(true);
  });
});

describe('say each thing once (§7)', () => {
  const whyOf = (c: Card) => cardShape(c.detail!).why;
  it('D8 with coagulopathy after a flare (example 4): the moved summary clause "NA now, consider admission" is not repeated beside the urgent line', () => {
    const story = VARIANTS.find(([, name]) => name === 'led by the flare')![2];
    for (const locale of LOCALES) {
      const why = whyOf(cardOf(story(), 'order-select', locale, 'D8')).join('\n');
      expect(why.match(locale === 'en' ? /consider admission/g : /考虑住院/g)).toHaveLength(1);
    }
  });
  it('D12 with cirrhosis (example 6): "continue the NA" once in the why', () => {
    const story = () => [...SCENARIOS.D12(), condition('19943007')];
    for (const locale of LOCALES) {
      const why = whyOf(cardOf(story(), 'patient-view', locale, 'D12')).join('\n');
      expect(why.match(locale === 'en' ? /continue the NA/g : /继续NA治疗/g)).toHaveLength(1);
      expect(why).toMatch(locale === 'en' ? /Cirrhosis: IFN only if compensated/ : /肝硬化：仅在无门静脉高压/);
    }
  });
  it('D10 duplicate drafts on interferon: the why line is not repeated in the block; zh-CN summary says 重复医嘱 once', () => {
    const resources = [patient(), chb(), medRequest(PEG_IFN, { status: 'active' }), alt(60, 3)];
    const drafts = [ifnDraft(PEG_IFN, { id: 'ifn-draft' }), ifnDraft(IFN_ALFA_2B, { id: 'ifn-draft-2' })];
    for (const locale of LOCALES) {
      const { cards, evaluation } = evaluate(resources, 'order-select', locale, drafts);
      expect(evaluation.decision?.id).toBe('D10');
      const shape = cardShape(cards[0]!.detail!);
      for (const b of shape.blocks) for (const l of b.lines) expect(shape.why).not.toContain(l);
      if (locale === 'zh-CN') expect(cards[0]!.summary.match(/重复医嘱/g)).toHaveLength(1);
    }
  });
});

describe('D5 clauses named with their numbers (§4 D5)', () => {
  it('D5 coagulopathy in the window without a flare: the clause names the INR and its threshold', () => {
    const story = () => [patient(), chb(), alt(160, 2), tbil(15, 1), inr(1.6, 1)];
    expect(cardShape(cardOf(story(), 'patient-view', 'en', 'D5').detail!).why).toContain('Coagulopathy (INR 1.6, >1.5): interferon is ruled out for now whatever the latest ALT (P7②).');
    expect(cardShape(cardOf(story(), 'patient-view', 'zh-CN', 'D5').detail!).why.join('\n')).toContain('凝血功能异常（INR 1.6，>1.5）：');
  });
  it('D8 led by a flare with ascites, TBil 60 µmol/L, INR 1.8 (example 4): the bilirubin clause with its number in the why', () => {
    const story = VARIANTS.find(([, name]) => name === 'led by the flare')![2];
    const en = cardShape(cardOf(story(), 'patient-view', 'en', 'D8').detail!).why;
    expect(en.some((l) => l.includes('Significant bilirubin rise: TBil 60 µmol/L (>2×ULN, >51 µmol/L)'))).toBe(true);
    expect(en.length).toBeLessThanOrEqual(5);
    expect(en.join('\n')).not.toMatch(/wait until/);
    const zh = cardShape(cardOf(story(), 'patient-view', 'zh-CN', 'D8').detail!).why;
    expect(zh.some((l) => l.includes('胆红素明显升高：TBil 60 µmol/L'))).toBe(true);
  });
});

describe('zh-CN wording (§7)', () => {
  it('coded interferon drafts are named in Chinese in the summary and suggestion labels; uncoded record text stays quoted', () => {
    const resources = [patient(), chb(), medRequest(PEG_IFN, { status: 'active' }), alt(60, 3)];
    const coded = [ifnDraft(PEG_IFN, { id: 'ifn-draft' }), ifnDraft(IFN_ALFA_2B, { id: 'ifn-draft-2' })];
    const zh = evaluate(resources, 'order-select', 'zh-CN', coded).cards[0]!;
    expect(zh.summary).toMatch(/^聚乙二醇干扰素α-2a \+ 干扰素α-2b（重复医嘱）：正在使用聚乙二醇干扰素α-2a：/);
    const labels = zh.suggestions!.map((x) => x.label);
    expect(labels).toContain('撤销聚乙二醇干扰素α-2a');
    expect(labels).toContain('撤销干扰素α-2b');
    expect(JSON.stringify(zh)).not.toMatch(/“Peginterferon alfa-2a”|“Interferon alfa-2b”/);
    const uncoded = [ifnDraft({ text: 'Peginterferon 180 mcg' }, { id: 'ifn-draft' }), ifnDraft({ text: '干扰素 5 MIU' }, { id: 'ifn-draft-2' })];
    const free = evaluate([patient(), chb(), alt(60, 3), alt(58, 60), alt(55, 120)], 'order-select', 'zh-CN', uncoded).cards[0]!;
    expect(free.summary).toContain('“Peginterferon”');
  });
  it('rule tags with a Chinese enumeration comma: （P4、P7）; en keeps ", "', () => {
    expect(cardShape(card('D5', 'patient-view', 'zh-CN').detail!).why[0]).toContain('（P4、P7）');
    expect(cardShape(card('D5', 'patient-view', 'en').detail!).why[0]).toContain('(P4, P7)');
  });
  it('D2 says 肝穿刺活检 throughout (topic, block title, suggestion), never 肝组织活检 or 肝活检', () => {
    for (const hook of HOOKS) {
      const text = JSON.stringify(card('D2', hook, 'zh-CN'));
      expect(text).toContain('肝穿刺活检');
      expect(text).not.toMatch(/肝组织活检|肝活检/);
    }
  });
});
