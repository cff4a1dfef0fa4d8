/** §1/§2 HBeAg and HBsAg: presence codes read qualitatively; quantitative codes against their cut-offs. */
import { LOINC } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import { num, str, type Json } from '../../fhir/json.js';
import { hasCode, quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { AntigenReading, InputKind } from '../types.js';
import { newestFirst, observationsWithLoinc, passOver, quantity, usable, type PassedOverList } from './common.js';
import { qualitative } from './qualitative.js';

const SCO_UNIT = /^(\{?s\/?co\}?|\{?s_co_ratio\}?|\{?coi\}?|index|\{index_val\})$/i;

function readAntigen(
  observations: Json[],
  presenceCodes: readonly string[],
  quantitativeCodes: readonly string[],
  cutoff: (value: number, unit: string | undefined, comparator: string | undefined) => boolean | undefined,
  now: number,
  passed: PassedOverList,
  input: InputKind,
): AntigenReading[] {
  const out: AntigenReading[] = [];
  for (const obs of observationsWithLoinc(observations, [...presenceCodes, ...quantitativeCodes])) {
    const time = usable(obs, input, now, passed);
    if (time === undefined) continue;
    let positive = qualitative(obs);
    if (positive === undefined && hasCode(obs.code, SYSTEM.loinc, quantitativeCodes)) {
      const q = quantity(obs);
      const v = q ? num(q.value) : undefined;
      if (q && v !== undefined) positive = cutoff(v, quantityUnit(q), str(q.comparator));
    }
    if (positive === undefined) {
      passOver(passed, obs, input, 'unreadable', { time });
      continue;
    }
    out.push({ source: ref(obs), time, positive });
  }
  return newestFirst(out);
}

/** §2 HBeAg; quantitative ≥1.0 S/CO (or COI) positive. A unitless value is read as S/CO. */
export function readHbeag(observations: Json[], now: number, passed: PassedOverList): AntigenReading[] {
  return readAntigen(
    observations,
    LOINC.hbeagPresence,
    LOINC.hbeagQuantitative,
    (v, unit, comparator) => {
      if (unit && !SCO_UNIT.test(unit.trim())) return undefined;
      if (comparator === '<' || comparator === '<=') return v > 1.0 ? undefined : false;
      return v >= 1.0;
    },
    now,
    passed,
    'hbeag',
  );
}

/** §1 HBsAg; quantitative > 0.05 IU/mL positive. */
export function readHbsag(observations: Json[], now: number, passed: PassedOverList): AntigenReading[] {
  return readAntigen(
    observations,
    LOINC.hbsagPresence,
    LOINC.hbsagQuantitative,
    (v, unit, comparator) => {
      if (unit && !/^(\[?iu\]?\/ml)$/i.test(unit.trim())) return undefined;
      if (comparator === '<' || comparator === '<=') return v > 0.05 ? undefined : false;
      return v > 0.05;
    },
    now,
    passed,
    'hbsag',
  );
}
