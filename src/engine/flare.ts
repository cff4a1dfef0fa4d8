/**
 * P7 (§3): a flare is any ALT >10×ULN within the flare lookback; its peak is the highest multiple. (v2) ALT is
 * falling when the latest is below the ALT before it and at most flareFallFraction of the peak; rising again
 * when the latest is ≥2×ULN and above the ALT before it. The enzyme–bilirubin dissociation (胆酶分离) is ALT
 * falling from the ALT before it while TBil is significantly elevated and above the TBil before it.
 */
import type { ClinicalConfig } from './config.js';
import type { AltReading, FlareFacts, TbilFacts } from './types.js';
import { ratio, within } from './readers/common.js';

export function flareFacts(allAlt: AltReading[], latestAlt: AltReading | undefined, tbil: TbilFacts, config: ClinicalConfig, now: number): FlareFacts | undefined {
  if (!latestAlt) return undefined;
  let peak: AltReading | undefined;
  for (const a of allAlt) if (a.multiple > 10 && within(a.time, now, config.flareLookbackDays) && (!peak || a.multiple > peak.multiple)) peak = a;
  if (!peak) return undefined;
  // "The ALT before" is the next older usable result (readers/alt.ts orders same-instant ties higher-first-older).
  const altBefore = allAlt[allAlt.indexOf(latestAlt) + 1];
  const fractionOfPeak = ratio(latestAlt.multiple, peak.multiple);
  const lower = altBefore !== undefined && latestAlt.multiple < altBefore.multiple;
  const falling = lower && fractionOfPeak <= config.flareFallFraction;
  const risingAgain = altBefore !== undefined && latestAlt.multiple >= 2 && latestAlt.multiple > altBefore.multiple;
  const dissociation = lower && tbil.state === 'elevated' && tbil.previous !== undefined && tbil.latest!.umolL > tbil.previous.umolL;
  const facts: FlareFacts = { peak, fractionOfPeak, falling, risingAgain, dissociation };
  if (altBefore) facts.altBefore = altBefore;
  return facts;
}
