/**
 * Card text in English and Simplified Chinese. Every number is a parameter (from the Decision or its
 * thresholds); no threshold is written into a message. zh-CN keeps only abbreviations (ALT, ULN, HBV DNA,
 * HBeAg, HBsAg, TBil, INR, IFN, NA), units, scale names and codes in Latin letters.
 */
import type { Caveat, D5Clause, DecisionCode, DecisionId, DnaState, PassReason, InputKind, PredictorKind, ScreenState, TbilReason, Tri, TriggerKind, TriggerState, UlnOrigin, ContraindicationKind } from '../engine/types.js';
import type { Locale } from '../config/locale.js';

export type OverrideCode = 'specialist-reviewed' | 'benefit-outweighs-risk' | 'patient-preference' | 'record-incomplete' | 'record-out-of-date';

export interface Messages {
  colon: string;
  comma: string;
  paren: (s: string) => string;
  list: (items: string[]) => string;
  sourceLabel: string;
  topic: Record<DecisionCode, string>;
  ulnOrigin: Record<UlnOrigin, string>;
  alt: (multiple: string, value: string, uln: string, origin: string) => string;
  tbil: (value: string, uln: string) => string;
  count: (value: string) => string;
  inr: (value: string) => string;
  pt: (seconds: string) => string;
  dna: { belowDetection: (limit?: string) => string; detected: string; copies: (factor: string) => string };
  positive: string;
  negative: string;
  scaleStage: (scale: string, stage: string) => string;
  age: (years: string) => string;
  naWithRecord: (name: string, record: string) => string;
  summary: {
    D0: (alt: string) => string;
    D1: (alt: string) => string;
    D1missing: (alt: string, missing: string) => string;
    D1dnaBelow: (alt: string) => string;
    D2: (alt: string, triggers: number) => string;
    D3: (histology: string, alt: string) => string;
    D3dna: (histology: string, alt: string, dna: string) => string;
    D4: (histology: string, alt: string) => string;
    D5notSettling: (alt: string, therapy: string) => string;
    D5dissociation: (alt: string, tbil: string) => string;
    D5bilirubin: (alt: string, tbil: string, therapy: string) => string;
    D5cirrhosis: (alt: string, peak: string, therapy: string) => string;
    D5coagulopathy: (alt: string, inr: string, therapy: string) => string;
    D6: (alt: string, peak: string, tbil: string) => string;
    D7alt: (days: number) => string;
    D7tbil: (alt: string, peak: string) => string;
    D8: (first: string, more: number, na: string) => string;
    D9fibrosis: (stage: string, alt: string, therapy: string) => string;
    D9flare: (peak: string, alt: string, weeks: number) => string;
    orderPrefix: (count: number) => string;
    naPreferred: string;
    continueNa: string;
    considerNa: (name: string) => string;
    switchToTdf: string;
    dnaNotOnRecord: string;
    dnaUndetectable: string;
    bloodCount: string;
  };
  recommendation: Record<DecisionId, string>;
  d5OnNa: string;
  onNa: (name: string) => string;
  onNaDetectable: string;
  d5Clause: Record<D5Clause, string>;
  d5NotSettlingWait: string;
  d5Dissociation: string;
  d7TbilBody: (days: number) => string;
  d7TbilLast: (value: string, date: string) => string;
  d7TbilNone: string;
  d1Caveat: (months: number) => Record<Caveat, string>;
  d1SafeClause: string;
  d6Fall: (peak: string, latest: string, percent: string) => string;
  d9Flare: (peak: string, date: string, weeks: number) => string;
  d9Fibrosis: string;
  d9DnaBelow: string;
  d3P3: string;
  d4Stage: (stage: string) => string;
  d8Na: { offer: (name: string) => string; continueCurrent: string; switchToTdf: string; notIndicated: string; transplant: string };
  naAlternative: (name: string) => string;
  duplicateOrders: (count: number) => string;
  heading: {
    decision: string;
    why: string;
    safetyScreen: string;
    evidence: string;
    predictors: string;
    triggers: string;
    contraindications: string;
    passedOver: string;
    orders: string;
    footer: string;
    steps: string;
  };
  table: { result: string; value: string; date: string; rule: string; ref: string };
  kind: Record<'alt' | 'hbv-dna' | 'hbeag' | 'histology' | 'fibrosis' | 'tbil' | 'inr' | 'pt' | 'platelets' | 'neutrophils' | 'pregnancy-status' | 'condition' | 'family-history' | 'medication' | 'age', string>;
  input: Record<InputKind, string>;
  passReason: Record<PassReason, (unit?: string) => string>;
  screenState: Record<ScreenState, string>;
  screenUnknown: (days: number) => string;
  screenTbilUnknown: (days: number) => string;
  tri: Record<Tri, string>;
  triggerState: Record<TriggerState, string>;
  predictor: (copies: string, iu: string) => Record<PredictorKind, string>;
  trigger: (age: number, dnaIU: string) => Record<TriggerKind, string>;
  triggerDnaNeeded: (months: number) => string;
  contraindication: Record<ContraindicationKind, string>;
  screenThresholds: (contraindicating: string, relative: string) => string;
  tbilReason: (t: { multiple: string; absolute: string; rise: string; riseDays: number }) => Record<TbilReason, string>;
  dnaState: (months: number) => Record<DnaState, string>;
  ulnLine: (uln: string, origin: string) => string;
  inrLine: (value: string, date: string, high: string, days: number, coagulopathy: boolean) => string;
  inrNone: (days: number) => string;
  flareLine: (peak: string, date: string) => string;
  altBefore: (alt: string, date: string) => string;
  copiesFactor: (factor: string) => string;
  sourceNote: string;
  internationalNote: string;
  suggestion: {
    orderTests: (tests: string) => string;
    orderTestsAndCancel: (tests: string, orders: number) => string;
    cancelOrder: (orders: number) => string;
    orderNaInstead: (name: string) => string;
  };
  actionDescription: { orderTest: (test: string) => string; cancelOrder: (ref: string) => string; orderNa: (name: string) => string };
  overrideReason: Record<OverrideCode, string>;
  noEvidence: string;
  /** Older ALT results of the window not in the evidence table: count, first and last date, lowest and highest multiple. */
  altNotListed: (count: number, from: string, to: string, lowest: string, highest: string) => string;
  notApplicable: string;
}

