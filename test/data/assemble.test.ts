/** The data layer's assembly into PatientData: (v3) allergies; record text naming Object.prototype members. */
import { assemble } from '../../src/data/assemble.js';
import { allergyResource } from '../../devkit/builders.js';

describe('assemble', () => {
  it('(v3) AllergyIntolerance goes to allergies, once per id', () => {
    const a = allergyResource({ id: 'a1', patientId: 'p1' });
    const data = assemble([a, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: a }] }]);
    expect(data.allergies).toHaveLength(1);
    expect(data.observations).toEqual([]);
  });
  it('a resourceType such as constructor or __proto__ is not read, and does not crash', () => {
    const data = assemble(['constructor', '__proto__', 'toString'].map((t, i) => ({ resourceType: t, id: `x${i}` }) as never));
    expect(Object.values(data).every((v) => v === undefined || (Array.isArray(v) && v.length === 0))).toBe(true);
  });
});
