/**
 * Clinical config: what cards print and order (clinical-rules.md §5, §7): order codes, intervals quoted in text.
 */
import type { ClinicalConfig } from '../config.js';

export const CARD_REQUIRED = [] as const;

export const CARD_PROPERTIES = {} as const;

export const CARD_DEFAULTS: Pick<ClinicalConfig, keyof typeof CARD_PROPERTIES> = {};
