/**
 * The clinical settings of clinical-rules.md: every item marked *(config)* there, with its default. The
 * JSON Schema below is the one statement of each setting: the type the engine reads derives from it, and
 * config/clinical-config.ts validates a site's file against it at start-up. The engine only reads it.
 */
import type { FromSchema } from 'json-schema-to-ts';

import { INPUT_DEFAULTS, INPUT_PROPERTIES, INPUT_REQUIRED } from './config/inputs.js';
import { RULE_DEFAULTS, RULE_PROPERTIES, RULE_REQUIRED } from './config/rules.js';
import { CARD_DEFAULTS, CARD_PROPERTIES, CARD_REQUIRED } from './config/cards.js';

/** The complete clinical configuration (a site's file is merged over DEFAULT_CLINICAL_CONFIG, then checked). */
export const CLINICAL_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [...INPUT_REQUIRED, ...RULE_REQUIRED, ...CARD_REQUIRED],
  properties: { ...INPUT_PROPERTIES, ...RULE_PROPERTIES, ...CARD_PROPERTIES },
} as const;

export type ClinicalConfig = FromSchema<typeof CLINICAL_CONFIG_SCHEMA>;
export type CodeRef = ClinicalConfig['histologyCodes'][number];

export const DEFAULT_CLINICAL_CONFIG: ClinicalConfig = { ...INPUT_DEFAULTS, ...RULE_DEFAULTS, ...CARD_DEFAULTS };
