/**
 * Builds the FHIR R4 Clinical Reasoning artifacts of the rules (issue 22) from their inputs, in memory: a
 * `Library` per CQL library (type logic-library, the CQL and ELM as base64 content, `parameter`s from the ELM's
 * parameter and Patient-context expression defs, `dataRequirement`s from its retrieves) and a `PlanDefinition` per
 * hook service of the catalogue (eca-rule, a `named-event` trigger with the hook, one action per §4 decision whose
 * applicability condition names the ELM define `IsD<n>`, and the card's title, detail and indicator as
 * `dynamicValue`s, worded as the service words them, without patient data). The shapes follow the CPG-on-FHIR and
 * CDC opioid IG patterns that cqf-ruler / HAPI clinical-reasoning run; no `meta.profile` is claimed, since the test
 * validates against the base R4 definitions only.
 *
 * Pure and deterministic: the same inputs give the same bytes (fixed key order, no clock). build-artifacts.ts
 * writes or checks the files; the artifacts test re-builds them and compares.
 */
import type { DataRequirement, DataRequirementCodeFilter, Coding, Library, ParameterDefinition, PlanDefinition, PlanDefinitionAction } from 'fhir/r4';
import { decisionSteps, SOURCE_PUBLICATION } from '../../src/cards/rules-page.js';
import { MESSAGES } from '../../src/cards/messages.js';
import { LOCALES, type Locale } from '../../src/config/locale.js';
import type { DiscoveryDocument, HookName } from '../../src/contract/types.js';
import { indicatorFor, type Indicator } from '../../src/engine/indicator.js';
import { DECISION_CODE, type Decision, type DecisionId, type OnTreatmentLevel } from '../../src/engine/types.js';
import { SYSTEM } from '../../src/fhir/systems.js';
import { canonicalUrl, LIBRARY_ID } from '../../src/service/knowledge-service.js';

/** A CQL library as the translator left it: its source text and its ELM (JSON text). */
export interface CqlLibrarySource {
  /** The Library resource's id (`ifn-timing`, `fhirhelpers`). */
  id: string;
  cql: string;
  elm: string;
}

export interface ArtifactInputs {
  /** IFNTiming first; then the libraries it includes. */
  libraries: CqlLibrarySource[];
  discovery: DiscoveryDocument;
  rulesVersion: string;
}

/** Status of every artifact: the CQL is the second engine, checked against the TypeScript one, not what answers hooks. */
export const ARTIFACT_STATUS = 'draft';
const PUBLISHER = 'ifn-timing-cds';

// ---------------------------------------------------------------- the ELM, as far as the artifacts read it

/** An ELM expression or element: only the members the artifacts read are named. */
export interface ElmNode {
  type?: string;
  name?: string;
  libraryName?: string;
  [key: string]: unknown;
}
interface ElmDef extends ElmNode {
  name: string;
  context?: string;
  accessLevel?: string;
  expression?: ElmNode;
  default?: ElmNode;
  resultTypeName?: string;
  resultTypeSpecifier?: ElmNode;
  parameterTypeSpecifier?: ElmNode;
}
export interface ElmLibrary {
  identifier: { id: string; version?: string };
  usings?: { def?: { localIdentifier: string; uri: string; version?: string }[] };
  includes?: { def?: { localIdentifier: string; path: string; version?: string }[] };
  parameters?: { def?: ElmDef[] };
  codeSystems?: { def?: { name: string; id: string; version?: string }[] };
  valueSets?: { def?: { name: string; id: string; version?: string }[] };
  codes?: { def?: { name: string; id: string; display?: string; codeSystem: { name: string; libraryName?: string } }[] };
  concepts?: { def?: { name: string; code: { name: string; libraryName?: string }[] }[] };
  statements?: { def?: ElmDef[] };
}

export function parseElm(text: string): ElmLibrary {
  return (JSON.parse(text) as { library: ElmLibrary }).library;
}

const SYSTEM_NS = '{urn:hl7-org:elm-types:r1}';
const FHIR_NS = '{http://hl7.org/fhir}';

/** A CQL type as a FHIR ParameterDefinition sees it: a FHIR type name, one or many. */
interface ParamType {
  type: string;
  many: boolean;
}

