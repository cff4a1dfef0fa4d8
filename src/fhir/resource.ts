/** What every rule asks of a resource: when it happened, and how to cite it. */
import { isObject, str, type Json } from './json.js';
import { INVALID, parseFhirTime, type ParsedTime } from './time.js';

/**
 * When an Observation was made, read exactly: effectiveDateTime, effectiveInstant, or the end (else start) of
 * effectivePeriod. `'invalid'` when the date given is impossible (v3 §2: passed over, never shifted); the first
 * date present decides (an impossible effectiveDateTime is not rescued by a period).
 */
export function effectiveTimeChecked(resource: Json, timeZone = 'UTC'): { time: ParsedTime; text?: string } {
  for (const key of ['effectiveDateTime', 'effectiveInstant'] as const) {
    const v = resource[key];
    if (v === undefined) continue;
    const time = parseFhirTime(v, timeZone);
    return time === INVALID ? { time, text: rawText(v) } : { time };
  }
  const period = resource.effectivePeriod;
  if (isObject(period)) {
    for (const v of [period.end, period.start]) {
      if (v === undefined) continue;
      const time = parseFhirTime(v, timeZone);
      return time === INVALID ? { time, text: rawText(v) } : { time };
    }
  }
  return { time: undefined };
}

/** A record value as short text for a card (bounded: record text is untrusted). */
function rawText(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 64 ? `${s.slice(0, 63)}…` : s;
}

/** When an Observation was made (epoch ms), or undefined when absent or impossible. */
export function effectiveTime(resource: Json, timeZone = 'UTC'): number | undefined {
  const { time } = effectiveTimeChecked(resource, timeZone);
  return typeof time === 'number' ? time : undefined;
}

export function ref(resource: Json): string {
  const type = str(resource.resourceType) ?? 'Resource';
  const id = str(resource.id);
  return id ? `${type}/${id}` : `${type}/(no id)`;
}
