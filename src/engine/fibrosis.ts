/**
 * §3 (v2) significant fibrosis / cirrhosis: from the most recent fibrosis stage dated ≤36 months before now
 * (a dedicated fibrosis result before a combined text of the same date), or cirrhosis on record (an active
 * cirrhosisCodes Condition).
 */
import type { ClinicalConfig } from './config.js';
import type { Json } from '../fhir/json.js';
import { addMonths, isoDate } from '../fhir/time.js';
import type { FibrosisFacts, FibrosisReading, HistologyReading, PassedOver } from './types.js';
import { conditionFacts } from './readers/conditions.js';

/** Readings older than histologyMaxAgeMonths are passed over as too old (§2, §7), the rest kept. */
export function recentHistology<T extends HistologyReading | FibrosisReading>(readings: T[], input: 'histology' | 'fibrosis', config: ClinicalConfig, now: number, passed: PassedOver[]): T[] {
  const cutoff = addMonths(now, -config.histologyMaxAgeMonths);
  const kept: T[] = [];
  for (const r of readings) {
    if (r.time >= cutoff) kept.push(r);
    else passed.push({ source: r.source, input, reason: 'too-old', date: isoDate(r.time) });
  }
  return kept;
}

export function fibrosisFacts(stages: FibrosisReading[], conditions: Json[], config: ClinicalConfig): FibrosisFacts {
  const stage = [...stages].sort((a, b) => b.time - a.time || (a.from === 'fibrosis-result' ? -1 : 1))[0];
  const cirrhosisConditions = conditionFacts(conditions, config.cirrhosisCodes);
  const cirrhosis = (stage?.cirrhosis ?? false) || cirrhosisConditions.length > 0;
  const facts: FibrosisFacts = { cirrhosisConditions, cirrhosis, significant: cirrhosis || (stage?.significant ?? false) };
  if (stage) facts.stage = stage;
  return facts;
}
