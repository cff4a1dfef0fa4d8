/**
 * P7 (§3): a flare is any ALT >10×ULN within the flare lookback; its peak is the highest multiple. ALT is
 * falling when the latest is below the ALT before it and at most flareFallFraction of the peak (v3: it names
 * D5's clause and D6's fall, it never permits interferon); rising again when the latest is ≥2×ULN and above the
 * ALT before it. The enzyme–bilirubin dissociation (胆酶分离) is ALT falling from the ALT before it while TBil is
 * significantly elevated and above the TBil before it.
 *
 * D5 `ifn-deferred` (§4 step 4) lives here too: its clauses and the action its summary ends with.
 */
import type { ClinicalConfig } from './config.js';
import type { AltReading, D5Clause, D5Tail, Facts, FlareFacts, TbilFacts } from './types.js';
import { ratio } from './readers/common.js';
import { altBefore } from './alt-history.js';
import { datedWithin } from './windows.js';

export function flareFacts(allAlt: AltReading[], latestAlt: AltReading | undefined, tbil: TbilFacts, config: ClinicalConfig, now: number): FlareFacts | undefined {
  if (!latestAlt) return undefined;
  let peak: AltReading | undefined;
  for (const a of allAlt) if (a.multiple > 10 && datedWithin(a.time, now, config.flareLookbackDays, 'days', config) && (!peak || a.multiple > peak.multiple)) peak = a;
  if (!peak) return undefined;
  const before = altBefore(allAlt, latestAlt);
  const fractionOfPeak = ratio(latestAlt.multiple, peak.multiple);
  const lower = before !== undefined && latestAlt.multiple < before.multiple;
  const falling = lower && fractionOfPeak <= config.flareFallFraction;
  const risingAgain = before !== undefined && latestAlt.multiple >= 2 && latestAlt.multiple > before.multiple;
  const dissociation = lower && tbil.state === 'elevated' && tbil.previous !== undefined && tbil.latest!.umolL > tbil.previous.umolL;
  const facts: FlareFacts = { peak, fractionOfPeak, falling, risingAgain, dissociation };
  if (before) facts.altBefore = before;
  return facts;
}

/**
 * D5 (§4 step 4), every clause that fires, in the summary's order. A flare and: latest ALT >10×ULN (*not
 * settling*, or *falling, still >10×ULN* when falling), ALT rising again, cirrhosis on record (§8 13: not a
 * non-invasive one). Or (a flare or the latest ALT in the window) and (TBil significantly elevated, or (v3)
 * coagulopathy). The dissociation is the named case of the bilirubin clause: it replaces it (said once).
 */
export function d5Clauses(f: Facts): D5Clause[] {
  const alt = f.latestAlt;
  if (!alt) return [];
  const flare = f.flare;
  const out: D5Clause[] = [];
  const bilirubinOrInr = flare !== undefined || alt.band === 'window';
  if (flare?.dissociation) out.push('dissociation');
  if (bilirubinOrInr && f.inr.coagulopathy) out.push('coagulopathy');
  if (bilirubinOrInr && f.tbil.state === 'elevated' && !flare?.dissociation) out.push('bilirubin');
  if (flare && f.fibrosis.cirrhosisOnRecord) out.push('cirrhosis');
  if (flare?.risingAgain) out.push('rising-again');
  if (flare && alt.multiple > 10) out.push(flare.falling ? 'falling-still-severe' : 'not-settling');
  return out;
}

/** D5 urgent: dissociation, or coagulopathy after a flare (start an NA now, INR or "check INR", consider admission). */
export const d5Urgent = (clauses: D5Clause[], f: Facts): boolean => clauses.includes('dissociation') || (clauses.includes('coagulopathy') && f.flare !== undefined);

/**
 * D5's action (§7 `{tail}`): urgent (dissociation, or coagulopathy after a flare) ⇒ NA now, consider admission;
 * HBV DNA below detection ⇒ look for another cause; on an NA ⇒ check adherence and resistance; else NA now.
 */
export function d5Tail(clauses: D5Clause[], f: Facts): D5Tail {
  if (d5Urgent(clauses, f)) return 'na-now-admission';
  if (f.dna.state === 'below-detection') return 'another-cause';
  if (f.treatment.currentNa) return 'adherence-resistance';
  return 'na-now';
}
