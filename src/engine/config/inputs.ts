/**
 * Clinical config: how the record is read (clinical-rules.md §2, §2.1): codes, units, reference ranges,
 * plausible values, condition lists, time zone.
 */
import type { ClinicalConfig } from '../config.js';
import { LIVER_STIFFNESS_CODE, LOINC } from '../codes.js';
import { CONDITION_LIST_NAMES } from '../readings.js';
import { SYSTEM } from '../../fhir/systems.js';
import { codeRef, positive, snomedList } from './schema-parts.js';

export const INPUT_REQUIRED = [
  'altUln',
  'astUln',
  'tshRange',
  'copiesPerIU',
  'timeZone',
  'plausible',
  'inputCodes',
  'conditionLists',
  'icd10Systems',
  'familyHistoryCodes',
  'histologyCodes',
  'decompensationCodes',
  'imagingLesionCodes',
  'fibrosisCodes',
  'cirrhosisCodes',
] as const;

const bySex = (what: string) =>
  ({
    description: `${what} when the result carries no matching reference range: by Patient.gender; other/unknown ⇒ the lower.`,
    type: 'object',
    additionalProperties: false,
    required: ['male', 'female'],
    properties: { male: positive, female: positive },
  }) as const;

/** [lowest, highest] plausible value; outside ⇒ passed over as implausible (issue 21 item 9). */
const bounds = (what: string) =>
  ({
    description: `Plausible ${what}: [min, max]; a value outside (or NaN, infinite, negative) is passed over as implausible.`,
    type: 'array',
    items: { type: 'number', minimum: 0 },
    minItems: 2,
    maxItems: 2,
  }) as const;

const codes = (what: string) => ({ description: `§2 ${what}: Observation.code codings (system and code), any of.`, type: 'array', items: codeRef }) as const;

const icd10List = { type: 'array', items: { type: 'string', pattern: '^[A-Za-z][0-9A-Za-z.]{0,7}$' } } as const;

/** One row of a §2.1 condition list: SNOMED exact, ICD-10 by prefix (dots removed), minus exclusions. */
const conditionRow = {
  type: 'object',
  additionalProperties: false,
  required: ['snomed', 'icd10'],
  properties: {
    snomed: { type: 'array', items: { type: 'string', pattern: '^[0-9]{6,18}$' } },
    icd10: { ...icd10List, description: 'ICD-10 category prefixes ("F32" matches F32.1 and F321).' },
    exclude: { ...icd10List, description: 'ICD-10 prefixes that never count (remission codes, F17 nicotine).' },
    status: {
      description:
        "'active' (default): clinicalStatus active, recurrence, relapse or absent; 'history': any clinical status; 'inactive': only a status that is not active/recurrence/relapse (inactive, remission, resolved).",
      type: 'string',
      enum: ['active', 'history', 'inactive'],
    },
  },
} as const;

const conditionList = (what: string) => ({ description: `§2.1 ${what}`, type: 'array', items: conditionRow }) as const;

export { CONDITION_LIST_NAMES };

const INPUT_CODE_NAMES = [
  'alt',
  'ast',
  'tbil',
  'platelets',
  'neutrophils',
  'inr',
  'pt',
  'tsh',
  'hbvDnaIU',
  'hbvDnaCopies',
  'hbvDnaLogIU',
  'hbvDnaLogCopies',
  'hbvDnaPresence',
  'hbeag',
  'hbeagQuantitative',
  'hbsag',
  'hbsagQuantitative',
  'hbsagLogIU',
  'antiHbcIgm',
  'pregnancyStatus',
  'liverStiffness',
] as const;

const PLAUSIBLE_NAMES = [
  'altUL',
  'astUL',
  'ulnUL',
  'tbilUmolL',
  'tbilUlnUmolL',
  'plateletsE9L',
  'neutrophilsE9L',
  'inr',
  'ptSeconds',
  'tshMIUL',
  'hbvDnaIU',
  'hbsagIU',
  'hbeagSCO',
  'lsmKPa',
] as const;