const en: Messages = {
  colon: ': ',
  comma: ', ',
  paren: (x) => ` (${x})`,
  list: (xs) => xs.join(', '),
  sourceLabel: 'Expert recommendations on interferon therapy timing for CHB, Chinese consensus',
  topic: {
    'ifn-low-response': 'Lower interferon response expected',
    'ifn-window': 'Interferon window (ALT 2–10×ULN)',
    'biopsy-recommended': 'Liver biopsy recommended',
    'treat-per-biopsy': 'Treat per biopsy (≥G2)',
    'biopsy-below-g2': 'Biopsy below G2',
    'ifn-deferred': 'Interferon deferred',
    'ifn-after-flare': 'Interferon possible after flare',
    'data-needed': 'Data needed',
    'ifn-contraindicated': 'Interferon contraindicated',
    'antiviral-indicated': 'Antiviral therapy indicated',
  },
  ulnOrigin: { lab: 'lab range', default: 'site default' },
  alt: (m, v, u, o) => `ALT ${m} (${v} U/L, ULN ${u}, ${o})`,
  tbil: (v, u) => `${v} µmol/L (ULN ${u})`,
  count: (v) => `${v}×10⁹/L`,
  inr: (v) => `INR ${v}`,
  pt: (s) => `PT ${s} s`,
  dna: { belowDetection: (l) => (l ? `below detection (<${l})` : 'below detection'), detected: 'detected (not quantified)', copies: (f) => `converted from copies/mL at ${f} copies/IU` },
  positive: 'positive',
  negative: 'negative',
  scaleStage: (scale, stage) => `${scale} ${stage}`,
  age: (y) => `${y} years`,
  naWithRecord: (name, record) => `${name} (${record})`,
  summary: {
    D0: (alt) => `Lower IFN response expected: ${alt}; recheck ALT in 3 months`,
    D1: (alt) => `IFN window: ${alt}, an appropriate time to start interferon`,
    D1missing: (alt, missing) => `IFN window: ${alt}; ${missing} not on record`,
    D1dnaBelow: (alt) => `IFN window: ${alt}, HBV DNA undetectable: look for another cause of the ALT rise`,
    D2: (alt, n) => `Liver biopsy recommended before IFN: ${alt}, ${n} biopsy trigger${n === 1 ? '' : 's'}`,
    D3: (h, alt) => `Antiviral therapy incl. IFN recommended: biopsy ${h} (≥G2), ${alt}`,
    D3dna: (h, alt, dna) => `Antiviral therapy incl. IFN recommended: biopsy ${h} (≥G2), ${alt}; ${dna}`,
    D4: (h, alt) => `IFN not indicated now: biopsy ${h} (<G2), ${alt}; keep monitoring`,
    D5notSettling: (alt, t) => `Defer IFN: ${alt}, flare not settling; ${t}`,
    D5dissociation: (alt, tbil) => `Urgent: ${alt} falling while TBil rises to ${tbil}; start an NA now, check INR`,
    D5bilirubin: (alt, tbil, t) => `Defer IFN: ${alt} with TBil ${tbil}; ${t}`,
    D5cirrhosis: (alt, peak, t) => `Defer IFN: flare to ${peak} in cirrhosis, now ${alt}; ${t}`,
    D5coagulopathy: (alt, inr, t) => `Defer IFN: flare with ${inr}, now ${alt}; ${t}`,
    D6: (alt, peak, t) => `IFN possible after flare: ${alt}, peak ${peak}, TBil ${t}; experienced clinician`,
    D7alt: (days) => `ALT needed: no ALT result in the last ${days} days; order ALT before deciding on IFN`,
    D7tbil: (alt, peak) => `Bilirubin needed: ${alt} after a flare to ${peak}; order TBil to decide on IFN`,
    D8: (first, more, na) => `IFN contraindicated: ${first}${more > 0 ? ` (+${more} more)` : ''}${na ? `; ${na}` : ''}`,
    D9fibrosis: (stage, alt, t) => `Antiviral therapy indicated: ${stage}, ${alt}; ${t}`,
    D9flare: (peak, alt, w) => `Antiviral therapy indicated after a flare to ${peak}: now ${alt}; recheck within ${w} weeks`,
    orderPrefix: (n) => (n > 1 ? `These ${n} IFN orders: ` : 'This IFN order: '),
    naPreferred: 'antiviral therapy now, NA preferred',
    continueNa: 'continue the NA, check adherence',
    considerNa: (name) => `consider ${name}`,
    switchToTdf: 'switch entecavir to tenofovir DF',
    dnaNotOnRecord: 'HBV DNA not on record',
    dnaUndetectable: 'HBV DNA undetectable',
    bloodCount: 'blood count',
  },
  recommendation: {
    D0: 'Patients with normal or mildly raised ALT (<2×ULN) have a lower response to interferon (P3). Recheck ALT in 3 months; consider a liver biopsy if a biopsy trigger appears (P6).',
    D1: 'ALT (2–10)×ULN is the appropriate time for interferon (P2). Patients in the immune-clearance phase are suited to antiviral therapy (P1). Higher ALT, lower HBV DNA and inflammation ≥G2 predict a higher sustained response (P5).',
    D2: 'With normal or recurrently mildly raised ALT and at least one biopsy trigger, a liver biopsy is recommended before deciding; if inflammation is ≥G2, antiviral therapy, interferon included, is recommended (P6).',
    D3: 'Liver histology shows inflammation ≥G2: antiviral therapy, interferon included, is recommended (P6).',
    D4: 'Liver histology shows inflammation below G2: antiviral therapy is not indicated now. Keep monitoring ALT and HBV DNA every 3–6 months (P6).',
    D5: 'Antiviral therapy is indicated now, a nucleos(t)ide analogue (NA) preferred, with close observation and supportive care (liver protection) (P7②), directed by a clinician experienced with interferon (P7③).',
    D6: 'After the flare, interferon may be started, at a regular or low starting dose, directed by a clinician experienced with interferon, with close monitoring of ALT, TBil and INR (P7②③).',
    D7: 'The decision needs an ALT result from the lookback period; none is on record. Order ALT and review again when it is back.',
    D8: 'Interferon is contraindicated (absolute contraindication).',
    D9: 'Antiviral therapy is indicated; a nucleos(t)ide analogue (NA) first.',
  },
  d5OnNa: 'Antiviral therapy is indicated now: the patient is on an NA already, so check adherence, HBV DNA and resistance; close observation and supportive care (liver protection) (P7②), directed by a clinician experienced with interferon (P7③).',
  onNa: (name) => `The patient is on ${name}: interferon would mean adding it to, or switching from, the NA, directed by a clinician experienced with interferon (P7③).`,
  onNaDetectable: 'HBV DNA is detectable on the NA: check adherence and resistance.',
  d5Clause: {
    'flare-not-settling': 'Flare not settling: ALT >10×ULN or rising again, not falling (P7②).',
    'flare-in-cirrhosis': 'Flare in cirrhosis: interferon is ruled out for now whatever the latest ALT (P7②).',
    coagulopathy: 'Flare with coagulopathy: interferon is ruled out for now whatever the latest ALT (P7②).',
    bilirubin: 'Significant bilirubin rise (P7②).',
  },
  d5NotSettlingWait: 'ALT >10×ULN reflects a strong immune response with a risk of decompensation or liver failure under interferon (P4). If interferon is considered, wait until ALT falls or is <10×ULN without a significant bilirubin rise.',
  d5Dissociation: '**Urgent — enzyme–bilirubin dissociation:** ALT is falling while bilirubin rises, a warning sign of liver failure. Start an NA now, check INR/PT, consider admission.',
  d7TbilBody: (days) => `After a flare, a total bilirubin result within ${days} days of the latest ALT decides whether interferon must wait (P7②). It is unknown, not assumed normal.`,
  d7TbilLast: (v, date) => `Last TBil on record: ${v}, ${date}.`,
  d7TbilNone: 'No TBil on record.',
  d1Caveat: (months) => ({
    'screen-incomplete': 'The safety screen is incomplete: order what is missing before calling interferon safe.',
    'screen-below-relative': 'A count is below the relative threshold: caution; low platelets may mean portal hypertension.',
    'dna-below-detection': 'HBV DNA is below detection: look for another cause of the ALT rise (alcohol, fatty liver, drugs, other viral hepatitis) before attributing it to immune clearance.',
    'dna-unknown': `No HBV DNA within ${months} months: order it (a baseline is needed for on-treatment stopping rules).`,
    cirrhosis: 'Cirrhosis on record: interferon only in compensated disease without portal hypertension, directed by a clinician experienced with interferon.',
  }),
  d1SafeClause: 'The safety screen is complete and acceptable: effective and safe (P2).',
  d6Fall: (peak, latest, p) => `ALT has fallen from the peak ${peak} to ${latest} (${p}% of the peak).`,
  d9Flare: (peak, date, w) => `Settled flare: peak ${peak} on ${date}; antiviral therapy is indicated (P7②), NA preferred; lower response to interferon at this ALT (P3). Recheck ALT, TBil and INR within ${w} weeks.`,
  d9Fibrosis: 'Fibrosis: antiviral therapy is indicated because of fibrosis, whatever the ALT (WHO 2024 treats significant fibrosis and cirrhosis regardless of HBV DNA and ALT; EASL 2025 treats cirrhosis with detectable HBV DNA); lower response to interferon at this ALT (P3). Interferon only in compensated disease without portal hypertension, directed by a clinician experienced with interferon.',
  d9DnaBelow: 'HBV DNA is below detection: guidelines differ here; specialist review advised.',
  d3P3: 'ALT is below 2×ULN: a lower response to interferon is expected (P3); an NA is the alternative.',
  d4Stage: (stage) => `Fibrosis stage: ${stage}.`,
  d8Na: {
    offer: (name) => `Antiviral therapy is indicated: consider ${name}.`,
    continueCurrent: 'Continue the current NA.',
    switchToTdf: 'Pregnant on entecavir: switch to tenofovir DF (entecavir is not used in pregnancy).',
    notIndicated: 'No antiviral therapy is indicated by the facts below.',
    transplant: 'Decompensated cirrhosis: an NA is indicated now; refer for liver-transplant assessment.',
  },
  naAlternative: (name) => `Alternative: ${name}.`,
  duplicateOrders: (n) => `**${n} interferon drafts are selected: duplicate order.**`,
  heading: {
    decision: 'Decision',
    why: 'Why',
    safetyScreen: 'Safety screen',
    evidence: 'Evidence',
    predictors: 'Response predictors (P5)',
    triggers: 'Biopsy triggers (P6)',
    contraindications: 'Contraindications',
    passedOver: 'Results passed over',
    orders: 'Interferon order',
    footer: 'Sources',
    steps: 'Steps',
  },
  table: { result: 'Result', value: 'Value', date: 'Date', rule: 'Rule', ref: 'Ref' },
  kind: {
    alt: 'ALT',
    'hbv-dna': 'HBV DNA',
    hbeag: 'HBeAg',
    histology: 'Liver inflammation',
    fibrosis: 'Liver fibrosis',
    tbil: 'TBil',
    inr: 'INR',
    pt: 'PT',
    platelets: 'Platelets',
    neutrophils: 'Neutrophils',
    'pregnancy-status': 'Pregnancy status',
    condition: 'Condition',
    'family-history': 'Family history',
    medication: 'Medication',
    age: 'Age',
  },
  input: {
    alt: 'ALT',
    'hbv-dna': 'HBV DNA',
    hbeag: 'HBeAg',
    hbsag: 'HBsAg',
    histology: 'liver inflammation grade',
    fibrosis: 'liver fibrosis stage',
    tbil: 'TBil',
    inr: 'INR',
    pt: 'PT',
    platelets: 'platelets',
    neutrophils: 'neutrophils',
    'pregnancy-status': 'pregnancy status',
  },
  passReason: {
    'no-date': () => 'no date',
    'after-evaluation-date': () => 'dated after today',
    'unknown-unit': (u) => `unknown unit ${u ?? ''}`.trim(),
    'no-value': () => 'no readable value',
    unreadable: () => 'unreadable',
    'entered-in-error': () => 'entered in error or cancelled',
    'too-old': () => 'too old',
  },
  screenState: { acceptable: 'acceptable', 'below-relative': 'below the relative threshold', contraindicating: 'contraindicating', elevated: 'significantly elevated', unknown: 'not on record' },
  screenUnknown: (days) => `not on record in the last ${days} days`,
  screenTbilUnknown: (days) => `none within ${days} days of the latest ALT`,
  tri: { yes: 'met', no: 'not met', unknown: 'unknown' },
  triggerState: { met: 'met', 'not-met': 'not met', unknown: 'unknown', recorded: 'recorded', 'not-recorded': 'not recorded' },
  predictor: (copies, iu) => ({ 'alt-2x': 'ALT ≥2×ULN', 'dna-low': `HBV DNA ≤${copies} copies/mL (≤${iu} IU/mL)`, 'histology-g2': 'Liver inflammation ≥G2' }),
  trigger: (age, iu) => ({
    age: `Age ≥${age}`,
    'family-history': 'Family history of CHB, HCC or cirrhosis',
    'hbeag-negative-dna': `HBeAg negative with HBV DNA ≥${iu} IU/mL`,
    imaging: 'Chronic liver lesion on ultrasound/CT',
  }),
  triggerDnaNeeded: (months) => `HBeAg negative without HBV DNA in ${months} months: order HBV DNA.`,
  contraindication: { decompensation: 'Decompensated liver disease', pregnancy: 'Pregnancy', neutropenia: 'Neutropenia', thrombocytopenia: 'Thrombocytopenia' },
  screenThresholds: (c, r) => `contraindication <${c}, caution <${r} ×10⁹/L`,
  tbilReason: (t) => ({ 'over-uln-multiple': `>${t.multiple}×ULN`, 'over-absolute': `>${t.absolute} µmol/L`, rise: `rise >${t.rise} µmol/L within ${t.riseDays} days` }),
  dnaState: (months) => ({ detectable: 'detectable', 'below-detection': 'below detection', unknown: `not on record in ${months} months` }),
  ulnLine: (uln, origin) => `ALT ULN ${uln} U/L (${origin}).`,
  inrLine: (v, date, high, days, c) => `INR ${v}, ${date}${c ? ` (>${high}: coagulopathy)` : ` (≤${high})`}; latest within ${days} days.`,
  inrNone: (days) => `No INR within ${days} days.`,
  flareLine: (peak, date) => `Flare: peak ${peak} on ${date} (P7).`,
  altBefore: (alt, date) => `ALT before: ${alt}, ${date}.`,
  copiesFactor: (f) => `copies/mL converted at ${f} copies/IU`,
  sourceNote: 'Source: Expert recommendations on interferon therapy timing for CHB, Chinese consensus (rules P1–P7).',
  internationalNote:
    'International guidelines differ: EASL, AASLD and WHO 2024 generally prefer NAs, set no 10×ULN ceiling, and avoid interferon in decompensated disease and severe flares.',
  suggestion: {
    orderTests: (t) => `Order ${t}`,
    orderTestsAndCancel: (t, n) => `Order ${t} and cancel ${n > 1 ? `these ${n} interferon orders` : 'this interferon order'}`,
    cancelOrder: (n) => (n > 1 ? `Cancel these ${n} interferon orders` : 'Cancel this interferon order'),
    orderNaInstead: (name) => `Order ${name} instead`,
  },
  actionDescription: {
    orderTest: (t) => `Create a draft order: ${t}`,
    cancelOrder: (r) => `Remove the draft interferon order ${r}`,
    orderNa: (name) => `Create a draft order for ${name} (dose per local protocol)`,
  },
  overrideReason: {
    'specialist-reviewed': 'A specialist has reviewed this',
    'benefit-outweighs-risk': 'Benefit outweighs risk for this patient',
    'patient-preference': 'Informed patient preference',
    'record-incomplete': 'More recent results exist outside this record',
    'record-out-of-date': 'The record is out of date (the condition has resolved)',
  },
  noEvidence: 'none on record',
  altNotListed: (n, from, to, lo, hi) => `${n} older ALT result${n === 1 ? ' is' : 's are'} not listed (${from === to ? from : `${from} to ${to}`}, ${lo === hi ? lo : `${lo} to ${hi}`}): no rule used ${n === 1 ? 'it' : 'them'}.`,
  notApplicable: '—',
};