const SYSTEM_TO_FHIR: Record<string, string> = {
  Boolean: 'boolean',
  Integer: 'integer',
  Long: 'integer',
  Decimal: 'decimal',
  String: 'string',
  Date: 'date',
  DateTime: 'dateTime',
  Time: 'time',
  Quantity: 'Quantity',
  Ratio: 'Ratio',
  Code: 'Coding',
  Concept: 'CodeableConcept',
  Any: 'Any',
};

function namedType(name: string): string | undefined {
  if (name.startsWith(SYSTEM_NS)) return SYSTEM_TO_FHIR[name.slice(SYSTEM_NS.length)];
  // A backbone element of a resource (`FamilyMemberHistory.Condition`) has no type name of its own in FHIR.
  if (name.startsWith(FHIR_NS)) return name.slice(FHIR_NS.length).includes('.') ? 'BackboneElement' : name.slice(FHIR_NS.length);
  return undefined;
}

/** A type specifier of the ELM as a FHIR type: List<X> is X, many; Interval<DateTime> a Period; tuples and choices Any. */
function fromSpecifier(spec: ElmNode | undefined): ParamType | undefined {
  if (!spec) return undefined;
  switch (spec.type) {
    case 'NamedTypeSpecifier': {
      const t = namedType(String(spec.name));
      return t ? { type: t, many: false } : undefined;
    }
    case 'ListTypeSpecifier': {
      const e = fromSpecifier(spec.elementType as ElmNode);
      return e ? { type: e.type, many: true } : undefined;
    }
    case 'IntervalTypeSpecifier': {
      const p = fromSpecifier(spec.pointType as ElmNode);
      if (p?.type === 'dateTime' || p?.type === 'date') return { type: 'Period', many: false };
      if (p?.type === 'Quantity' || p?.type === 'integer' || p?.type === 'decimal') return { type: 'Range', many: false };
      return { type: 'Any', many: false };
    }
    default:
      return { type: 'Any', many: false };
  }
}

/** The type the translator gave a define or a parameter's default (EnableResultTypes); undefined without it. */
function resultType(node: ElmNode | undefined): ParamType | undefined {
  if (!node) return undefined;
  if (node.resultTypeSpecifier) return fromSpecifier(node.resultTypeSpecifier as ElmNode);
  if (typeof node.resultTypeName === 'string') return fromSpecifier({ type: 'NamedTypeSpecifier', name: node.resultTypeName });
  return undefined;
}

/** The parameter defs of the ELM, in order. */
export const elmParameterDefs = (lib: ElmLibrary): ElmDef[] => lib.parameters?.def ?? [];

/** The public expression defs of the Patient context (functions are not results), in order. */
export const elmPatientDefs = (lib: ElmLibrary): ElmDef[] =>
  (lib.statements?.def ?? []).filter((d) => d.type !== 'FunctionDef' && d.context === 'Patient' && d.accessLevel !== 'Private');

/** A parameter's default, when it is a literal a ParameterDefinition can carry (cqf-defaultValue). */
function defaultValue(node: ElmNode | undefined): Record<string, unknown> | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal') {
    const v = String(node.value);
    switch (String(node.valueType).slice(SYSTEM_NS.length)) {
      case 'Boolean':
        return { valueBoolean: v === 'true' };
      case 'Integer':
        return { valueInteger: Number(v) };
      case 'Decimal':
        return { valueDecimal: Number(v) };
      case 'String':
        return { valueString: v };
      default:
        return undefined;
    }
  }
  if (node.type === 'Quantity' && typeof node.value === 'number') return { valueQuantity: { value: node.value, unit: String(node.unit), system: SYSTEM.ucum, code: String(node.unit) } };
  if (node.type === 'Negate') {
    const inner = defaultValue(node.operand as ElmNode);
    if (inner && typeof inner.valueInteger === 'number') return { valueInteger: -inner.valueInteger };
    if (inner && typeof inner.valueDecimal === 'number') return { valueDecimal: -inner.valueDecimal };
    return undefined;
  }
  if (node.type === 'DateTime' || node.type === 'Date') {
    const part = (k: string): number | undefined => {
      const p = node[k] as ElmNode | undefined;
      return p?.type === 'Literal' ? Number(p.value) : undefined;
    };
    const [y, mo, d, h, mi, s, ms] = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'].map(part);
    if (y === undefined || mo === undefined || d === undefined) return undefined;
    const p2 = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
    const date = `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}`;
    if (node.type === 'Date') return { valueDate: date };
    if (h === undefined) return { valueDateTime: date };
    // A FHIR dateTime with a time needs a zone; a CQL literal without one means the engine's own: not carried.
    const offset = part('timezoneOffset');
    if (offset === undefined) return undefined;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const zone = offset === 0 ? 'Z' : `${sign}${p2(Math.floor(abs))}:${p2(Math.round((abs % 1) * 60))}`;
    return { valueDateTime: `${date}T${p2(h)}:${p2(mi)}:${p2(s)}${ms ? `.${String(ms).padStart(3, '0')}` : ''}${zone}` };
  }
  return undefined;
}

