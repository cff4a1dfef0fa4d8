/** The report period from user input (CLI flags or query parameters), checked strictly: a typo is an error, never "all time". */
const ISO = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class PeriodError extends Error {}

/** A date (YYYY-MM-DD, midnight UTC) or a date-time with a zone (Z or ±hh:mm). */
export function parseInstant(name: string, raw: string | undefined): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const m = ISO.exec(raw);
  const t = m ? Date.parse(m[2] ? raw : `${raw}T00:00:00Z`) : NaN;
  // Date.parse rolls 2026-02-30 over to March: the day written must be the day read.
  const day = m ? Date.parse(`${m[1]}T00:00:00Z`) : NaN;
  const dayExists = Number.isFinite(day) && new Date(day).toISOString().startsWith(m![1]!);
  if (!Number.isFinite(t) || !dayExists) throw new PeriodError(`${name} "${raw.slice(0, 40)}" is not an ISO date (2026-06-01) or date-time with a zone (2026-06-01T08:00:00Z)`);
  return new Date(t);
}

export function parsePeriod(since: string | undefined, until: string | undefined): { since?: Date; until?: Date } {
  const s = parseInstant('since', since);
  const u = parseInstant('until', until);
  if (s && u && s >= u) throw new PeriodError(`since (${s.toISOString()}) must be before until (${u.toISOString()})`);
  return { ...(s ? { since: s } : {}), ...(u ? { until: u } : {}) };
}

/** A rules version (`3`, `unknown`) or config hash (12 hex characters, or `unknown`) to filter by: checked, never passed on raw. */
export function parseVersionFilter(rulesVersion: string | undefined, configHash: string | undefined): { rulesVersion?: string; configHash?: string } {
  if (rulesVersion !== undefined && rulesVersion !== '' && !/^[\w.-]{1,32}$/.test(rulesVersion)) throw new PeriodError(`rules_version "${rulesVersion.slice(0, 40)}" is not a rules version (e.g. 3, or unknown)`);
  if (configHash !== undefined && configHash !== '' && !/^([0-9a-f]{12}|unknown)$/.test(configHash)) throw new PeriodError(`config_hash "${configHash.slice(0, 40)}" is not 12 lowercase hex characters (or unknown)`);
  return { ...(rulesVersion ? { rulesVersion } : {}), ...(configHash ? { configHash } : {}) };
}