const zh: Messages = {
  colon: '：',
  comma: '，',
  paren: (x) => `（${x}）`,
  list: (xs) => xs.join('、'),
  sourceLabel: '慢性乙型肝炎干扰素治疗时机专家建议（中国专家共识）',
  topic: {
    'ifn-low-response': '干扰素应答率可能较低',
    'ifn-window': '干扰素治疗时机适宜（ALT 2–10×ULN）',
    'biopsy-recommended': '建议肝组织活检',
    'treat-per-biopsy': '依据活检（≥G2）抗病毒治疗',
    'biopsy-below-g2': '活检炎症分级<G2',
    'ifn-deferred': '暂缓干扰素治疗',
    'ifn-after-flare': '急性加重后可考虑干扰素',
    'data-needed': '需补充检查',
    'ifn-contraindicated': '干扰素禁忌',
    'antiviral-indicated': '有抗病毒治疗指征',
  },
  ulnOrigin: { lab: '实验室参考范围', default: '本院默认值' },
  alt: (m, v, u, o) => `ALT ${m}（${v} U/L，ULN ${u}，${o}）`,
  tbil: (v, u) => `${v} µmol/L（ULN ${u}）`,
  count: (v) => `${v}×10⁹/L`,
  inr: (v) => `INR ${v}`,
  pt: (s) => `PT ${s} s`,
  dna: { belowDetection: (l) => (l ? `低于检测下限（<${l}）` : '低于检测下限'), detected: '可检出（未定量）', copies: (f) => `按${f} copies/IU由copies/mL换算` },
  positive: '阳性',
  negative: '阴性',
  scaleStage: (scale, stage) => `${scale} ${stage}`,
  age: (y) => `${y}岁`,
  naWithRecord: (name, record) => `${name}（${record}）`,
  summary: {
    D0: (alt) => `干扰素应答率可能较低：${alt}；3个月后复查ALT`,
    D1: (alt) => `干扰素治疗时机适宜：${alt}`,
    D1missing: (alt, missing) => `干扰素治疗时机：${alt}；无${missing}记录`,
    D1dnaBelow: (alt) => `干扰素治疗时机：${alt}，HBV DNA低于检测下限：请排查ALT升高的其他原因`,
    D2: (alt, n) => `建议先行肝组织活检再决定干扰素治疗：${alt}，符合${n}项活检指征`,
    D3: (h, alt) => `建议抗病毒治疗（含干扰素）：活检炎症${h}（≥G2），${alt}`,
    D3dna: (h, alt, dna) => `建议抗病毒治疗（含干扰素）：活检炎症${h}（≥G2），${alt}；${dna}`,
    D4: (h, alt) => `暂无抗病毒治疗指征：活检炎症${h}（<G2），${alt}；继续监测`,
    D5notSettling: (alt, t) => `暂缓干扰素：${alt}，急性加重未缓解；${t}`,
    D5dissociation: (alt, tbil) => `紧急：${alt}下降而TBil升至${tbil}（胆酶分离）；立即NA治疗，查INR`,
    D5bilirubin: (alt, tbil, t) => `暂缓干扰素：${alt}，TBil ${tbil}；${t}`,
    D5cirrhosis: (alt, peak, t) => `暂缓干扰素：肝硬化基础上急性加重（峰值${peak}），现${alt}；${t}`,
    D5coagulopathy: (alt, inr, t) => `暂缓干扰素：急性加重伴${inr}，现${alt}；${t}`,
    D6: (alt, peak, t) => `急性加重后可考虑干扰素：${alt}，峰值${peak}，TBil ${t}；由有经验的专家指导`,
    D7alt: (days) => `需补充ALT：近${days}天无ALT结果，请先检测ALT再决定干扰素治疗`,
    D7tbil: (alt, peak) => `需补充总胆红素：${alt}，此前峰值${peak}；请检测TBil以决定干扰素治疗`,
    D8: (first, more, na) => `干扰素禁忌：${first}${more > 0 ? `（另${more}项）` : ''}${na ? `；${na}` : ''}`,
    D9fibrosis: (stage, alt, t) => `有抗病毒治疗指征：${stage}，${alt}；${t}`,
    D9flare: (peak, alt, w) => `急性加重（峰值${peak}）后有抗病毒治疗指征：现${alt}；${w}周内复查`,
    orderPrefix: (n) => (n > 1 ? `这${n}项干扰素医嘱：` : '本干扰素医嘱：'),
    naPreferred: '现应抗病毒治疗，首选NA',
    continueNa: '继续NA治疗，核查依从性',
    considerNa: (name) => `可考虑${name}`,
    switchToTdf: '恩替卡韦改为替诺福韦',
    dnaNotOnRecord: '无HBV DNA记录',
    dnaUndetectable: 'HBV DNA低于检测下限',
    bloodCount: '血常规',
  },
  recommendation: {
    D0: 'ALT正常或轻度升高（<2×ULN）的患者干扰素应答率较低（P3）。建议3个月后复查ALT；如出现活检指征，可考虑肝组织活检（P6）。',
    D1: 'ALT（2–10）×ULN是干扰素治疗的合适时机（P2）。免疫清除期患者适合抗病毒治疗（P1）。ALT较高、HBV DNA较低及肝组织炎症≥G2者持续应答率较高（P5）。',
    D2: 'ALT持续正常或反复轻度升高，且具有至少一项活检指征，建议先行肝组织活检；炎症≥G2者建议抗病毒治疗（包括干扰素）（P6）。',
    D3: '肝组织炎症≥G2：建议抗病毒治疗（包括干扰素）（P6）。',
    D4: '肝组织炎症<G2：目前无抗病毒治疗指征，每3–6个月监测ALT和HBV DNA（P6）。',
    D5: '现应给予抗病毒治疗，首选核苷（酸）类似物（NA），密切观察病情变化，酌情给予保肝等对症支持治疗（P7②），并由有丰富干扰素应用经验的专家实施或指导（P7③）。',
    D6: '急性加重后可使用干扰素，根据具体情况采用常规剂量或小剂量起始，由有经验的专家实施或指导，并密切监测ALT、TBil和INR（P7②③）。',
    D7: '决策需要回顾期内的ALT结果，目前无记录。请检测ALT，结果回报后再评估。',
    D8: '存在干扰素绝对禁忌证。',
    D9: '有抗病毒治疗指征，首选核苷（酸）类似物（NA）。',
  },
  d5OnNa: '现应抗病毒治疗：患者已在使用NA，请核查依从性、HBV DNA及耐药情况；密切观察病情变化，酌情给予保肝等对症支持治疗（P7②），并由有丰富干扰素应用经验的专家实施或指导（P7③）。',
  onNa: (name) => `患者正在使用${name}：使用干扰素即为在NA基础上加用或由NA转换，应由有干扰素应用经验的专家指导（P7③）。`,
  onNaDetectable: 'NA治疗中HBV DNA仍可检出：请核查依从性并检测耐药。',
  d5Clause: {
    'flare-not-settling': '急性加重未缓解：ALT>10×ULN或再次升高，未见下降（P7②）。',
    'flare-in-cirrhosis': '肝硬化基础上急性加重：无论目前ALT如何，暂不宜使用干扰素（P7②）。',
    coagulopathy: '急性加重伴凝血功能异常：无论目前ALT如何，暂不宜使用干扰素（P7②）。',
    bilirubin: '胆红素明显升高（P7②）。',
  },
  d5NotSettlingWait: 'ALT>10×ULN提示免疫应答过强，干扰素治疗有肝功能失代偿或肝衰竭风险（P4）。如考虑干扰素，应待ALT开始下降或降至<10×ULN且无明显胆红素升高时再用。',
  d5Dissociation: '**紧急——胆酶分离：**ALT下降而胆红素上升，提示肝衰竭风险。应立即开始NA治疗，检查INR/PT，考虑住院。',
  d7TbilBody: (days) => `急性加重后，需最近一次ALT前后${days}天内的总胆红素结果，以决定是否暂缓干扰素（P7②）。目前胆红素情况未知，不视为正常。`,
  d7TbilLast: (v, date) => `最近一次TBil记录：${v}，${date}。`,
  d7TbilNone: '无TBil记录。',
  d1Caveat: (months) => ({
    'screen-incomplete': '安全性筛查不完整：请先补充缺失项目，再判断干扰素是否安全。',
    'screen-below-relative': '血细胞计数低于相对阈值：需谨慎；血小板降低可能提示门静脉高压。',
    'dna-below-detection': 'HBV DNA低于检测下限：在归因于免疫清除前，请排查ALT升高的其他原因（饮酒、脂肪肝、药物、其他病毒性肝炎）。',
    'dna-unknown': `近${months}个月无HBV DNA结果：请检测（治疗中停药规则需要基线值）。`,
    cirrhosis: '已有肝硬化记录：干扰素仅用于无门静脉高压的代偿期患者，并由有经验的专家指导。',
  }),
  d1SafeClause: '安全性筛查完整且结果可接受：疗效好且安全（P2）。',
  d6Fall: (peak, latest, p) => `ALT已由峰值${peak}降至${latest}（为峰值的${p}%）。`,
  d9Flare: (peak, date, w) => `急性加重已缓解：峰值${peak}（${date}）；有抗病毒治疗指征（P7②），首选NA；此ALT水平下干扰素应答率较低（P3）。请在${w}周内复查ALT、TBil和INR。`,
  d9Fibrosis: '肝纤维化：无论ALT如何，因肝纤维化而有抗病毒治疗指征（WHO 2024对显著纤维化和肝硬化不论HBV DNA和ALT均予治疗；EASL 2025对HBV DNA可检出的肝硬化予治疗）；此ALT水平下干扰素应答率较低（P3）。干扰素仅用于无门静脉高压的代偿期患者，并由有经验的专家指导。',
  d9DnaBelow: 'HBV DNA低于检测下限：各指南意见不一，建议专科评估。',
  d3P3: 'ALT<2×ULN：干扰素应答率可能较低（P3）；可选择NA。',
  d4Stage: (stage) => `纤维化分期：${stage}。`,
  d8Na: {
    offer: (name) => `有抗病毒治疗指征：可考虑${name}。`,
    continueCurrent: '继续目前的NA治疗。',
    switchToTdf: '妊娠期使用恩替卡韦：应改为富马酸替诺福韦二吡呋酯（妊娠期不用恩替卡韦）。',
    notIndicated: '依据下列指标，目前无抗病毒治疗指征。',
    transplant: '失代偿期肝硬化：现应NA治疗，并转诊评估肝移植。',
  },
  naAlternative: (name) => `可选：${name}。`,
  duplicateOrders: (n) => `**已选择${n}项干扰素医嘱草稿：重复医嘱。**`,
  heading: {
    decision: '结论',
    why: '依据',
    safetyScreen: '安全性筛查',
    evidence: '证据',
    predictors: '应答预测因素（P5）',
    triggers: '肝活检指征（P6）',
    contraindications: '禁忌证',
    passedOver: '未采用的结果',
    orders: '干扰素医嘱',
    footer: '出处',
    steps: '步骤',
  },
  table: { result: '项目', value: '结果', date: '日期', rule: '条款', ref: '引用' },
  kind: {
    alt: 'ALT',
    'hbv-dna': 'HBV DNA',
    hbeag: 'HBeAg',
    histology: '肝组织炎症',
    fibrosis: '肝纤维化',
    tbil: 'TBil',
    inr: 'INR',
    pt: 'PT',
    platelets: '血小板',
    neutrophils: '中性粒细胞',
    'pregnancy-status': '妊娠状态',
    condition: '诊断',
    'family-history': '家族史',
    medication: '药物',
    age: '年龄',
  },
  input: {
    alt: 'ALT',
    'hbv-dna': 'HBV DNA',
    hbeag: 'HBeAg',
    hbsag: 'HBsAg',
    histology: '肝组织炎症分级',
    fibrosis: '肝纤维化分期',
    tbil: 'TBil',
    inr: 'INR',
    pt: 'PT',
    platelets: '血小板',
    neutrophils: '中性粒细胞',
    'pregnancy-status': '妊娠状态',
  },
  passReason: {
    'no-date': () => '无日期',
    'after-evaluation-date': () => '日期晚于今日',
    'unknown-unit': (u) => `单位无法识别${u ? ` ${u}` : ''}`,
    'no-value': () => '无可读结果',
    unreadable: () => '无法解读',
    'entered-in-error': () => '录入错误或已取消',
    'too-old': () => '结果过旧',
  },
  screenState: { acceptable: '可接受', 'below-relative': '低于相对阈值', contraindicating: '构成禁忌', elevated: '明显升高', unknown: '无记录' },
  screenUnknown: (days) => `近${days}天无记录`,
  screenTbilUnknown: (days) => `最近一次ALT前后${days}天内无结果`,
  tri: { yes: '符合', no: '不符合', unknown: '未知' },
  triggerState: { met: '符合', 'not-met': '不符合', unknown: '未知', recorded: '有记录', 'not-recorded': '无记录' },
  predictor: (copies, iu) => ({ 'alt-2x': 'ALT ≥2×ULN', 'dna-low': `HBV DNA ≤${copies} copies/mL（≤${iu} IU/mL）`, 'histology-g2': '肝组织炎症≥G2' }),
  trigger: (age, iu) => ({
    age: `年龄≥${age}岁`,
    'family-history': '慢性乙型肝炎、肝细胞癌或肝硬化家族史',
    'hbeag-negative-dna': `HBeAg阴性且HBV DNA ≥${iu} IU/mL`,
    imaging: 'B超或CT提示慢性肝病变',
  }),
  triggerDnaNeeded: (months) => `HBeAg阴性但近${months}个月无HBV DNA结果：请检测HBV DNA。`,
  contraindication: { decompensation: '失代偿期肝病', pregnancy: '妊娠', neutropenia: '中性粒细胞减少', thrombocytopenia: '血小板减少' },
  screenThresholds: (c, r) => `禁忌<${c}，需谨慎<${r} ×10⁹/L`,
  tbilReason: (t) => ({ 'over-uln-multiple': `>${t.multiple}×ULN`, 'over-absolute': `>${t.absolute} µmol/L`, rise: `${t.riseDays}天内升高>${t.rise} µmol/L` }),
  dnaState: (months) => ({ detectable: '可检出', 'below-detection': '低于检测下限', unknown: `近${months}个月无记录` }),
  ulnLine: (uln, origin) => `ALT ULN ${uln} U/L（${origin}）。`,
  inrLine: (v, date, high, days, c) => `INR ${v}，${date}${c ? `（>${high}：凝血功能异常）` : `（≤${high}）`}；取近${days}天内最近一次。`,
  inrNone: (days) => `近${days}天内无INR结果。`,
  flareLine: (peak, date) => `急性加重：峰值${peak}（${date}）（P7）。`,
  altBefore: (alt, date) => `前一次ALT：${alt}，${date}。`,
  copiesFactor: (f) => `按${f} copies/IU换算`,
  sourceNote: '来源：慢性乙型肝炎干扰素治疗时机专家建议（中国专家共识）（条款P1–P7）。',
  internationalNote: '国际指南与此不同：EASL、AASLD及WHO 2024总体优先推荐NA，未设10×ULN上限，并避免在失代偿期肝病和重度急性加重时使用干扰素。',
  suggestion: {
    orderTests: (t) => `开具检查：${t}`,
    orderTestsAndCancel: (t, n) => `开具检查（${t}）并撤销${n > 1 ? `这${n}项` : '本'}干扰素医嘱`,
    cancelOrder: (n) => (n > 1 ? `撤销这${n}项干扰素医嘱` : '撤销本干扰素医嘱'),
    orderNaInstead: (name) => `改开${name}`,
  },
  actionDescription: {
    orderTest: (t) => `创建检查医嘱草稿：${t}`,
    cancelOrder: (r) => `删除干扰素医嘱草稿 ${r}`,
    orderNa: (name) => `创建${name}医嘱草稿（剂量按本院方案）`,
  },
  overrideReason: {
    'specialist-reviewed': '专科医师已评估',
    'benefit-outweighs-risk': '该患者获益大于风险',
    'patient-preference': '患者知情后的选择',
    'record-incomplete': '本记录之外有更新的检查结果',
    'record-out-of-date': '记录已过时（该情况已解除）',
  },
  noEvidence: '无记录',
  altNotListed: (n, from, to, lo, hi) => `另有${n}次较早的ALT结果未列出（${from === to ? from : `${from}至${to}`}，${lo === hi ? lo : `${lo}至${hi}`}）：规则未用到。`,
  notApplicable: '—',
};

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zh };
