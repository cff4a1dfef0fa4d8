/// <reference path="./ucum-lhc.d.ts" />
/**
 * (v3) Units through UCUM (clinical-rules.md §2 "Units, codes, time zone"): a quantity's unit is its UCUM `code`,
 * else its `unit` text read as UCUM after a fixed list of lab spellings (µ, "IU", "copies", "×10^9"); it is
 * converted by @lhncbc/ucum-lhc, never matched by substring, and a unit that does not convert to the input's
 * dimension is passed over ("unknown unit"), never guessed.
 *
 * UCUM's arbitrary units ([IU]) have no dimension, so the library refuses every conversion involving them
 * ("k[IU]/mL" → "[IU]/mL" fails). Both sides must carry the same arbitrary atom, once; it is then replaced on both
 * sides by one placeholder base unit the inputs never use (candela), and the rest converts by UCUM
 * ("kcd/mL" → "cd/mL" = ×1,000). A side with a different arbitrary atom, or none, does not convert.
 */
import ucum from '@lhncbc/ucum-lhc';

const utils = ucum.UcumLhcUtils.getInstance();

/** The placeholder standing in for [IU] on both sides of a conversion. */
const PLACEHOLDER = 'cd';
const ARBITRARY_ATOMS = /\[(?:IU|iU|arb'U|USP'U|GPL'U|MPL'U|APL'U|beth'U|anti'Xa'U|todd'U|dye'U|smgy'U|bdsk'U|ka'U|knk'U|mclg'U|tb'U|CCID_50|TCID_50|EID_50|PFU|FFU|CFU|IR|LfU|D'ag'U|FEU|ELU|EU|Amb'a'1'U|BAU|AU|PNU|hp'_X|hp'_C|hp'_M|hp'_Q|kp'_X|kp'_C|kp'_M|kp'_Q)\]/g;

/** Whole-text lab spellings that are not UCUM, and what they mean (a closed list, not a pattern; a Map: keys are record text). */
const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries({
  'K/uL': '10*3/uL',
  'k/uL': '10*3/uL',
  'G/L': '10*9/L',
  'T/L': '10*12/L',
  'IU/L': '[IU]/L',
  'U/l': 'U/L',
  INR: '1',
  '{INR}': '1',
  ratio: '1',
  '{ratio}': '1',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  'S/CO': '{s_co_ratio}',
  's/co': '{s_co_ratio}',
  '{S/CO}': '{s_co_ratio}',
  COI: '{COI}',
  'copies/mL': '{copies}/mL',
  'copies/ml': '{copies}/mL',
}));

/** The library on record text: it can throw (a unit "constructor" reaches its prototype-keyed tables); never past here. */
/**
 * ucum-lhc prints a parse failure with console.log, the unit string included: record text on the service's stdout,
 * outside the bounded log and synchronous on a pipe. The engine does no I/O, so the library is silenced for the call
 * (synchronous: nothing else runs meanwhile).
 */
function guarded<T>(call: () => T): T | undefined {
  const print = console.log;
  console.log = () => undefined;
  try {
    return call();
  } catch {
    return undefined;
  } finally {
    console.log = print;
  }
}

/** Bounded caches: units come from the record (untrusted), so neither may grow with an attacker's input. */
const CACHE_MAX = 512;
const codeCache = new Map<string, string | null>();
const factorCache = new Map<string, number | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * The UCUM code a unit text stands for, or undefined. Character-level normalisation only (µ/μ → u, "×10^9" →
 * "10*9", a bare "IU" atom → "[IU]", "copies" → "{copies}"), then UCUM validation.
 */
export function ucumCode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t.length === 0 || t.length > 40) return undefined;
  const hit = codeCache.get(t);
  if (hit !== undefined) return hit ?? undefined;
  let u = ALIASES.get(t) ?? t;
  u = u
    .replace(/[µμ]/g, 'u')
    .replace(/\s+/g, '')
    .replace(/^[x×]10/, '10')
    .replace(/10[\^E]([0-9]+)/g, '10*$1')
    .replace(/⁹/g, '9')
    .replace(/\{copy\}|\{copies\}|(?<![A-Za-z{])copies(?![A-Za-z}])/g, '{copies}')
    // A bare IU atom, with or without one metric prefix ("IU", "mIU", "kIU"), never inside another word.
    .replace(/(^|[/.0-9])(da|[YZEPTGMkhdcmunpfazy])?IU(?![A-Za-z\]])/g, '$1$2[IU]')
    .replace(/(^|[/.0-9])(da|[YZEPTGMkhdcmunpfazy])?iU(?![A-Za-z\]])/g, '$1$2[iU]');
  u = ALIASES.get(u) ?? u;
  let code: string | null = null;
  if (u.length > 0 && u.length <= 40) {
    const v = guarded(() => utils.validateUnitString(u, false));
    if (v?.status === 'valid') code = v.ucumCode ?? u;
  }
  return remember(codeCache, t, code) ?? undefined;
}

