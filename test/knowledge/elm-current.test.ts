/**
 * Issue 22: the committed ELM (knowledge/elm) is what the reference translator makes of the CQL (knowledge/cql)
 * today. Re-translates in memory and compares byte for byte; `npm run knowledge:translate -- --check` does the same
 * on the command line.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { elmPath, readCqlSources, staleLibraries, translateLibraries, type TranslatedLibrary } from '../../scripts/knowledge/translate.js';

interface ElmAnnotation {
  type?: string;
  errorSeverity?: string;
  message?: string;
}
interface ElmLibrary {
  library: {
    identifier: { id: string; version: string };
    annotation?: ElmAnnotation[];
    parameters?: { def: { name: string; default?: { type: string; value?: string } }[] };
    statements?: { def: { name: string; context?: string; type?: string }[] };
  };
}

/** The expressions the issue and the other helpers rely on (cross-check, PlanDefinition actions). */
const REQUIRED = [
  'InScope',
  'DecisionCode',
  'DecisionStep',
  'DecisionId',
  'LatestALTMultiple',
  'HasFlare',
  'ALTFalling',
  'ALTRisingAgain',
  'TBilState',
  'Coagulopathy',
  'OnNA',
  'OnInterferon',
  'HBVDNAState',
  'Cirrhosis',
  'CirrhosisOnRecord',
  'SignificantFibrosis',
  'ChronicityConfirmed',
  'AcuteHBVExcluded',
  'AbsoluteContraindications',
  'OnTreatmentRules',
  'BiopsyTriggers',
  'RecurrentMild',
  'SafetyScreen',
  'SafetyScreenClear',
  ...Array.from({ length: 14 }, (_, i) => `IsD${i}`),
];

/** Every (config) parameter of the CQL and the TypeScript engine's default it must equal (src/engine/config/*.ts). */
const c = DEFAULT_CLINICAL_CONFIG;
const PARAMETER_DEFAULTS: Record<string, number> = {
  siteTimeZoneOffsetMinutes: c.timeZone === 'UTC' ? 0 : Number.NaN,
  altUlnMale: c.altUln.male,
  altUlnFemale: c.altUln.female,
  astUlnMale: c.astUln.male,
  astUlnFemale: c.astUln.female,
  copiesPerIU: c.copiesPerIU,
  tbilUlnUmolL: c.tbil.ulnUmolL,
  tbilWithinDaysOfAlt: c.tbil.withinDaysOfAlt,
  tbilUlnMultiple: c.tbil.ulnMultiple,
  tbilAbsoluteUmolL: c.tbil.absoluteUmolL,
  tbilRiseUmolL: c.tbil.riseUmolL,
  tbilRiseWithinDays: c.tbil.riseWithinDays,
  altLookbackDays: c.altLookbackDays,
  flareLookbackDays: c.flareLookbackDays,
  recurrentMildMonths: c.recurrentMildMonths,
  recurrentMildMinDaysApart: c.recurrentMildMinDaysApart,
  hbvDnaLookbackMonths: c.hbvDnaLookbackMonths,
  biopsyAge: c.biopsyAge,
  hbeagNegativeDnaIU: c.hbeagNegativeDnaIU,
  histologyMaxAgeMonths: c.histologyMaxAgeMonths,
  flareFallFraction: c.flareFallFraction,
  inrHigh: c.inrHigh,
  inrLookbackDays: c.inrLookbackDays,
  cytopeniaLookbackDays: c.cytopenia.lookbackDays,
  cytopeniaNeutrophilsBelow: c.cytopenia.neutrophilsBelow,
  cytopeniaPlateletsBelow: c.cytopenia.plateletsBelow,
  steepRiseAboveUln: c.steepRiseAboveUln,
  steepRiseFactor: c.steepRiseFactor,
  onTxNeutrophilsReduce: c.onTxNeutrophilsReduce,
  onTxNeutrophilsSuspend: c.onTxNeutrophilsSuspend,
  onTxPlateletsReduce: c.onTxPlateletsReduce,
  onTxPlateletsSuspend: c.onTxPlateletsSuspend,
  lsmCirrhosisKPa: c.lsmCirrhosisKPa,
  lsmSignificantKPa: c.lsmSignificantKPa,
  lsmLookbackMonths: c.lsmLookbackMonths,
  apriCirrhosisAbove: c.apriCirrhosisAbove,
  apriSignificantAbove: c.apriSignificantAbove,
  portalHypertensionPlateletsBelow: c.portalHypertensionPlateletsBelow,
  chronicityMonths: c.chronicityMonths,
  naEarlyWeeks: c.naEarlyWeeks,
  addOnHbsagBelowIU: c.addOnHbsagBelowIU,
  screenLookbackDays: c.screenLookbackDays,
  relativeNeutrophilsBelow: c.relativeNeutrophilsBelow,
  relativePlateletsBelow: c.relativePlateletsBelow,
  tshRangeLow: c.tshRange.low,
  tshRangeHigh: c.tshRange.high,
};