/** The Library's `parameter`s: every ELM parameter (use in, with its default), then every Patient-context define (use out). */
export function libraryParameters(lib: ElmLibrary): { parameters: ParameterDefinition[]; untyped: string[] } {
  const untyped: string[] = [];
  // A tuple or choice has no FHIR type: Any, as the ELM says. Only a define the ELM gives no type is reported.
  const typed = (name: string, t: ParamType | undefined): ParamType => {
    if (t) return t;
    untyped.push(name);
    return { type: 'Any', many: false };
  };
  const inputs = elmParameterDefs(lib).map((p): ParameterDefinition => {
    const t = typed(p.name, fromSpecifier(p.parameterTypeSpecifier) ?? resultType(p.default));
    const value = defaultValue(p.default);
    return {
      ...(value ? { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/cqf-defaultValue', ...value }] } : {}),
      name: p.name,
      use: 'in',
      // Without a default the logic has nothing to go on: the caller must supply it (Now, the evaluation date).
      min: p.default ? 0 : 1,
      max: t.many ? '*' : '1',
      type: t.type as ParameterDefinition['type'],
    };
  });
  const outputs = elmPatientDefs(lib).map((d): ParameterDefinition => {
    const t = typed(d.name, resultType(d));
    return { name: d.name, use: 'out', min: 0, max: t.many ? '*' : '1', type: t.type as ParameterDefinition['type'] };
  });
  return { parameters: [...inputs, ...outputs], untyped };
}

// ---------------------------------------------------------------- data requirements from the retrieves

/** Every Retrieve of the ELM, in document order (annotations skipped). */
export function elmRetrieves(lib: ElmLibrary): ElmNode[] {
  const out: ElmNode[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as ElmNode;
    if (o.type === 'Retrieve') out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== 'annotation') walk(v);
  };
  walk(lib.statements);
  return out;
}

type Terminology = { valueSet: string } | { codes: Coding[] };

/** What a retrieve's `codes` names: a value set, or codes (a code, a list of codes, a concept), followed through references. */
function terminologyOf(expr: ElmNode | undefined, lib: ElmLibrary, depth = 0): Terminology | undefined {
  if (!expr || depth > 8 || expr.libraryName) return undefined;
  const codeOf = (name: string): Coding | undefined => {
    const c = lib.codes?.def?.find((d) => d.name === name);
    if (!c || c.codeSystem.libraryName) return undefined;
    const cs = lib.codeSystems?.def?.find((s) => s.name === c.codeSystem.name);
    if (!cs) return undefined;
    return { system: cs.id, ...(cs.version ? { version: cs.version } : {}), code: c.id, ...(c.display ? { display: c.display } : {}) };
  };
  switch (expr.type) {
    case 'ValueSetRef': {
      const vs = lib.valueSets?.def?.find((d) => d.name === expr.name);
      return vs ? { valueSet: vs.version ? `${vs.id}|${vs.version}` : vs.id } : undefined;
    }
    case 'CodeRef': {
      const c = codeOf(String(expr.name));
      return c ? { codes: [c] } : undefined;
    }
    case 'ConceptRef': {
      const concept = lib.concepts?.def?.find((d) => d.name === expr.name);
      const codes = concept?.code.map((r) => (r.libraryName ? undefined : codeOf(r.name)));
      return codes && codes.every((c) => c) ? { codes: codes as Coding[] } : undefined;
    }
    case 'Code': {
      const system = expr.system as ElmNode | undefined;
      const cs = lib.codeSystems?.def?.find((s) => s.name === system?.name);
      return cs ? { codes: [{ system: cs.id, code: String(expr.code), ...(expr.display ? { display: String(expr.display) } : {}) }] } : undefined;
    }
    case 'List': {
      const parts = ((expr.element as ElmNode[] | undefined) ?? []).map((e) => terminologyOf(e, lib, depth + 1));
      if (parts.length === 0 || !parts.every((p) => p && 'codes' in p)) return undefined;
      return { codes: parts.flatMap((p) => (p as { codes: Coding[] }).codes) };
    }
    case 'ToList':
    case 'ToConcept':
      return terminologyOf(expr.operand as ElmNode, lib, depth + 1);
    case 'Property':
      // `[Condition: "Some concept"]` retrieves by the concept's codes: `("Some concept").codes`.
      return expr.path === 'codes' ? terminologyOf(expr.source as ElmNode, lib, depth + 1) : undefined;
    case 'ExpressionRef': {
      const def = lib.statements?.def?.find((d) => d.name === expr.name && d.type !== 'FunctionDef');
      return terminologyOf(def?.expression, lib, depth + 1);
    }
    case 'ParameterRef': {
      const def = lib.parameters?.def?.find((d) => d.name === expr.name);
      return terminologyOf(def?.default, lib, depth + 1);
    }
    default:
      return undefined;
  }
}

/** One retrieve as a DataRequirement: its type and profile, and a codeFilter when the ELM names the codes or value set. */
function dataRequirementOf(r: ElmNode, lib: ElmLibrary): { requirement: DataRequirement; unresolved: boolean } {
  const type = namedType(String(r.dataType)) ?? String(r.dataType);
  const filters: DataRequirementCodeFilter[] = [];
  let unresolved = false;
  const add = (path: string | undefined, codes: ElmNode | undefined): void => {
    if (!codes) return;
    const t = terminologyOf(codes, lib);
    if (!t || !path) {
      unresolved = true;
      return;
    }
    filters.push('valueSet' in t ? { path, valueSet: t.valueSet } : { path, code: t.codes });
  };
  add(r.codeProperty as string | undefined, r.codes as ElmNode | undefined);
  for (const f of (r.codeFilter as ElmNode[] | undefined) ?? []) add(f.property as string | undefined, f.value as ElmNode | undefined);
  return {
    requirement: {
      type: type as DataRequirement['type'],
      ...(r.templateId ? { profile: [String(r.templateId)] } : {}),
      ...(filters.length ? { codeFilter: filters } : {}),
    },
    unresolved,
  };
}

/** The Library's `dataRequirement`s: one per distinct retrieve, in the ELM's order. */
export function libraryDataRequirements(lib: ElmLibrary): { requirements: DataRequirement[]; unresolved: string[] } {
  const seen = new Set<string>();
  const requirements: DataRequirement[] = [];
  const unresolved: string[] = [];
  for (const r of elmRetrieves(lib)) {
    const { requirement, unresolved: u } = dataRequirementOf(r, lib);
    if (u) unresolved.push(requirement.type);
    const key = JSON.stringify(requirement);
    if (seen.has(key)) continue;
    seen.add(key);
    requirements.push(requirement);
  }
  return { requirements, unresolved };
}

// ---------------------------------------------------------------- resources

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** The ELM's result-type annotations (translator option EnableResultTypes): read by tooling, never by an engine. */
export const RESULT_TYPE_KEYS: readonly string[] = ['resultTypeName', 'resultTypeSpecifier'];

/**
 * The ELM a Library carries: the committed ELM without its result-type annotations and indentation. Compact
 * with result types, the IFNTiming ELM is well over the 1 MB that FHIR servers such as Medplum accept for one
 * string once in base64 (which a Library's content is); without them it is about a sixth of the committed file
 * and runs the same (cql-execution never reads them; the parameters' types above come from them).
 */
export const executableElm = (elm: string): string => JSON.stringify(JSON.parse(elm, (k, v: unknown) => (RESULT_TYPE_KEYS.includes(k) ? undefined : v)));
const extension = (url: string, valueCode: string) => ({ url, valueCode });
const CPG = 'http://hl7.org/fhir/uv/cpg/StructureDefinition';

/** `Library/<id>|<version>`: the canonical a PlanDefinition or another Library points at. */
const versioned = (id: string, version: string): string => `${canonicalUrl('Library', id)}|${version}`;

function libraryVersion(source: CqlLibrarySource, lib: ElmLibrary, rulesVersion: string): string {
  return source.id === LIBRARY_ID ? rulesVersion : (lib.identifier.version ?? rulesVersion);
}

export interface BuildReport {
  /** Defines or parameters whose FHIR type could not be told (typed Any). */
  untyped: string[];
  /** Retrieves with codes the generator could not turn into a codeFilter (by resource type). */
  unresolvedCodes: string[];
  /** Decision defines `IsD<n>` the PlanDefinitions name that the ELM lacks. */
  missingDefines: string[];
  /** The ELM library version, when it differs from the rules version. */
  elmVersionMismatch?: string;
}

function buildLibrary(source: CqlLibrarySource, all: CqlLibrarySource[], inputs: ArtifactInputs, report: BuildReport): Library {
  const lib = parseElm(source.elm);
  const version = libraryVersion(source, lib, inputs.rulesVersion);
  const { parameters, untyped } = libraryParameters(lib);
  const { requirements, unresolved } = libraryDataRequirements(lib);
  report.untyped.push(...untyped.map((n) => `${lib.identifier.id}.${n}`));
  report.unresolvedCodes.push(...unresolved.map((t) => `${lib.identifier.id}: [${t}]`));
  const dependsOn = (lib.includes?.def ?? []).map((inc) => {
    const target = all.find((s) => parseElm(s.elm).identifier.id === inc.path);
    const id = target?.id ?? inc.path.toLowerCase();
    return { type: 'depends-on' as const, display: `${inc.path} ${inc.version ?? ''}`.trim(), resource: versioned(id, inc.version ?? inputs.rulesVersion) };
  });
  const model = (lib.usings?.def ?? []).filter((u) => u.localIdentifier !== 'System').map((u) => `${u.localIdentifier} ${u.version ?? ''}`.trim());
  const main = source.id === LIBRARY_ID;
  return {
    resourceType: 'Library',
    id: source.id,
    language: 'en',
    extension: [
      extension(`${CPG}/cpg-knowledgeCapability`, 'shareable'),
      extension(`${CPG}/cpg-knowledgeCapability`, 'computable'),
      extension(`${CPG}/cpg-knowledgeCapability`, 'executable'),
      extension(`${CPG}/cpg-knowledgeRepresentationLevel`, 'executable'),
    ],
    url: canonicalUrl('Library', source.id),
    version,
    name: lib.identifier.id,
    title: main ? 'Interferon timing in chronic hepatitis B: the decision logic' : `${lib.identifier.id}: FHIR to CQL conversions used by IFNTiming`,
    status: ARTIFACT_STATUS,
    experimental: true,
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'logic-library', display: 'Logic Library' }] },
    subjectCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Patient' }] },
    publisher: PUBLISHER,
    description: main
      ? `The clinical rules of ifn-timing-cds, version ${inputs.rulesVersion} (§1–§4 of clinical-rules.md: scope, inputs, derived facts and the ordered decision steps), in CQL on ${model.join(', ')}, after the ${SOURCE_PUBLICATION[0]}. DecisionCode is the card-topic code of the §4 decision (${SYSTEM.cardTopic}), or null when out of scope or on interferon without an on-treatment finding.`
      : `The minimal FHIRHelpers the IFNTiming library includes (written for this project: no npm package ships FHIRHelpers). Not the HL7 FHIRHelpers library.`,
    usage: `Generated by ifn-timing-cds (npm run knowledge:artifacts) from knowledge/cql/${lib.identifier.id}.cql and knowledge/elm/${lib.identifier.id}.json. Evaluate in Patient context with Now set to the evaluation date${main ? '; the service itself answers hooks with its TypeScript engine, which a test checks against this library' : ''}.`,
    ...(dependsOn.length ? { relatedArtifact: dependsOn } : {}),
    ...(parameters.length ? { parameter: parameters } : {}),
    ...(requirements.length ? { dataRequirement: requirements } : {}),
    content: [
      { contentType: 'text/cql', data: base64(source.cql) },
      { contentType: 'application/elm+json', data: base64(executableElm(source.elm)) },
    ],
  };
}

