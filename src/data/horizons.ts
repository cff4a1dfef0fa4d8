/**
 * How deep the service reads each prefetch key when it queries fhirServer itself: a pure function of the
 * clinical config (clinical-rules.md §2–§3), so a site that lengthens a lookback reads deeper, and one
 * decade-old result never makes the service page through a decade.
 *
 * Each Observation code belongs to one §2 input; each input has a depth: a number of days back from now,
 * and/or "the latest result however old" (for facts that take the most recent result whatever its age), or
 * the whole record (HBsAg ever positive, §1; (v3) HBV DNA and HBeAg for chronicity and the HBeAg trend;
 * histology, whose cirrhosis never ages out). A key whose codes have different depths is fetched as one
 * query per depth, merged into one Bundle. Other resource types (Condition, FamilyMemberHistory, active
 * medications, (v3) allergies) have no dated lookback and are read whole.
 */
import type { ClinicalConfig } from '../engine/config.js';
import { HISTOLOGY_FIBROSIS_CODE, HISTOLOGY_GRADE_CODE } from '../engine/codes.js';
import { DAY_MS, isoDate } from '../fhir/time.js';

export interface Depth {
  /** Read results dated within this many days before now; absent: the whole record. */
  days?: number;
  /** Also read the latest usable result, however old (a fact shows or uses the most recent one). */
  latest?: boolean;
}

export const WHOLE_RECORD: Depth = {};
/** The most recent result only, whatever its date. */
const LATEST: Depth = { days: 0, latest: true };
/** A month as the rules count it (calendar months) never exceeds 31 days. */
const monthsInDays = (months: number) => months * 31;
/** Depth of the widest of several lookbacks, in days. */
const within = (...days: number[]): Depth => ({ days: Math.max(...days) });

/**
 * Per §2 input: its codes (config `inputCodes`, histology's own) and how far back the rules look at it. A new
 * lookback setting is one line here (as `inr` below).
 */
export function inputDepths(c: ClinicalConfig): Record<string, { codes: readonly string[]; depth: Depth }> {
  const codes = (refs: readonly { code: string }[]) => refs.map((r) => r.code);
  const ic = c.inputCodes;
  return {
    // latest ALT, flare, recurrent mild, (v3) steep rise (the ALT before the latest, ≤ altLookbackDays before it);
    // D7 shows the last readable ALT however old.
    alt: { codes: codes(ic.alt), depth: { ...within(c.altLookbackDays * 2, c.flareLookbackDays, monthsInDays(c.recurrentMildMonths)), latest: true } },
    // (v3) chronicity: detectable HBV DNA dated ≥ chronicityMonths before now, any date: the whole record.
    hbvDna: { codes: codes([...ic.hbvDnaIU, ...ic.hbvDnaCopies, ...ic.hbvDnaLogIU, ...ic.hbvDnaLogCopies, ...ic.hbvDnaPresence]), depth: WHOLE_RECORD },
    // The latest HBeAg whatever its date, and (v3) its trend: a positive ≤12 months before that latest one.
    hbeag: { codes: codes([...ic.hbeag, ...ic.hbeagQuantitative]), depth: WHOLE_RECORD },
    // §1 scope: a positive HBsAg ever; (v3) qHBsAg.
    hbsag: { codes: codes([...ic.hbsag, ...ic.hbsagQuantitative, ...ic.hbsagLogIU]), depth: WHOLE_RECORD },
    // (v3) acute HBV excluded: anti-HBc IgM within chronicityMonths; D13 names the latest.
    antiHbcIgm: { codes: codes(ic.antiHbcIgm), depth: { ...within(monthsInDays(c.chronicityMonths)), latest: true } },
    // TBil within ±withinDaysOfAlt of the latest ALT, and the one before it; the last TBil on record is shown.
    tbil: { codes: codes(ic.tbil), depth: { ...within(c.altLookbackDays + c.tbil.withinDaysOfAlt + c.tbil.riseWithinDays), latest: true } },
    counts: { codes: codes([...ic.platelets, ...ic.neutrophils]), depth: within(c.cytopenia.lookbackDays, c.screenLookbackDays) },
    // (v3) APRI/FIB-4 and the screen's TSH.
    ast: { codes: codes(ic.ast), depth: within(c.screenLookbackDays, c.altLookbackDays) },
    tsh: { codes: codes(ic.tsh), depth: within(c.screenLookbackDays) },
    pregnancyStatus: { codes: codes(ic.pregnancyStatus), depth: LATEST },
    // (v3) cirrhosis on histology never ages out (a fibrosis result, or the stage in a combined grade text):
    // biopsies are few, so grade and stage are read whole.
    histology: { codes: [HISTOLOGY_GRADE_CODE, ...c.histologyCodes.map((h) => h.code)], depth: WHOLE_RECORD },
    fibrosis: { codes: [HISTOLOGY_FIBROSIS_CODE, ...c.fibrosisCodes.map((h) => h.code)], depth: WHOLE_RECORD },
    // (v3) liver stiffness: the latest within lsmLookbackMonths; an older latest one is listed as passed over.
    liverStiffness: { codes: codes(ic.liverStiffness), depth: { ...within(monthsInDays(c.lsmLookbackMonths)), latest: true } },
    // Coagulopathy: the latest INR within inrLookbackDays (§3); flare cards show the latest INR and PT on record.
    inr: { codes: codes(ic.inr), depth: { ...within(c.inrLookbackDays), latest: true } },
    pt: { codes: codes(ic.pt), depth: LATEST },
  };
}

