/**
 * Display names, en and zh-CN, of the codes the rules name (SNOMED, LOINC, ATC, v3 RoleCode). A code not in
 * the table shows the record's own text quoted, else the code itself.
 */
import type { Locale } from '../config/locale.js';
import type { CodedValue, NaDrug } from '../engine/types.js';
import { quoted } from './format.js';

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
  '86259008': ['liver biopsy', '肝组织活检'],
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
};

/** Orderable tests by code (§4, §5). */
export const ORDER_NAMES: Names = {
  '1742-6': ['ALT', 'ALT'],
  '1975-2': ['total bilirubin', '总胆红素'],
  '6301-6': ['INR', 'INR'],
  '42595-9': ['HBV DNA (quantitative)', 'HBV DNA定量'],
  '751-8': ['neutrophil count', '中性粒细胞计数'],
  '777-3': ['platelet count', '血小板计数'],
  '86259008': ['liver biopsy', '肝组织活检'],
};

const pick = (names: [string, string], locale: Locale): string => (locale === 'en' ? names[0] : names[1]);

/** A coded value in the card's language; unknown codes show the record's text quoted (or the code). */
export function displayOf(table: Names, value: CodedValue, locale: Locale): string {
  const known = table[value.code];
  if (known) return pick(known, locale);
  if (value.recordText) return quoted(value.recordText);
  return `\`${value.code}\``;
}

export function naName(drug: NaDrug, locale: Locale): string {
  return pick(NA_NAMES[drug], locale);
}

export function orderName(code: string, locale: Locale): string {
  const known = ORDER_NAMES[code];
  return known ? pick(known, locale) : code;
}