/** The ELM define that is true when §4 decides `id`: `IsD5`. */
export const decisionDefine = (id: DecisionId): string => `Is${id}`;

/** The §4 decisions in order of their ids (D0–D13). */
export const DECISIONS = Object.keys(DECISION_CODE) as DecisionId[];

const ON_TREATMENT_LEVELS: OnTreatmentLevel[] = ['reduce', 'suspend', 'stop'];

/**
 * The card indicators the service can give a decision on a hook (src/engine/indicator.ts, asked with each
 * variant of the facts it reads: clear or not, cirrhosis or not, favourable or not, each D10 level; a duplicate
 * interferon order, an order-hook specific, is left out).
 */
export function possibleIndicators(id: DecisionId, hook: HookName): Indicator[] {
  const found = new Set<Indicator>();
  for (const clear of [true, false])
    for (const cirrhosis of [true, false])
      for (const favourable of [true, false])
        for (const level of ON_TREATMENT_LEVELS) {
          const d = { id, clear, duplicateOrder: false, facts: { fibrosis: { cirrhosisAnySource: cirrhosis } }, d12: { favourable }, onTreatment: { level } };
          found.add(indicatorFor(d as unknown as Decision, hook));
        }
  return (['info', 'warning', 'critical'] as const).filter((i) => found.has(i));
}

