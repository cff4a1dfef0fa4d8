import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDiscovery } from '../../src/config/discovery.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { LOINC } from '../../src/engine/codes.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
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

  it('every code of every input the engine reads (config inputCodes defaults) is asked for, in its key', () => {
    for (const s of buildDiscovery().services) {
      const all = Object.values(s.prefetch).join('&');
      for (const refs of Object.values(DEFAULT_CLINICAL_CONFIG.inputCodes)) for (const c of refs) expect(all).toContain(`${c.system}|${c.code}`);
      // (v3) §2 prefetch: AST, TSH join safetyLabs; anti-HBc IgM and 99385-7 join hbvMarkers; liver-stiffness joins histology.
      for (const code of [...LOINC.ast, ...LOINC.tsh]) expect(s.prefetch.safetyLabs).toContain(`http://loinc.org|${code}`);
      for (const code of [...LOINC.antiHbcIgm, '99385-7']) expect(s.prefetch.hbvMarkers).toContain(`http://loinc.org|${code}`);
      expect(s.prefetch.histology).toContain('https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology|liver-stiffness');
    }
  });

  it('(v3) the allergies key on all three services', () => {
    const services = buildDiscovery().services;
    expect(services).toHaveLength(3);
    for (const s of services) expect(s.prefetch.allergies).toBe('AllergyIntolerance?patient={{context.patientId}}&clinical-status=active&_count=100');
  });
});

describe('usageRequirements', () => {
  it("names the hook's required context fields, every prefetch key, and SMART v2 and v1 scopes for each type queried", () => {
    for (const s of buildDiscovery().services) {
      for (const field of CONTEXT_SCHEMAS[s.hook].required) expect(s.usageRequirements).toContain(field);
      for (const key of Object.keys(PREFETCH)) expect(s.usageRequirements).toContain(key);
      for (const type of ['Patient', 'Observation', 'Condition', 'FamilyMemberHistory', 'MedicationRequest', 'MedicationStatement', 'AllergyIntolerance']) {
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
