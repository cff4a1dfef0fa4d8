/**
 * (v3) Card wording of clinical-rules.md §7: summary patterns, the why's action lines, carried lines, block and
 * Details headings, suggestions, in English and Simplified Chinese. Every number is a parameter (from the
 * Decision, its thresholds or config `textValues`); record text arrives already escaped (escape.ts).
 * Shared names (topics, result kinds, passed-over reasons, override reasons) stay in messages.ts.
 */
import type { Locale } from '../config/locale.js';

import type { Caveat, D5Tail, NaLineAdvice, OnTreatmentLevel } from '../engine/types.js';

export type Tail = D5Tail;
export type BlockKind =
  | 'triggers' | 'screen' | 'fibrosis' | 'flare' | 'missing' | 'contraindications' | 'settled-flare' | 'rules-met' | 'na-course' | 'add-on' | 'hbsag-history';

export interface Words {
  /** Sentence end: ". " in English, "。" (no space) in Chinese. */
  stop: string;
  /** The clause "continue the NA" as the NA and D12 lines word it (said once per card). */
  continueNa: string;
  semicolon: string;
  summary: {
    orderPrefix: string;
    duplicatePrefix: (names: string[]) => string;
    D0: (alt: string, months: number) => string;
    D0other: (alt: string, dna: string) => string;
    D1clear: (alt: string) => string;
    D1cirrhosis: (alt: string, source: string) => string;
    D1anotherCause: (alt: string, dna: string) => string;
    D1steep: (alt: string, prev: string, weeks: string) => string;
    D1caution: (alt: string, items: string) => string;
    D1incomplete: (alt: string, items: string) => string;
    D2: (alt: string, triggers: string) => string;
    D3: (histology: string, alt: string, caveat?: string) => string;
    D4: (histology: string, alt: string, other: boolean) => string;
    D5urgent: (alt: string, tbil: string, inr?: string) => string;
    D5defer: (what: string, alt: string, peak: string | undefined, tail: string) => string;
    D5rising: (alt: string, prev: string, now: string, tail: string) => string;
    D5fallingSevere: (alt: string, peak: string) => string;
    D5notFalling: (alt: string, noEarlier: boolean) => string;
    tail: Record<Tail, string>;
    D6: (alt: string, peak: string, tbil: string, inr: string | undefined, tail?: string) => string;
    D6missing: (items: string) => string;
    D7alt: (days: number, last?: { date: string; alt: string }) => string;
    D7unreadable: (date: string, raw: string, why: string) => string;
    D7tbil: (alt: string, peak: string) => string;
    D7dna: (na: string, months: number) => string;
    noAltIn: (days: number, last?: { date: string; alt: string }) => string;
    D8: (first: string, more: number, na?: string) => string;
    D8withD5: (first: string, d5: string) => string;
    D9fibrosis: (what: string, source: string, alt: string, hcc: boolean) => string;
    D9flare: (peak: string, alt: string, weeks: number) => string;
    D9seroconversion: (peak: string, alt: string, months: string) => string;
    considerNa: (name: string) => string;
    switchToTdf: string;
    bloodCount: string;
    noRecentTbil: (last?: string) => string;
    noTsh: string;
    noDna: string;
    dnaUndetectable: string;
    hbeagNegLow: (dna: string) => string;
    cirrhosis: string;
    significantFibrosis: string;
    nonInvasive: string;
    noInr: (days: number) => string;
    caution: string;
    lsm: string;
    ageTrigger: (age: string) => string;
    triggerDna: (dna: string) => string;
    recorded: (date?: string) => string;
    D10: (drug: string, what: string, level: OnTreatmentLevel) => string;
    D10duplicate: (drug: string) => string;
    D11: (dna: string, na: string, alt: string, tenofovir: boolean) => string;
    D11early: (na: string, since: string, dna: string, week: number) => string;
    D12head: (na: string) => string;
    D12favourable: (head: string, hbsag: string, below: string) => string;
    D12orderQhbsag: (head: string) => string;
    D12obstacle: (head: string, what: string) => string;
    D12anotherCause: (head: string, alt: string) => string;
    D12screen: (head: string, hbsag: string, below: string, gaps: string) => string;
    D13unconfirmed: (what: string) => string;
    D13since: (date: string, months: number) => string;
    D13noHbsag: string;
    D13igm: (date: string, months: number) => string;
    hbeagPos: string;
    hbeagNeg: string;
    hbeagUnknown: string;
    hbsagHigh: (v: string, limit: string) => string;
  };
  /** The one action line of each decision (§4 "Key content"), numbers as parameters. */
  action: {
    D0: (months: number) => string;
    D1: string;
    D1clear: (ages: string) => string;
    D2: string;
    D3: string;
    D4: (monitor: string) => string;
    D5: string;
    D5wait: string;
    D5urgent: (dissociation: boolean, inr?: string) => string;
    D5onNa: string;
    D5anotherCause: string;
    D8flareNa: string;
    D6: string;
    D7alt: (days: number) => string;
    D7tbil: (days: number) => string;
    D7dna: (months: number) => string;
    D8offer: (name: string) => string;
    D8switch: (weeks: string, hours: number) => string;
    D8transmission: (dna: string, weeks: string, hours: number) => string;
    D8continue: string;
    D8transplant: string;
    D8notIndicated: string;
    D9fibrosis: string;
    D9flare: (peak: string, date: string, weeks: number) => string;
    D9seroconversion: (months: string) => string;
    D9hcc: (months: number) => string;
    naAlternative: (name: string) => string;
    D10: Record<OnTreatmentLevel | 'duplicate', string>;
    D10transplant: string;
    D10pregnancy: string;
    D11: Record<'breakthrough' | 'incomplete-suppression' | 'early', string>;
    D11cirrhosis: string;
    D11notInterferon: string;
    D12favourable: (below: string) => string;
    D12not: string;
    D12anotherCause: string;
    D12cirrhosis: string;
    D13unconfirmed: string;
    D13igm: (months: number) => string;
  };
  caveat: Record<Exclude<Caveat, 'dna-unknown' | 'steep-rise' | 'hbeag-seroconversion-may-follow' | 'other-guidelines-would-treat'>, string> & {
    'other-guidelines-would-treat': (dna: string) => string;
    'dna-unknown': (months: number) => string;
    'steep-rise': (weeks: string) => string;
    'd9-dna-below': string;
  };
  carried: {
    d5: (clauses: string) => string;
    d13: string;
    d13igm: string;
    na: Record<NaLineAdvice, (na: string, dna: string, week: number) => string>;
    /** The NA line when the pregnancy switch to tenofovir DF supersedes its switch/add advice (D8). */
    naCheckOnly: (na: string, dna: string) => string;
    hiv: string;
  };
  onTx: { reduce: string; suspend: string; stop: string; label: string };
  criterion: { hbeagNegative: string; qhbsag: (below: string) => string; noCirrhosis: string; screenClear: string; altNormal: string; noFlare: string; met: string; notMet: string };
  naSince: (date: string, weeks?: number) => string;
  igmLine: (result: string, date: string) => string;
  born: (date: string) => string;
  hbsagLine: (date: string, iu?: string) => string;
  block: Record<BlockKind, string> & { relative: string; warfarin: string; lsmCuts: (significant: string, cirrhosis: string) => string; apriCuts: (significant: string, cirrhosis: string) => string; fib4Shown: string };
  details: {
    heading: string;
    more: string;
    predictors: string;
    passedOver: string;
    steps: string;
    resources: string;
    ordersLine: (names: string) => string;
    duplicate: (n: number, signed: boolean) => string;
    footer: string;
    rulesVersion: (v: string) => string;
  };
  suggestion: {
    orderTests: (tests: string) => string;
    testsAndCancel: (tests: string, n: number) => string;
    cancel: (n: number) => string;
    cancelOne: (drug: string) => string;
    naInstead: (name: string, tests?: string) => string;
    switchToTdf: string;
    biopsyAndCancel: (n: number) => string;
    assessmentAndCancel: (n: number) => string;
    assessment: string;
  };
  action_: { orderTest: (t: string) => string; cancelDraft: (drug: string) => string; orderNa: (name: string) => string; stopEntecavir: string };
  /** Order names (§5 order codes). */
  test: Record<string, string>;
  pregnancyTest: string;
  workup: string;
}

