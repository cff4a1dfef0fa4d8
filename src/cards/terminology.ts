/**
 * Display names, en and zh-CN, of the codes the rules name (SNOMED, LOINC, ATC, v3 RoleCode). A code not in
 * the table shows the record's own text quoted, else the code itself.
 */
import type { Locale } from '../config/locale.js';
import type { CodedValue, IfnSubstance, NaDrug } from '../engine/types.js';
import { mdQuoted } from './escape.js';

type Names = Record<string, [en: string, zh: string]>;

export const SNOMED_NAMES: Names = {
  '61977001': ['chronic hepatitis B', '慢性乙型病毒性肝炎'],
  '66071002': ['hepatitis B', '乙型病毒性肝炎'],
  '109841003': ['hepatocellular carcinoma', '肝细胞癌'],
  '19943007': ['cirrhosis', '肝硬化'],
  '716203000': ['decompensated cirrhosis', '失代偿期肝硬化'],
  '389026000': ['ascites', '腹水'],
  '13920009': ['hepatic encephalopathy', '肝性脑病'],
  '328383001': ['chronic liver disease', '慢性肝病'],
  '77386006': ['pregnancy', '妊娠'],
  '86259008': ['liver biopsy', '肝穿刺活检'],
};

/**
 * (v3) Conditions of the §2.1 lists, by SNOMED CT code or ICD-10 category (dots removed; a longer code shows its
 * category's name), and the interferon substances of §6: the card names what it found in the card's language.
 */
export const CONDITION_NAMES: Names = {
  ...SNOMED_NAMES,
  '34742003': ['portal hypertension', '门静脉高压'],
  '28670008': ['oesophageal varices', '食管静脉曲张'],
  '59927004': ['hepatic failure', '肝衰竭'],
  '51292008': ['hepatorenal syndrome', '肝肾综合征'],
  '370143000': ['major depression', '重度抑郁'],
  '58214004': ['schizophrenia', '精神分裂症'],
  '13746004': ['bipolar disorder', '双相情感障碍'],
  '82313006': ['suicide attempt', '自杀未遂'],
  '84757009': ['epilepsy', '癫痫'],
  '55464009': ['systemic lupus erythematosus', '系统性红斑狼疮'],
  '408335007': ['autoimmune hepatitis', '自身免疫性肝炎'],
  '69896004': ['rheumatoid arthritis', '类风湿关节炎'],
  '89155008': ['systemic sclerosis', '系统性硬化症'],
  '83901003': ['Sjögren syndrome', '干燥综合征'],
  '24700007': ['multiple sclerosis', '多发性硬化'],
  '91637004': ['myasthenia gravis', '重症肌无力'],
  '34000006': ['Crohn disease', '克罗恩病'],
  '64766004': ['ulcerative colitis', '溃疡性结肠炎'],
  '84114007': ['heart failure', '心力衰竭'],
  '4557003': ['unstable angina', '不稳定型心绞痛'],
  '22298006': ['myocardial infarction', '心肌梗死'],
  '15167005': ['alcohol abuse', '酒精滥用'],
  '7200002': ['alcoholism', '酒精依赖'],
  '26416006': ['drug abuse', '药物滥用'],
  '40930008': ['hypothyroidism', '甲状腺功能减退'],
  '34486009': ['hyperthyroidism', '甲状腺功能亢进'],
  '21983002': ['Hashimoto thyroiditis', '桥本甲状腺炎'],
  '4855003': ['diabetic retinopathy', '糖尿病视网膜病变'],
  '9014002': ['psoriasis', '银屑病'],
  '86406008': ['HIV infection', '艾滋病病毒感染'],
  '398841009': ['interferon alfa', '干扰素α'],
  K746: ['cirrhosis', '肝硬化'],
  K72: ['hepatic failure', '肝衰竭'],
  R18: ['ascites', '腹水'],
  K767: ['hepatorenal syndrome', '肝肾综合征'],
  K766: ['portal hypertension', '门静脉高压'],
  I85: ['oesophageal varices', '食管静脉曲张'],
  F20: ['schizophrenia', '精神分裂症'],
  F25: ['schizoaffective disorder', '分裂情感性障碍'],
  F31: ['bipolar disorder', '双相情感障碍'],
  F32: ['depressive episode', '抑郁发作'],
  F33: ['recurrent depressive disorder', '复发性抑郁障碍'],
  G40: ['epilepsy', '癫痫'],
  G41: ['status epilepticus', '癫痫持续状态'],
  M32: ['systemic lupus erythematosus', '系统性红斑狼疮'],
  K754: ['autoimmune hepatitis', '自身免疫性肝炎'],
  I50: ['heart failure', '心力衰竭'],
  I21: ['myocardial infarction', '心肌梗死'],
  C220: ['hepatocellular carcinoma', '肝细胞癌'],
  E03: ['hypothyroidism', '甲状腺功能减退'],
  E05: ['hyperthyroidism', '甲状腺功能亢进'],
  E06: ['thyroiditis', '甲状腺炎'],
  L40: ['psoriasis', '银屑病'],
  B20: ['HIV disease', '艾滋病病毒感染'],
  Z21: ['HIV infection, asymptomatic', '无症状艾滋病病毒感染'],
  Z33: ['pregnancy', '妊娠'],
  Z34: ['pregnancy supervision', '妊娠监护'],
  F10: ['alcohol use disorder', '酒精使用障碍'],
};

