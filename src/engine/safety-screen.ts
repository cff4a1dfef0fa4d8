/**
 * §3 (v3) the pre-treatment safety screen: TBil (as in bilirubin.ts); neutrophils, platelets, TSH (latest dated
 * ≤ screenLookbackDays before now); INR (≤ inrLookbackDays; required on D6 only). Each acceptable, relative
 * (neutrophils < relativeNeutrophilsBelow, platelets < relativePlateletsBelow, TSH out of range, TBil significantly
 * elevated, INR > inrHigh), contraindicating (D8 cytopenias) or unknown. **Clear**: TBil, neutrophils, platelets,
 * TSH known and acceptable and no relative contraindication on record (§2.1); `clearWithInr` adds D6's INR.
 */
import type { ClinicalConfig } from './config.js';
import type { CountReading, Facts, SafetyScreen, ScreenState, TbilFacts, TshReading } from './types.js';
import { datedWithin } from './windows.js';

function count(readings: CountReading[], contraindicatingBelow: number, relativeBelow: number, config: ClinicalConfig, now: number): SafetyScreen['platelets'] {
  const reading = readings.find((r) => datedWithin(r.time, now, config.screenLookbackDays, 'days', config));
  if (!reading) return { state: 'unknown' };
  const state: ScreenState = reading.value < contraindicatingBelow ? 'contraindicating' : reading.value < relativeBelow ? 'relative' : 'acceptable';
  return { state, reading };
}

export interface ScreenInputs {
  tbil: TbilFacts;
  neutrophils: CountReading[];
  platelets: CountReading[];
  tsh: TshReading[];
  inr: Facts['inr'];
  /** A §2.1 relative contraindication is on record (thyroid, retinopathy, psoriasis, …). */
  relativeConditionOnRecord: boolean;
}

export function safetyScreen(s: ScreenInputs, config: ClinicalConfig, now: number): SafetyScreen {
  const tbilState: ScreenState = s.tbil.state === 'unknown' ? 'unknown' : s.tbil.state === 'elevated' ? 'relative' : 'acceptable';
  const tshReading = s.tsh.find((r) => datedWithin(r.time, now, config.screenLookbackDays, 'days', config));
  const tsh: SafetyScreen['tsh'] = tshReading ? { state: tshReading.state === 'normal' ? 'acceptable' : 'relative', reading: tshReading } : { state: 'unknown' };
  const inr: SafetyScreen['inr'] = s.inr.latest ? { state: s.inr.latest.value > config.inrHigh ? 'relative' : 'acceptable', reading: s.inr.latest } : { state: 'unknown' };
  const screen: Omit<SafetyScreen, 'clear' | 'clearWithInr'> = {
    tbil: s.tbil.latest ? { state: tbilState, reading: s.tbil.latest } : { state: tbilState },
    neutrophils: count(s.neutrophils, config.cytopenia.neutrophilsBelow, config.relativeNeutrophilsBelow, config, now),
    platelets: count(s.platelets, config.cytopenia.plateletsBelow, config.relativePlateletsBelow, config, now),
    tsh,
    inr,
  };
  const clear = [screen.tbil, screen.neutrophils, screen.platelets, screen.tsh].every((x) => x.state === 'acceptable') && !s.relativeConditionOnRecord;
  return { ...screen, clear, clearWithInr: clear && inr.state === 'acceptable' };
}

/** The screen tests a card orders when unknown (§5: TBil, one full blood count, TSH). */
export function missingScreenTests(screen: SafetyScreen): ('tbil' | 'full-blood-count' | 'tsh')[] {
  const out: ('tbil' | 'full-blood-count' | 'tsh')[] = [];
  if (screen.tbil.state === 'unknown') out.push('tbil');
  if (screen.neutrophils.state === 'unknown' || screen.platelets.state === 'unknown') out.push('full-blood-count');
  if (screen.tsh.state === 'unknown') out.push('tsh');
  return out;
}