/** The CDS Hooks indicator as a request priority (routine = info, urgent = warning, stat = critical), the one element of a RequestGroup action that can carry it. */
const PRIORITY: Record<Indicator, 'routine' | 'urgent' | 'stat'> = { info: 'routine', warning: 'urgent', critical: 'stat' };

/** A FHIRPath string literal. */
const fhirpathString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The card's title and detail for a decision as the service words them in a language: the topic; the §4 step(s) and the source. */
export function decisionText(id: DecisionId, locale: Locale): { title: string; detail: string } {
  const m = MESSAGES[locale];
  const steps = decisionSteps(id, locale).map((s) => (locale === 'en' ? `Step ${s.step}: ${s.when}` : `第${s.step}步：${s.when}`));
  return { title: m.topic[DECISION_CODE[id]], detail: `${steps.join(locale === 'en' ? ' ' : '')}${locale === 'en' ? ' ' : ''}${m.sourceNote}` };
}

/** The FHIR translation extension (on a string element's `_element`): the same text in the service's other languages. */
function translations(text: (locale: Locale) => string): { extension: { url: string; extension: ({ url: string; valueCode: string } | { url: string; valueString: string })[] }[] } {
  return {
    extension: LOCALES.filter((l) => l !== 'en').map((l) => ({
      url: 'http://hl7.org/fhir/StructureDefinition/translation',
      extension: [
        { url: 'lang', valueCode: l },
        { url: 'content', valueString: text(l) },
      ],
    })),
  };
}

