/**
 * Card text in English and Simplified Chinese. Same decision, numbers and codes in both; medical
 * abbreviations (ALT, HBV DNA, HBeAg, ULN, TBil, IFN, NA) stay as Chinese clinicians write them.
 */
import type { ContraindicationKind, DecisionCode, DecisionId, Evidence, PredictorKind, Tri, TriggerKind, UlnOrigin } from '../engine/types.js';
import type { Locale } from '../config/locale.js';

export interface Messages {
  /** Label–value separator: ': ' or '：'. */
  colon: string;
  /** A parenthetical: ' (x)' or '（x）'. */
  paren: (s: string) => string;
  sourceLabel: string;
  topic: Record<DecisionCode, string>;
  ulnOrigin: Record<UlnOrigin, string>;
  /** "ALT 4.2×ULN (168 U/L, ULN 40, lab range)" */
  altPhrase: (multiple: string, value: string, uln: string, origin: string) => string;
  summary: {
    D0: (alt: string) => string;
    D1: (alt: string) => string;
    D2: (alt: string, triggers: number) => string;
    D3: (histology: string, alt: string) => string;
    D4: (histology: string, alt: string) => string;
    D5flare: (alt: string) => string;
    D5tbil: (alt: string, tbil: string) => string;
    D6: (alt: string, peak: string, tbil: string) => string;
    D7alt: (days: number) => string;
    D7tbil: (alt: string, peak: string) => string;
    D8: (first: string, more: number) => string;
    orderPrefix: string;
  };
  recommendation: Record<DecisionId, string>;
  recommendationTbilMissing: string;
  change: Record<DecisionId, string>;
  heading: {
    decision: string;
    rules: string;
    evidence: string;
    predictors: string;
    triggers: string;
    contraindications: string;
    change: string;
    uln: string;
    onNa: string;
    order: string;
    notes: string;
    steps: string;
  };
  table: { result: string; value: string; date: string; source: string; rule: string };
  kind: Record<Evidence['kind'], string>;
  tri: { met: Record<Tri, string>; fired: Record<Tri, string> };
  predictor: (dnaIU: string) => Record<PredictorKind, string>;
  trigger: (age: number, dnaIU: string) => Record<TriggerKind, string>;
  contraindication: Record<ContraindicationKind, string>;
  ulnLine: (uln: string, origin: string, source: string) => string;
  sourceNote: string;
  internationalNote: string;
  suggestion: { orderAlt: string; orderTbil: string; orderBiopsy: string; cancelOrder: string; orderEntecavir: string };
  actionDescription: { orderAlt: string; orderTbil: string; orderBiopsy: string; cancelOrder: (ref: string) => string; orderEntecavir: string };
  overrideReason: Record<'specialist-reviewed' | 'benefit-outweighs-risk' | 'patient-preference' | 'record-incomplete', string>;
  tbilElevated: Record<'over-2x-uln' | 'over-absolute' | 'rise', string>;
  noEvidence: string;
  notApplicable: string;
}