export const ROLE_NAMES: Names = {
  MTH: ['mother', '母亲'],
  FTH: ['father', '父亲'],
  NMTH: ['mother', '生母'],
  NFTH: ['father', '生父'],
  PRN: ['parent', '父母'],
  SIS: ['sister', '姐妹'],
  BRO: ['brother', '兄弟'],
  SIB: ['sibling', '兄弟姐妹'],
  NSIS: ['sister', '姐妹'],
  NBRO: ['brother', '兄弟'],
  DAU: ['daughter', '女儿'],
  SON: ['son', '儿子'],
  CHILD: ['child', '子女'],
  GRMTH: ['grandmother', '祖母或外祖母'],
  GRFTH: ['grandfather', '祖父或外祖父'],
  MGRMTH: ['maternal grandmother', '外祖母'],
  MGRFTH: ['maternal grandfather', '外祖父'],
  PGRMTH: ['paternal grandmother', '祖母'],
  PGRFTH: ['paternal grandfather', '祖父'],
  AUNT: ['aunt', '姑母或姨母'],
  UNCLE: ['uncle', '伯叔或舅舅'],
  COUSN: ['cousin', '堂表亲'],
  FAMMEMB: ['family member', '家庭成员'],
};

export const NA_NAMES: Record<NaDrug, [string, string]> = {
  entecavir: ['entecavir', '恩替卡韦'],
  'tenofovir-df': ['tenofovir disoproxil fumarate', '富马酸替诺福韦二吡呋酯'],
  'tenofovir-af': ['tenofovir alafenamide', '丙酚替诺福韦'],
  lamivudine: ['lamivudine', '拉米夫定'],
  adefovir: ['adefovir dipivoxil', '阿德福韦酯'],
  telbivudine: ['telbivudine', '替比夫定'],
};


/** Exact code, else (ICD-10) the longest category prefix of the code with dots removed ("F32.1" → F32). */
function lookup(table: Names, code: string): [string, string] | undefined {
  if (Object.hasOwn(table, code)) return table[code];
  if (!/^[A-Za-z]/.test(code)) return undefined;
  const flat = code.replace(/\./g, '').toUpperCase();
  for (let n = flat.length; n >= 3; n--) {
    const prefix = flat.slice(0, n);
    if (Object.hasOwn(table, prefix)) return table[prefix];
  }
  return undefined;
}

const pick = (names: [string, string], locale: Locale): string => (locale === 'en' ? names[0] : names[1]);

/**
 * A coded value in the card's language; unknown codes show the record's text quoted (or the code), escaped as
 * Markdown data, or (`plain`, for the summary, which is not Markdown) as plain text without line breaks.
 */
export function displayOf(table: Names, value: CodedValue, locale: Locale, plain = false): string {
  const known = lookup(table, value.code);
  if (known) return pick(known, locale);
  if (plain) return `“${(value.recordText ?? value.code).replace(/[\u0000-\u001f\u007f]+/g, ' ')}”`;
  // Quoted text, not a code span: a '|' in a code span would still split a GFM table cell.
  return mdQuoted(value.recordText ?? value.code);
}

export function naName(drug: NaDrug, locale: Locale): string {
  return pick(NA_NAMES[drug], locale);
}

/** The short name card text uses ("tenofovir DF"); zh-CN always the full name (never a bare 替诺福韦, §7). */
export function naShort(drug: NaDrug, locale: Locale): string {
  if (locale === 'en' && drug === 'tenofovir-df') return 'tenofovir DF';
  if (locale === 'en' && drug === 'tenofovir-af') return 'tenofovir AF';
  return naName(drug, locale);
}

/** Short names summaries use for the family-history conditions of P6 ("mother: HCC"). */
export const SUMMARY_NAMES: Names = { '109841003': ['HCC', '肝癌'], '61977001': ['CHB', '慢性乙型肝炎'], '66071002': ['hepatitis B', '乙型肝炎'], '19943007': ['cirrhosis', '肝硬化'] };


/** §6 coded interferon alfa, named in the card's language (record free text stays quoted where it is not coded). */
export const IFN_NAMES: Record<IfnSubstance, [string, string]> = {
  'peginterferon-alfa-2a': ['peginterferon alfa-2a', '聚乙二醇干扰素α-2a'],
  'peginterferon-alfa-2b': ['peginterferon alfa-2b', '聚乙二醇干扰素α-2b'],
  'interferon-alfa-2a': ['interferon alfa-2a', '干扰素α-2a'],
  'interferon-alfa-2b': ['interferon alfa-2b', '干扰素α-2b'],
};
