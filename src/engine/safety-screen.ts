/**
 * §3 (v2) the pre-treatment safety screen: TBil (as in bilirubin.ts), neutrophils and platelets (latest dated
 * ≤90 days before now), each acceptable, below the relative threshold (a caveat), contraindicating (D8) or unknown.
 */
import type { ClinicalConfig } from './config.js';
import type { CountReading, SafetyScreen, ScreenState, TbilFacts } from './types.js';
import { within } from './readers/common.js';

function count(readings: CountReading[], contraindicatingBelow: number, relativeBelow: number, lookbackDays: number, now: number): SafetyScreen['platelets'] {
  const reading = readings.find((r) => within(r.time, now, lookbackDays));
  if (!reading) return { state: 'unknown' };
  const state: ScreenState = reading.value < contraindicatingBelow ? 'contraindicating' : reading.value < relativeBelow ? 'below-relative' : 'acceptable';
  return { state, reading };
}

export function safetyScreen(tbil: TbilFacts, neutrophils: CountReading[], platelets: CountReading[], config: ClinicalConfig, now: number): SafetyScreen {
  const lookback = config.cytopenia.lookbackDays;
  const tbilState: ScreenState = tbil.state === 'unknown' ? 'unknown' : tbil.state === 'elevated' ? 'elevated' : 'acceptable';
  return {
    tbil: tbil.latest ? { state: tbilState, reading: tbil.latest } : { state: tbilState },
    neutrophils: count(neutrophils, config.cytopenia.neutrophilsBelow, config.relativeNeutrophilsBelow, lookback, now),
    platelets: count(platelets, config.cytopenia.plateletsBelow, config.relativePlateletsBelow, lookback, now),
  };
}