export const INPUT_PROPERTIES = {
  altUln: bySex('§2 (v3) ALT ULN in U/L'),
  astUln: bySex('§2 (v3) AST ULN in U/L'),
  tshRange: {
    description: '§2 (v3) TSH reference range in mIU/L when the result carries none.',
    type: 'object',
    additionalProperties: false,
    required: ['low', 'high'],
    properties: { low: positive, high: positive },
  },
  copiesPerIU: { ...positive, description: '§2 HBV DNA copies per IU.' },
  timeZone: {
    description: "§2 (v3) the site's IANA time zone: dates on cards and calendar-day windows ('Asia/Shanghai'; default UTC).",
    type: 'string',
    minLength: 1,
    maxLength: 64,
  },
  plausible: {
    description: '(v3) plausible bounds of every numeric input, in the unit of its name; outside ⇒ passed over.',
    type: 'object',
    additionalProperties: false,
    required: PLAUSIBLE_NAMES,
    properties: {
      altUL: bounds('ALT, U/L'),
      astUL: bounds('AST, U/L'),
      ulnUL: bounds('ALT/AST lab ULN, U/L'),
      tbilUmolL: bounds('total bilirubin, µmol/L'),
      tbilUlnUmolL: bounds('total bilirubin lab ULN, µmol/L'),
      plateletsE9L: bounds('platelets, 10⁹/L'),
      neutrophilsE9L: bounds('neutrophils, 10⁹/L'),
      inr: bounds('INR'),
      ptSeconds: bounds('prothrombin time, s'),
      tshMIUL: bounds('TSH, mIU/L'),
      hbvDnaIU: bounds('HBV DNA, IU/mL'),
      hbsagIU: bounds('quantitative HBsAg, IU/mL'),
      hbeagSCO: bounds('quantitative HBeAg, S/CO'),
      lsmKPa: bounds('liver stiffness, kPa'),
    },
  },
  inputCodes: {
    description: '§2 (v3) every input\'s codes: a site whose labs are coded locally maps them here (defaults: the LOINC lists of §2).',
    type: 'object',
    additionalProperties: false,
    required: INPUT_CODE_NAMES,
    properties: {
      alt: codes('ALT'),
      ast: codes('AST'),
      tbil: codes('total bilirubin (mass or molar: the unit decides)'),
      platelets: codes('platelets'),
      neutrophils: codes('neutrophils'),
      inr: codes('INR'),
      pt: codes('prothrombin time'),
      tsh: codes('TSH'),
      hbvDnaIU: codes('HBV DNA in IU/mL'),
      hbvDnaCopies: codes('HBV DNA in copies/mL'),
      hbvDnaLogIU: codes('HBV DNA in log IU/mL'),
      hbvDnaLogCopies: codes('HBV DNA in log copies/mL'),
      hbvDnaPresence: codes('HBV DNA presence'),
      hbeag: codes('HBeAg presence'),
      hbeagQuantitative: codes('HBeAg quantitative (S/CO)'),
      hbsag: codes('HBsAg presence (an IU/mL quantity counts as quantitative)'),
      hbsagQuantitative: codes('quantitative HBsAg, IU/mL'),
      hbsagLogIU: codes('quantitative HBsAg, log IU/mL'),
      antiHbcIgm: codes('anti-HBc IgM'),
      pregnancyStatus: codes('pregnancy status'),
      liverStiffness: codes('liver stiffness (transient elastography, kPa)'),
    },
  },
  conditionLists: {
    description: '§2.1 (v3) condition lists: SNOMED CT exact, ICD-10 by prefix; each list replaces its default wholly.',
    type: 'object',
    additionalProperties: false,
    required: CONDITION_LIST_NAMES,
    properties: Object.fromEntries(CONDITION_LIST_NAMES.map((n) => [n, conditionList(n)])) as Record<(typeof CONDITION_LIST_NAMES)[number], ReturnType<typeof conditionList>>,
  },
  icd10Systems: {
    description: '§2.1 (v3) the code systems read as ICD-10.',
    type: 'array',
    items: { type: 'string', minLength: 1 },
    minItems: 1,
  },
  familyHistoryCodes: { ...conditionRow, description: '§2 family history: FamilyMemberHistory.condition.code (HBV, HCC, cirrhosis).' },
  histologyCodes: {
    description: "§2 the site's own codes for a liver inflammation grade result, besides the project CodeSystem's.",
    type: 'array',
    items: codeRef,
  },
  decompensationCodes: { ...snomedList, description: "§2.1 decompensation: SNOMED codes, added to conditionLists.decompensation's." },
  imagingLesionCodes: { ...snomedList, description: "§2 imaging chronic liver lesion: SNOMED codes, added to conditionLists['imaging-lesion']'s." },
  fibrosisCodes: {
    description: "§2 (v2) the site's own codes for a liver fibrosis stage result, besides the project CodeSystem's.",
    type: 'array',
    items: codeRef,
  },
  cirrhosisCodes: { ...snomedList, description: "§2.1 cirrhosis on record: SNOMED codes, added to conditionLists.cirrhosis's." },
} as const;

