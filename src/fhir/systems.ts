/** The code systems the service reads and writes, by canonical URL, and the other spellings EHRs use. */
export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  histology: 'https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology',
  cardTopic: 'https://ifn-timing-cds.org/fhir/CodeSystem/card-topic',
  overrideReason: 'https://ifn-timing-cds.org/fhir/CodeSystem/override-reason',
} as const;

/** Other spellings of the same code systems seen in EHR feeds (HL7 OIDs). A Map: keys are record text. */
export const SYSTEM_ALIASES: ReadonlyMap<string, string> = new Map(Object.entries({
  'urn:oid:2.16.840.1.113883.6.1': SYSTEM.loinc,
  'urn:oid:2.16.840.1.113883.6.96': SYSTEM.snomed,
  'urn:oid:2.16.840.1.113883.6.88': SYSTEM.rxnorm,
  'urn:oid:2.16.840.1.113883.6.73': SYSTEM.atc,
  'http://www.whocc.no/atc/': SYSTEM.atc,
  'http://snomed.info/sct/': SYSTEM.snomed,
  'http://loinc.org/': SYSTEM.loinc,
}));
