/** Cards (§4 card column, §5, §7): conform to CDS Hooks 2.0, in both locales, for every decision and hook. */
import type { Bundle } from 'fhir/r4';
import type { Card } from '../../src/contract/types.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import { LOCALES, type Locale } from '../../src/config/locale.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { DECISION_CODE, type DecisionId } from '../../src/engine/types.js';
import { responseErrors } from '../../src/contract/validate.js';
import { ENTECAVIR, NOW, PEG_IFN, alt, chb, data, familyHistory, medRequest, patient, tbil } from '../../devkit/builders.js';
import { ALT_COURSE_ROWS } from '../../src/cards/render.js';
import { SCENARIOS } from './scenarios.js';

const engine = createCardEngine(DEFAULT_CLINICAL_CONFIG, 'en');
const IDS = Object.keys(SCENARIOS) as DecisionId[];
const draftOrders: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: medRequest(PEG_IFN, { id: 'ifn-draft', status: 'draft' }) }] };

function card(id: DecisionId, hook: 'patient-view' | 'order-select', locale: Locale): Card {
  const context =
    hook === 'patient-view'
      ? { userId: 'Practitioner/u1', patientId: 'p1' }
      : { userId: 'Practitioner/u1', patientId: 'p1', selections: ['MedicationRequest/ifn-draft'], draftOrders };
  const { cards, evaluation } = engine.evaluate(hook, context, data(SCENARIOS[id]()), NOW, locale);
  expect(evaluation.decision?.id).toBe(id);
  expect(cards).toHaveLength(1);
  return cards[0]!;
}

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

const matrix = IDS.flatMap((id) => (['patient-view', 'order-select'] as const).flatMap((hook) => LOCALES.map((locale) => ({ id, hook, locale }))));

describe('every decision renders a conforming card', () => {
  it.each(matrix)('$id $hook $locale', ({ id, hook, locale }) => {
    const c = card(id, hook, locale);
    expect(responseErrors({ cards: [c] })).toEqual([]);
    expect(emptyValues(c)).toEqual([]);
    expect([...c.summary].length).toBeLessThan(140);
    expect(c.source.topic).toMatchObject({ system: 'https://ifn-timing-cds.org/fhir/CodeSystem/card-topic', code: DECISION_CODE[id] });
    expect(c.detail).toContain(`${id} · \`${DECISION_CODE[id]}\``);
  });
});

describe('indicators (§4, §5)', () => {
  const expected: Record<DecisionId, [Card['indicator'], Card['indicator']]> = {
    D0: ['info', 'warning'],
    D1: ['info', 'info'],
    D2: ['info', 'warning'],
    D3: ['info', 'info'],
    D4: ['info', 'warning'],
    D5: ['warning', 'warning'],
    D6: ['info', 'info'],
    D7: ['info', 'warning'],
    D8: ['warning', 'critical'],
    D9: ['info', 'warning'],
  };
  it.each(IDS)('%s', (id) => {
    expect(card(id, 'patient-view', 'en').indicator).toBe(expected[id][0]);
    expect(card(id, 'order-select', 'en').indicator).toBe(expected[id][1]);
  });
});

describe('summaries carry the numbers that drove them', () => {
  it('D1: ALT multiple, value, ULN and its origin', () => {
    expect(card('D1', 'patient-view', 'en').summary).toBe('IFN window: ALT 4.2×ULN (168 U/L, ULN 40, lab range), an appropriate time to start interferon');
    expect(card('D1', 'patient-view', 'zh-CN').summary).toBe('干扰素治疗时机适宜：ALT 4.2×ULN（168 U/L，ULN 40，实验室参考范围）');
  });
  it('D5: the flare numbers; D8: the contraindication with its value', () => {
    expect(card('D5', 'patient-view', 'en').summary).toContain('ALT 15.2×ULN (608 U/L, ULN 40, site default)');
    expect(card('D8', 'patient-view', 'en').summary).toContain('Decompensated liver disease');
    expect(card('D8', 'patient-view', 'en').summary).toContain('+1 more');
  });
  it('order-select summaries speak about the order', () => {
    expect(card('D0', 'order-select', 'en').summary).toMatch(/^This IFN order: /);
    expect(card('D0', 'order-select', 'zh-CN').summary).toMatch(/^本干扰素医嘱：/);
  });
  it.each(IDS)('%s: the same numbers in both locales', (id) => {
    const nums = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).sort();
    const en = card(id, 'patient-view', 'en');
    const zh = card(id, 'patient-view', 'zh-CN');
    expect(nums(zh.summary)).toEqual(nums(en.summary));
    expect(zh.source.topic?.code).toBe(en.source.topic?.code);
  });
});

