/**
 * Clinical config: how the record is read (clinical-rules.md §2): codes, units, reference ranges, time zone.
 */
import type { ClinicalConfig } from '../config.js';
import { codeRef, positive, snomedList } from './schema-parts.js';

export const INPUT_REQUIRED = [
  'altUln',
  'copiesPerIU',
  'histologyCodes',
  'decompensationCodes',
  'imagingLesionCodes',
  'fibrosisCodes',
  'cirrhosisCodes',
] as const;

export const INPUT_PROPERTIES = {
  altUln: {
    description: '§2 ALT ULN (U/L) when the result carries no reference range; optional per-sex values.',
    type: 'object',
    additionalProperties: false,
    required: ['default'],
    properties: { default: positive, male: positive, female: positive },
  },
  copiesPerIU: { ...positive, description: '§2 HBV DNA copies per IU.' },
  histologyCodes: {
    description: "§2 the site's own codes for a liver inflammation grade result, besides the project CodeSystem's.",
    type: 'array',
    items: codeRef,
  },
  decompensationCodes: { ...snomedList, description: 'D8 decompensated cirrhosis, ascites, hepatic encephalopathy (SNOMED).' },
  imagingLesionCodes: { ...snomedList, description: '§2 imaging chronic liver lesion (SNOMED Conditions).' },
  fibrosisCodes: {
    description: "§2 (v2) the site's own codes for a liver fibrosis stage result, besides the project CodeSystem's.",
    type: 'array',
    items: codeRef,
  },
  cirrhosisCodes: { ...snomedList, description: '§2 (v2) cirrhosis on record: active Condition with one of these SNOMED codes.' },
} as const;

export const INPUT_DEFAULTS: Pick<ClinicalConfig, keyof typeof INPUT_PROPERTIES> = {
  altUln: { default: 40 },
  copiesPerIU: 5.82,
  histologyCodes: [],
  decompensationCodes: ['716203000', '389026000', '13920009'],
  imagingLesionCodes: ['328383001', '19943007'],
  fibrosisCodes: [],
  cirrhosisCodes: ['19943007'],
};
