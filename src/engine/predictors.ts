/** P5 response predictors (§3): ALT ≥2×ULN; HBV DNA ≤1×10⁶ copies/mL (÷copiesPerIU in IU/mL); histology ≥G2. */
import type { ClinicalConfig } from './config.js';
import type { AltReading, Facts, HistologyReading, Predictor } from './types.js';
import { dnaAtMost } from './hbv-dna-state.js';

export function predictors(latestAlt: AltReading | undefined, dna: Facts['dna'], histology: HistologyReading | undefined, config: ClinicalConfig): Predictor[] {
  return [
    { kind: 'alt-2x', met: !latestAlt ? 'unknown' : latestAlt.multiple >= 2 ? 'yes' : 'no' },
    { kind: 'dna-low', met: dnaAtMost(dna.latest, config.predictorDnaMaxCopies / config.copiesPerIU) },
    { kind: 'histology-g2', met: !histology ? 'unknown' : histology.atLeastG2 ? 'yes' : 'no' },
  ];
}