describe('detail (§7)', () => {
  it('lists the evidence with value, date, source and rule; the ULN origin; predictors; triggers; the source and the NA note', () => {
    const d = card('D1', 'patient-view', 'en').detail!;
    expect(d).toMatch(/\| ALT \| 168 U\/L \(4\.2×ULN, ULN 40\) \| \d{4}-\d{2}-\d{2} \| P2, P5 \| \[\d+\] \|/);
    expect(d).toMatch(/\[\d+\] `Observation\/[^`]+`/);
    expect(d).toContain('ALT ULN 40 U/L (lab range)');
    expect(d).toContain('- ALT ≥2×ULN: **met**');
    expect(d).toContain('- HBV DNA ≤1×10⁶ copies/mL (≤171,821 IU/mL): **met**');
    expect(d).toContain('- Liver inflammation ≥G2: **unknown**');
    expect(d).toContain('Expert recommendations on interferon therapy timing for CHB, Chinese consensus');
    expect(d).toContain('EASL, AASLD and WHO 2024 generally prefer NAs, set no 10×ULN ceiling, and avoid interferon in decompensated disease and severe flares');
    expect(d).not.toContain('where ALT >10×ULN');
  });
  it('D2 names the triggers that fired and those unknown', () => {
    const d = card('D2', 'patient-view', 'en').detail!;
    expect(d).toContain('- Age ≥40: **met**');
    expect(d).toContain('- Family history of CHB, HCC or cirrhosis: **recorded**');
    expect(d).toContain('- HBeAg negative with HBV DNA ≥2,000 IU/mL: **met**');
    expect(d).toContain('- Chronic liver lesion on ultrasound/CT: **not recorded**');
    expect(d).toContain('mother: hepatocellular carcinoma');
  });
  it('D5 carries P7②③ and the NA preference', () => {
    const d = card('D5', 'patient-view', 'en').detail!;
    expect(d).toContain('P7②');
    expect(d).toContain('P7③');
    expect(d).toMatch(/nucleos\(t\)ide analogue \(NA\) preferred/);
  });
  it('D8 lists each contraindication with its evidence', () => {
    const d = card('D8', 'patient-view', 'en').detail!;
    expect(d).toMatch(/- Decompensated liver disease: decompensated cirrhosis \[\d+\]/);
    expect(d).toMatch(/- Thrombocytopenia: 42×10⁹\/L/);
  });
  it('Chinese detail keeps the abbreviations', () => {
    const d = card('D1', 'patient-view', 'zh-CN').detail!;
    expect(d).toContain('ALT');
    expect(d).toContain('HBV DNA');
    expect(d).toContain('ULN');
    expect(d).toContain('干扰素');
  });
});

describe('suggestions (§4, §5)', () => {
  const kinds = (c: Card) =>
    (c.suggestions ?? []).map((s) =>
      s
        .actions!.map((a) => {
          if (a.type === 'delete') return `delete ${a.resourceId}`;
          const r = a.resource as { resourceType: string; code?: { coding: { code: string }[] }; medicationCodeableConcept?: { coding: { code: string }[] } };
          return `create ${r.resourceType} ${(r.code ?? r.medicationCodeableConcept)!.coding[0]!.code}`;
        })
        .join(' + '),
    );

  it('patient-view: D7 orders ALT; D2 orders a liver biopsy; D1 with a complete screen none', () => {
    expect(kinds(card('D7', 'patient-view', 'en'))).toEqual(['create ServiceRequest 1742-6']);
    expect(kinds(card('D2', 'patient-view', 'en'))).toEqual(['create ServiceRequest 86259008']);
    expect(card('D1', 'patient-view', 'en').suggestions).toBeUndefined();
  });

  it('order-select: test + cancel in one first suggestion, then each; D5/D9 "NA instead"; D8 cancels (and an NA where indicated)', () => {
    const cancel = 'delete MedicationRequest/ifn-draft';
    expect(kinds(card('D7', 'order-select', 'en'))).toEqual([`create ServiceRequest 1742-6 + ${cancel}`, 'create ServiceRequest 1742-6', cancel]);
    expect(kinds(card('D2', 'order-select', 'en'))).toEqual([`create ServiceRequest 86259008 + ${cancel}`, 'create ServiceRequest 86259008', cancel]);
    expect(kinds(card('D0', 'order-select', 'en'))).toEqual([cancel]);
    expect(kinds(card('D4', 'order-select', 'en'))).toEqual([cancel]);
    expect(kinds(card('D5', 'order-select', 'en'))).toEqual([`create ServiceRequest 6301-6 + ${cancel}`, 'create ServiceRequest 6301-6', cancel, `${cancel} + create MedicationRequest J05AF10`]);
    expect(kinds(card('D9', 'order-select', 'en'))).toEqual([cancel, `${cancel} + create MedicationRequest J05AF10`]);
    expect(kinds(card('D8', 'order-select', 'en'))).toEqual([cancel, `${cancel} + create MedicationRequest J05AF10`]);
    for (const id of ['D1', 'D3', 'D6'] as const) expect(card(id, 'order-select', 'en').suggestions).toBeUndefined();
  });

  it('created resources are drafts for the patient; each card and suggestion has its own uuid', () => {
    const c = card('D5', 'order-select', 'en');
    const created = c.suggestions!.flatMap((s) => s.actions!).filter((a) => a.type === 'create');
    for (const a of created) expect(a.resource).toMatchObject({ status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } });
    const uuids = [c.uuid, ...c.suggestions!.map((s) => s.uuid)];
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(c.selectionBehavior).toBe('at-most-one');
  });

  it('warning and critical order-select cards carry overrideReasons with display; info cards do not', () => {
    for (const id of ['D0', 'D2', 'D4', 'D5', 'D7', 'D8', 'D9'] as const) {
      const reasons = card(id, 'order-select', 'zh-CN').overrideReasons!;
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) expect(r).toMatchObject({ system: expect.any(String), code: expect.any(String), display: expect.any(String) });
    }
    expect(card('D1', 'order-select', 'en').overrideReasons).toBeUndefined();
    expect(card('D5', 'patient-view', 'en').overrideReasons).toBeUndefined();
  });
});

describe('§5 two interferon drafts in one call', () => {
  const two: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [{ resource: medRequest(PEG_IFN, { id: 'ifn-a', status: 'draft' }) }, { resource: medRequest(PEG_IFN, { id: 'ifn-b', status: 'draft' }) }],
  };
  const cardFor = (id: DecisionId, locale: Locale) => {
    const context = { userId: 'Practitioner/u1', patientId: 'p1', selections: ['MedicationRequest/ifn-a', 'MedicationRequest/ifn-b'], draftOrders: two };
    return engine.evaluate('order-select', context, data(SCENARIOS[id]()), NOW, locale).cards;
  };
  it('one card; the summary names both; cancel deletes each; the detail flags the duplicate', () => {
    const cards = cardFor('D5', 'en');
    expect(cards).toHaveLength(1);
    const c = cards[0]!;
    expect(c.summary).toMatch(/^These 2 IFN orders: /);
    expect(c.detail).toContain('2 interferon drafts are selected: duplicate order.');
    const cancel = c.suggestions!.find((s) => s.label === 'Cancel these 2 interferon orders')!;
    expect(cancel.actions!.map((a) => (a.type === 'delete' ? a.resourceId : ''))).toEqual(['MedicationRequest/ifn-a', 'MedicationRequest/ifn-b']);
    const instead = c.suggestions!.find((s) => s.label === 'Order entecavir instead')!;
    expect(instead.actions!.map((a) => a.type)).toEqual(['delete', 'delete', 'create']);
    expect(cardFor('D5', 'zh-CN')[0]!.summary).toMatch(/^这2项干扰素医嘱：/);
  });
  it('an NA is never offered to a patient already on one', () => {
    const context = { userId: 'Practitioner/u1', patientId: 'p1', selections: ['MedicationRequest/ifn-a'], draftOrders: two };
    const c = engine.evaluate('order-select', context, data([...SCENARIOS.D5(), medRequest(ENTECAVIR)]), NOW, 'en').cards[0]!;
    expect(c.suggestions!.map((s) => s.label)).not.toContain('Order entecavir instead');
    expect(c.detail).toContain('The patient is on entecavir');
  });
  it('D8 override reasons fit the contraindication: "benefit outweighs risk" only for cytopenias', () => {
    const codes = (resources: ReturnType<(typeof SCENARIOS)['D8']>) => {
      const context = { userId: 'Practitioner/u1', patientId: 'p1', selections: ['MedicationRequest/ifn-a'], draftOrders: two };
      return engine.evaluate('order-select', context, data(resources), NOW, 'en').cards[0]!.overrideReasons!.map((r) => r.code);
    };
    expect(codes(SCENARIOS.D8())).toEqual(['specialist-reviewed', 'record-out-of-date']);
    expect(codes(SCENARIOS.D8().filter((r) => r.resourceType !== 'Condition' || (r as { code?: { coding?: { code?: string }[] } }).code?.coding?.[0]?.code !== '716203000'))).toEqual(['specialist-reviewed', 'record-out-of-date', 'benefit-outweighs-risk']);
  });
});

describe('the ALT course in the evidence table (§7: the evidence used, not every result on record)', () => {
  const ctx = { userId: 'Practitioner/u1', patientId: 'p1' };
  const altRows = (detail: string) => detail.split('\n').filter((l) => l.startsWith('| ALT |'));
  const cardFor = (resources: ReturnType<(typeof SCENARIOS)['D1']>, locale: Locale = 'en') => {
    const { cards, evaluation } = engine.evaluate('patient-view', ctx, data(resources), NOW, locale);
    return { detail: cards[0]!.detail!, decision: evaluation.decision!.id };
  };
  /** D1's story with `n` more ALT results, one a day from 2 days ago back, at 2.5×ULN. */
  const d1With = (n: number) => [...SCENARIOS.D1(), ...Array.from({ length: n }, (_, i) => alt(100, 4 + i, { uln: 40 }))];

  it(`lists all ${ALT_COURSE_ROWS} results of the window, and no "not listed" line, at ${ALT_COURSE_ROWS}`, () => {
    const { detail, decision } = cardFor(d1With(ALT_COURSE_ROWS - 1));
    expect(decision).toBe('D1');
    expect(altRows(detail)).toHaveLength(ALT_COURSE_ROWS);
    expect(detail).not.toContain('not listed');
  });

  it(`lists the newest ${ALT_COURSE_ROWS} and sums up the rest in one line, at ${ALT_COURSE_ROWS + 1} and beyond`, () => {
    const one = cardFor(d1With(ALT_COURSE_ROWS));
    expect(altRows(one.detail)).toHaveLength(ALT_COURSE_ROWS);
    // The oldest result (4 + 14 = 18 days ago) is the one not listed.
    const oldest = new Date(NOW.getTime() - 18 * 86_400_000).toISOString().slice(0, 10);
    expect(one.detail).toContain(`1 older ALT result is not listed (${oldest}, 2.5×ULN): no rule used it.`);

    // 300 a day back: all within the 12-month window.
    const many = cardFor(d1With(300));
    expect(many.decision).toBe('D1');
    expect(altRows(many.detail)).toHaveLength(ALT_COURSE_ROWS);
    expect(many.detail).toMatch(/286 older ALT results are not listed \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, 2\.5×ULN\): no rule used them\./);
    // The latest result still heads the table, tagged with the rules that read it.
    expect(altRows(many.detail)[0]).toMatch(/^\| ALT \| 168 U\/L \(4\.2×ULN, ULN 40\) \| .* \| P2, P5 \|/);
  });

  it('always lists an older result a rule used: the flare peak and the ALT before the latest', () => {
    // A flare 60 days ago (12×ULN), then 40 results at 3×ULN, the latest 2 days ago at 3.5×ULN.
    const resources = [patient(), chb(), alt(480, 60, { uln: 40 }), ...Array.from({ length: 40 }, (_, i) => alt(120, 3 + i, { uln: 40 })), alt(140, 2, { uln: 40 }), tbil(12, 2)];
    const { detail } = cardFor(resources);
    const rows = altRows(detail);
    expect(rows).toHaveLength(ALT_COURSE_ROWS + 1);
    expect(rows[rows.length - 1]).toMatch(/^\| ALT \| 480 U\/L \(12\.0×ULN, ULN 40\) \| .* \| P4, P7 \|/);
    expect(detail).toMatch(/26 older ALT results are not listed \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, 3\.0×ULN\): no rule used them\./);
  });

  it('keeps the oldest mild result that makes the mild results recurrent (D2)', () => {
    // Mild results weekly over 11 months: the oldest, 330 days ago, is what makes them recurrent.
    const resources = [patient(), chb(), familyHistory('109841003'), ...Array.from({ length: 48 }, (_, i) => alt(60, 2 + i * 7))];
    const { detail, decision } = cardFor(resources);
    expect(decision).toBe('D2');
    const rows = altRows(detail);
    expect(rows).toHaveLength(ALT_COURSE_ROWS + 1);
    expect(rows[rows.length - 1]).toContain(new Date(NOW.getTime() - 331 * 86_400_000).toISOString().slice(0, 10));
    expect(detail).toMatch(/32 older ALT results are not listed \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, 1\.5×ULN\)/);
  });

  it('gives the range of the multiples not listed, lowest to highest', () => {
    const resources = [...SCENARIOS.D1(), ...Array.from({ length: 30 }, (_, i) => alt(84 + (i % 3) * 20, 4 + i, { uln: 40 }))];
    expect(cardFor(resources).detail).toMatch(/16 older ALT results are not listed \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, 2\.1×ULN to 3\.1×ULN\): no rule used them\./);
  });

  it('says it in Chinese on a zh-CN card, with the same numbers', () => {
    const { detail } = cardFor(d1With(20), 'zh-CN');
    expect(detail).toMatch(/另有6次较早的ALT结果未列出（\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}，2\.5×ULN）：规则未用到。/);
  });
});
