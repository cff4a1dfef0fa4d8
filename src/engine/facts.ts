/** clinical-rules.md §3 "Derived facts" and the D8 contraindications, from the readings of §2. */
import type { ClinicalConfig } from './config.js';
import { LOINC, SNOMED } from './codes.js';
import { addMonths, DAY_MS } from '../fhir/time.js';
import { isoDate } from '../fhir/time.js';
import { ref } from '../fhir/resource.js';
import { str, type Json } from '../fhir/json.js';
import { activeConditionsWith, ageRange, classifyOrder, familyHistoryWith, fmt, isActiveMedication, readAlt, readCounts, readHbeag, readHbvDna, readHistology, readPregnancyStatus, readTbil, type Notes } from './inputs.js';
import type { AltReading, BiopsyTrigger, Contraindication, DnaReading, Evidence, Facts, PatientData, Predictor, TbilReading, Tri } from './types.js';

/** "4.2×ULN"; one decimal, or two where one would round onto a band edge it is not on (1.0, 2.0, 10.0). */
export function formatMultiple(multiple: number): string {
  const one = multiple.toFixed(1);
  if (['1.0', '2.0', '10.0'].includes(one) && Number(one) !== multiple) return `${multiple.toFixed(2)}×ULN`;
  return `${one}×ULN`;
}

/** IU/mL in scientific notation for large values: "3.1×10⁵ IU/mL". */
export function formatIU(iu: number): string {
  if (iu < 10_000) return `${fmt(iu, iu < 10 ? 2 : 0)} IU/mL`;
  const exp = Math.floor(Math.log10(iu));
  const mantissa = iu / 10 ** exp;
  const sup = String(exp).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
  return `${mantissa.toFixed(1)}×10${sup} IU/mL`;
}

export function altEvidence(a: AltReading, rules: Evidence['rules'] = ['P2', 'P3', 'P4']): Evidence {
  return {
    kind: 'alt',
    value: `${fmt(a.value)} U/L (${formatMultiple(a.multiple)}, ULN ${fmt(a.uln)})`,
    date: isoDate(a.time),
    source: a.source,
    rules,
  };
}

export function dnaEvidence(d: DnaReading, rules: Evidence['rules']): Evidence {
  const value = d.belowDetection
    ? `below detection (${d.asWritten})`
    : d.iu !== undefined
      ? `${formatIU(d.iu)} (${d.asWritten})`
      : `detected (${d.asWritten})`;
  return { kind: 'hbv-dna', value, date: isoDate(d.time), source: d.source, rules };
}

export function tbilEvidence(t: TbilReading): Evidence {
  return { kind: 'tbil', value: `${fmt(t.umolL)} µmol/L (ULN ${fmt(t.ulnUmolL)})`, date: isoDate(t.time), source: t.source, rules: ['P7'] };
}

function within(time: number, now: number, days: number): boolean {
  return now - time <= days * DAY_MS;
}

/** §3 TBil significantly elevated: elevated / not-elevated / unknown (no TBil within 7 days of the latest ALT). */
function tbilState(tbil: TbilReading[], latestAlt: AltReading | undefined, config: ClinicalConfig): Facts['tbil'] {
  if (!latestAlt) return { state: 'unknown' };
  const near = tbil.filter((t) => Math.abs(t.time - latestAlt.time) <= config.tbil.withinDaysOfAlt * DAY_MS);
  const latest = near[0];
  if (!latest) return { state: 'unknown' };
  const previous = tbil.find((t) => t.time < latest.time && latest.time - t.time <= config.tbil.riseWithinDays * DAY_MS);
  const base = previous ? { latest, previous } : { latest };
  if (latest.umolL > config.tbil.ulnMultiple * latest.ulnUmolL) return { state: 'elevated', reason: 'over-2x-uln', ...base };
  if (latest.umolL > config.tbil.absoluteUmolL) return { state: 'elevated', reason: 'over-absolute', ...base };
  if (previous && latest.umolL - previous.umolL > config.tbil.riseUmolL) return { state: 'elevated', reason: 'rise', ...base };
  return { state: 'not-elevated', ...base };
}

/** Is the latest HBV DNA at or above `iu`? A "<limit" above `iu` cannot tell. */
function dnaAtLeast(d: DnaReading | undefined, iu: number): Tri {
  if (!d) return 'unknown';
  if (d.belowDetection) return d.iu === undefined || d.iu <= iu ? 'no' : 'unknown';
  if (d.iu === undefined) return 'unknown';
  return d.iu >= iu ? 'yes' : 'no';
}

function dnaAtMost(d: DnaReading | undefined, iu: number): Tri {
  if (!d) return 'unknown';
  if (d.belowDetection) return d.iu === undefined || d.iu <= iu ? 'yes' : 'unknown';
  if (d.iu === undefined) return 'unknown';
  return d.iu <= iu ? 'yes' : 'no';
}