/** [IU] and [iU] are the same international unit for the rules (§2: "UCUM [IU] forms too"). */
const sameArbitrary = (code: string): string => code.replace(/\[iU\]/g, '[IU]');

/**
 * The factor taking a value in `fromCode` to `toCode` (UCUM codes), or undefined when they do not convert:
 * different dimensions, or arbitrary units that differ. Cached.
 */
export function conversionFactor(fromCode: string, toCode: string): number | undefined {
  const key = `${fromCode}\u0000${toCode}`;
  const hit = factorCache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  return remember(factorCache, key, computeFactor(sameArbitrary(fromCode), sameArbitrary(toCode)) ?? null) ?? undefined;
}

function computeFactor(from: string, to: string): number | undefined {
  const fromAtoms = from.match(ARBITRARY_ATOMS) ?? [];
  const toAtoms = to.match(ARBITRARY_ATOMS) ?? [];
  let f = from;
  let t = to;
  if (fromAtoms.length > 0 || toAtoms.length > 0) {
    // Exactly one and the same arbitrary atom on each side; the placeholder must not already occur.
    if (fromAtoms.length !== 1 || toAtoms.length !== 1 || fromAtoms[0] !== toAtoms[0]) return undefined;
    if (from.includes(PLACEHOLDER) || to.includes(PLACEHOLDER)) return undefined;
    f = from.replace(fromAtoms[0]!, PLACEHOLDER);
    t = to.replace(toAtoms[0]!, PLACEHOLDER);
  }
  const r = guarded(() => utils.convertUnitTo(f, 1, t));
  if (!r || r.status !== 'succeeded' || typeof r.toVal !== 'number' || !Number.isFinite(r.toVal) || r.toVal <= 0) return undefined;
  // UCUM works in binary floating point: 10*3/uL → 10*9/L gives 0.9999999999999999.
  return Number(r.toVal.toPrecision(12));
}

/** Factor from a unit text to a target, per target: the per-result path is one Map lookup (bounded cache). */
/**
 * Keyed by target, then by the record's own unit string: no key is built per result (a concatenated key had to be
 * flattened and hashed on every lookup; the record's string keeps its hash). Targets are the code's constants.
 */
const textFactorCache = new Map<string, Map<string, number | null>>();
function textFactor(unitText: string, target: string, compute: () => number | undefined): number | undefined {
  let byText = textFactorCache.get(target);
  if (!byText) textFactorCache.set(target, (byText = new Map()));
  const hit = byText.get(unitText);
  if (hit !== undefined) return hit ?? undefined;
  return remember(byText, unitText, compute() ?? null) ?? undefined;
}

/** `value` in `unitText` (UCUM code or lab text) expressed in `toCode`, or undefined when it does not convert. */
export function convert(value: number, unitText: string | undefined, toCode: string): number | undefined {
  if (unitText === undefined) return undefined;
  const factor = textFactor(unitText, toCode, () => {
    const code = ucumCode(unitText);
    return code === undefined ? undefined : conversionFactor(code, toCode);
  });
  return factor === undefined ? undefined : value * factor;
}

/** Does the unit carry the international unit ([IU])? */
export const hasInternationalUnit = (code: string): boolean => /\[(IU|iU)\]/.test(code);

/**
 * §2 ALT/AST: "U/L, [IU]/L, IU/L as-is; ukat/L ×60". The enzyme's international unit is the UCUM enzyme unit U
 * (the rule's own equivalence), so [IU] is read as U before UCUM converts to U/L (ukat/L = ×60 by UCUM).
 */
export function toEnzymeUL(value: number, unitText: string | undefined): number | undefined {
  if (unitText === undefined) return undefined;
  const factor = textFactor(unitText, 'enzyme U/L', () => {
    const code = ucumCode(unitText);
    return code === undefined ? undefined : conversionFactor(sameArbitrary(code).replace(/\[IU\]/g, 'U'), 'U/L');
  });
  return factor === undefined ? undefined : value * factor;
}