const en: Words = {
  stop: '. ',
  continueNa: 'continue the NA',
  semicolon: '; ',
  summary: {
    orderPrefix: 'This IFN order: ',
    duplicatePrefix: (names) => `${names.join(' + ')} (duplicate): `,
    D0: (alt, n) => `Lower IFN response expected: ${alt}; recheck ALT in ${n} months`,
    D0other: (alt, dna) => `Lower IFN response expected: ${alt}; recurrent mild ALT, HBV DNA ${dna}: WHO/EASL/China would treat`,
    D1clear: (alt) => `IFN window: ${alt}; TBil, blood count, TSH acceptable`,
    D1cirrhosis: (alt, source) => `IFN window: ${alt}, cirrhosis (${source}): NA preferred; IFN only without portal hypertension`,
    D1anotherCause: (alt, dna) => `IFN window: ${alt}, ${dna}: look for another cause`,
    D1steep: (alt, prev, w) => `IFN window: ${alt}, up from ${prev}: repeat ALT, TBil in ${w} weeks before starting`,
    D1caution: (alt, items) => `IFN window: ${alt}; ${items}: caution`,
    D1incomplete: (alt, items) => `IFN window: ${alt}; ${items}`,
    D2: (alt, t) => `Liver biopsy recommended before IFN: ${alt}; ${t}`,
    D3: (h, alt, c) => `Antiviral therapy incl. IFN recommended: biopsy ${h} (≥G2), ${alt}${c ? `; ${c}` : ''}`,
    D4: (h, alt, other) => `IFN not indicated by P6: biopsy ${h} (<G2), ${alt}${other ? '; other guidelines would treat' : ''}`,
    D5urgent: (alt, tbil, inr) => `Urgent: ${alt} falling while TBil rises to ${tbil}, ${inr ?? 'check INR'}: start an NA now, consider admission`,
    D5defer: (what, alt, peak, tail) => `Defer IFN: ${what} with ${alt}${peak ? ` after a flare to ${peak}` : ''}; ${tail}`,
    D5rising: (alt, prev, now, tail) => `Defer IFN: ${alt} and rising (${prev} → ${now}); ${tail}`,
    D5fallingSevere: (alt, peak) => `Defer IFN: ${alt}, down from ${peak}, still >10×ULN; wait for <10×ULN without TBil rise`,
    D5notFalling: (alt, noEarlier) => `Defer IFN: ${alt}, ${noEarlier ? '>10×ULN' : 'not falling'}; wait for <10×ULN without TBil rise`,
    tail: { 'na-now': 'NA now', 'na-now-admission': 'NA now, consider admission', 'adherence-resistance': 'check adherence and resistance', 'another-cause': 'look for another cause', 'continue-na': 'continue the NA' },
    D6: (alt, peak, tbil, inr, tail) => `IFN possible after flare: ${alt} (peak ${peak}), TBil ${tbil}${inr ? `, ${inr}` : ''}; ${tail ?? 'experienced clinician'}`,
    D6missing: (items) => `${items}: order first`,
    D7alt: (days, last) => `ALT needed: none in ${days} days${last ? ` (last ${last.date}: ${last.alt})` : ''}`,
    D7unreadable: (date, raw, why) => `ALT of ${date} could not be read ('${raw}': ${why})`,
    D7tbil: (alt, peak) => `Bilirubin needed: ${alt} after a flare to ${peak}`,
    D7dna: (na, months) => `HBV DNA needed: on ${na}, none in ${months} months`,
    noAltIn: (days, last) => `ALT: none in the last ${days} days${last ? ` (last ${last.date}: ${last.alt})` : ''}`,
    D8: (first, more, na) => `IFN contraindicated: ${first}${more > 0 ? ` (+${more} more)` : ''}${na ? `; ${na}` : ''}`,
    D8withD5: (first, d5) => `IFN contraindicated (${first}) — ${d5}`,
    D9fibrosis: (what, source, alt, hcc) => `Antiviral therapy indicated: ${what} (${source}), ${alt}; NA preferred${hcc ? ', HCC surveillance' : ''}`,
    D9flare: (peak, alt, w) => `Antiviral therapy indicated after a flare to ${peak}: now ${alt}; recheck within ${w} weeks`,
    D9seroconversion: (peak, alt, months) => `Antiviral therapy indicated after a flare to ${peak}: now ${alt}; HBeAg seroconversion may follow; NA now or recheck in ${months} months`,
    considerNa: (name) => `consider ${name}`,
    switchToTdf: 'switch entecavir to tenofovir DF',
    bloodCount: 'blood count',
    noRecentTbil: (last) => (last ? `no recent TBil (last ${last})` : 'no TBil'),
    noTsh: 'no TSH',
    noDna: 'no HBV DNA',
    dnaUndetectable: 'HBV DNA undetectable',
    hbeagNegLow: (dna) => `HBeAg−, HBV DNA ${dna}`,
    cirrhosis: 'cirrhosis',
    significantFibrosis: 'significant fibrosis',
    nonInvasive: 'non-invasive',
    noInr: (days) => `no INR in ${days} days`,
    caution: 'caution',
    lsm: 'LSM',
    ageTrigger: (a) => `age ${a}`,
    triggerDna: (dna) => `HBeAg− with HBV DNA ${dna}`,
    recorded: (date) => (date ? `recorded ${date}` : 'on record'),
    D10: (drug, what, level) => `On ${drug}: ${what}: ${level === 'stop' ? 'stop interferon; NA, close observation' : level === 'suspend' ? 'suspend interferon' : 'reduce the dose'}`,
    D10duplicate: (drug) => `On ${drug}: another interferon ordered; keep one`,
    D11: (dna, na, alt, tdf) => `HBV DNA ${dna} on ${na}${alt ? `, ${alt}` : ''}: ${tdf ? 'check adherence and resistance; specialist review' : 'check adherence, test for resistance; if adherent, switch to/add tenofovir'}`,
    D11early: (na, since, dna, week) => `On ${na} since ${since}: HBV DNA ${dna} may still be falling; recheck at week ${week}`,
    D12head: (na) => `HBV DNA undetectable on ${na}`,
    D12favourable: (head, hbsag, below) => `${head}, HBeAg−, HBsAg ${hbsag} IU/mL (<${below}): add-on or switch to PegIFN may be considered`,
    D12orderQhbsag: (head) => `${head}: order quantitative HBsAg before add-on PegIFN`,
    D12obstacle: (head, what) => `${head}: ${what}; continue the NA`,
    D12anotherCause: (head, alt) => `${head}, ${alt}: look for another cause`,
    D12screen: (head, hbsag, below, gaps) => `${head}, HBeAg−, HBsAg ${hbsag} IU/mL (<${below}); ${gaps}: complete the screen`,
    D13unconfirmed: (what) => `Chronic HBV not established (${what}): exclude acute hepatitis B (anti-HBc IgM)`,
    D13since: (date, months) => `HBsAg+ since ${date}, <${months} months`,
    D13noHbsag: 'no HBsAg on record',
    D13igm: (date, months) => `Anti-HBc IgM positive (${date}): acute hepatitis B likely; no interferon; recheck HBsAg at ${months} months`,
    hbeagPos: 'HBeAg+',
    hbeagNeg: 'HBeAg−',
    hbeagUnknown: 'HBeAg unknown',
    hbsagHigh: (v, limit) => `HBsAg ${v} IU/mL (≥${limit})`,
  },
  action: {
    D0: (n) => `Lower response to interferon at this ALT (P3): recheck ALT in ${n} months; a biopsy trigger would change this (P6).`,
    D1: 'ALT (2–10)×ULN is the time for interferon (P2); response predictors (P5) in Details.',
    D1clear: (ages) => `TBil, blood count and TSH acceptable; complete the pre-interferon work-up (pregnancy test [women ${ages}], psychiatric and autoimmune history).`,
    D2: 'Liver biopsy before deciding (P6); a non-invasive fibrosis assessment is offered beside it. Inflammation ≥G2 ⇒ antiviral therapy, interferon included.',
    D3: 'Inflammation ≥G2: antiviral therapy, interferon included (P6); lower response to interferon at this ALT (P3).',
    D4: (monitor) => `Interferon not indicated by P6 (inflammation <G2): monitor ALT and HBV DNA every ${monitor} months.`,
    D5: 'Antiviral therapy now, NA preferred; close observation and supportive care (liver protection) (P7②). Interferon, if considered later, directed by a clinician experienced with it (P7③).',
    D5wait: 'Interferon now risks decompensation or liver failure (P4): wait until ALT is <10×ULN without significant bilirubin rise.',
    D5urgent: (dis, inr) => `${dis ? 'Enzyme–bilirubin dissociation (ALT falling while bilirubin rises)' : 'Coagulopathy'} after a flare: a warning sign of liver failure. Start an NA now; ${inr ? inr : 'check INR'}; consider admission.`,
    D5onNa: 'Antiviral therapy is under way (NA): close observation and supportive care (liver protection) (P7②).',
    D8flareNa: 'Flare: antiviral therapy now, NA preferred; close observation and supportive care (liver protection) (P7②).',
    D5anotherCause: 'HBV DNA undetectable: look for another cause (drug-induced liver injury, hepatitis A/E, HDV, autoimmune hepatitis, alcohol, ischaemia).',
    D6: 'Interferon may start at a regular or low dose, directed by a clinician experienced with it (P7③), with close monitoring of ALT, TBil and INR (P7②).',
    D7alt: (days) => `The decision needs an ALT result from the last ${days} days: order ALT and review when it is back.`,
    D7tbil: (days) => `After a flare, a TBil within ${days} days of the latest ALT decides whether interferon must wait (P7②): unknown, not assumed normal.`,
    D7dna: (months) => `On an NA without HBV DNA in ${months} months: order it to judge suppression.`,
    D8offer: (name) => `Antiviral therapy is indicated: consider ${name}.`,
    D8switch: (_weeks, hours) => `Pregnancy on entecavir: stop entecavir, switch to tenofovir DF now (it also protects against mother-to-child transmission); newborn HBIG and vaccine within ${hours} h of birth.`,
    D8transmission: (dna, weeks, hours) => `Pregnancy with HBV DNA ≥${dna} IU/mL: tenofovir DF from week ${weeks} against mother-to-child transmission (now if another indication holds); newborn HBIG and vaccine at birth, within ${hours} h.`,
    D8continue: 'Continue the current NA.',
    D8transplant: 'Decompensation: an NA now; refer for liver-transplant assessment.',
    D8notIndicated: 'No antiviral therapy is indicated by the facts on record.',
    D9fibrosis: 'Antiviral therapy is indicated whatever the ALT (WHO 2024; EASL: cirrhosis with detectable HBV DNA): NA first; interferon only if compensated without portal hypertension, by an experienced clinician; lower response at this ALT (P3).',
    D9flare: (peak, date, w) => `Settled flare (peak ${peak}, ${date}): antiviral therapy indicated (P7②), NA preferred; lower response to interferon at this ALT (P3); recheck ALT, TBil and INR within ${w} weeks.`,
    D9seroconversion: (months) => `Spontaneous HBeAg seroconversion may follow: recheck HBeAg/anti-HBe and HBV DNA; an NA now or a ${months}-month wait are both accepted (AASLD).`,
    D9hcc: (months) => `Cirrhosis: HCC surveillance every ${months} months.`,
    naAlternative: (name) => `Alternative: an NA (${name}).`,
    D10: {
      stop: 'Stop interferon; start an NA now (or continue it); close observation of ALT, TBil and INR.',
      suspend: 'Suspend interferon per the label; recheck the count.',
      reduce: 'Reduce the interferon dose per the label; recheck the count.',
      duplicate: 'Duplicate interferon order: keep one.',
    },
    D10transplant: 'Decompensation: refer for liver-transplant assessment.',
    D10pregnancy: 'Pregnancy: interferon is contraindicated; tenofovir DF is the NA in pregnancy.',
    D11: {
      breakthrough: 'Virological breakthrough: rescue is an NA change, not interferon.',
      'incomplete-suppression': 'Incomplete suppression (ALT ≤ULN): rescue is an NA change, not interferon.',
      early: 'Early on the NA: no resistance test yet.',
    },
    D11cirrhosis: 'Cirrhosis: rescue without delay.',
    D11notInterferon: 'Interferon would mean add-on or switch, directed by a clinician experienced with it (P7③).',
    D12favourable: (below) => `ALT timing does not apply on an NA. HBeAg negative, qHBsAg <${below} IU/mL: add-on or switch to PegIFN for HBsAg loss may be considered (China 2019/2022), directed by a clinician experienced with interferon (P7③).`,
    D12not: 'ALT timing does not apply on an NA: add-on or switch to PegIFN is not favourable now; continue the NA.',
    D12anotherCause: 'ALT above ULN or a flare with HBV DNA undetectable: look for another cause (alcohol, fatty liver, drugs, HDV, autoimmune hepatitis).',
    D12cirrhosis: 'Cirrhosis: continue the NA; IFN only if compensated without portal hypertension, by an experienced clinician.',
    D13unconfirmed: 'Chronic infection not established: exclude acute hepatitis B (anti-HBc IgM) before deciding.',
    D13igm: (months) => `Acute hepatitis B likely: no interferon; recheck HBsAg at ${months} months (a severe CHB flare can be IgM-positive too).`,
  },
  caveat: {
    'screen-incomplete': 'Screen incomplete: order what is missing before starting interferon.',
    'screen-relative': 'Relative contraindication: caution; low platelets may mean portal hypertension: ultrasound or elastography.',
    'inr-unknown': 'No recent INR: order it before starting.',
    'noninvasive-inflated-by-alt': 'Raised ALT inflates liver stiffness and APRI.',
    'dna-below-detection': 'HBV DNA undetectable: look for another cause of the ALT rise (alcohol, fatty liver, drugs, HDV/HCV, autoimmune hepatitis).',
    'dna-unknown': (months) => `No HBV DNA in ${months} months: order it (baseline).`,
    cirrhosis: 'Cirrhosis: NA preferred; IFN only without portal hypertension, by a clinician experienced with interferon.',
    'steep-rise': (weeks) => `ALT rising: repeat ALT and TBil within ${weeks} weeks before starting.`,
    'hbeag-negative-low-dna': 'HBeAg negative with low HBV DNA: look for another cause of the ALT rise (alcohol, fatty liver, drugs, HDV/HCV, autoimmune hepatitis).',
    'other-guidelines-would-treat': (dna) => `HBV DNA >${dna} IU/mL with raised ALT: WHO 2024, EASL 2017 and China 2022 would treat.`,
    'd9-dna-below': 'HBV DNA undetectable: guidelines differ here; specialist review.',
  },
  carried: {
    d5: (clauses) => `Flare (${clauses}): antiviral therapy now, NA preferred (P7②).`,
    d13: 'Chronic infection not established: exclude acute hepatitis B (anti-HBc IgM).',
    d13igm: 'Anti-HBc IgM positive: acute hepatitis B likely; no interferon.',
    na: {
      'switch-or-add-tenofovir': (na, dna) => `On ${na}, HBV DNA ${dna}: check adherence; test for resistance; if adherent, switch to or add tenofovir.`,
      'specialist-review': (na, dna) => `On ${na}, HBV DNA ${dna}: check adherence; test for resistance; specialist review.`,
      'early-recheck': (na, dna, week) => `On ${na}, HBV DNA ${dna}: may still be falling; check adherence; recheck at week ${week}.`,
      continue: (na) => `On ${na}, HBV DNA undetectable: continue the NA.`,
      'order-dna': (na) => `On ${na}: no recent HBV DNA; order it to judge suppression.`,
    },
    naCheckOnly: (na, dna) => `On ${na}, HBV DNA ${dna}: check adherence; test for resistance.`,
    hiv: 'HIV co-infection: treat hepatitis B within tenofovir-based ART, with the HIV team.',
  },
  onTx: { reduce: 'reduce the dose', suspend: 'suspend', stop: 'stop', label: 'China 2015 / label' },
  criterion: { hbeagNegative: 'HBeAg negative', qhbsag: (b) => `qHBsAg <${b} IU/mL`, noCirrhosis: 'no cirrhosis (any source)', screenClear: 'safety screen clear', altNormal: 'latest ALT ≤ULN', noFlare: 'no flare', met: 'met', notMet: 'not met' },
  naSince: (date, weeks) => `since ${date}${weeks !== undefined ? ` (${weeks} weeks)` : ''}`,
  igmLine: (result, date) => `anti-HBc IgM ${result}, ${date}`,
  born: (date) => `born ${date}`,
  hbsagLine: (date, v) => `HBsAg positive${v ? ` (${v} IU/mL)` : ''}, ${date}`,
  block: {
    triggers: 'Biopsy triggers (P6)',
    screen: 'Safety screen',
    fibrosis: 'Fibrosis',
    flare: 'Flare',
    missing: 'What is missing',
    contraindications: 'Contraindications',
    'settled-flare': 'Settled flare',
    'rules-met': 'On-treatment rules met',
    'na-course': 'NA and HBV DNA',
    'add-on': 'Add-on criteria',
    'hbsag-history': 'HBsAg history',
    relative: 'Relative contraindications',
    warfarin: 'On warfarin: INR not interpretable.',
    lsmCuts: (sig, cir) => `significant ≥${sig}, cirrhosis ≥${cir} kPa; raised ALT inflates it`,
    apriCuts: (sig, cir) => `significant >${sig}, cirrhosis >${cir}`,
    fib4Shown: 'shown, not used',
  },
  details: {
    heading: 'Details',
    more: 'Also',
    predictors: 'Response predictors (P5)',
    passedOver: 'Results passed over',
    steps: 'Steps',
    resources: 'Resources',
    ordersLine: (names) => `Interferon order: ${names}.`,
    duplicate: (n, signed) => `Duplicate order: ${n} interferon drafts ${signed ? 'signed together' : 'selected'}.`,
    footer:
      'International guidelines differ: WHO prefers NAs; EASL and AASLD offer NAs or PegIFN; none sets a 10×ULN ceiling, and all avoid interferon in decompensated disease and severe flares.',
    rulesVersion: (v) => `clinical rules version ${v}`,
  },
  suggestion: {
    orderTests: (t) => `Order ${t}`,
    testsAndCancel: (t, n) => `Order ${t} and cancel ${n > 1 ? `the ${n} interferon orders` : 'the interferon order'}`,
    cancel: (n) => (n > 1 ? `Cancel the ${n} interferon orders` : 'Cancel the interferon order'),
    cancelOne: (drug) => `Cancel ${drug}`,
    naInstead: (name, t) => `Order ${name}${t ? ` and ${t}` : ''} instead`,
    switchToTdf: 'Switch entecavir to tenofovir DF',
    biopsyAndCancel: (n) => `Request a liver biopsy and cancel ${n > 1 ? `the ${n} interferon orders` : 'the interferon order'}`,
    assessmentAndCancel: (n) => `Order a non-invasive fibrosis assessment and cancel ${n > 1 ? `the ${n} interferon orders` : 'the interferon order'}`,
    assessment: 'Order a non-invasive fibrosis assessment',
  },
  action_: {
    orderTest: (t) => `Create a draft order: ${t}`,
    cancelDraft: (drug) => `Remove the draft order for ${drug}`,
    orderNa: (name) => `Create a draft order for ${name} (dose per local protocol)`,
    stopEntecavir: 'Stop entecavir',
  },
  test: {
    alt: 'ALT',
    tbil: 'TBil',
    inr: 'INR',
    'full-blood-count': 'full blood count',
    tsh: 'TSH',
    'hbv-dna': 'HBV DNA',
    qhbsag: 'quantitative HBsAg',
    'anti-hbc-igm': 'anti-HBc IgM',
    'liver-stiffness': 'liver stiffness (elastography)',
    ast: 'AST',
    'liver-biopsy': 'liver biopsy',
    'resistance-test': 'HBV resistance test',
  },
  pregnancyTest: 'pregnancy test',
  workup: 'pre-interferon work-up',
};

