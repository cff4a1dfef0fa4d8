/** clinical-rules.md §1 scope and silence, §5 order-select selection, renewals. */
import type { Bundle, FhirResource, MedicationRequest } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { evaluateHook } from '../../src/engine/evaluate.js';
import { ENTECAVIR, IFN_ALFA_2B, NOW_MS, PEG_IFN, alt, chb, codedObs, condition, data, hbsagLog, icd10, medRequest, neutrophils, patient, platelets, quantityObs, tbil, POSITIVE, NEGATIVE } from '../../devkit/builders.js';
import { indicatorFor } from '../../src/engine/indicator.js';

const C = DEFAULT_CLINICAL_CONFIG;
const draft = (id: string, concept: MedicationRequest['medicationCodeableConcept']): MedicationRequest =>
  medRequest(concept, { id, status: 'draft' });
const drafts = (...rs: FhirResource[]): Bundle => ({ resourceType: 'Bundle', type: 'collection', entry: rs.map((resource) => ({ resource })) });
const pv = (resources: FhirResource[]) => evaluateHook('patient-view', { patientId: 'p1' }, data(resources), C, NOW_MS);
const os = (resources: FhirResource[], selections: string[], draftOrders: Bundle) =>
  evaluateHook('order-select', { patientId: 'p1', selections, draftOrders }, data(resources), C, NOW_MS);

describe('§1 scope', () => {
  it('no CHB: silent on patient-view', () => {
    expect(pv([patient(), alt(200, 3)])).toMatchObject({ silentBecause: 'out-of-scope' });
    expect(pv([patient(), alt(200, 3)]).decision).toBeUndefined();
  });

  it('no CHB: silent on order-select of interferon too', () => {
    expect(os([patient(), alt(200, 3)], ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN)))).toMatchObject({ silentBecause: 'out-of-scope' });
  });

  // In scope; (v3) chronicity decides between the timing card (D1) and D13 (HBsAg < 6 months, no CHB code).
  it.each([
    ['active CHB 61977001', [chb()], 'D1'],
    ['(v3) ICD-10 B18.1', [icd10('B18.1')], 'D1'],
    ['(v3) ICD-10-CM B18.0', [icd10('B18.0', { cm: true })], 'D1'],
    ['active hepatitis B 66071002 (alone: chronicity unconfirmed, §8 20)', [condition('66071002')], 'D13'],
    ['HBsAg 5196-1 positive 400 days ago', [codedObs('5196-1', 400, POSITIVE)], 'D1'],
    ['HBsAg quantitative 0.06 IU/mL', [quantityObs('63557-3', 0.06, 20, { unit: '[IU]/mL' })], 'D13'],
    ['HBsAg quantitative 58452-4 1200 IU/mL', [quantityObs('58452-4', 1200, 20, { unit: '[IU]/mL' })], 'D13'],
    ['(v3) HBsAg 99385-7 log 3.0 (1,000 IU/mL) 300 days ago', [hbsagLog(3, 300)], 'D1'],
  ])('in scope: %s', (_n, resources, expected) => {
    expect(pv([patient(), alt(200, 3), tbil(10, 3), ...resources]).decision?.id).toBe(expected);
  });

  it.each([
    ['resolved CHB', [condition('61977001', { status: 'resolved' })]],
    ['HBsAg negative', [codedObs('5196-1', 20, NEGATIVE)]],
    ['HBsAg quantitative 0.05 IU/mL', [quantityObs('63557-3', 0.05, 20, { unit: '[IU]/mL' })]],
    ['HBsAg positive but entered in error', [{ ...codedObs('5196-1', 20, POSITIVE), status: 'entered-in-error' as const }]],
  ])('out of scope: %s', (_n, resources) => {
    expect(pv([patient(), alt(200, 3), ...resources]).silentBecause).toBe('out-of-scope');
  });
});

describe('patients on treatment', () => {
  it('already on interferon: no card on patient-view', () => {
    expect(pv([patient(), chb(), alt(200, 3), medRequest(PEG_IFN)]).silentBecause).toBe('on-interferon');
  });

  it('a stopped interferon does not silence', () => {
    expect(pv([patient(), chb(), alt(200, 3), medRequest(PEG_IFN, { status: 'stopped' })]).decision?.id).toBe('D1');
  });

  it('(v3) on an NA without HBV DNA: D7 step 7 (never a timing card), with the NA named', () => {
    const e = pv([patient(), chb(), alt(200, 3), medRequest(ENTECAVIR)]);
    expect(e.decision).toMatchObject({ id: 'D7', step: 7, d7: 'na-dna-unknown', missing: ['hbv-dna'] });
    expect(e.decision?.facts.onNa).toMatchObject({ drug: 'entecavir' });
  });

  it('an active interferon MedicationStatement silences too', () => {
    const ms = { resourceType: 'MedicationStatement', id: 'ms1', status: 'active', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text: 'peginterferon alfa-2a' } } as FhirResource;
    expect(pv([patient(), chb(), alt(200, 3), ms]).silentBecause).toBe('on-interferon');
  });
});