function decisionAction(id: DecisionId, hook: HookName): PlanDefinitionAction {
  const m = MESSAGES.en;
  const code = DECISION_CODE[id];
  const { title, detail } = decisionText(id, 'en');
  const indicators = possibleIndicators(id, hook);
  // The most severe indicator the service can give: never understate. The service lowers it when the facts allow.
  const indicator = indicators[indicators.length - 1]!;
  return {
    id,
    title,
    _title: translations((l) => decisionText(id, l).title),
    description: detail,
    _description: translations((l) => decisionText(id, l).detail),
    textEquivalent: `${title} (${id}, ${code})`,
    priority: PRIORITY[indicator],
    code: [{ coding: [{ system: SYSTEM.cardTopic, code, display: title }] }],
    documentation: [{ type: 'documentation', label: id, display: m.sourceLabel, citation: SOURCE_PUBLICATION[0] }],
    trigger: [{ type: 'named-event', name: hook }],
    condition: [
      {
        kind: 'applicability',
        expression: {
          description: `§4 decides ${id} (DecisionCode = '${code}')`,
          language: 'text/cql.identifier',
          expression: decisionDefine(id),
        },
      },
    ],
    dynamicValue: [
      { path: 'action.title', expression: { language: 'text/fhirpath', expression: fhirpathString(title) } },
      { path: 'action.description', expression: { language: 'text/fhirpath', expression: fhirpathString(detail) } },
      {
        path: 'action.priority',
        expression: {
          description: indicators.length > 1 ? `Card indicator ${indicator}; the service gives ${indicators.join(' or ')} by the patient's facts` : `Card indicator ${indicator}`,
          language: 'text/fhirpath',
          expression: fhirpathString(PRIORITY[indicator]),
        },
      },
    ],
  };
}