const zh: Words = {
  stop: '。',
  continueNa: '继续NA治疗',
  semicolon: '；',
  summary: {
    orderPrefix: '本干扰素医嘱：',
    duplicatePrefix: (names) => `${names.join(' + ')}（重复医嘱）：`,
    D0: (alt, n) => `预计干扰素应答较低：${alt}；${n}个月后复查ALT`,
    D0other: (alt, dna) => `预计干扰素应答较低：${alt}；ALT反复轻度升高，HBV DNA ${dna}：WHO、EASL及中国指南均主张治疗`,
    D1clear: (alt) => `干扰素治疗时机：${alt}；TBil、血常规、TSH可接受`,
    D1cirrhosis: (alt, source) => `干扰素治疗时机：${alt}，肝硬化（${source}）：首选NA；仅无门静脉高压时考虑干扰素`,
    D1anotherCause: (alt, dna) => `干扰素治疗时机：${alt}，${dna}：请排查其他原因`,
    D1steep: (alt, prev, w) => `干扰素治疗时机：${alt}，由${prev}升高：${w}周内复查ALT、TBil后再开始`,
    D1caution: (alt, items) => `干扰素治疗时机：${alt}；${items}：需谨慎`,
    D1incomplete: (alt, items) => `干扰素治疗时机：${alt}；${items}`,
    D2: (alt, t) => `建议先申请肝穿刺活检，再决定是否用干扰素：${alt}；${t}`,
    D3: (h, alt, c) => `建议抗病毒治疗（含干扰素）：活检${h}（≥G2），${alt}${c ? `；${c}` : ''}`,
    D4: (h, alt, other) => `依据P6无干扰素指征：活检${h}（<G2），${alt}${other ? '；其他指南主张治疗' : ''}`,
    D5urgent: (alt, tbil, inr) => `紧急：${alt}下降而TBil升至${tbil}，${inr ?? '请查INR'}：立即开始NA，考虑住院`,
    D5defer: (what, alt, peak, tail) => `暂缓干扰素：${what}，${alt}${peak ? `（急性加重峰值${peak}）` : ''}；${tail}`,
    D5rising: (alt, prev, now, tail) => `暂缓干扰素：${alt}且仍在升高（${prev} → ${now}）；${tail}`,
    D5fallingSevere: (alt, peak) => `暂缓干扰素：${alt}，已由${peak}下降，仍>10×ULN；待降至<10×ULN且TBil无升高`,
    D5notFalling: (alt, noEarlier) => `暂缓干扰素：${alt}，${noEarlier ? '>10×ULN' : '未见下降'}；待降至<10×ULN且TBil无升高`,
    tail: { 'na-now': '立即NA治疗', 'na-now-admission': '立即NA治疗，考虑住院', 'adherence-resistance': '核查依从性并行耐药检测', 'another-cause': '请排查其他原因', 'continue-na': '继续NA治疗' },
    D6: (alt, peak, tbil, inr, tail) => `急性加重后可考虑干扰素：${alt}（峰值${peak}），TBil ${tbil}${inr ? `，${inr}` : ''}；${tail ?? '由有经验的医师指导'}`,
    D6missing: (items) => `${items}：请先检查`,
    D7alt: (days, last) => `需查ALT：近${days}天无结果${last ? `（最近一次${last.date}：${last.alt}）` : ''}`,
    D7unreadable: (date, raw, why) => `${date}的ALT无法判读（“${raw}”：${why}）`,
    D7tbil: (alt, peak) => `需查胆红素：${alt}，此前急性加重峰值${peak}`,
    D7dna: (na, months) => `需查HBV DNA：正在使用${na}，近${months}个月无结果`,
    noAltIn: (days, last) => `近${days}天无ALT结果${last ? `（最近一次${last.date}：${last.alt}）` : ''}`,
    D8: (first, more, na) => `干扰素禁忌：${first}${more > 0 ? `（另${more}项）` : ''}${na ? `；${na}` : ''}`,
    D8withD5: (first, d5) => `干扰素禁忌（${first}）——${d5}`,
    D9fibrosis: (what, source, alt, hcc) => `有抗病毒治疗指征：${what}（${source}），${alt}；首选NA${hcc ? '，肝癌监测' : ''}`,
    D9flare: (peak, alt, w) => `急性加重（峰值${peak}）后有抗病毒治疗指征：现${alt}；${w}周内复查`,
    D9seroconversion: (peak, alt, months) => `急性加重（峰值${peak}）后有抗病毒治疗指征：现${alt}；可能出现HBeAg血清学转换；立即NA或${months}个月后复查`,
    considerNa: (name) => `可考虑${name}`,
    switchToTdf: '恩替卡韦改为富马酸替诺福韦二吡呋酯',
    bloodCount: '血常规',
    noRecentTbil: (last) => (last ? `近期无TBil（最近一次${last}）` : '无TBil'),
    noTsh: '无TSH',
    noDna: '无HBV DNA',
    dnaUndetectable: 'HBV DNA检测不到',
    hbeagNegLow: (dna) => `HBeAg阴性，HBV DNA ${dna}`,
    cirrhosis: '肝硬化',
    significantFibrosis: '显著肝纤维化',
    nonInvasive: '无创评估',
    noInr: (days) => `近${days}天无INR`,
    caution: '需谨慎',
    lsm: '肝硬度值',
    ageTrigger: (a) => `${a}岁`,
    triggerDna: (dna) => `HBeAg阴性伴HBV DNA ${dna}`,
    recorded: (date) => (date ? `${date}诊断` : '已有诊断'),
    D10: (drug, what, level) => `正在使用${drug}：${what}：${level === 'stop' ? '停用干扰素；NA治疗，密切观察' : level === 'suspend' ? '暂停干扰素' : '干扰素减量'}`,
    D10duplicate: (drug) => `正在使用${drug}：又开具了干扰素；只保留一项`,
    D11: (dna, na, alt, tdf) => `${na}治疗中HBV DNA ${dna}${alt ? `，${alt}` : ''}：${tdf ? '核查依从性及耐药；专科评估' : '核查依从性，行耐药检测；依从性良好者换用或加用替诺福韦（TDF或TAF）'}`,
    D11early: (na, since, dna, week) => `${since}起使用${na}：HBV DNA ${dna}可能仍在下降；第${week}周复查`,
    D12head: (na) => `${na}治疗中HBV DNA检测不到`,
    D12favourable: (head, hbsag, below) => `${head}，HBeAg阴性，HBsAg ${hbsag} IU/mL（<${below}）：可考虑加用或换用聚乙二醇干扰素`,
    D12orderQhbsag: (head) => `${head}：加用聚乙二醇干扰素前请查HBsAg定量`,
    D12obstacle: (head, what) => `${head}：${what}；继续NA治疗`,
    D12anotherCause: (head, alt) => `${head}，${alt}：请排查其他原因`,
    D12screen: (head, hbsag, below, gaps) => `${head}，HBeAg阴性，HBsAg ${hbsag} IU/mL（<${below}）；${gaps}：请完成筛查`,
    D13unconfirmed: (what) => `慢性感染未确立（${what}）：请查抗-HBc IgM排除急性乙型肝炎`,
    D13since: (date, months) => `HBsAg自${date}起阳性，不足${months}个月`,
    D13noHbsag: '无HBsAg记录',
    D13igm: (date, months) => `抗-HBc IgM阳性（${date}）：急性乙型肝炎可能；不宜使用干扰素；${months}个月时复查HBsAg`,
    hbeagPos: 'HBeAg阳性',
    hbeagNeg: 'HBeAg阴性',
    hbeagUnknown: 'HBeAg不详',
    hbsagHigh: (v, limit) => `HBsAg ${v} IU/mL（≥${limit}）`,
  },
  action: {
    D0: (n) => `此ALT水平下IFN应答较低（P3）：${n}个月后复查ALT；出现活检指征时需重新评估（P6）。`,
    D1: 'ALT（2–10）×ULN是IFN治疗的时机（P2）；应答预测因素（P5）见详情。',
    D1clear: (ages) => `TBil、血常规及TSH可接受；请完成干扰素治疗前评估（育龄女性[${ages}岁]妊娠试验，精神病史及自身免疫病史）。`,
    D2: '建议先申请肝穿刺活检再决定（P6），亦可同时行无创肝纤维化评估。炎症≥G2者应抗病毒治疗（含干扰素）。',
    D3: '炎症≥G2：应抗病毒治疗，包括干扰素（P6）；此ALT水平下IFN应答较低（P3）。',
    D4: (monitor) => `依据P6无干扰素治疗指征（炎症<G2）：每${monitor}个月监测ALT及HBV DNA。`,
    D5: '现应抗病毒治疗，首选NA；密切观察，给予保肝等对症支持治疗（P7②）。日后如考虑干扰素，应由有丰富干扰素应用经验的医师指导（P7③）。',
    D5wait: '此时干扰素治疗有肝功能失代偿或肝衰竭风险（P4）：待ALT降至<10×ULN且胆红素无明显升高。',
    D5urgent: (dis, inr) => `急性加重后${dis ? '胆酶分离（ALT下降而胆红素上升）' : '凝血功能异常'}：提示肝衰竭风险。请立即开始NA治疗；${inr ? inr : '请查INR'}；考虑住院。`,
    D5onNa: '已在NA治疗中：密切观察，给予保肝等对症支持治疗（P7②）。',
    D8flareNa: '急性加重：现应抗病毒治疗，首选NA；密切观察，给予保肝等对症支持治疗（P7②）。',
    D5anotherCause: 'HBV DNA检测不到：请排查其他病因（药物性肝损伤、甲型或戊型病毒性肝炎、丁型肝炎病毒感染、自身免疫性肝炎、饮酒、肝脏缺血）。',
    D6: '可以常规剂量或小剂量起始干扰素，由有丰富干扰素应用经验的医师指导（P7③），并密切监测ALT、TBil及INR（P7②）。',
    D7alt: (days) => `决策需要近${days}天内的ALT结果：请检测ALT，结果回报后再评估。`,
    D7tbil: (days) => `急性加重后，需最近一次ALT前后${days}天内的TBil以决定是否暂缓干扰素（P7②）：目前未知，不视为正常。`,
    D7dna: (months) => `NA治疗中近${months}个月无HBV DNA：请检测以判断病毒抑制情况。`,
    D8offer: (name) => `有抗病毒治疗指征：可考虑${name}。`,
    D8switch: (_weeks, hours) => `妊娠期服用恩替卡韦：立即停用恩替卡韦，改用富马酸替诺福韦二吡呋酯（同时预防母婴传播）；新生儿出生后${hours}小时内注射乙肝免疫球蛋白及乙肝疫苗。`,
    D8transmission: (dna, weeks, hours) => `妊娠且HBV DNA≥${dna} IU/mL：孕${weeks}周起服用富马酸替诺福韦二吡呋酯预防母婴传播（如有其他治疗指征则立即开始）；新生儿出生后${hours}小时内注射乙肝免疫球蛋白及乙肝疫苗。`,
    D8continue: '继续目前的NA治疗。',
    D8transplant: '肝功能失代偿：立即NA治疗，并转诊评估肝移植。',
    D8notIndicated: '依据现有记录，目前无抗病毒治疗指征。',
    D9fibrosis: '无论ALT如何均有抗病毒治疗指征（WHO 2024；EASL：HBV DNA可检出的肝硬化）：首选NA；干扰素仅用于无门静脉高压的代偿期患者，并由有经验的医师指导；此ALT水平下应答较低（P3）。',
    D9flare: (peak, date, w) => `急性加重已缓解（峰值${peak}，${date}）：有抗病毒治疗指征（P7②），首选NA；此ALT水平下干扰素应答较低（P3）；${w}周内复查ALT、TBil及INR。`,
    D9seroconversion: (months) => `可能出现自发HBeAg血清学转换：复查HBeAg/抗-HBe及HBV DNA；立即NA治疗或观察${months}个月均可（AASLD）。`,
    D9hcc: (months) => `肝硬化：每${months}个月进行肝癌监测。`,
    naAlternative: (name) => `可选：NA（${name}）。`,
    D10: {
      stop: '停用干扰素；立即开始（或继续）NA治疗；密切观察ALT、TBil及INR。',
      suspend: '按说明书暂停干扰素；复查血常规。',
      reduce: '按说明书干扰素减量；复查血常规。',
      duplicate: '干扰素重复医嘱：只保留一项。',
    },
    D10transplant: '肝功能失代偿：转诊评估肝移植。',
    D10pregnancy: '妊娠：禁用干扰素；妊娠期NA选用富马酸替诺福韦二吡呋酯。',
    D11: {
      breakthrough: '病毒学突破：挽救治疗是调整NA，而非干扰素。',
      'incomplete-suppression': '低病毒血症（ALT≤ULN）：挽救治疗是调整NA，而非干扰素。',
      early: 'NA治疗早期：暂不需耐药检测。',
    },
    D11cirrhosis: '肝硬化：应立即挽救治疗。',
    D11notInterferon: '如用干扰素，即为加用或换用，应由有丰富干扰素应用经验的医师指导（P7③）。',
    D12favourable: (below) => `NA治疗中不按ALT定时机。HBeAg阴性、HBsAg定量<${below} IU/mL：可考虑加用或换用聚乙二醇干扰素以争取HBsAg清除（中国2019/2022指南），由有丰富干扰素应用经验的医师指导（P7③）。`,
    D12not: 'NA治疗中不按ALT定时机：目前不宜加用或换用聚乙二醇干扰素；继续NA治疗。',
    D12anotherCause: 'HBV DNA检测不到而ALT高于ULN或急性加重：请排查其他原因（饮酒、脂肪肝、药物、丁型肝炎病毒感染、自身免疫性肝炎）。',
    D12cirrhosis: '肝硬化：继续NA治疗；仅在无门静脉高压的代偿期由有经验的医师考虑IFN。',
    D13unconfirmed: '慢性感染未确立：决策前请查抗-HBc IgM以排除急性乙型肝炎。',
    D13igm: (months) => `急性乙型肝炎可能：不宜使用干扰素；${months}个月时复查HBsAg（慢性乙型肝炎重度急性加重也可出现IgM阳性）。`,
  },
  caveat: {
    'screen-incomplete': '安全性筛查不完整：请先补齐缺项再开始干扰素。',
    'screen-relative': '存在相对禁忌证：需谨慎；血小板降低可能提示门静脉高压，请行超声或弹性成像检查。',
    'inr-unknown': '近期无INR：开始前请先检测。',
    'noninvasive-inflated-by-alt': 'ALT升高会使肝硬度值及APRI偏高。',
    'dna-below-detection': 'HBV DNA检测不到：请排查ALT升高的其他原因（饮酒、脂肪肝、药物、丁型或丙型肝炎病毒感染、自身免疫性肝炎）。',
    'dna-unknown': (months) => `近${months}个月无HBV DNA：请检测（作为基线）。`,
    cirrhosis: '肝硬化：首选NA；仅无门静脉高压时由有干扰素应用经验的医师考虑IFN。',
    'steep-rise': (weeks) => `ALT快速升高：${weeks}周内复查ALT及TBil后再开始。`,
    'hbeag-negative-low-dna': 'HBeAg阴性且HBV DNA低：请排查ALT升高的其他原因（饮酒、脂肪肝、药物、丁型或丙型肝炎病毒感染、自身免疫性肝炎）。',
    'other-guidelines-would-treat': (dna) => `HBV DNA>${dna} IU/mL且ALT升高：WHO 2024、EASL 2017及中国2022指南均主张治疗。`,
    'd9-dna-below': 'HBV DNA检测不到：各指南意见不一，建议专科评估。',
  },
  carried: {
    d5: (clauses) => `急性加重（${clauses}）：现应抗病毒治疗，首选NA（P7②）。`,
    d13: '慢性感染未确立：请检测抗-HBc IgM以排除急性乙型肝炎。',
    d13igm: '抗-HBc IgM阳性：急性乙型肝炎可能；不宜使用干扰素。',
    na: {
      'switch-or-add-tenofovir': (na, dna) => `${na}治疗中HBV DNA ${dna}：核查依从性；行耐药检测；依从性良好者换用或加用替诺福韦（TDF或TAF）。`,
      'specialist-review': (na, dna) => `${na}治疗中HBV DNA ${dna}：核查依从性；行耐药检测；专科评估。`,
      'early-recheck': (na, dna, week) => `${na}治疗中HBV DNA ${dna}：可能仍在下降；核查依从性；第${week}周复查。`,
      continue: (na) => `${na}治疗中HBV DNA检测不到：继续NA治疗。`,
      'order-dna': (na) => `${na}治疗中近期无HBV DNA：请检测以判断病毒抑制情况。`,
    },
    naCheckOnly: (na, dna) => `${na}治疗中HBV DNA ${dna}：核查依从性；行耐药检测。`,
    hiv: '合并艾滋病病毒感染：乙型肝炎应在含替诺福韦的抗逆转录病毒方案中治疗，并与艾滋病专科共同管理。',
  },
  onTx: { reduce: '减量', suspend: '暂停用药', stop: '停药', label: '中国2015指南/说明书' },
  criterion: { hbeagNegative: 'HBeAg阴性', qhbsag: (b) => `HBsAg定量<${b} IU/mL`, noCirrhosis: '无肝硬化（任何来源）', screenClear: '安全性筛查无异常', altNormal: '最近一次ALT≤ULN', noFlare: '无急性加重', met: '符合', notMet: '不符合' },
  naSince: (date, weeks) => `${date}起${weeks !== undefined ? `（${weeks}周）` : ''}`,
  igmLine: (result, date) => `抗-HBc IgM ${result}，${date}`,
  born: (date) => `${date}出生`,
  hbsagLine: (date, v) => `HBsAg阳性${v ? `（${v} IU/mL）` : ''}，${date}`,
  block: {
    triggers: '肝穿刺活检指征（P6）',
    screen: '安全性筛查',
    fibrosis: '肝纤维化',
    flare: '急性加重',
    missing: '缺少的检查',
    contraindications: '禁忌证',
    'settled-flare': '急性加重已缓解',
    'rules-met': '治疗中触发的规则',
    'na-course': 'NA及HBV DNA',
    'add-on': '加用条件',
    'hbsag-history': 'HBsAg记录',
    relative: '相对禁忌证',
    warfarin: '正在服用华法林：INR无法判读。',
    lsmCuts: (sig, cir) => `显著纤维化≥${sig}，肝硬化≥${cir} kPa；ALT升高时偏高`,
    apriCuts: (sig, cir) => `显著纤维化>${sig}，肝硬化>${cir}`,
    fib4Shown: '仅供参考，不作判断',
  },
  details: {
    heading: '详情',
    more: '另',
    predictors: '应答预测因素（P5）',
    passedOver: '未采用的结果',
    steps: '步骤',
    resources: '资源',
    ordersLine: (names) => `干扰素医嘱：${names}。`,
    duplicate: (n, signed) => `重复医嘱：${n}项干扰素医嘱草稿${signed ? '同时签署' : '同时选中'}。`,
    footer: '国际指南不同：WHO首选NA；EASL及AASLD推荐NA或聚乙二醇干扰素；均未设10×ULN上限，且均避免在失代偿期肝病及重度急性加重时使用干扰素。',
    rulesVersion: (v) => `临床规则第${v}版`,
  },
  suggestion: {
    orderTests: (t) => `开具检查：${t}`,
    testsAndCancel: (t, n) => `开具检查（${t}）并撤销${n > 1 ? `这${n}项` : '本'}干扰素医嘱`,
    cancel: (n) => (n > 1 ? `撤销这${n}项干扰素医嘱` : '撤销本干扰素医嘱'),
    cancelOne: (drug) => `撤销${drug}`,
    naInstead: (name, t) => `改开${name}${t ? `并开具检查（${t}）` : ''}`,
    switchToTdf: '恩替卡韦改为富马酸替诺福韦二吡呋酯',
    biopsyAndCancel: (n) => `申请肝穿刺活检并撤销${n > 1 ? `这${n}项` : '本'}干扰素医嘱`,
    assessmentAndCancel: (n) => `开具无创肝纤维化评估并撤销${n > 1 ? `这${n}项` : '本'}干扰素医嘱`,
    assessment: '开具无创肝纤维化评估',
  },
  action_: {
    orderTest: (t) => `创建检查医嘱草稿：${t}`,
    cancelDraft: (drug) => `删除医嘱草稿：${drug}`,
    orderNa: (name) => `创建${name}医嘱草稿（剂量按本院方案）`,
    stopEntecavir: '停用恩替卡韦',
  },
  test: {
    alt: 'ALT',
    tbil: 'TBil',
    inr: 'INR',
    'full-blood-count': '血常规',
    tsh: 'TSH',
    'hbv-dna': 'HBV DNA定量',
    qhbsag: 'HBsAg定量',
    'anti-hbc-igm': '抗-HBc IgM',
    'liver-stiffness': '肝硬度值（弹性成像）',
    ast: 'AST',
    'liver-biopsy': '肝穿刺活检',
    'resistance-test': 'HBV耐药检测',
  },
  pregnancyTest: '妊娠试验',
  workup: '干扰素治疗前评估',
};

export const WORDS: Record<Locale, Words> = { en, 'zh-CN': zh };
