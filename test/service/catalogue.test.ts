import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDiscovery } from '../../src/config/discovery.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { HBV_DNA_CODES, LOINC } from '../../src/engine/codes.js';
import { PREFETCH, buildDiscovery, discoveryText } from '../../src/service/catalogue.js';
import { CONTEXT_SCHEMAS } from '../../src/contract/schemas.js';

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

describe('usageRequirements', () => {
  it("names the hook's required context fields, every prefetch key, and SMART v2 and v1 scopes for each type queried", () => {
    for (const s of buildDiscovery().services) {
      for (const field of CONTEXT_SCHEMAS[s.hook].required) expect(s.usageRequirements).toContain(field);
      for (const key of Object.keys(PREFETCH)) expect(s.usageRequirements).toContain(key);
      for (const type of ['Patient', 'Observation', 'Condition', 'FamilyMemberHistory', 'MedicationRequest', 'MedicationStatement']) {
        expect(s.usageRequirements).toContain(`patient/${type}.rs`);
        expect(s.usageRequirements).toContain(`patient/${type}.read`);
      }
    }
  });

  it('order-sign asks for draftOrders and no selections; order-select for both', () => {
    const usage = Object.fromEntries(buildDiscovery().services.map((s) => [s.hook, s.usageRequirements]));
    expect(usage['order-sign']).toMatch(/^Context: userId, patientId, draftOrders\./);
    expect(usage['order-select']).toMatch(/^Context: userId, patientId, selections, draftOrders\./);
    expect(usage['patient-view']).toMatch(/^Context: userId, patientId\./);
  });
});

describe('HBV_DNA_CODES', () => {
  it('is exactly the union of the per-form HBV DNA code lists', () => {
    const forms = [...LOINC.hbvDnaIU, ...LOINC.hbvDnaCopies, ...LOINC.hbvDnaLogIU, ...LOINC.hbvDnaLogCopies, ...LOINC.hbvDnaPresence];
    expect([...HBV_DNA_CODES].sort()).toEqual([...forms].sort());
  });
});