const pascal = (id: string): string => id.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

function buildPlanDefinition(service: DiscoveryDocument['services'][number], inputs: ArtifactInputs): PlanDefinition {
  return {
    resourceType: 'PlanDefinition',
    id: service.id,
    language: 'en',
    extension: [extension(`${CPG}/cpg-knowledgeCapability`, 'computable'), extension(`${CPG}/cpg-knowledgeRepresentationLevel`, 'structured')],
    url: canonicalUrl('PlanDefinition', service.id),
    version: inputs.rulesVersion,
    name: pascal(service.id),
    title: service.title,
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type', code: 'eca-rule', display: 'ECA Rule' }] },
    status: ARTIFACT_STATUS,
    experimental: true,
    subjectCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Patient' }] },
    publisher: PUBLISHER,
    description: service.description,
    usage: `The CDS Hooks service ${service.id} (hook ${service.hook}) as an event-condition-action rule: on ${service.hook}, the action whose condition (an IFNTiming define) is true gives the card of that §4 decision. ${
      service.hook === 'patient-view'
        ? ''
        : `Unlike the service, which answers ${service.hook} only when an interferon alfa draft is among the orders (and gives D10 for two or more), this definition does not read the orders: apply it only to such calls. `
    }The service's own cards add what this definition does not carry: the patient's values in the summary and detail, suggestions, override reasons${service.hook === 'patient-view' ? '' : ', duplicate interferon orders'}. Generated by ifn-timing-cds from its rules version ${inputs.rulesVersion}.`,
    relatedArtifact: [{ type: 'citation', citation: SOURCE_PUBLICATION[0] }],
    library: [versioned(LIBRARY_ID, inputs.rulesVersion)],
    action: DECISIONS.map((id) => decisionAction(id, service.hook)),
  };
}

/** The file name of an artifact under knowledge/fhir/. */
export const artifactFile = (resource: { resourceType: string; id?: string }): string => `${resource.resourceType}-${resource.id}.json`;

/** Pretty JSON and a newline, as committed. */
export const artifactText = (resource: object): string => `${JSON.stringify(resource, null, 2)}\n`;

/** Every artifact, by file name (sorted), with what the generator could not fully derive. */
export function buildArtifacts(inputs: ArtifactInputs): { files: Map<string, string>; report: BuildReport } {
  const report: BuildReport = { untyped: [], unresolvedCodes: [], missingDefines: [] };
  const main = inputs.libraries.find((l) => l.id === LIBRARY_ID);
  if (!main) throw new Error(`no library with id ${LIBRARY_ID} among the inputs`);
  const mainElm = parseElm(main.elm);
  if (mainElm.identifier.version !== inputs.rulesVersion) report.elmVersionMismatch = `${mainElm.identifier.id} version ${String(mainElm.identifier.version)}, rules version ${inputs.rulesVersion}`;
  const defines = new Set((mainElm.statements?.def ?? []).map((d) => d.name));
  report.missingDefines = DECISIONS.map(decisionDefine).filter((n) => !defines.has(n));
  const resources: (Library | PlanDefinition)[] = [
    ...inputs.libraries.map((l) => buildLibrary(l, inputs.libraries, inputs, report)),
    ...inputs.discovery.services.map((s) => buildPlanDefinition(s, inputs)),
  ];
  const files = new Map(resources.map((r) => [artifactFile(r), artifactText(r)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files, report };
}