const en: Messages = {
  colon: ': ',
  paren: (x) => ` (${x})`,
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
  },
  ulnOrigin: { lab: 'lab range', default: 'site default' },
  altPhrase: (m, v, u, o) => `ALT ${m} (${v} U/L, ULN ${u}, ${o})`,
  summary: {
    D0: (alt) => `Lower IFN response expected: ${alt}; recheck ALT in 3 months`,
    D1: (alt) => `IFN window: ${alt}, an appropriate time to start interferon`,
    D2: (alt, n) => `Liver biopsy recommended before IFN: ${alt}, ${n} biopsy trigger${n === 1 ? '' : 's'}`,
    D3: (h, alt) => `Antiviral therapy incl. IFN recommended: biopsy ${h} (≥G2), ${alt}`,
    D4: (h, alt) => `IFN not indicated now: biopsy ${h} (<G2), ${alt}; keep monitoring`,
    D5flare: (alt) => `Defer IFN: ${alt}, not falling; antiviral therapy now, NA preferred`,
    D5tbil: (alt, t) => `Defer IFN: ${alt} with TBil ${t}; antiviral therapy now, NA preferred`,
    D6: (alt, peak, t) => `IFN possible after flare: ${alt}, peak ${peak}, TBil ${t}; experienced clinician`,
    D7alt: (days) => `ALT needed: no ALT result in the last ${days} days; order ALT before deciding on IFN`,
    D7tbil: (alt, peak) => `Bilirubin needed: ${alt} after a flare to ${peak}; order TBil to decide on IFN`,
    D8: (first, more) => `IFN contraindicated: ${first}${more > 0 ? ` (+${more} more)` : ''}; consider an NA instead`,
    orderPrefix: 'This IFN order: ',
  },
  recommendation: {
    D0: 'Patients with normal or mildly raised ALT (<2×ULN) have a lower response to interferon (P3). Recheck ALT in 3 months; consider a liver biopsy if a biopsy trigger appears (P6).',
    D1: 'ALT (2–10)×ULN is the appropriate time for interferon: effective and safe (P2). Patients in the immune-clearance phase are suited to antiviral therapy (P1). Higher ALT, lower HBV DNA and inflammation ≥G2 predict a higher sustained response (P5).',
    D2: 'With normal or recurrently mildly raised ALT and at least one biopsy trigger, a liver biopsy is recommended before deciding; if inflammation is ≥G2, antiviral therapy, interferon included, is recommended (P6).',
    D3: 'Liver histology shows inflammation ≥G2: antiviral therapy, interferon included, is recommended (P6).',
    D4: 'Liver histology shows inflammation below G2: antiviral therapy is not indicated now. Keep monitoring ALT and HBV DNA (P6).',
    D5: 'ALT >10×ULN reflects a strong immune response with a risk of decompensation or liver failure under interferon (P4). Antiviral therapy is indicated now, a nucleos(t)ide analogue preferred. If interferon is considered, wait until ALT starts to fall or is <10×ULN without a significant bilirubin rise, with close observation and supportive care (P7②), directed by a clinician experienced with interferon (P7③).',
    D6: 'After a flare above 10×ULN, ALT is falling or below 10×ULN without a significant bilirubin rise: interferon may be started, at a regular or low starting dose, directed by a clinician experienced with interferon, with close monitoring (P7②③).',
    D7: 'The decision needs an ALT result from the lookback period; none is on record. Order ALT and review again when it is back.',
    D8: 'Interferon is contraindicated (absolute contraindication). Consider a nucleos(t)ide analogue as the antiviral therapy.',
  },
  recommendationTbilMissing:
    'No total bilirubin within 7 days of the latest ALT: bilirubin is unknown, not assumed normal. A significant bilirubin rise would defer interferon (P7②).',
  change: {
    D0: 'Normal or recurrently mildly raised ALT with a biopsy trigger would make a liver biopsy the next step (P6); ALT rising to 2–10×ULN would open the interferon window (P2).',
    D1: 'ALT above 10×ULN or a significant bilirubin rise would defer interferon (P4, P7); a contraindication would rule it out.',
    D2: 'A biopsy result: ≥G2 ⇒ antiviral therapy including interferon; <G2 ⇒ keep monitoring (P6).',
    D3: 'ALT in 2–10×ULN would place the patient in the interferon window (P2); a contraindication would rule interferon out.',
    D4: 'ALT rising to 2–10×ULN (P2), or a new biopsy showing ≥G2 (P6).',
    D5: 'ALT starting to fall, or below 10×ULN, without a significant bilirubin rise (P7②).',
    D6: 'A significant bilirubin rise, or ALT rising again above 10×ULN, would defer interferon (P7).',
    D7: 'The missing result decides: see the suggestion.',
    D8: 'Only the resolution of the contraindication; the timing facts below apply then.',
  },
  heading: {
    decision: 'Decision',
    rules: 'rules',
    evidence: 'Evidence',
    predictors: 'Response predictors (P5)',
    triggers: 'Biopsy triggers (P6)',
    contraindications: 'Contraindications',
    change: 'What would change this',
    uln: 'ULN',
    onNa: 'Current NA',
    order: 'Order',
    notes: 'Results passed over',
    steps: 'Decision steps checked',
  },
  table: { result: 'Result', value: 'Value', date: 'Date', source: 'Source', rule: 'Rule' },
  kind: {
    alt: 'ALT',
    'hbv-dna': 'HBV DNA',
    hbeag: 'HBeAg',
    hbsag: 'HBsAg',
    histology: 'Liver histology',
    tbil: 'TBil',
    platelets: 'Platelets',
    neutrophils: 'Neutrophils',
    'pregnancy-status': 'Pregnancy status',
    condition: 'Condition',
    'family-history': 'Family history',
    medication: 'Medication',
    'birth-date': 'Age (years)',
  },
  tri: {
    met: { yes: 'met', no: 'not met', unknown: 'unknown' },
    fired: { yes: 'fired', no: 'not fired', unknown: 'unknown' },
  },
  predictor: (iu) => ({
    'alt-2x': 'ALT ≥2×ULN',
    'dna-low': `HBV DNA ≤1×10⁶ copies/mL (≤${iu} IU/mL)`,
    'histology-g2': 'Liver inflammation ≥G2',
  }),
  trigger: (age, iu) => ({
    age: `Age ≥${age}`,
    'family-history': 'Family history of CHB, HCC or cirrhosis',
    'hbeag-negative-dna': `HBeAg negative with HBV DNA ≥${iu} IU/mL`,
    imaging: 'Chronic liver lesion on ultrasound/CT',
  }),
  contraindication: {
    decompensation: 'Decompensated cirrhosis',
    pregnancy: 'Pregnancy',
    neutropenia: 'Neutrophils <1.0×10⁹/L',
    thrombocytopenia: 'Platelets <50×10⁹/L',
  },
  ulnLine: (uln, origin, source) => `ALT ULN ${uln} U/L, from the ${origin} (${source}).`,
  sourceNote:
    'Source: Expert recommendations on interferon therapy timing for CHB, Chinese consensus (passage rules P1–P7).',
  internationalNote:
    'International guidelines (EASL, AASLD, WHO) prefer nucleos(t)ide analogues over interferon where ALT >10×ULN.',
  suggestion: {
    orderAlt: 'Order ALT',
    orderTbil: 'Order total bilirubin',
    orderBiopsy: 'Order liver biopsy',
    cancelOrder: 'Cancel this interferon order',
    orderEntecavir: 'Order entecavir instead',
  },
  actionDescription: {
    orderAlt: 'Create a draft order for serum ALT',
    orderTbil: 'Create a draft order for serum total bilirubin',
    orderBiopsy: 'Create a draft order for a liver biopsy',
    cancelOrder: (r) => `Remove the draft interferon order ${r}`,
    orderEntecavir: 'Create a draft order for entecavir (dose per local protocol)',
  },
  overrideReason: {
    'specialist-reviewed': 'A clinician experienced with interferon has reviewed this',
    'benefit-outweighs-risk': 'Benefit outweighs risk for this patient',
    'patient-preference': 'Informed patient preference',
    'record-incomplete': 'More recent results exist outside this record',
  },
  tbilElevated: {
    'over-2x-uln': '>2×ULN',
    'over-absolute': '>51 µmol/L',
    rise: 'rise >17.1 µmol/L',
  },
  noEvidence: 'none on record',
  notApplicable: '—',
};

