/** URL checks: where the service may send a caller's token. */
/** Is `url` on the request's FHIR server (same origin, under its base path)? */
export function isUnderBase(url: string, base: string): boolean {
  try {
    const u = new URL(url);
    const b = new URL(base.endsWith('/') ? base : `${base}/`);
    return u.origin === b.origin && (u.pathname + '/').startsWith(b.pathname);
  } catch {
    return false;
  }
}
