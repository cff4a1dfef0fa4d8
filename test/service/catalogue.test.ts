import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDiscovery } from '../../src/config/discovery.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { HBV_DNA_CODES, LOINC } from '../../src/engine/codes.js';
import { buildDiscovery, discoveryText } from '../../src/service/catalogue.js';

const FILE = path.join(PACKAGE_ROOT, 'cds-services.json');

describe('the discovery document is built from the code lists', () => {
  it('cds-services.json is exactly what the code builds (run `npm run discovery` after changing either)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(discoveryText());
  });

  it('passes the start-up checks', () => {
    expect(loadDiscovery(FILE)).toEqual(buildDiscovery());
  });

  it('every ALT, HBV DNA and safety-lab code the engine reads is asked for', () => {
    const all = Object.values(buildDiscovery().services[0]!.prefetch).join('&');
    for (const code of [...LOINC.alt, ...HBV_DNA_CODES, ...LOINC.hbsagPresence, ...LOINC.tbilMass, ...LOINC.platelets, ...LOINC.neutrophils]) {
      expect(all).toContain(`http://loinc.org|${code}`);
    }
  });
});

describe('HBV_DNA_CODES', () => {
  it('is exactly the union of the per-form HBV DNA code lists', () => {
    const forms = [...LOINC.hbvDnaIU, ...LOINC.hbvDnaCopies, ...LOINC.hbvDnaLogIU, ...LOINC.hbvDnaLogCopies, ...LOINC.hbvDnaPresence];
    expect([...HBV_DNA_CODES].sort()).toEqual([...forms].sort());
  });
});