/** Code → depth, for splitting a template's `code=` list. A code no input claims is read whole. */
export function depthByCode(c: ClinicalConfig): Map<string, Depth> {
  const out = new Map<string, Depth>();
  for (const { codes, depth } of Object.values(inputDepths(c))) for (const code of codes) out.set(code, depth);
  return out;
}

/** A query the service sends for one key, and where paging may stop. */
export interface OwnQuery {
  query: string;
  /** Epoch ms: once the results (sorted by -date) are past this, later pages hold nothing the rules read. */
  horizon?: number;
  /** Keep paging past the horizon until one usable dated result has been seen. */
  latest?: boolean;
}

/**
 * Results per page asked for. A server clamps `_count` to its own maximum (often 1,000) and paging goes on
 * from there; one that allows more saves the round trips: a decade of results several times a day holds
 * ~1,000 in the 12-month ALT window, and each page costs one more sequential round trip.
 */
export const LARGE_PAGE = 2000;

const depthKey = (d: Depth) => `${d.days ?? 'whole'}/${d.latest ? 'latest' : ''}`;

/** The widest of several depths (for a prefetched Bundle, whose query cannot be split). */
export function widest(depths: Depth[]): Depth {
  if (depths.length === 0 || depths.some((d) => d.days === undefined)) return WHOLE_RECORD;
  return { days: Math.max(...depths.map((d) => d.days!)), ...(depths.some((d) => d.latest) ? { latest: true } : {}) };
}

export function horizonOf(depth: Depth, now: number): Pick<OwnQuery, 'horizon' | 'latest'> {
  if (depth.days === undefined) return {};
  // One day of slack: date-only results and servers that compare dates in their own time zone.
  return { horizon: now - (depth.days + 1) * DAY_MS, ...(depth.latest ? { latest: true } : {}) };
}

function codesOf(params: URLSearchParams): string[] | undefined {
  const code = params.get('code');
  return code === null ? undefined : code.split(',');
}
const bareCode = (token: string) => token.slice(token.lastIndexOf('|') + 1);

/** The depth a filled-in query needs: the widest of its codes' depths; non-Observation queries: whole. */
export function depthOfQuery(query: string, byCode: Map<string, Depth>): Depth {
  const [type, search = ''] = query.split('?', 2);
  const codes = codesOf(new URLSearchParams(search));
  if (type !== 'Observation' || !codes) return WHOLE_RECORD;
  return widest(codes.map((c) => byCode.get(bareCode(c)) ?? WHOLE_RECORD));
}

/**
 * The service's own queries for one filled-in template: an Observation search is split by depth, each part
 * dated (`date=ge…` when only a window is needed), sorted by -date and asking for large pages. Reads and
 * other searches go as they are.
 */
export function ownQueries(query: string, byCode: Map<string, Depth>, now: number): OwnQuery[] {
  const [type, search] = query.split('?', 2);
  if (type !== 'Observation' || search === undefined) return [{ query }];
  const params = new URLSearchParams(search);
  const codes = codesOf(params);
  if (!codes) return [{ query }];
  const groups = new Map<string, { depth: Depth; codes: string[] }>();
  for (const code of codes) {
    const depth = byCode.get(bareCode(code)) ?? WHOLE_RECORD;
    const k = depthKey(depth);
    const group = groups.get(k) ?? { depth, codes: [] };
    group.codes.push(code);
    groups.set(k, group);
  }
  return [...groups.values()].map(({ depth, codes: groupCodes }) => {
    const p = new URLSearchParams(params);
    p.set('code', groupCodes.join(','));
    p.set('_sort', '-date');
    p.set('_count', String(LARGE_PAGE));
    const bounds = horizonOf(depth, now);
    // A date bound only where nothing older is wanted; "latest" parts rely on the sort and the stop rule.
    if (bounds.horizon !== undefined && !bounds.latest) p.set('date', `ge${isoDate(bounds.horizon)}`);
    // Keep `|` and `,` readable in the query (servers accept both encoded and not).
    return { query: `${type}?${p.toString().replace(/%7C/gi, '|').replace(/%2C/gi, ',')}`, ...bounds };
  });
}