const loinc = (...lists: (readonly string[])[]) => lists.flat().map((code) => ({ system: SYSTEM.loinc, code }));
const range = (prefix: string, from: number, to: number, width = 2): string[] => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${String(i).padStart(width, '0')}`);
  return out;
};
/** CM remission codes F1x.11, F1x.21, F1x.91 of the substance-use categories (§2.1). */
const substanceRemission = ['F10', 'F11', 'F12', 'F13', 'F14', 'F15', 'F16', 'F18', 'F19'].flatMap((f) => [`${f}.11`, `${f}.21`, `${f}.91`]);

type Row = { snomed: string[]; icd10: string[]; exclude?: string[]; status?: 'active' | 'history' | 'inactive' };
const row = (snomed: string[], icd10: string[], extra: Omit<Row, 'snomed' | 'icd10'> = {}): Row => ({ snomed, icd10, ...extra });

/** §2.1, the table, row by row. */
const CONDITION_LIST_DEFAULTS: Record<(typeof CONDITION_LIST_NAMES)[number], Row[]> = {
  // §1 scope: the CHB list plus type B viral hepatitis (66071002).
  hbv: [row(['61977001', '66071002'], ['B18.0', 'B18.1'])],
  chb: [row(['61977001'], ['B18.0', 'B18.1'])],
  // SNOMED from cirrhosisCodes.
  cirrhosis: [row([], ['K74.6'])],
  // SNOMED from decompensationCodes.
  decompensation: [row([], ['K72', 'R18', 'K76.7', 'K76.82'])],
  'portal-hypertension': [row(['34742003', '28670008'], ['K76.6', 'I85'])],
  pregnancy: [row(['77386006'], ['O', 'Z33', 'Z34', 'Z35', 'Z3A'])],
  'severe-psychiatric': [
    row(['370143000'], ['F32', 'F33'], { exclude: ['F33.4', 'F32.4', 'F32.5'] }),
    row(['58214004', '13746004'], ['F20', 'F25', 'F31'], { status: 'history' }),
  ],
  'suicide-attempt': [row(['82313006'], [...range('X', 60, 84), 'Z91.5', 'T14.91'], { status: 'history' })],
  epilepsy: [row(['84757009'], ['G40', 'G41'])],
  autoimmune: [
    row(
      ['55464009', '408335007', '69896004', '89155008', '83901003', '24700007', '91637004', '34000006', '64766004'],
      ['M32', 'K75.4', 'M05', 'M06', 'M34', 'M35.0', 'M33', 'G35', 'G70.0', 'K50', 'K51'],
    ),
  ],
  'heart-disease': [row(['84114007', '4557003', '22298006'], ['I50', 'I11.0', 'I13.0', 'I13.2', 'I20.0', 'I21', 'I22'])],
  hcc: [row(['109841003'], ['C22.0'])],
  transplant: [row([], ['Z94.0', 'Z94.1', 'Z94.2', 'Z94.3', 'Z94.4', 'Z94.82', 'Z94.83'])],
  'substance-abuse': [row(['15167005', '7200002', '26416006'], ['F10', 'F11', 'F12', 'F13', 'F14', 'F15', 'F16', 'F18', 'F19'], { exclude: ['F17', ...substanceRemission] })],
  thyroid: [row(['40930008', '34486009', '21983002'], ['E03', 'E05', 'E06'])],
  retinopathy: [row(['4855003'], ['H35', 'H36.0', ...range('E10.3', 1, 5, 1), ...range('E11.3', 1, 5, 1)])],
  psoriasis: [row(['9014002'], ['L40'])],
  'uncontrolled-diabetes-hypertension': [row([], ['E10.65', 'E11.65', 'E13.65', 'I16'])],
  // F32/F33 inactive or in remission, by status or by code.
  'depression-history': [row(['370143000'], ['F32', 'F33'], { status: 'inactive' }), row([], ['F33.4', 'F32.4', 'F32.5'], { status: 'history' })],
  hiv: [row(['86406008'], ['B20', 'B21', 'B22', 'B23', 'B24', 'Z21'])],
  // SNOMED from imagingLesionCodes.
  'imaging-lesion': [row([], [])],
};

export const INPUT_DEFAULTS: Pick<ClinicalConfig, keyof typeof INPUT_PROPERTIES> = {
  altUln: { male: 40, female: 40 },
  astUln: { male: 40, female: 40 },
  tshRange: { low: 0.27, high: 4.2 },
  copiesPerIU: 5.82,
  timeZone: 'UTC',
  plausible: {
    altUL: [0, 100000],
    astUL: [0, 100000],
    ulnUL: [1, 1000],
    tbilUmolL: [0, 2000],
    tbilUlnUmolL: [1, 500],
    plateletsE9L: [0, 5000],
    neutrophilsE9L: [0, 500],
    inr: [0.5, 20],
    ptSeconds: [5, 300],
    tshMIUL: [0, 1000],
    hbvDnaIU: [0, 1e11],
    hbsagIU: [0, 1e7],
    hbeagSCO: [0, 100000],
    lsmKPa: [1.5, 75],
  },
  inputCodes: {
    alt: loinc(LOINC.alt),
    ast: loinc(LOINC.ast),
    tbil: loinc(LOINC.tbilMass, LOINC.tbilMolar),
    platelets: loinc(LOINC.platelets),
    neutrophils: loinc(LOINC.neutrophils),
    inr: loinc(LOINC.inr),
    pt: loinc(LOINC.pt),
    tsh: loinc(LOINC.tsh),
    hbvDnaIU: loinc(LOINC.hbvDnaIU),
    hbvDnaCopies: loinc(LOINC.hbvDnaCopies),
    hbvDnaLogIU: loinc(LOINC.hbvDnaLogIU),
    hbvDnaLogCopies: loinc(LOINC.hbvDnaLogCopies),
    hbvDnaPresence: loinc(LOINC.hbvDnaPresence),
    hbeag: loinc(LOINC.hbeagPresence),
    hbeagQuantitative: loinc(LOINC.hbeagQuantitative),
    hbsag: loinc(LOINC.hbsagPresence),
    hbsagQuantitative: loinc(LOINC.hbsagQuantitative),
    hbsagLogIU: loinc(LOINC.hbsagLogIU),
    antiHbcIgm: loinc(LOINC.antiHbcIgm),
    pregnancyStatus: loinc(LOINC.pregnancyStatus),
    liverStiffness: [{ system: SYSTEM.histology, code: LIVER_STIFFNESS_CODE }],
  },
  conditionLists: CONDITION_LIST_DEFAULTS,
  icd10Systems: ['http://hl7.org/fhir/sid/icd-10', 'http://hl7.org/fhir/sid/icd-10-cm'],
  familyHistoryCodes: { snomed: ['61977001', '66071002', '109841003', '19943007'], icd10: ['B18.0', 'B18.1', 'C22.0', 'K74.6'] },
  histologyCodes: [],
  decompensationCodes: ['716203000', '389026000', '13920009', '59927004', '51292008'],
  imagingLesionCodes: ['328383001', '19943007'],
  fibrosisCodes: [],
  cirrhosisCodes: ['19943007'],
};

/**
 * A v2 site file's `altUln: {default, male?, female?}` read as v3's `{male, female}`: `default` stood for every
 * sex without its own value, so it fills male and female where the file gives none (the same readings as in v2).
 * Runs on the site's partial file, before the merge over the defaults.
 */
export function upgradeLegacyInputSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const uln = settings.altUln;
  if (typeof uln !== 'object' || uln === null || Array.isArray(uln) || !('default' in uln)) return settings;
  const { default: d, ...rest } = uln as Record<string, unknown>;
  return { ...settings, altUln: { male: d, female: d, ...rest } };
}

/** Checks a schema cannot state: a time zone the runtime knows, bounds in order, a TSH range in order. */
export function inputConfigIssues(config: ClinicalConfig, isTimeZone: (z: string) => boolean): string[] {
  const issues: string[] = [];
  if (!isTimeZone(config.timeZone)) issues.push(`timeZone: '${config.timeZone}' is not an IANA time zone this runtime knows (e.g. 'UTC', 'Asia/Shanghai')`);
  for (const [name, [min, max]] of Object.entries(config.plausible) as [string, readonly number[]][]) {
    if (!(min! <= max!)) issues.push(`plausible.${name}: min ${min} is above max ${max}`);
  }
  if (!(config.tshRange.low < config.tshRange.high)) issues.push(`tshRange: low ${config.tshRange.low} must be below high ${config.tshRange.high}`);
  return issues;
}
