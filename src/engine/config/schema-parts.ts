/** Schema fragments the config sections share. */
export const positive = { type: 'number', exclusiveMinimum: 0 } as const;
export const days = { type: 'integer', minimum: 1, maximum: 3650 } as const;
export const months = { type: 'integer', minimum: 1, maximum: 240 } as const;
export const snomedList = { type: 'array', items: { type: 'string', pattern: '^[0-9]{6,18}$' }, minItems: 1 } as const;
export const codeRef = {
  type: 'object',
  additionalProperties: false,
  required: ['system', 'code'],
  properties: { system: { type: 'string', minLength: 1 }, code: { type: 'string', minLength: 1 } },
} as const;