let translated: TranslatedLibrary[];

beforeAll(async () => {
  translated = await translateLibraries(readCqlSources());
}, 180_000);

const committed = (name: string): ElmLibrary => JSON.parse(readFileSync(elmPath(name), 'utf8')) as ElmLibrary;

describe('knowledge/elm', () => {
  it('translates both libraries of knowledge/cql', () => {
    expect(translated.map((t) => t.name)).toEqual(['FHIRHelpers', 'IFNTiming']);
  });

  it('is current: the committed ELM equals a fresh translation of the CQL (run npm run knowledge:translate)', () => {
    expect(staleLibraries(translated)).toEqual([]);
  });

  it('carries no translation error (warnings of the translator only)', () => {
    for (const name of ['FHIRHelpers', 'IFNTiming']) {
      const errors = (committed(name).library.annotation ?? []).filter((a) => a.type === 'CqlToElmError' && a.errorSeverity !== 'warning' && a.errorSeverity !== 'info');
      expect(errors).toEqual([]);
    }
  });

  it("is IFNTiming version '3' (the rules version) and defines the required expressions in Patient context", () => {
    const lib = committed('IFNTiming').library;
    expect(lib.identifier).toEqual({ id: 'IFNTiming', version: '3' });
    const defs = new Map((lib.statements?.def ?? []).map((d) => [d.name, d]));
    for (const name of REQUIRED) {
      expect({ name, context: defs.get(name)?.context }).toEqual({ name, context: 'Patient' });
    }
  });

  it('has every (config) threshold as a parameter whose default equals the TypeScript engine default', () => {
    const params = committed('IFNTiming').library.parameters?.def ?? [];
    const defaults = Object.fromEntries(params.filter((p) => p.name !== 'Now').map((p) => [p.name, p.default?.type === 'Literal' ? Number(p.default.value) : undefined]));
    expect(defaults).toEqual(PARAMETER_DEFAULTS);
    expect(params.find((p) => p.name === 'Now')?.default).toBeUndefined();
  });

  it('names the §4 step of each step define in a comment of the CQL (a committee finds each rule by its id)', () => {
    const cql = readCqlSources().get('IFNTiming')!;
    for (const [step, id] of [[1, 'D10'], [2, 'D8'], [3, 'D7'], [4, 'D5'], [5, 'D7'], [6, 'D13'], [7, 'D7'], [8, 'D11'], [9, 'D12'], [10, 'D6'], [11, 'D1'], [12, 'D9'], [13, 'D3'], [14, 'D4'], [15, 'D2']] as const) {
      expect(cql).toContain(`// §4 step ${step} (${id})`);
      expect(cql).toContain(`define "Step${step}${id}"`);
    }
  });

  it('fails the check when the CQL changes and the ELM is not regenerated', async () => {
    const sources = readCqlSources();
    sources.set('IFNTiming', sources.get('IFNTiming')!.replace('define "IsD0": DecisionId = \'D0\'', 'define "IsD0": DecisionId = \'D1\''));
    const changed = await translateLibraries(sources);
    expect(staleLibraries(changed)).toEqual(['IFNTiming']);
  }, 180_000);

  it('fails with the line of a translation error', async () => {
    const sources = readCqlSources();
    sources.set('IFNTiming', `${sources.get('IFNTiming')!}\ndefine "Broken": NoSuchThing + 1\n`);
    await expect(translateLibraries(sources)).rejects.toThrow(/IFNTiming\.cql:\d+:\d+: .*NoSuchThing/);
  }, 180_000);
});
