/** (v3) clinical-rules.md §2 "Units": UCUM conversion, never by substring; a unit of another dimension is refused. */
import { jest } from '@jest/globals';
import { quantityUnit } from '../../src/fhir/coding.js';
import { conversionFactor, logInner, toBilirubinUmolL, toCountE9L, toEnzymeUL, toIUPerMl, toKPa, toTshMIUL, ucumCode } from '../../src/engine/units.js';

describe('UCUM codes from unit text', () => {
  it.each([
    ['IU/mL', '[IU]/mL'],
    ['µmol/L', 'umol/L'],
    ['μmol/L', 'umol/L'],
    ['10^9/L', '10*9/L'],
    ['×10^9/L', '10*9/L'],
    ['K/uL', '10*3/uL'],
    ['copies/mL', '{copies}/mL'],
    ['mIU/L', 'm[IU]/L'],
  ])('%s → %s', (text, code) => expect(ucumCode(text)).toBe(code));
  it('an unknown or empty unit has no code', () => {
    expect(ucumCode('foo/bar')).toBeUndefined();
    expect(ucumCode('')).toBeUndefined();
    expect(ucumCode('x'.repeat(41))).toBeUndefined();
  });
});

describe('arbitrary units ([IU]) convert only to the same arbitrary unit', () => {
  it('k[IU]/mL is 1,000 IU/mL; [IU]/L is 1/1,000 IU/mL; [iU] equals [IU]', () => {
    expect(conversionFactor('k[IU]/mL', '[IU]/mL')).toBe(1000);
    expect(conversionFactor('[IU]/L', '[IU]/mL')).toBe(0.001);
    expect(conversionFactor('[iU]/mL', '[IU]/mL')).toBe(1);
  });
  it('mIU/L equals uIU/mL (TSH)', () => {
    expect(toTshMIUL(2.5, 'uIU/mL')).toBe(2.5);
    expect(toTshMIUL(2.5, 'mIU/L')).toBe(2.5);
    expect(toTshMIUL(2.5, 'm[IU]/L')).toBe(2.5);
    expect(toTshMIUL(2.5, 'mg/L')).toBeUndefined();
  });
  it('IU never converts to a non-IU unit or to another arbitrary unit', () => {
    expect(conversionFactor('[IU]/mL', '/mL')).toBeUndefined();
    expect(conversionFactor("[arb'U]/mL", '[IU]/mL')).toBeUndefined();
    expect(conversionFactor('[IU]/mL', 'mol/mL')).toBeUndefined();
    expect(conversionFactor('cd/mL', '[IU]/mL')).toBeUndefined();
  });
});

describe('ALT/AST: U/L, [IU]/L, IU/L as-is; ukat/L ×60 (those rows: readers.test.ts); other catalytic units by UCUM', () => {
  it.each([
    ['mU/mL', 80, 80],
    ['nkat/L', 1500, 90],
    ['U/mL', 0.08, 80],
  ])('%s: %d → %d U/L', (unit, value, expected) => expect(toEnzymeUL(value, unit)).toBeCloseTo(expected, 9));
  it('a unit of another dimension is refused', () => {
    expect(toEnzymeUL(80, 'mg/dL')).toBeUndefined();
    expect(toEnzymeUL(80, 'mmol/L')).toBeUndefined();
    expect(toEnzymeUL(80, undefined)).toBeUndefined();
  });
});

describe('total bilirubin: mg/dL ×17.1, µmol/L as-is', () => {
  it.each([
    ['mg/dL', 2, 34.2],
    ['mg/L', 20, 34.2],
    ['umol/L', 34, 34],
    ['µmol/L', 34, 34],
    ['mmol/L', 0.034, 34],
  ])('%s: %d → %d µmol/L', (unit, value, expected) => expect(toBilirubinUmolL(value, unit)).toBeCloseTo(expected, 9));
  it('U/L is not a bilirubin unit', () => expect(toBilirubinUmolL(2, 'U/L')).toBeUndefined());
});

describe('counts: 10*9/L; 10*3/uL and /nL equal', () => {
  it.each([
    ['10*9/L', 150, 150],
    ['10*3/uL', 150, 150],
    ['/nL', 150, 150],
    ['10^9/L', 150, 150],
    ['/uL', 150000, 150],
  ])('%s: %d → %d', (unit, value, expected) => expect(toCountE9L(value, unit)).toBe(expected));
  it('a unit of another dimension is refused', () => expect(toCountE9L(150, 'g/L')).toBeUndefined());
});

describe('liver stiffness: kPa only', () => {
  it('kPa as-is; Pa converts; m/s (shear-wave speed) is refused', () => {
    expect(toKPa(9.5, 'kPa')).toBe(9.5);
    expect(toKPa(9500, 'Pa')).toBe(9.5);
    expect(toKPa(1.5, 'm/s')).toBeUndefined();
  });
});

describe('HBV DNA and qHBsAg to IU/mL', () => {
  it('IU forms by UCUM', () => {
    expect(toIUPerMl(2.5, 'k[IU]/mL')).toEqual({ iu: 2500, reportedIn: 'iu' });
    expect(toIUPerMl(2000, '[IU]/L')).toEqual({ iu: 2, reportedIn: 'iu' });
    expect(toIUPerMl(20, 'IU/mL')).toEqual({ iu: 20, reportedIn: 'iu' });
  });
  it('copies ÷ copiesPerIU, only where a factor is given', () => {
    expect(toIUPerMl(582, 'copies/mL', 5.82)?.iu).toBeCloseTo(100, 9);
    expect(toIUPerMl(582, 'copies/mL')).toBeUndefined();
  });
  it('log forms: 10^value', () => {
    expect(toIUPerMl(3, 'log IU/mL')?.iu).toBeCloseTo(1000, 6);
    expect(toIUPerMl(3, '{log_IU}/mL')).toEqual({ iu: 1000, reportedIn: 'log-iu' });
    expect(toIUPerMl(3, 'log10(copies/mL)', 5.82)?.iu).toBeCloseTo(1000 / 5.82, 6);
    expect(logInner('IU/mL')).toBeUndefined();
  });
  it('a unit that is neither IU nor copies is refused', () => {
    expect(toIUPerMl(20, 'mg/mL')).toBeUndefined();
    expect(toIUPerMl(20, '/mL', 5.82)).toBeUndefined();
  });
});

describe('the unit of a Quantity (§2 v3: UCUM code, else unit text)', () => {
  it('a UCUM code wins over the text; a code of another system gives way to the text', () => {
    expect(quantityUnit({ value: 1, unit: 'IU/ml', system: 'http://unitsofmeasure.org', code: '[IU]/mL' })).toBe('[IU]/mL');
    expect(quantityUnit({ value: 1, unit: 'kIU/mL', code: 'k[IU]/mL' })).toBe('k[IU]/mL');
    expect(quantityUnit({ value: 1, unit: 'U/L', system: 'urn:site:units', code: 'UL01' })).toBe('U/L');
    expect(quantityUnit({ value: 1, unit: 'U/L' })).toBe('U/L');
  });
});

describe('the UCUM library never prints (the engine does no I/O; record text stays off stdout)', () => {
  it('a unit string ucum-lhc cannot parse is unknown, and nothing reaches console.log', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(ucumCode('alert(1)8Tc``![i](u)')).toBeUndefined();
      expect(toEnzymeUL(100, 'mg)(/L')).toBeUndefined();
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});
