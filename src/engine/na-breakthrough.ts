/**
 * D11 `na-breakthrough` (§4 step 8) and the NA line (§1, carried §4).
 * D11: on an NA with HBV DNA detectable. *Early*: NA start < naEarlyWeeks before now (a documented start; unknown ⇒
 * not early, §8 5, 30) — HBV DNA may still be falling; *breakthrough*: latest ALT > ULN; *incomplete suppression*:
 * ALT ≤ ULN (§8 3). Cirrhosis (any source) is named: rescue without delay.
 * NA line: HBV DNA unknown ⇒ order it; below detection ⇒ continue the NA; detectable: early ⇒ recheck at week
 * naEarlyWeeks; on tenofovir DF/AF (or a tenofovir combination) ⇒ adherence, resistance, specialist review (§8 6);
 * on entecavir, lamivudine, telbivudine, adefovir ⇒ adherence, resistance, switch to or add tenofovir.
 */
import type { ClinicalConfig } from './config.js';
import type { D11Variant, Facts, MissingInput, NaDrug, NaLine, NaLineAdvice } from './types.js';
import { calendarDay, windowStart } from '../fhir/calendar.js';

const TENOFOVIR: readonly NaDrug[] = ['tenofovir-df', 'tenofovir-af'];
/** NAs whose failure is rescued by tenofovir (EASL/AASLD). */
const RESCUE_WITH_TENOFOVIR: readonly NaDrug[] = ['entecavir', 'lamivudine', 'telbivudine', 'adefovir'];

/** §3 NA early: a documented start dated less than naEarlyWeeks before now (calendar days, site zone). */
export function naEarly(naStart: number | undefined, config: ClinicalConfig, now: number): boolean {
  if (naStart === undefined) return false;
  return calendarDay(naStart, config.timeZone) > calendarDay(windowStart(now, config.naEarlyWeeks, 'weeks', config.timeZone), config.timeZone);
}

export function d11Variant(f: Facts): D11Variant | undefined {
  if (!f.treatment.currentNa || f.dna.state !== 'detectable') return undefined;
  if (f.treatment.naEarly) return 'early';
  return f.latestAlt !== undefined && f.latestAlt.multiple > 1 ? 'breakthrough' : 'incomplete-suppression';
}

function advice(f: Facts): NaLineAdvice {
  if (f.dna.state === 'unknown') return 'order-dna';
  if (f.dna.state === 'below-detection') return 'continue';
  if (f.treatment.naEarly) return 'early-recheck';
  const drug = f.treatment.currentNa?.drug;
  // An NA the record does not name could be tenofovir: never advise switching to what the patient may take.
  return drug !== undefined && RESCUE_WITH_TENOFOVIR.includes(drug) ? 'switch-or-add-tenofovir' : 'specialist-review';
}

export function naLine(f: Facts): NaLine | undefined {
  const medication = f.treatment.currentNa;
  if (!medication) return undefined;
  const line: NaLine = { medication, advice: advice(f) };
  if (medication.drug) line.drug = medication.drug;
  if (f.dna.latest) line.dna = f.dna.latest;
  if (f.treatment.naStart !== undefined) line.naStart = f.treatment.naStart;
  return line;
}

/** The NA line's test (§4 "Carried lines"): HBV DNA if unknown; if detectable, the resistance test, not early. */
export function naLineTests(line: NaLine): MissingInput[] {
  if (line.advice === 'order-dna') return ['hbv-dna'];
  if (line.advice === 'switch-or-add-tenofovir' || line.advice === 'specialist-review') return ['resistance-test'];
  return [];
}

export const isTenofovir = (drug: NaDrug | undefined): boolean => drug !== undefined && TENOFOVIR.includes(drug);
