/**
 * The services this CDS service declares (the discovery document), built from the engine's own code lists,
 * so a prefetch query can never drift from the codes the rules read. `npm run discovery` writes it to
 * cds-services.json (what the service serves; a site may point CDS_SERVICES_FILE at its own copy), and a
 * test fails when the file and this code disagree.
 */
import type { DiscoveryDocument, HookName } from '../contract/types.js';
import { HISTOLOGY_FIBROSIS_CODE, HISTOLOGY_GRADE_CODE } from '../engine/codes.js';
import { DEFAULT_CLINICAL_CONFIG } from '../engine/config.js';
import { SYSTEM } from '../fhir/systems.js';
import { CONTEXT_SCHEMAS } from '../contract/schemas.js';

const PAGE = 100;

/** `Observation?patient=…&code=system|a,system|b&_sort=-date&_count=…` for the given codes. */
function observations(codes: readonly { system: string; code: string }[]): string {
  return `Observation?patient={{context.patientId}}&code=${codes.map((c) => `${c.system}|${c.code}`).join(',')}&_sort=-date&_count=${PAGE}`;
}

/** The default code lists (config `inputCodes`): a site with local codes writes its own discovery file. */
const IC = DEFAULT_CLINICAL_CONFIG.inputCodes;
const histology = (code: string) => ({ system: SYSTEM.histology, code });

/** The ten queries every service needs: each key feeds one or more §2 inputs of clinical-rules.md. */
export const PREFETCH: Readonly<Record<string, string>> = {
  patient: 'Patient/{{context.patientId}}',
  alt: observations(IC.alt),
  hbvMarkers: observations([
    ...IC.hbvDnaIU,
    ...IC.hbvDnaCopies,
    ...IC.hbvDnaLogIU,
    ...IC.hbvDnaLogCopies,
    ...IC.hbvDnaPresence,
    ...IC.hbeag,
    ...IC.hbeagQuantitative,
    ...IC.hbsag,
    ...IC.hbsagQuantitative,
    ...IC.hbsagLogIU,
    ...IC.antiHbcIgm,
  ]),
  safetyLabs: observations([...IC.tbil, ...IC.platelets, ...IC.neutrophils, ...IC.pregnancyStatus, ...IC.inr, ...IC.pt, ...IC.ast, ...IC.tsh]),
  histology: observations([histology(HISTOLOGY_GRADE_CODE), histology(HISTOLOGY_FIBROSIS_CODE), ...IC.liverStiffness]),
  conditions: `Condition?patient={{context.patientId}}&_count=${PAGE}`,
  familyHistory: `FamilyMemberHistory?patient={{context.patientId}}&_count=${PAGE}`,
  medicationRequests: `MedicationRequest?patient={{context.patientId}}&status=active&_count=${PAGE}`,
  medicationStatements: `MedicationStatement?patient={{context.patientId}}&status=active&_count=${PAGE}`,
  // (v3) interferon hypersensitivity (§2).
  allergies: `AllergyIntolerance?patient={{context.patientId}}&clinical-status=active&_count=${PAGE}`,
};

/** The FHIR resource types the templates read (`Type/…` or `Type?…`), in template order. */
function resourceTypes(prefetch: Readonly<Record<string, string>>): string[] {
  return [...new Set(Object.values(prefetch).map((t) => /^[A-Za-z]+/.exec(t)![0]))];
}

/**
 * What a client must provide (CDS Hooks 2.0 §Discovery `usageRequirements`): the context fields of the hook,
 * then every prefetch key, or FHIR access with the scopes that let the service run the same queries itself
 * (read and search each type: SMART v2 `.rs`, v1 `.read`).
 */
function usageRequirements(hook: HookName): string {
  const types = resourceTypes(PREFETCH);
  const context = CONTEXT_SCHEMAS[hook].required.join(', ');
  return (
    `Context: ${context}. ` +
    `Data: every prefetch key (${Object.keys(PREFETCH).join(', ')}), or, for the keys not prefetched, fhirServer with fhirAuthorization whose scope grants ` +
    `${types.map((t) => `patient/${t}.rs`).join(' ')} (SMART v2; v1: ${types.map((t) => `patient/${t}.read`).join(' ')}). ` +
    `Liver histology is read from the codes ${HISTOLOGY_GRADE_CODE} and ${HISTOLOGY_FIBROSIS_CODE} of ${SYSTEM.histology}, liver stiffness from ${IC.liverStiffness.map((c) => c.code).join(', ')}.`
  );
}

interface ServiceText {
  id: string;
  hook: HookName;
  title: string;
  description: string;
}

const SERVICES: ServiceText[] = [
  {
    id: 'ifn-timing-patient-view',
    hook: 'patient-view',
    title: 'Interferon timing in chronic hepatitis B',
    description:
      'When a chart of a patient with chronic hepatitis B is opened, says whether now is the right time to start interferon alfa, per the Chinese expert consensus on interferon timing (ALT 2–10×ULN window, biopsy triggers, flare and bilirubin rules), with the evidence behind it.',
  },
  {
    id: 'ifn-timing-order-select',
    hook: 'order-select',
    title: 'Interferon order check in chronic hepatitis B',
    description:
      'When an interferon alfa order is selected for a patient with chronic hepatitis B, checks its timing against the Chinese expert consensus and offers to order a missing test or a liver biopsy, cancel the interferon order, or order entecavir instead.',
  },
  {
    id: 'ifn-timing-order-sign',
    hook: 'order-sign',
    title: 'Interferon order check at signing in chronic hepatitis B',
    description:
      'When orders are signed for a patient with chronic hepatitis B, checks the timing of every interferon alfa draft among them against the Chinese expert consensus, and offers to order a missing test or a liver biopsy, cancel the interferon order, or order entecavir instead.',
  },
];

export function buildDiscovery(): DiscoveryDocument {
  return { services: SERVICES.map((s) => ({ ...s, usageRequirements: usageRequirements(s.hook), prefetch: { ...PREFETCH } })) };
}

/** The file's text exactly as `npm run discovery` writes it. */
export function discoveryText(): string {
  return `${JSON.stringify(buildDiscovery(), null, 2)}\n`;
}
