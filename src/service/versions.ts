/**
 * What produced a row of the governance store: the clinical rules version, a short hash of the clinical config
 * in effect and the service version. Recorded on every card shown and every feedback item, so a report can
 * tell override rates before and after a change of rules or thresholds apart.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config/settings.js';
import type { ClinicalConfig } from '../engine/config.js';
import { RULES_VERSION } from '../engine/rules-version.js';
import type { RowVersions } from '../store/store.js';

/** Rows written before versions were recorded read as this. */
export const UNKNOWN_VERSION = 'unknown';

/** JSON with every object's keys sorted, so equal configs hash equal whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of the config's canonical JSON, first 12 hex characters. */
export const configHash = (config: ClinicalConfig): string => createHash('sha256').update(canonicalJson(config), 'utf8').digest('hex').slice(0, 12);

let serviceVersion: string | undefined;
/** package.json's version, read once. */
export function packageVersion(): string {
  if (serviceVersion === undefined) {
    try {
      const v = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version;
      serviceVersion = typeof v === 'string' && v ? v : UNKNOWN_VERSION;
    } catch {
      serviceVersion = UNKNOWN_VERSION;
    }
  }
  return serviceVersion;
}

const computed = new WeakMap<ClinicalConfig, RowVersions>();
/** The versions for rows written under this config: computed once per config object (the config is loaded once, at start-up). */
export function rowVersions(config: ClinicalConfig): RowVersions {
  let v = computed.get(config);
  if (!v) computed.set(config, (v = { rulesVersion: RULES_VERSION, configHash: configHash(config), serviceVersion: packageVersion() }));
  return v;
}
