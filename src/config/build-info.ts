/**
 * What this build is: the service (package) version, the clinical rules version and the Node version. Shown in
 * discovery (an `extension` on each service), on every card (source extension, cards/render.ts), in /rules, in the
 * start-up log and in /metrics (cds_build_info).
 */
import { VERSION_EXTENSION } from '../contract/schemas.js';
import type { DiscoveryDocument } from '../contract/types.js';
import { RULES_VERSION } from '../engine/rules-version.js';
import { packageVersion } from '../service/versions.js';

export interface BuildInfo {
  /** package.json's version (semver). */
  version: string;
  /** The version of clinical-rules.md the engine implements. */
  rulesVersion: string;
  /** process.version, e.g. v20.19.0. */
  node: string;
}

export const buildInfo = (): BuildInfo => ({ version: packageVersion(), rulesVersion: RULES_VERSION, node: process.version });

/**
 * The discovery document as served: each service's `extension` carries the versions (§Extensions), whatever the
 * file (a site's own CDS_SERVICES_FILE included) says; its other extension keys are kept.
 */
export function withVersionExtension(doc: DiscoveryDocument, info: BuildInfo = buildInfo()): DiscoveryDocument {
  return {
    ...doc,
    services: doc.services.map((s) => ({ ...s, extension: { ...s.extension, [VERSION_EXTENSION.version]: info.version, [VERSION_EXTENSION.rulesVersion]: info.rulesVersion } })),
  };
}