export function deriveFacts(
  data: PatientData,
  config: ClinicalConfig,
  now: number,
  notes: Notes,
): { facts: Facts; contraindications: Contraindication[] } {
  const obs = data.observations;
  const allAlt = readAlt(data, config, now, notes);
  const altHistory = allAlt.filter((a) => within(a.time, now, Math.max(config.altLookbackDays, config.flareLookbackDays)) || a.time >= addMonths(now, -config.recurrentMildMonths));
  const latestAlt = allAlt.find((a) => within(a.time, now, config.altLookbackDays));

  // recurrent mild: ≥2 mild results in the last 12 months, first and last ≥28 days apart.
  const mild = allAlt.filter((a) => a.band === 'mild' && a.time >= addMonths(now, -config.recurrentMildMonths));
  const recurrentMild =
    mild.length >= 2 && mild[0]!.time - mild[mild.length - 1]!.time >= config.recurrentMildMinDaysApart * DAY_MS;

  // flare: any ALT >10×ULN within the flare lookback; falling: below its peak and below the ALT just before.
  const flareResults = allAlt.filter((a) => a.multiple > 10 && within(a.time, now, config.flareLookbackDays));
  const flare = flareResults.length > 0;
  const flarePeak = flareResults.reduce<AltReading | undefined>((p, a) => (!p || a.multiple > p.multiple ? a : p), undefined);
  const previousAlt = latestAlt ? allAlt[allAlt.indexOf(latestAlt) + 1] : undefined;
  const altFalling =
    !!latestAlt && !!flarePeak && !!previousAlt && latestAlt.multiple < flarePeak.multiple && latestAlt.multiple < previousAlt.multiple;

  const tbil = tbilState(readTbil(obs, config, now, notes), latestAlt, config);

  const dnaCutoff = addMonths(now, -config.hbvDnaLookbackMonths);
  const latestDna = readHbvDna(obs, config, now, notes).find((d) => d.time >= dnaCutoff);
  const dnaDetectable: Tri = !latestDna ? 'unknown' : latestDna.belowDetection ? 'no' : 'yes';
  const latestHbeag = readHbeag(obs, now, notes)[0];
  const histologyCutoff = addMonths(now, -config.histologyMaxAgeMonths);
  const histology = readHistology(obs, config, now, notes).find((h) => h.time >= histologyCutoff);
  const birthDate = data.patient ? str(data.patient.birthDate) : undefined;
  const age = ageRange(birthDate, now);

  // §3 biopsy triggers (P6)
  const triggers: BiopsyTrigger[] = [];
  triggers.push({
    kind: 'age',
    fired: !age ? 'unknown' : age.min >= config.biopsyAge ? 'yes' : age.max < config.biopsyAge ? 'no' : 'unknown',
    evidence: age && data.patient
      ? [{ kind: 'birth-date', value: age.min === age.max ? `${age.min}` : `${age.min}–${age.max}`, date: birthDate!, source: ref(data.patient), rules: ['P6'] }]
      : [],
  });
  const family = familyHistoryWith(data.familyHistory, SNOMED.familyHistory);
  triggers.push({
    kind: 'family-history',
    fired: family.length > 0 ? 'yes' : data.familyHistory.length > 0 ? 'no' : 'unknown',
    evidence: family.map((f) => ({ kind: 'family-history' as const, value: f.code, source: ref(f.resource), rules: ['P6' as const] })),
  });
  const dnaHigh = dnaAtLeast(latestDna, config.hbeagNegativeDnaIU);
  const hbeagNegative: Tri = !latestHbeag ? 'unknown' : latestHbeag.positive ? 'no' : 'yes';
  const hbeagTrigger: Tri =
    hbeagNegative === 'no' || dnaHigh === 'no' ? 'no' : hbeagNegative === 'yes' && dnaHigh === 'yes' ? 'yes' : 'unknown';
  const hbeagEvidence: Evidence[] = [];
  if (latestHbeag) {
    hbeagEvidence.push({
      kind: 'hbeag',
      value: `${latestHbeag.positive ? 'positive' : 'negative'} (${latestHbeag.asWritten})`,
      date: isoDate(latestHbeag.time),
      source: latestHbeag.source,
      rules: ['P6'],
    });
  }
  if (latestDna) hbeagEvidence.push(dnaEvidence(latestDna, ['P5', 'P6']));
  triggers.push({ kind: 'hbeag-negative-dna', fired: hbeagTrigger, evidence: hbeagEvidence });
  const lesions = activeConditionsWith(data.conditions, config.imagingLesionCodes);
  triggers.push({
    kind: 'imaging',
    fired: lesions.length > 0 ? 'yes' : data.conditions.length > 0 ? 'no' : 'unknown',
    evidence: lesions.map((c) => conditionEvidence(c, ['P6'])),
  });

  // §3 response predictors (P5)
  const predictors: Predictor[] = [
    {
      kind: 'alt-2x',
      met: !latestAlt ? 'unknown' : latestAlt.multiple >= 2 ? 'yes' : 'no',
      evidence: latestAlt ? [altEvidence(latestAlt, ['P5'])] : [],
    },
    {
      kind: 'dna-low',
      met: dnaAtMost(latestDna, config.predictorDnaMaxCopies / config.copiesPerIU),
      evidence: latestDna ? [dnaEvidence(latestDna, ['P5'])] : [],
    },
    {
      kind: 'histology-g2',
      met: !histology ? 'unknown' : histology.atLeastG2 ? 'yes' : 'no',
      evidence: histology
        ? [{ kind: 'histology', value: histologyLabel(histology.scale, histology.grade), date: isoDate(histology.time), source: histology.source, rules: ['P5', 'P6'] }]
        : [],
    },
  ];

  const onNa = [...data.medicationRequests, ...data.medicationStatements]
    .filter(isActiveMedication)
    .map((m) => ({ m, c: classifyOrder(m, data.medications) }))
    .find((x) => x.c.cls === 'na');

  const facts: Facts = {
    altHistory,
    recurrentMild,
    flare,
    altFalling,
    tbil,
    dnaDetectable,
    triggers,
    predictors,
  };
  if (latestAlt) facts.latestAlt = latestAlt;
  if (flarePeak) facts.flarePeak = flarePeak;
  if (latestDna) facts.latestDna = latestDna;
  if (latestHbeag) facts.latestHbeag = latestHbeag;
  if (histology) facts.histology = histology;
  if (age) facts.age = age;
  if (onNa) facts.onNa = { kind: 'medication', value: onNa.c.name, source: ref(onNa.m), rules: [] };

  return { facts, contraindications: contraindications(data, config, now, notes) };
}

