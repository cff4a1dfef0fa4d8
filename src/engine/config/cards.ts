/**
 * Clinical config: what cards print and order (clinical-rules.md §5, §7): order codes, intervals quoted in text.
 */
import type { ClinicalConfig } from '../config.js';
import { codeRef, positive } from './schema-parts.js';

export const CARD_REQUIRED = ['orderCodes', 'textValues'] as const;

const range = {
  type: 'object',
  additionalProperties: false,
  required: ['min', 'max'],
  properties: { min: positive, max: positive },
} as const;

/** The tests a card can order (§5 "Order codes"); the resistance test has no default (text only when unset). */
export const ORDERABLE_TESTS = ['alt', 'tbil', 'inr', 'full-blood-count', 'tsh', 'hbv-dna', 'qhbsag', 'anti-hbc-igm', 'liver-stiffness', 'ast', 'liver-biopsy'] as const;

export const CARD_PROPERTIES = {
  orderCodes: {
    description: '§5 the code each suggested order carries (ServiceRequest.code).',
    type: 'object',
    additionalProperties: false,
    required: [...ORDERABLE_TESTS],
    properties: {
      alt: codeRef,
      tbil: codeRef,
      inr: codeRef,
      'full-blood-count': { ...codeRef, description: 'One full blood count (neutrophils and platelets), not separate counts.' },
      tsh: codeRef,
      'hbv-dna': codeRef,
      qhbsag: codeRef,
      'anti-hbc-igm': codeRef,
      'liver-stiffness': { ...codeRef, description: 'The non-invasive fibrosis assessment (transient elastography).' },
      ast: { ...codeRef, description: 'Ordered with the non-invasive assessment when no AST is dated ≤90 days before now (APRI).' },
      'liver-biopsy': codeRef,
    },
  },
  resistanceTestCode: {
    ...codeRef,
    description: '§5 HBV resistance test order code. No default (no verified LOINC, §8 25): unset ⇒ the card names the test in text only.',
  },
  textValues: {
    description: '§7 intervals quoted in card text: every printed number traceable to the config.',
    type: 'object',
    additionalProperties: false,
    required: ['repeatAltWeeks', 'recheckAltMonths', 'monitorMonths', 'hccSurveillanceMonths', 'pregnancyTdfWeeks', 'newbornHbigHours', 'pregnancyTestAge'],
    properties: {
      repeatAltWeeks: { ...range, description: 'D1 steep rise: repeat ALT and TBil within this many weeks (1–2).' },
      recheckAltMonths: { ...positive, description: 'D0: recheck ALT in this many months (3).' },
      monitorMonths: { ...range, description: 'D4 monitoring, D9 seroconversion wait: every this many months (3–6).' },
      hccSurveillanceMonths: { ...positive, description: 'D9 cirrhosis: HCC surveillance every this many months (6).' },
      pregnancyTdfWeeks: { ...range, description: 'D8 pregnancy: tenofovir DF from this gestational week (24–28).' },
      newbornHbigHours: { ...positive, description: 'D8 pregnancy: newborn HBIG and vaccine within this many hours of birth (12).' },
      pregnancyTestAge: { ...range, description: '§7 clear screen: the pre-interferon work-up names a pregnancy test for women of these ages (15–50).' },
    },
  },
} as const;

const loinc = (code: string) => ({ system: 'http://loinc.org', code });

export const CARD_DEFAULTS: Pick<ClinicalConfig, keyof typeof CARD_PROPERTIES> = {
  orderCodes: {
    alt: loinc('1742-6'),
    tbil: loinc('1975-2'),
    inr: loinc('6301-6'),
    'full-blood-count': loinc('57021-8'),
    tsh: loinc('3016-3'),
    'hbv-dna': loinc('42595-9'),
    qhbsag: loinc('63557-3'),
    'anti-hbc-igm': loinc('31204-1'),
    'liver-stiffness': { system: 'https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology', code: 'liver-stiffness' },
    ast: loinc('1920-8'),
    'liver-biopsy': { system: 'http://snomed.info/sct', code: '86259008' },
  },
  textValues: {
    repeatAltWeeks: { min: 1, max: 2 },
    recheckAltMonths: 3,
    monitorMonths: { min: 3, max: 6 },
    hccSurveillanceMonths: 6,
    pregnancyTdfWeeks: { min: 24, max: 28 },
    newbornHbigHours: 12,
    pregnancyTestAge: { min: 15, max: 50 },
  },
};