describe('§5 order-select', () => {
  const base = [patient(), chb(), alt(200, 3), tbil(10, 3)];

  it('an interferon selection gets a decision about that order', () => {
    const e = os(base, ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN)));
    expect(e.decision?.id).toBe('D1');
    expect(e.orders).toEqual([{ reference: 'MedicationRequest/d1', recordText: 'peginterferon alfa-2a', display: 'peginterferon alfa-2a', substance: 'peginterferon-alfa-2a' }]);
  });

  it('no interferon among the selections: silent, even with an interferon draft not selected', () => {
    const e = os(base, ['MedicationRequest/d2'], drafts(draft('d1', PEG_IFN), draft('d2', ENTECAVIR)));
    expect(e).toMatchObject({ silentBecause: 'no-interferon-selected' });
  });

  it('a draft with no medication yet (as the Sandbox sends) is silent, not an error', () => {
    expect(os(base, ['MedicationRequest/d1'], drafts(draft('d1', undefined))).silentBecause).toBe('no-interferon-selected');
  });

  it('a ServiceRequest selection is silent', () => {
    const sr = { resourceType: 'ServiceRequest', id: 's1', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' } } as FhirResource;
    expect(os(base, ['ServiceRequest/s1'], drafts(sr)).silentBecause).toBe('no-interferon-selected');
  });

  it('renewal: an interferon order while another interferon is active gets no card', () => {
    expect(os([...base, medRequest(PEG_IFN, { id: 'active-ifn' })], ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN))).silentBecause).toBe('renewal');
  });

  it('the selected draft itself does not count as the active interferon', () => {
    const selectedAlsoReturned = medRequest(PEG_IFN, { id: 'd1', status: 'active' });
    expect(os([...base, selectedAlsoReturned], ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN))).decision?.id).toBe('D1');
  });

  it('resolves a Medication bundled in draftOrders', () => {
    const mr = { resourceType: 'MedicationRequest', id: 'd1', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, medicationReference: { reference: 'Medication/m1' } } as FhirResource;
    const med = { resourceType: 'Medication', id: 'm1', code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L03AB11', display: 'peginterferon alfa-2a' }] } } as FhirResource;
    expect(os(base, ['MedicationRequest/d1'], drafts(mr, med)).decision?.id).toBe('D1');
  });

  it('tolerates Sandbox-shaped drafts (reasonCode/category as objects, no Bundle.type)', () => {
    const odd = { ...draft('d1', PEG_IFN), reasonCode: { text: 'CHB' }, category: { text: 'outpatient' } } as unknown as FhirResource;
    const bundle = { resourceType: 'Bundle', entry: [{ resource: odd }] } as Bundle;
    expect(os(base, ['MedicationRequest/d1'], bundle).decision?.id).toBe('D1');
  });
});

describe('(v3) routes before the timing rules: on interferon (§1, §5, §8 11)', () => {
  const ifn = () => medRequest(PEG_IFN, { id: 'ifn-active' });
  it('on interferon, no rule met: silent on patient-view (the trace ends at step 1)', () => {
    expect(pv([patient(), chb(), alt(200, 3), neutrophils(2, 5), platelets(150, 5), ifn()]).silentBecause).toBe('on-interferon');
  });
  it('on interferon with neutrophils 0.6: D10 reduce, warning on patient-view', () => {
    const e = pv([patient(), chb(), alt(200, 3), neutrophils(0.6, 5), ifn()]);
    expect(e.decision).toMatchObject({ id: 'D10', step: 1, code: 'on-treatment-safety', onTreatment: { level: 'reduce' } });
    expect(indicatorFor(e.decision!, 'patient-view')).toBe('warning');
  });
  it('renewal with a rule met: D10 (not silence)', () => {
    const e = os([patient(), chb(), alt(900, 3), ifn()], ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN)));
    expect(e.decision).toMatchObject({ id: 'D10', onTreatment: { level: 'stop' } });
    expect(indicatorFor(e.decision!, 'order-select')).toBe('critical');
  });
  it('renewal, no rule met, one draft: silent; two drafts: D10 duplicate (warning)', () => {
    const base = [patient(), chb(), alt(200, 3), ifn()];
    expect(os(base, ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN))).silentBecause).toBe('renewal');
    const e = os(base, ['MedicationRequest/d1', 'MedicationRequest/d2'], drafts(draft('d1', PEG_IFN), draft('d2', IFN_ALFA_2B)));
    expect(e.decision).toMatchObject({ id: 'D10', onTreatment: { level: 'duplicate', duplicate: true }, duplicateOrder: true });
    expect(e.orders).toHaveLength(2);
    expect(indicatorFor(e.decision!, 'order-select')).toBe('warning');
  });
  it('not on interferon, two drafts: the timing decision, at least warning (duplicate)', () => {
    const e = os([patient(), chb(), alt(200, 3), tbil(10, 3)], ['MedicationRequest/d1', 'MedicationRequest/d2'], drafts(draft('d1', PEG_IFN), draft('d2', PEG_IFN)));
    expect(e.decision).toMatchObject({ id: 'D1', duplicateOrder: true });
    expect(indicatorFor(e.decision!, 'order-select')).toBe('warning');
    const one = os([patient(), chb(), alt(200, 3), tbil(10, 3)], ['MedicationRequest/d1'], drafts(draft('d1', PEG_IFN)));
    expect(one.decision?.duplicateOrder).toBe(false);
  });
});

describe('(v3) interferon orders name the drug', () => {
  it('each draft carries its coded display beside the record text', () => {
    const e = os([patient(), chb(), alt(200, 3), tbil(10, 3)], ['MedicationRequest/d1', 'MedicationRequest/d2'], drafts(draft('d1', PEG_IFN), draft('d2', IFN_ALFA_2B)));
    expect(e.orders.map((o) => o.display)).toEqual(['peginterferon alfa-2a', 'interferon alfa-2b']);
  });
});
