/**
 * §3 "TBil significantly elevated": the latest TBil dated within 7 days (before or after) of the latest ALT is
 * >2×ULN, or >51 µmol/L, or exceeds the TBil before it (≤14 days earlier) by >17.1 µmol/L. No TBil within the
 * anchor ⇒ unknown, never assumed normal. (v3) Days are calendar days in the site time zone.
 */
import type { ClinicalConfig } from './config.js';
import type { AltReading, TbilFacts, TbilReading, TbilReason } from './types.js';
import { calendarDaysBetween } from './windows.js';

export function tbilFacts(tbil: TbilReading[], latestAlt: AltReading | undefined, config: ClinicalConfig): TbilFacts {
  const lastOnRecord = tbil[0];
  const unknown: TbilFacts = lastOnRecord ? { state: 'unknown', reasons: [], lastOnRecord } : { state: 'unknown', reasons: [] };
  if (!latestAlt) return unknown;
  const latest = tbil.find((t) => Math.abs(calendarDaysBetween(latestAlt.time, t.time, config)) <= config.tbil.withinDaysOfAlt);
  if (!latest) return unknown;
  const previous = tbil.find((t) => t.time < latest.time && calendarDaysBetween(t.time, latest.time, config) <= config.tbil.riseWithinDays);
  const reasons: TbilReason[] = [];
  if (latest.umolL > config.tbil.ulnMultiple * latest.ulnUmolL) reasons.push('over-uln-multiple');
  if (latest.umolL > config.tbil.absoluteUmolL) reasons.push('over-absolute');
  if (previous && latest.umolL - previous.umolL > config.tbil.riseUmolL) reasons.push('rise');
  const facts: TbilFacts = { state: reasons.length ? 'elevated' : 'not-elevated', reasons, latest };
  if (previous) facts.previous = previous;
  if (lastOnRecord) facts.lastOnRecord = lastOnRecord;
  return facts;
}
