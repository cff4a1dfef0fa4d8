/** The page's own words, en and zh-CN (the card's words come from the card renderer). */
import type { Locale } from '../../src/config/locale.js';

export interface PageText {
  title: string;
  launching: string;
  loading: string;
  decision: string;
  facts: string;
  outOfScope: string;
  onInterferon: string;
  silent: string;
  altChart: string;
  otherChart: string;
  noAlt: (months: number) => string;
  period: (months: number) => string;
  latest: string;
  flareWindow: (days: number) => string;
  biopsy: string;
  band: (n: number) => string;
  tableCaption: (months: number) => string;
  columns: { date: string; test: string; value: string; multiple: string; source: string };
  tests: { alt: string; dna: string; tbil: string; histology: string };
  dnaAxis: string;
  tbilAxis: string;
  belowDetection: string;
  launchFailed: string;
  readFailed: (what: string) => string;
  noPatient: string;
  configFailed: string;
  banner: { label: string; name: string; sex: string; born: string; id: string; unknown: string; genders: Record<string, string> };
  range: { label: string; fit: string; months: (m: number) => string };
}

const EN: PageText = {
  title: 'ALT trend and interferon timing',
  launching: 'Launching…',
  loading: 'Reading the record…',
  decision: 'Decision',
  facts: 'The facts behind it',
  outOfScope: 'This patient is out of scope: no active chronic hepatitis B and no positive HBsAg on record, so no decision is made.',
  onInterferon: 'This patient is already on interferon alfa, so no timing decision is made.',
  silent: 'No decision is made for this patient.',
  altChart: 'ALT as a multiple of its upper limit of normal (ULN)',
  otherChart: 'HBV DNA (log IU/mL) and total bilirubin (µmol/L)',
  noAlt: (m) => `No ALT results in the period (the last ${m} months).`,
  period: (m) => `Last ${m} months`,
  latest: 'Latest ALT',
  flareWindow: (d) => `Flare window (last ${d} days)`,
  biopsy: 'Liver biopsy',
  band: (n) => `${n}×ULN`,
  tableCaption: (m) => `Results of the last ${m} months, newest first`,
  columns: { date: 'Date', test: 'Test', value: 'Value', multiple: '×ULN', source: 'Source' },
  tests: { alt: 'ALT', dna: 'HBV DNA', tbil: 'Total bilirubin', histology: 'Liver histology' },
  dnaAxis: 'HBV DNA, log IU/mL',
  tbilAxis: 'TBil, µmol/L',
  belowDetection: 'below detection',
  launchFailed: 'The SMART launch failed',
  readFailed: (what) => `Could not read ${what} from the FHIR server`,
  noPatient: 'The launch gave no patient: open the app from a patient’s chart.',
  configFailed: 'Could not load the app settings from the service',
  banner: {
    label: 'Patient',
    name: 'Name',
    sex: 'Sex',
    born: 'Born',
    id: 'ID',
    unknown: 'not recorded',
    genders: { male: 'male', female: 'female', other: 'other', unknown: 'unknown' },
  },
  range: { label: 'Time shown', fit: 'From the first result', months: (m) => (m % 12 === 0 ? `${m / 12} year${m === 12 ? '' : 's'}` : `${m} months`) },
};

const ZH: PageText = {
  title: 'ALT 趋势与干扰素治疗时机',
  launching: '正在启动…',
  loading: '正在读取病历…',
  decision: '决策',
  facts: '决策依据',
  outOfScope: '该患者不在适用范围内：病历中没有活动性慢性乙型肝炎，也没有 HBsAg 阳性结果，因此不作决策。',
  onInterferon: '该患者已在使用干扰素 α，因此不作时机决策。',
  silent: '该患者不作决策。',
  altChart: 'ALT（正常值上限 ULN 的倍数）',
  otherChart: 'HBV DNA（log IU/mL）与总胆红素（µmol/L）',
  noAlt: (m) => `该时间段内（最近 ${m} 个月）没有 ALT 结果。`,
  period: (m) => `最近 ${m} 个月`,
  latest: '最近一次 ALT',
  flareWindow: (d) => `急性发作窗口（最近 ${d} 天）`,
  biopsy: '肝活检',
  band: (n) => `${n}×ULN`,
  tableCaption: (m) => `最近 ${m} 个月的结果（最新在前）`,
  columns: { date: '日期', test: '检验', value: '结果', multiple: '×ULN', source: '来源' },
  tests: { alt: 'ALT', dna: 'HBV DNA', tbil: '总胆红素', histology: '肝组织学' },
  dnaAxis: 'HBV DNA，log IU/mL',
  tbilAxis: '总胆红素，µmol/L',
  belowDetection: '低于检测下限',
  launchFailed: 'SMART 启动失败',
  readFailed: (what) => `无法从 FHIR 服务器读取${what}`,
  noPatient: '启动未提供患者：请从患者病历中打开本应用。',
  configFailed: '无法从服务加载应用设置',
  banner: {
    label: '患者',
    name: '姓名',
    sex: '性别',
    born: '出生日期',
    id: '标识',
    unknown: '未记录',
    genders: { male: '男', female: '女', other: '其他', unknown: '未知' },
  },
  range: { label: '显示时段', fit: '自首个结果起', months: (m) => (m % 12 === 0 ? `${m / 12} 年` : `${m} 个月`) },
};

export const PAGE_TEXT: Record<Locale, PageText> = { en: EN, 'zh-CN': ZH };

/** What each read is, for the error naming what failed. */
export const READ_NAMES: Record<Locale, Record<string, string>> = {
  en: {
    patient: 'the patient',
    alt: 'the ALT results',
    hbvMarkers: 'the HBV markers (HBV DNA, HBeAg, HBsAg, anti-HBc IgM)',
    safetyLabs: 'the safety labs (bilirubin, blood counts, pregnancy, AST, TSH)',
    histology: 'the liver histology',
    conditions: 'the conditions',
    familyHistory: 'the family history',
    medicationRequests: 'the medication orders',
    medicationStatements: 'the medication statements',
    allergies: 'the allergies',
  },
  'zh-CN': {
    patient: '患者信息',
    alt: 'ALT 结果',
    hbvMarkers: 'HBV 标志物（HBV DNA、HBeAg、HBsAg、抗-HBc IgM）',
    safetyLabs: '安全性检验（胆红素、血细胞计数、妊娠、AST、TSH）',
    histology: '肝组织学结果',
    conditions: '诊断',
    familyHistory: '家族史',
    medicationRequests: '用药医嘱',
    medicationStatements: '用药记录',
    allergies: '过敏记录',
  },
};
