/**
 * §3 (v3) chronicity and D13 `chronicity-unconfirmed` (§4 step 6).
 * **Established**: an active CHB Condition (§2.1 list `chb`: 61977001, B18.0, B18.1; §8 20: 66071002 alone does
 * not establish it), or a positive HBsAg or detectable HBV DNA dated ≥ chronicityMonths before now.
 * **Acute HBV excluded**: anti-HBc IgM negative dated ≤ chronicityMonths before now and not before the earliest
 * positive HBsAg. D13 applies when chronicity is unconfirmed and acute HBV is not excluded; a positive latest
 * anti-HBc IgM makes it *IgM positive* ("acute hepatitis B likely").
 */
import type { ClinicalConfig } from './config.js';
import type { AntigenReading, ChronicityFacts, ConditionFact, D13Variant, DnaReading, HbsagReading } from './types.js';
import { calendarDay } from '../fhir/calendar.js';
import { datedAtLeast, datedWithin } from './windows.js';

/** In scope by HBsAg (§1): qualitative positive, or a quantity > 0.05 IU/mL. */
export const hbsagPositive = (r: HbsagReading): boolean => r.positive || (r.iu !== undefined && !r.belowIu && r.iu > 0.05);

export interface ChronicityInputs {
  chbConditions: ConditionFact[];
  /** Every HBsAg, newest first. */
  hbsag: HbsagReading[];
  /** Every HBV DNA, newest first. */
  dna: DnaReading[];
  /** Every anti-HBc IgM, newest first. */
  igm: AntigenReading[];
}

export function chronicityFacts(x: ChronicityInputs, config: ClinicalConfig, now: number): ChronicityFacts {
  const months = config.chronicityMonths;
  const hbsagPos = x.hbsag.filter(hbsagPositive);
  const firstPositiveHbsag = hbsagPos[hbsagPos.length - 1];
  const detectable = x.dna.filter((d) => !d.belowDetection);
  const firstDetectableDna = detectable[detectable.length - 1];
  const igm = x.igm[0];
  const facts: ChronicityFacts = { state: 'unconfirmed', hbsagPositive: hbsagPos, acuteExcluded: false, igmPositive: igm?.positive === true };
  if (firstPositiveHbsag) facts.firstPositiveHbsag = firstPositiveHbsag;
  if (firstDetectableDna) facts.firstDetectableDna = firstDetectableDna;
  if (igm) facts.igm = igm;

  const condition = x.chbConditions[0];
  if (condition) {
    facts.state = 'established';
    facts.establishedBy = 'condition';
    facts.condition = condition;
  } else if (firstPositiveHbsag && datedAtLeast(firstPositiveHbsag.time, now, months, 'months', config)) {
    facts.state = 'established';
    facts.establishedBy = 'hbsag';
  } else if (firstDetectableDna && datedAtLeast(firstDetectableDna.time, now, months, 'months', config)) {
    facts.state = 'established';
    facts.establishedBy = 'hbv-dna';
  }

  const negative = x.igm.find((r) => !r.positive && datedWithin(r.time, now, months, 'months', config));
  facts.acuteExcluded =
    igm !== undefined && !igm.positive && negative !== undefined && (!firstPositiveHbsag || calendarDay(negative.time, config.timeZone) >= calendarDay(firstPositiveHbsag.time, config.timeZone));
  return facts;
}

/** D13 (§4 step 6): chronicity unconfirmed and acute HBV not excluded. */
export function d13Variant(c: ChronicityFacts): D13Variant | undefined {
  if (c.state === 'established' || c.acuteExcluded) return undefined;
  return c.igmPositive ? 'igm-positive' : 'unconfirmed';
}