export function histologyLabel(scale: string, grade: number): string {
  switch (scale) {
    case 'scheuer':
      return `Scheuer G${grade}`;
    case 'metavir':
      return `METAVIR A${grade}`;
    case 'knodell':
      return `Knodell HAI ${grade}`;
    case 'ishak':
      return `Ishak HAI ${grade}`;
    default:
      return `HAI ${grade}`;
  }
}

function conditionEvidence(c: Json, rules: Evidence['rules']): Evidence {
  const coding = (Array.isArray((c.code as Json | undefined)?.coding) ? ((c.code as Json).coding as Json[]) : [])[0];
  const text = str((c.code as Json | undefined)?.text) ?? str(coding?.display) ?? str(coding?.code) ?? 'condition';
  const onset = str(c.onsetDateTime) ?? str(c.recordedDate);
  const e: Evidence = { kind: 'condition', value: text, source: ref(c), rules };
  if (onset) e.date = onset.slice(0, 10);
  return e;
}

/** D8: decompensation, pregnancy, neutrophils <1.0 or platelets <50 ×10⁹/L (latest within 90 days). */
function contraindications(data: PatientData, config: ClinicalConfig, now: number, notes: Notes): Contraindication[] {
  const out: Contraindication[] = [];
  for (const c of activeConditionsWith(data.conditions, config.decompensationCodes)) {
    out.push({ kind: 'decompensation', evidence: conditionEvidence(c, []) });
  }
  for (const c of activeConditionsWith(data.conditions, [SNOMED.pregnancy])) {
    out.push({ kind: 'pregnancy', evidence: conditionEvidence(c, []) });
  }
  const pregnancyStatus = readPregnancyStatus(data.observations, now, notes)[0];
  if (pregnancyStatus?.pregnant && !out.some((c) => c.kind === 'pregnancy')) {
    out.push({
      kind: 'pregnancy',
      evidence: { kind: 'pregnancy-status', value: 'pregnant', date: isoDate(pregnancyStatus.time), source: pregnancyStatus.source, rules: [] },
    });
  }
  const lookback = config.cytopenia.lookbackDays;
  const neutrophils = readCounts(data.observations, LOINC.neutrophils, now, notes, 'neutrophils').find((r) => within(r.time, now, lookback));
  if (neutrophils && neutrophils.value < config.cytopenia.neutrophilsBelow) {
    out.push({
      kind: 'neutropenia',
      evidence: { kind: 'neutrophils', value: `${fmt(neutrophils.value, 2)}×10⁹/L`, date: isoDate(neutrophils.time), source: neutrophils.source, rules: [] },
    });
  }
  const platelets = readCounts(data.observations, LOINC.platelets, now, notes, 'platelets').find((r) => within(r.time, now, lookback));
  if (platelets && platelets.value < config.cytopenia.plateletsBelow) {
    out.push({
      kind: 'thrombocytopenia',
      evidence: { kind: 'platelets', value: `${fmt(platelets.value)}×10⁹/L`, date: isoDate(platelets.time), source: platelets.source, rules: [] },
    });
  }
  return out;
}
