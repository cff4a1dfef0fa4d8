/**
 * Shared card names in English and Simplified Chinese: topics, result kinds, passed-over reasons, screen states,
 * contraindications, override reasons (the governance report reads topics and reasons too). §7's sentences live
 * in words.ts. Every number is a parameter (from the Decision or its thresholds); zh-CN keeps only the
 * abbreviations of §7, units, scale names and codes in Latin letters.
 */
import type { D5Clause, DecisionCode, DnaState, PassReason, InputKind, PredictorKind, RelativeKind, ScreenState, TbilReason, Tri, TriggerKind, TriggerState, UlnOrigin, ContraindicationKind } from '../engine/types.js';
import type { Locale } from '../config/locale.js';

export type OverrideCode = 'specialist-reviewed' | 'benefit-outweighs-risk' | 'patient-preference' | 'record-incomplete' | 'record-out-of-date' | 'ifn-specialist-decided';

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
  age: (years: string) => string;
  naWithRecord: (name: string, record: string) => string;
  onNa: (name: string) => string;
  d5Clause: Record<D5Clause, string>;
  d7TbilLast: (value: string, date: string) => string;
  d7TbilNone: string;
  d6Fall: (peak: string, latest: string, percent: string) => string;
  heading: {
    why: string;
    orders: string;
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
  relative: Record<RelativeKind, string>;
  screenThresholds: (contraindicating: string, relative: string) => string;
  tbilReason: (t: { multiple: string; absolute: string; rise: string; riseDays: number }) => Record<TbilReason, string>;
  dnaState: (months: number) => Record<DnaState, string>;
  inrLine: (value: string, date: string, high: string, days: number, coagulopathy: boolean) => string;
  inrNone: (days: number) => string;
  flareLine: (peak: string, date: string) => string;
  altBefore: (alt: string, date: string) => string;
  copiesFactor: (factor: string) => string;
  sourceNote: string;
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
    'on-treatment-safety': 'On-treatment safety',
    'na-breakthrough': 'HBV DNA detectable on an NA',
    'na-suppressed': 'HBV DNA undetectable on an NA',
    'chronicity-unconfirmed': 'Chronic infection not established',
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
  age: (y) => `${y} years`,
  naWithRecord: (name, record) => `${name} (${record})`,
  onNa: (name) => `The patient is on ${name}: interferon would mean adding it to, or switching from, the NA, directed by a clinician experienced with interferon (P7③).`,
  d5Clause: {
    dissociation: 'Enzyme–bilirubin dissociation: ALT falling while bilirubin rises, a warning sign of liver failure (P7②).',
    coagulopathy: 'Coagulopathy: interferon is ruled out for now whatever the latest ALT (P7②).',
    bilirubin: 'Significant bilirubin rise (P7②).',
    cirrhosis: 'Flare in cirrhosis: interferon is ruled out for now whatever the latest ALT (P7②).',
    'rising-again': 'ALT rising again after the flare (P7②).',
    'not-settling': 'Flare not settling: ALT >10×ULN, not falling (P7②).',
    'falling-still-severe': 'ALT falling but still >10×ULN (P7②).',
  },
  d7TbilLast: (v, date) => `Last TBil on record: ${v}, ${date}.`,
  d7TbilNone: 'No TBil on record.',
  d6Fall: (peak, latest, p) => `ALT has fallen from the peak ${peak} to ${latest} (${p}% of the peak).`,
  heading: {
    why: 'Why',
    orders: 'Interferon order',
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
    ast: 'AST',
    tsh: 'TSH',
    'anti-hbc-igm': 'anti-HBc IgM',
    'liver-stiffness': 'liver stiffness',
  },
  passReason: {
    'no-date': () => 'no date',
    'invalid-date': () => 'invalid date',
    'no-unit': () => 'no unit',
    'implausible-value': () => 'implausible value',
    'after-evaluation-date': () => 'dated after today',
    'unknown-unit': (u) => `unknown unit ${u ?? ''}`.trim(),
    'no-value': () => 'no readable value',
    unreadable: () => 'unreadable',
    'entered-in-error': () => 'entered in error or cancelled',
    'too-old': () => 'too old',
  },
  screenState: { acceptable: 'acceptable', relative: 'caution (relative contraindication)', contraindicating: 'contraindicating', unknown: 'not on record' },
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
  contraindication: {
    decompensation: 'Decompensated liver disease',
    'portal-hypertension': 'Portal hypertension',
    'portal-hypertension-likely': 'Portal hypertension likely (cirrhosis, low platelets)',
    pregnancy: 'Pregnancy',
    neutropenia: 'Neutropenia',
    thrombocytopenia: 'Thrombocytopenia',
    'severe-psychiatric': 'Severe psychiatric illness',
    'suicide-attempt': 'Suicide attempt',
    epilepsy: 'Epilepsy',
    autoimmune: 'Autoimmune disease',
    'heart-disease': 'Symptomatic heart disease',
    hcc: 'Hepatocellular carcinoma',
    transplant: 'Solid-organ transplant',
    'interferon-hypersensitivity': 'Interferon hypersensitivity',
    'substance-abuse': 'Active alcohol or drug abuse',
  },
  relative: {
    thyroid: 'thyroid disease',
    retinopathy: 'retinopathy',
    psoriasis: 'psoriasis',
    'uncontrolled-diabetes-hypertension': 'uncontrolled diabetes or hypertension',
    'depression-history': 'history of depression',
    'tsh-out-of-range': 'TSH out of range',
    'tbil-elevated': 'TBil significantly elevated',
    'neutrophils-low': 'neutrophils low',
    'platelets-low': 'platelets low',
  },
  screenThresholds: (c, r) => `contraindication <${c}, caution <${r} ×10⁹/L`,
  tbilReason: (t) => ({ 'over-uln-multiple': `>${t.multiple}×ULN`, 'over-absolute': `>${t.absolute} µmol/L`, rise: `rise >${t.rise} µmol/L within ${t.riseDays} days` }),
  dnaState: (months) => ({ detectable: 'detectable', 'below-detection': 'below detection', unknown: `not on record in ${months} months` }),
  inrLine: (v, date, high, days, c) => `INR ${v}, ${date}${c ? ` (>${high}: coagulopathy)` : ` (≤${high})`}; latest within ${days} days.`,
  inrNone: (days) => `No INR within ${days} days.`,
  flareLine: (peak, date) => `Flare: peak ${peak} on ${date} (P7).`,
  altBefore: (alt, date) => `ALT before: ${alt}, ${date}.`,
  copiesFactor: (f) => `copies/mL converted at ${f} copies/IU`,
  sourceNote: 'Source: Expert recommendations on interferon therapy timing for CHB, Chinese consensus (rules P1–P7).',
  overrideReason: {
    'specialist-reviewed': 'A specialist has reviewed this',
    'benefit-outweighs-risk': 'Benefit outweighs risk for this patient',
    'patient-preference': 'Informed patient preference',
    'record-incomplete': 'More recent results exist outside this record',
    'record-out-of-date': 'The record is out of date',
    'ifn-specialist-decided': 'A specialist experienced with interferon has decided to start (P7③)',
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
    'biopsy-recommended': '建议肝穿刺活检',
    'treat-per-biopsy': '依据活检（≥G2）抗病毒治疗',
    'biopsy-below-g2': '活检炎症分级<G2',
    'ifn-deferred': '暂缓干扰素治疗',
    'ifn-after-flare': '急性加重后可考虑干扰素',
    'data-needed': '需补充检查',
    'ifn-contraindicated': '干扰素禁忌',
    'antiviral-indicated': '有抗病毒治疗指征',
    'on-treatment-safety': '干扰素治疗中的安全性',
    'na-breakthrough': 'NA治疗中HBV DNA可检出',
    'na-suppressed': 'NA治疗中HBV DNA检测不到',
    'chronicity-unconfirmed': '慢性感染未确立',
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
  age: (y) => `${y}岁`,
  naWithRecord: (name, record) => `${name}（${record}）`,
  onNa: (name) => `患者正在使用${name}：使用干扰素即为在NA基础上加用或由NA转换，应由有干扰素应用经验的专家指导（P7③）。`,
  d5Clause: {
    dissociation: '胆酶分离：ALT下降而胆红素上升，提示肝衰竭风险（P7②）。',
    coagulopathy: '凝血功能异常：无论目前ALT如何，暂不宜使用干扰素（P7②）。',
    bilirubin: '胆红素明显升高（P7②）。',
    cirrhosis: '肝硬化基础上急性加重：无论目前ALT如何，暂不宜使用干扰素（P7②）。',
    'rising-again': '急性加重后ALT再次升高（P7②）。',
    'not-settling': '急性加重未缓解：ALT>10×ULN，未见下降（P7②）。',
    'falling-still-severe': 'ALT虽在下降，仍>10×ULN（P7②）。',
  },
  d7TbilLast: (v, date) => `最近一次TBil记录：${v}，${date}。`,
  d7TbilNone: '无TBil记录。',
  d6Fall: (peak, latest, p) => `ALT已由峰值${peak}降至${latest}（为峰值的${p}%）。`,
  heading: {
    why: '依据',
    orders: '干扰素医嘱',
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
    ast: 'AST',
    tsh: 'TSH',
    'anti-hbc-igm': '抗-HBc IgM',
    'liver-stiffness': '肝硬度值',
  },
  passReason: {
    'no-date': () => '无日期',
    'invalid-date': () => '日期无效',
    'no-unit': () => '无单位',
    'implausible-value': () => '数值不合理',
    'after-evaluation-date': () => '日期晚于今日',
    'unknown-unit': (u) => `单位无法识别${u ? ` ${u}` : ''}`,
    'no-value': () => '无可读结果',
    unreadable: () => '无法解读',
    'entered-in-error': () => '录入错误或已取消',
    'too-old': () => '结果过旧',
  },
  screenState: { acceptable: '可接受', relative: '需谨慎（相对禁忌证）', contraindicating: '构成禁忌', unknown: '无记录' },
  screenUnknown: (days) => `近${days}天无记录`,
  screenTbilUnknown: (days) => `最近一次ALT前后${days}天内无结果`,
  tri: { yes: '符合', no: '不符合', unknown: '未知' },
  triggerState: { met: '符合', 'not-met': '不符合', unknown: '未知', recorded: '有记录', 'not-recorded': '无记录' },
  predictor: (copies, iu) => ({ 'alt-2x': 'ALT ≥2×ULN', 'dna-low': `HBV DNA ≤${copies} copies/mL（≤${iu} IU/mL）`, 'histology-g2': '肝组织炎症≥G2' }),
  trigger: (age, iu) => ({
    age: `年龄≥${age}岁`,
    'family-history': '慢性乙型肝炎、肝细胞癌或肝硬化家族史',
    'hbeag-negative-dna': `HBeAg阴性且HBV DNA ≥${iu} IU/mL`,
    imaging: '超声或CT提示慢性肝病变',
  }),
  triggerDnaNeeded: (months) => `HBeAg阴性但近${months}个月无HBV DNA结果：请检测HBV DNA。`,
  contraindication: {
    decompensation: '失代偿期肝病',
    'portal-hypertension': '门静脉高压',
    'portal-hypertension-likely': '可能存在门静脉高压（肝硬化伴血小板减少）',
    pregnancy: '妊娠',
    neutropenia: '中性粒细胞减少',
    thrombocytopenia: '血小板减少',
    'severe-psychiatric': '严重精神疾病',
    'suicide-attempt': '自杀未遂史',
    epilepsy: '癫痫',
    autoimmune: '自身免疫性疾病',
    'heart-disease': '有症状的心脏病',
    hcc: '肝细胞癌',
    transplant: '实体器官移植',
    'interferon-hypersensitivity': '干扰素过敏',
    'substance-abuse': '酗酒或药物滥用',
  },
  relative: {
    thyroid: '甲状腺疾病',
    retinopathy: '视网膜病变',
    psoriasis: '银屑病',
    'uncontrolled-diabetes-hypertension': '未控制的糖尿病或高血压',
    'depression-history': '抑郁症病史',
    'tsh-out-of-range': 'TSH超出参考范围',
    'tbil-elevated': 'TBil明显升高',
    'neutrophils-low': '中性粒细胞偏低',
    'platelets-low': '血小板偏低',
  },
  screenThresholds: (c, r) => `禁忌<${c}，需谨慎<${r} ×10⁹/L`,
  tbilReason: (t) => ({ 'over-uln-multiple': `>${t.multiple}×ULN`, 'over-absolute': `>${t.absolute} µmol/L`, rise: `${t.riseDays}天内升高>${t.rise} µmol/L` }),
  dnaState: (months) => ({ detectable: '可检出', 'below-detection': '低于检测下限', unknown: `近${months}个月无记录` }),
  inrLine: (v, date, high, days, c) => `INR ${v}，${date}${c ? `（>${high}：凝血功能异常）` : `（≤${high}）`}；取近${days}天内最近一次。`,
  inrNone: (days) => `近${days}天内无INR结果。`,
  flareLine: (peak, date) => `急性加重：峰值${peak}（${date}）（P7）。`,
  altBefore: (alt, date) => `前一次ALT：${alt}，${date}。`,
  copiesFactor: (f) => `按${f} copies/IU换算`,
  sourceNote: '来源：慢性乙型肝炎干扰素治疗时机专家建议（中国专家共识）（条款P1–P7）。',
  overrideReason: {
    'specialist-reviewed': '专科医师已评估',
    'benefit-outweighs-risk': '该患者获益大于风险',
    'patient-preference': '患者知情后的选择',
    'record-incomplete': '本记录之外有更新的检查结果',
    'record-out-of-date': '记录已过时',
    'ifn-specialist-decided': '有丰富干扰素应用经验的专家已决定开始治疗（P7③）',
  },
  noEvidence: '无记录',
  altNotListed: (n, from, to, lo, hi) => `另有${n}次较早的ALT结果未列出（${from === to ? from : `${from}至${to}`}，${lo === hi ? lo : `${lo}至${hi}`}）：规则未用到。`,
  notApplicable: '—',
};

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zh };
