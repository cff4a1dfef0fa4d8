/**
 * §4 "Carried lines" (v3): lines of later rules that also hold ride on the winning card, in the order D5, D13, NA,
 * HIV. D8 carries D5's line; D8, D7 (steps 3, 5) and D5 carry the D13 line; they and D13 carry the NA line; every
 * card carries the HIV line. Their tests join the card's (decision and indicator stay).
 */
import type { CarriedLine, D5Clause, D5Tail, D13Variant, DecisionId, Facts, MissingInput, StepNumber } from './types.js';
import { naLine, naLineTests } from './na-breakthrough.js';

export interface LaterRules {
  /** D5's clauses, were D5 to apply. */
  d5: D5Clause[];
  d5Tail: D5Tail;
  /** D13's variant, were D13 to apply. */
  d13?: D13Variant;
}

const carriesD13 = (id: DecisionId, step: StepNumber): boolean => id === 'D8' || id === 'D5' || (id === 'D7' && (step === 3 || step === 5));

export function carriedLines(id: DecisionId, step: StepNumber, f: Facts, later: LaterRules): CarriedLine[] {
  const out: CarriedLine[] = [];
  if (id === 'D8' && later.d5.length > 0) out.push({ kind: 'd5', clauses: later.d5, tail: later.d5Tail });
  if (carriesD13(id, step) && later.d13) out.push({ kind: 'd13', variant: later.d13 });
  if (carriesD13(id, step) || id === 'D13') {
    const line = naLine(f);
    if (line) out.push({ kind: 'na', line });
  }
  if (f.hiv.length > 0) out.push({ kind: 'hiv', conditions: f.hiv });
  return out;
}

/** The carried lines' tests (anti-HBc IgM; HBV DNA or the resistance test); the HIV line has none. */
export function carriedTests(lines: CarriedLine[]): MissingInput[] {
  const out: MissingInput[] = [];
  for (const l of lines) {
    // IgM positive: the action is "recheck HBsAg at 6 months", nothing to order now.
    if (l.kind === 'd13' && l.variant === 'unconfirmed') out.push('anti-hbc-igm');
    if (l.kind === 'na') out.push(...naLineTests(l.line));
  }
  return out;
}
