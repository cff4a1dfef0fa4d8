/**
 * What each prefetch value means and what the service does with it, one enum member per sentence of
 * CDS Hooks 2.0 §Prefetch Template it follows (after HAPI FHIR's prefetch failure modes).
 */
export enum PrefetchState {
  /** "Key present with a resource or Bundle": the client ran the query; use the result. */
  Data = 'data',
  /** "Key present as null": the client ran the query and there is no data. Not fetched again. */
  NoData = 'no-data',
  /**
   * "The client SHOULD use OperationOutcome(s) to indicate an error": the data exists but could not be had.
   * Not fetched again (the spec: to avoid a useless re-query); the decision cannot be made ⇒ 412.
   */
  Unavailable = 'unavailable',
  /** "Key absent": the client did not satisfy it; the service fetches it from fhirServer, or answers 412. */
  Absent = 'absent',
}
