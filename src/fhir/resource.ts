/** What every rule asks of a resource: when it happened, and how to cite it. */
import { isObject, str, type Json } from './json.js';
import { parseTime } from './time.js';

/** When an Observation was made: effectiveDateTime, effectiveInstant, or the end (else start) of effectivePeriod. */
export function effectiveTime(resource: Json): number | undefined {
  const direct = parseTime(resource.effectiveDateTime) ?? parseTime(resource.effectiveInstant);
  if (direct !== undefined) return direct;
  const period = resource.effectivePeriod;
  if (isObject(period)) return parseTime(period.end) ?? parseTime(period.start);
  return undefined;
}

export function ref(resource: Json): string {
  const type = str(resource.resourceType) ?? 'Resource';
  const id = str(resource.id);
  return id ? `${type}/${id}` : `${type}/(no id)`;
}
