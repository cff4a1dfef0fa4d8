/**
 * Errors as data (after Medplum's outcomes.ts): every failure the service reports is a FHIR R4
 * OperationOutcome, built here, thrown as one error class, and mapped to an HTTP status in one place.
 */
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';

export type IssueCode = OperationOutcomeIssue['code'];

/** Why a request failed; each maps to exactly one HTTP status (see statusFor). */
export enum Failure {
  /** Body or envelope is not what CDS Hooks 2.0 requires. */
  BadRequest = 'bad-request',
  /** Missing, invalid or untrusted client JWT (CDS Hooks §Trusting CDS Clients). Says nothing of which check failed. */
  Unauthorized = 'unauthorized',
  /** No service with that id. */
  NotFound = 'not-found',
  /** Method not supported on this path. */
  MethodNotAllowed = 'method-not-allowed',
  /** Body larger than the configured limit. */
  TooLarge = 'too-large',
  /** Content-Type is not JSON. */
  UnsupportedMediaType = 'unsupported-media-type',
  /** Data the decision needs could not be obtained (spec: "SHALL respond with 412"). */
  PreconditionFailed = 'precondition-failed',
  /** A dependency (the database) is unreachable now; the caller may retry. */
  Unavailable = 'unavailable',
  /** A defect in this service; never carries internal details to the caller. */
  Internal = 'internal',
}

const STATUS: Record<Failure, number> = {
  [Failure.BadRequest]: 400,
  [Failure.Unauthorized]: 401,
  [Failure.NotFound]: 404,
  [Failure.MethodNotAllowed]: 405,
  [Failure.TooLarge]: 413,
  [Failure.UnsupportedMediaType]: 415,
  [Failure.PreconditionFailed]: 412,
  [Failure.Unavailable]: 503,
  [Failure.Internal]: 500,
};

const ISSUE_CODE: Record<Failure, IssueCode> = {
  [Failure.BadRequest]: 'invalid',
  [Failure.Unauthorized]: 'login',
  [Failure.NotFound]: 'not-found',
  [Failure.MethodNotAllowed]: 'not-supported',
  [Failure.TooLarge]: 'too-long',
  [Failure.UnsupportedMediaType]: 'not-supported',
  [Failure.PreconditionFailed]: 'incomplete',
  [Failure.Unavailable]: 'transient',
  [Failure.Internal]: 'exception',
};

export function statusFor(failure: Failure): number {
  return STATUS[failure];
}

export interface IssueDetail {
  diagnostics: string;
  /** Where in the request body, as a FHIRPath-like path, e.g. `context.patientId`. */
  expression?: string;
}

export function operationOutcome(failure: Failure, issues: IssueDetail[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: failure === Failure.Internal ? 'fatal' : 'error',
      code: ISSUE_CODE[failure],
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}

/**
 * An error answer is bounded whatever the request: at most MAX_ISSUES issues (the rest counted in one last
 * issue), each text cut to a fixed length, so a body of a million bad items answers in a few KB.
 */
export const MAX_ISSUES = 20;
const MAX_DIAGNOSTICS = 240;
const MAX_EXPRESSION = 120;

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function boundedIssues(list: IssueDetail[]): IssueDetail[] {
  const kept = list.slice(0, MAX_ISSUES).map((i) => ({
    diagnostics: cut(i.diagnostics, MAX_DIAGNOSTICS),
    ...(i.expression ? { expression: cut(i.expression, MAX_EXPRESSION) } : {}),
  }));
  if (list.length > MAX_ISSUES) kept.push({ diagnostics: `…and ${list.length - MAX_ISSUES} more problems not listed` });
  return kept;
}

export class CdsError extends Error {
  readonly failure: Failure;
  readonly issues: IssueDetail[];
  /** Said in the server log only, never to the caller (e.g. which JWT check failed). */
  readonly logDetail?: string;

  constructor(failure: Failure, issues: IssueDetail[] | string, logDetail?: string) {
    const list = boundedIssues(typeof issues === 'string' ? [{ diagnostics: issues }] : issues);
    super(list.map((i) => i.diagnostics).join('; '));
    this.name = 'CdsError';
    this.failure = failure;
    this.issues = list;
    if (logDetail !== undefined) this.logDetail = logDetail;
  }

  get status(): number {
    return statusFor(this.failure);
  }

  toOperationOutcome(): OperationOutcome {
    return operationOutcome(this.failure, this.issues);
  }
}

export const badRequest = (issues: IssueDetail[] | string): CdsError => new CdsError(Failure.BadRequest, issues);
export const notFound = (what: string): CdsError => new CdsError(Failure.NotFound, what);
export const preconditionFailed = (issues: IssueDetail[] | string): CdsError =>
  new CdsError(Failure.PreconditionFailed, issues);
