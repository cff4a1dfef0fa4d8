/**
 * The adapter between the engine's readers and the chart: the same readings the decision uses (ALT over its
 * own or the default ULN, HBV DNA in IU/mL, TBil in µmol/L, histology grades), limited to the period.
 * This is the one file of the app that reads engine internals; the page's decision comes from the cards.
 */
import type { ClinicalConfig } from '../../src/engine/config.js';
import { readAlt } from '../../src/engine/readers/alt.js';
import type { PassedOverList } from '../../src/engine/readers/common.js';
import { readHbvDna } from '../../src/engine/readers/hbv-dna.js';
import { readHistology } from '../../src/engine/readers/histology.js';
import { readTbil } from '../../src/engine/readers/tbil.js';
import type { PatientData } from '../../src/engine/types.js';
import { addMonths, DAY_MS } from '../../src/fhir/time.js';

export interface AltPoint {
  time: number;
  value: number;
  uln: number;
  multiple: number;
  source: string;
}
export interface DnaPoint {
  time: number;
  /** log10 IU/mL; undefined when below detection without a limit. */
  log?: number;
  /** IU/mL as read (for a below-detection result, its limit when one was given). */
  iu?: number;
  belowDetection: boolean;
  source: string;
}
export interface TbilPoint {
  time: number;
  umolL: number;
  ulnUmolL: number;
  source: string;
}
export interface BiopsyPoint {
  time: number;
  label: string;
  source: string;
}

export interface Series {
  from: number;
  to: number;
  /** Oldest first. */
  alt: AltPoint[];
  dna: DnaPoint[];
  tbil: TbilPoint[];
  biopsies: BiopsyPoint[];
  /** Start of the flare look-back (§3): any ALT >10×ULN since then is a flare. */
  flareFrom: number;
  flareDays: number;
}

const oldestFirst = <T extends { time: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.time - b.time);

export function seriesOf(data: PatientData, config: ClinicalConfig, now: number, months: number): Series {
  const from = addMonths(now, -months);
  const passed: PassedOverList = [];
  const histology = readHistology(data.observations, config, now, passed);
  const inPeriod = (t: number) => t >= from && t <= now;
  return {
    from,
    to: now,
    alt: oldestFirst(readAlt(data, config, now, passed).filter((a) => inPeriod(a.time))).map((a) => ({
      time: a.time,
      value: a.value,
      uln: a.uln,
      multiple: a.multiple,
      source: a.source,
    })),
    dna: oldestFirst(readHbvDna(data.observations, config, now, passed).filter((d) => inPeriod(d.time))).map((d) => ({
      time: d.time,
      ...(d.iu !== undefined && d.iu > 0 ? { log: Math.log10(d.iu), iu: d.iu } : {}),
      belowDetection: d.belowDetection,
      source: d.source,
    })),
    tbil: oldestFirst(readTbil(data.observations, config, now, passed).filter((t) => inPeriod(t.time))).map((t) => ({
      time: t.time,
      umolL: t.umolL,
      ulnUmolL: t.ulnUmolL,
      source: t.source,
    })),
    biopsies: oldestFirst([
      ...histology.grades.map((h) => ({ time: h.time, label: `${h.scale} ${h.scale === 'scheuer' ? 'G' : h.scale === 'metavir' ? 'A' : 'HAI '}${h.grade}`, source: h.source })),
      ...histology.stages.map((f) => ({ time: f.time, label: `${f.scale} ${f.scale === 'metavir' ? 'F' : f.scale === 'scheuer' ? 'S' : 'F'}${f.stage}`, source: f.source })),
    ].filter((h) => inPeriod(h.time))),
    flareFrom: now - config.flareLookbackDays * DAY_MS,
    flareDays: config.flareLookbackDays,
  };
}