const zh: Messages = {
  colon: '：',
  paren: (x) => `（${x}）`,
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
  },
  ulnOrigin: { lab: '实验室参考范围', default: '本院默认值' },
  altPhrase: (m, v, u, o) => `ALT ${m}（${v} U/L，ULN ${u}，${o}）`,
  summary: {
    D0: (alt) => `干扰素应答率可能较低：${alt}；3个月后复查ALT`,
    D1: (alt) => `干扰素治疗时机适宜：${alt}`,
    D2: (alt, n) => `建议先行肝组织活检再决定干扰素治疗：${alt}，符合${n}项活检指征`,
    D3: (h, alt) => `建议抗病毒治疗（含干扰素）：活检炎症${h}（≥G2），${alt}`,
    D4: (h, alt) => `暂无抗病毒治疗指征：活检炎症${h}（<G2），${alt}；继续监测`,
    D5flare: (alt) => `暂缓干扰素：${alt}，未见下降；现应抗病毒治疗，首选NA`,
    D5tbil: (alt, t) => `暂缓干扰素：${alt}，TBil ${t}；现应抗病毒治疗，首选NA`,
    D6: (alt, peak, t) => `急性加重后可考虑干扰素：${alt}，峰值${peak}，TBil ${t}；由有经验的专家指导`,
    D7alt: (days) => `需补充ALT：近${days}天无ALT结果，请先检测ALT再决定干扰素治疗`,
    D7tbil: (alt, peak) => `需补充总胆红素：${alt}，此前峰值${peak}；请检测TBil以决定干扰素治疗`,
    D8: (first, more) => `干扰素禁忌：${first}${more > 0 ? `（另${more}项）` : ''}；可考虑NA治疗`,
    orderPrefix: '本干扰素医嘱：',
  },
  recommendation: {
    D0: 'ALT正常或轻度升高（<2×ULN）的患者干扰素应答率较低（P3）。建议3个月后复查ALT；如出现活检指征，可考虑肝组织活检（P6）。',
    D1: 'ALT（2–10）×ULN是干扰素治疗的合适时机，疗效好且安全（P2）。免疫清除期患者适合抗病毒治疗（P1）。ALT较高、HBV DNA较低及肝组织炎症≥G2者持续应答率较高（P5）。',
    D2: 'ALT持续正常或反复轻度升高，且具有至少一项活检指征，建议先行肝组织活检；炎症≥G2者建议抗病毒治疗（包括干扰素）（P6）。',
    D3: '肝组织炎症≥G2：建议抗病毒治疗（包括干扰素）（P6）。',
    D4: '肝组织炎症<G2：目前无抗病毒治疗指征，继续监测ALT和HBV DNA（P6）。',
    D5: 'ALT>10×ULN提示免疫应答过强，干扰素治疗有肝功能失代偿或肝衰竭风险（P4）。现应给予抗病毒治疗，首选核苷（酸）类似物（NA）。如考虑干扰素，应密切观察病情变化，酌情给予保肝等对症支持治疗，待ALT开始下降或降至<10×ULN且无明显胆红素升高时再用（P7②），并由有丰富干扰素临床应用经验的专家实施或指导（P7③）。',
    D6: 'ALT>10×ULN的急性加重后，ALT已开始下降或<10×ULN且无明显胆红素升高：可使用干扰素，根据具体情况采用常规剂量或小剂量起始，由有经验的专家实施或指导，并密切观察病情变化（P7②③）。',
    D7: '决策需要回顾期内的ALT结果，目前无记录。请检测ALT，结果回报后再评估。',
    D8: '存在干扰素绝对禁忌证。抗病毒治疗可考虑核苷（酸）类似物（NA）。',
  },
  recommendationTbilMissing:
    '最近一次ALT前后7天内无总胆红素结果：胆红素情况未知，不视为正常。如胆红素明显升高，应暂缓干扰素（P7②）。',
  change: {
    D0: 'ALT正常或反复轻度升高并出现活检指征时，应行肝组织活检（P6）；ALT升至2–10×ULN时进入干扰素治疗时机（P2）。',
    D1: 'ALT>10×ULN或胆红素明显升高时应暂缓干扰素（P4、P7）；出现禁忌证则不宜使用。',
    D2: '活检结果：≥G2 ⇒ 抗病毒治疗（包括干扰素）；<G2 ⇒ 继续监测（P6）。',
    D3: 'ALT处于2–10×ULN时即为干扰素治疗时机（P2）；出现禁忌证则不宜使用干扰素。',
    D4: 'ALT升至2–10×ULN（P2），或复查活检炎症≥G2（P6）。',
    D5: 'ALT开始下降或降至<10×ULN，且无明显胆红素升高（P7②）。',
    D6: '胆红素明显升高或ALT再次升至>10×ULN时，应暂缓干扰素（P7）。',
    D7: '缺失的检查结果将决定结论：见建议操作。',
    D8: '仅当禁忌证解除后，方可依据下列时机指标决定。',
  },
  heading: {
    decision: '结论',
    rules: '依据条款',
    evidence: '证据',
    predictors: '应答预测因素（P5）',
    triggers: '肝活检指征（P6）',
    contraindications: '禁忌证',
    change: '何种情况会改变结论',
    uln: 'ULN',
    onNa: '正在使用的NA',
    order: '医嘱',
    notes: '未采用的结果',
    steps: '已核对的决策步骤',
  },
  table: { result: '项目', value: '结果', date: '日期', source: '来源', rule: '条款' },
  kind: {
    alt: 'ALT',
    'hbv-dna': 'HBV DNA',
    hbeag: 'HBeAg',
    hbsag: 'HBsAg',
    histology: '肝组织病理',
    tbil: 'TBil',
    platelets: '血小板',
    neutrophils: '中性粒细胞',
    'pregnancy-status': '妊娠状态',
    condition: '诊断',
    'family-history': '家族史',
    medication: '药物',
    'birth-date': '年龄（岁）',
  },
  tri: {
    met: { yes: '符合', no: '不符合', unknown: '未知' },
    fired: { yes: '符合', no: '不符合', unknown: '未知' },
  },
  predictor: (iu) => ({
    'alt-2x': 'ALT ≥2×ULN',
    'dna-low': `HBV DNA ≤1×10⁶ copies/mL（≤${iu} IU/mL）`,
    'histology-g2': '肝组织炎症≥G2',
  }),
  trigger: (age, iu) => ({
    age: `年龄≥${age}岁`,
    'family-history': '慢性乙型肝炎、肝细胞癌或肝硬化家族史',
    'hbeag-negative-dna': `HBeAg阴性且HBV DNA ≥${iu} IU/mL`,
    imaging: 'B超或CT提示慢性肝病变',
  }),
  contraindication: {
    decompensation: '失代偿期肝硬化',
    pregnancy: '妊娠',
    neutropenia: '中性粒细胞<1.0×10⁹/L',
    thrombocytopenia: '血小板<50×10⁹/L',
  },
  ulnLine: (uln, origin, source) => `ALT ULN ${uln} U/L，来自${origin}（${source}）。`,
  sourceNote: '来源：慢性乙型肝炎干扰素治疗时机专家建议（中国专家共识）（条款P1–P7）。',
  internationalNote: '国际指南（EASL、AASLD、WHO）在ALT>10×ULN时优先推荐核苷（酸）类似物而非干扰素。',
  suggestion: {
    orderAlt: '开具ALT检查',
    orderTbil: '开具总胆红素检查',
    orderBiopsy: '开具肝组织活检',
    cancelOrder: '撤销本干扰素医嘱',
    orderEntecavir: '改开恩替卡韦',
  },
  actionDescription: {
    orderAlt: '创建血清ALT检查医嘱草稿',
    orderTbil: '创建血清总胆红素检查医嘱草稿',
    orderBiopsy: '创建肝组织活检医嘱草稿',
    cancelOrder: (r) => `删除干扰素医嘱草稿 ${r}`,
    orderEntecavir: '创建恩替卡韦医嘱草稿（剂量按本院方案）',
  },
  overrideReason: {
    'specialist-reviewed': '有干扰素应用经验的专家已评估',
    'benefit-outweighs-risk': '该患者获益大于风险',
    'patient-preference': '患者知情后的选择',
    'record-incomplete': '本记录之外有更新的检查结果',
  },
  tbilElevated: {
    'over-2x-uln': '>2×ULN',
    'over-absolute': '>51 µmol/L',
    rise: '升高>17.1 µmol/L',
  },
  noEvidence: '无记录',
  notApplicable: '—',
};

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zh };