/** §2 total bilirubin in µmol/L: molar units by UCUM; mass units to mg/dL by UCUM, then the rule's ×17.1. */
export function toBilirubinUmolL(value: number, unitText: string | undefined): number | undefined {
  if (unitText === undefined) return undefined;
  const factor = textFactor(unitText, 'bilirubin umol/L', () => {
    const code = ucumCode(unitText);
    if (code === undefined) return undefined;
    const mass = conversionFactor(code, 'mg/dL');
    return conversionFactor(code, 'umol/L') ?? (mass === undefined ? undefined : mass * 17.1);
  });
  return factor === undefined ? undefined : value * factor;
}

/** §2 platelets, neutrophils: 10⁹/L (10*3/uL equal, /nL equal). */
export const toCountE9L = (value: number, unitText: string | undefined): number | undefined => convert(value, unitText, '10*9/L');

/** §2 TSH: mIU/L (uIU/mL equal, UCUM [IU] forms). */
export const toTshMIUL = (value: number, unitText: string | undefined): number | undefined => convert(value, unitText, 'm[IU]/L');

/** §2 liver stiffness: kPa only. */
export const toKPa = (value: number, unitText: string | undefined): number | undefined => convert(value, unitText, 'kPa');

/** §2 prothrombin time: seconds. */
export const toSeconds = (value: number, unitText: string | undefined): number | undefined => convert(value, unitText, 's');

/** INR: a ratio, unitless (no unit, "1", "{INR}", "{ratio}"). */
export function toRatio(value: number, unitText: string | undefined): number | undefined {
  if (unitText === undefined || unitText.trim() === '') return value;
  return convert(value, unitText, '1');
}

/** S/CO (or COI) index of quantitative HBeAg: no unit, or one of the index annotations. */
export function isIndexUnit(unitText: string | undefined): boolean {
  if (unitText === undefined || unitText.trim() === '') return true;
  const code = ucumCode(unitText);
  return code !== undefined && /^\{(s_co_ratio|s\/co|COI|index|index_val|ratio)\}$/i.test(code);
}

/** A log form ("log IU/mL", "log10(copies/mL)", "{log_IU}/mL", "lg IU/mL"): the unit inside the logarithm. */
export function logInner(unitText: string | undefined): string | undefined {
  if (unitText === undefined) return undefined;
  const t = unitText.trim();
  if (t.length > 40) return undefined;
  const annotated = /^[{[]\s*(?:log(?:10)?|lg)[_\s]*([^}\]]+)[}\]]\s*(\/.*)?$/i.exec(t);
  if (annotated) return `${annotated[1]!.trim()}${annotated[2] ?? ''}`;
  const bracketed = /^(?:log(?:10)?|lg)\s*\(\s*(.+?)\s*\)$/i.exec(t);
  if (bracketed) return bracketed[1];
  const spaced = /^(?:log(?:10)?|lg)[_\s]+(.+)$/i.exec(t);
  return spaced ? spaced[1]!.trim() : undefined;
}

export type IuConversion = { iu: number; reportedIn: 'iu' | 'copies' | 'log-iu' | 'log-copies' };

/**
 * §2 HBV DNA / qHBsAg to IU/mL: IU forms by UCUM (k[IU]/mL = 1,000 IU/mL, [IU]/L = 1/1,000 IU/mL); copies ÷
 * copiesPerIU (when `copiesPerIU` is given: HBV DNA only); log forms 10^value first.
 */
export function toIUPerMl(value: number, unitText: string | undefined, copiesPerIU?: number): IuConversion | undefined {
  const inner = logInner(unitText);
  const log = inner !== undefined;
  const base = log ? 10 ** value : value;
  if (!Number.isFinite(base)) return undefined;
  const unit = inner ?? unitText;
  const code = ucumCode(unit);
  if (code === undefined) return undefined;
  if (hasInternationalUnit(code)) {
    const f = conversionFactor(code, '[IU]/mL');
    return f === undefined ? undefined : { iu: base * f, reportedIn: log ? 'log-iu' : 'iu' };
  }
  if (copiesPerIU !== undefined && /\{cop(y|ies)\}/i.test(code)) {
    const f = conversionFactor(code.replace(/\{cop(y|ies)\}/i, ''), '/mL');
    return f === undefined ? undefined : { iu: (base * f) / copiesPerIU, reportedIn: log ? 'log-copies' : 'copies' };
  }
  return undefined;
}
