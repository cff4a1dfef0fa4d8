/**
 * Every JSON Schema of the CDS Hooks 2.0 wire format this service checks, in one place: the discovery
 * document (at start-up), hook requests and feedback (per call), and responses (in tests).
 * Strict about the CDS Hooks envelope, lenient about the FHIR content inside it.
 */

/** FHIR id (R4 §2.24.0.1): what `context.patientId` must be before it is put into a FHIR query. */
export const FHIR_ID = '^[A-Za-z0-9\\-\\.]{1,64}$';

/** The hooks this service can answer: each fact about them (schemas, types, validators) derives from this list. */
export const HOOKS = ['patient-view', 'order-select', 'order-sign'] as const;

const nonEmptyString = { type: 'string', minLength: 1 } as const;

/**
 * The longest array the contract accepts anywhere outside prefetch (feedback items, selections, draft orders,
 * accepted suggestions). limits.ts checks it before validation, so validation (which reports every problem)
 * does bounded work; prefetch Bundles are bounded by CDS_MAX_RESOURCES instead.
 */
export const MAX_ARRAY_ITEMS = 1000;

/** CDS Hooks 2.0: hookInstance is "a universally unique identifier (UUID) for this particular hook call". */
const UUID = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';

/**
 * A FHIR resource as far as the envelope cares: an object with a resourceType. The `$comment` marks it for
 * the wire types (types.ts), which read it as an R4 resource.
 */
const fhirResource = {
  $comment: 'FhirResource',
  type: 'object',
  required: ['resourceType'],
  properties: { resourceType: nonEmptyString },
} as const;

export const FHIR_AUTHORIZATION_SCHEMA = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'scope', 'subject'],
  properties: {
    access_token: nonEmptyString,
    token_type: { type: 'string', pattern: '^[Bb]earer$' },
    expires_in: { type: 'number', minimum: 0 },
    scope: nonEmptyString,
    subject: nonEmptyString,
    patient: nonEmptyString,
  },
} as const;

const baseContext = {
  userId: { type: 'string', pattern: '^[A-Za-z]+/[A-Za-z0-9\\-\\.]{1,64}$' },
  // Not "." or "..": as a path segment they would turn the Patient read into a read of the server's base.
  patientId: { type: 'string', pattern: FHIR_ID, not: { enum: ['.', '..'] } },
  encounterId: nonEmptyString,
} as const;

export const PATIENT_VIEW_CONTEXT_SCHEMA = {
  type: 'object',
  required: ['userId', 'patientId'],
  properties: baseContext,
} as const;

/**
 * `context.draftOrders` of the order hooks. The CDS Hooks Sandbox omits Bundle.type: only resourceType is
 * required of the Bundle; entries of any resourceType are accepted (the engine reads only medication orders).
 */
const draftOrders = {
  $comment: 'Bundle',
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: { const: 'Bundle' },
    entry: { type: 'array', maxItems: MAX_ARRAY_ITEMS, items: { type: 'object' } },
  },
} as const;

export const ORDER_SELECT_CONTEXT_SCHEMA = {
  type: 'object',
  required: ['userId', 'patientId', 'selections', 'draftOrders'],
  properties: {
    ...baseContext,
    selections: { type: 'array', minItems: 1, maxItems: MAX_ARRAY_ITEMS, items: { type: 'string', maxLength: 200, pattern: '^[A-Za-z]+/[^/\\s]+$' } },
    draftOrders,
  },
} as const;

/** order-sign (CDS Hooks Library, normative): the drafts being signed; no selections, every draft counts. */
export const ORDER_SIGN_CONTEXT_SCHEMA = {
  type: 'object',
  required: ['userId', 'patientId', 'draftOrders'],
  properties: { ...baseContext, draftOrders },
} as const;

/** Each hook's context schema: a hook added to HOOKS must be given one here. */
export const CONTEXT_SCHEMAS = {
  'patient-view': PATIENT_VIEW_CONTEXT_SCHEMA,
  'order-select': ORDER_SELECT_CONTEXT_SCHEMA,
  'order-sign': ORDER_SIGN_CONTEXT_SCHEMA,
} as const satisfies Record<(typeof HOOKS)[number], object>;

export const HOOK_REQUEST_SCHEMA = {
  type: 'object',
  required: ['hook', 'hookInstance', 'context'],
  properties: {
    hook: nonEmptyString,
    hookInstance: { type: 'string', pattern: UUID },
    fhirServer: { type: 'string', pattern: '^https?://[^\\s]+$' },
    fhirAuthorization: FHIR_AUTHORIZATION_SCHEMA,
    context: { $comment: 'HookContext', type: 'object' },
    // A prefetch value is a FHIR resource or null ("no data"); keys we did not ask for are ignored.
    prefetch: { type: 'object', additionalProperties: { anyOf: [{ type: 'null' }, fhirResource] } },
    extension: { type: 'object' },
  },
  // CDS Hooks 2.0: fhirServer is REQUIRED when fhirAuthorization is present (cds-r-1).
  dependencies: { fhirAuthorization: ['fhirServer'] },
} as const;

const coding = {
  type: 'object',
  required: ['system', 'code'],
  properties: { system: nonEmptyString, code: nonEmptyString, display: nonEmptyString },
} as const;

export const FEEDBACK_ITEM_SCHEMA = {
  type: 'object',
  required: ['card', 'outcome', 'outcomeTimestamp'],
  properties: {
    card: nonEmptyString,
    outcome: { enum: ['accepted', 'overridden'] },
    acceptedSuggestions: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ARRAY_ITEMS,
      items: { type: 'object', required: ['id'], properties: { id: nonEmptyString } },
    },
    overrideReason: {
      type: 'object',
      properties: {
        // The Sandbox may send a reason with a code but no system: lenient here.
        reason: { type: 'object', required: ['code'], properties: { code: nonEmptyString, system: { type: 'string' }, display: { type: 'string' } } },
        userComment: { type: 'string' },
      },
    },
    outcomeTimestamp: { type: 'string', format: 'date-time' },
  },
  // CDS Hooks 2.0: acceptedSuggestions is required when the outcome is accepted (cds-fb-2).
  if: { properties: { outcome: { const: 'accepted' } } },
  then: { required: ['acceptedSuggestions'] },
} as const;

export const FEEDBACK_SCHEMA = {
  type: 'object',
  required: ['feedback'],
  properties: { feedback: { type: 'array', minItems: 1, maxItems: MAX_ARRAY_ITEMS, items: FEEDBACK_ITEM_SCHEMA } },
} as const;

/** Tokens a CDS Hooks 2.0 prefetch template may use (spec §Prefetch tokens). */
export const PREFETCH_TOKENS = [
  'context.patientId',
  'context.userId',
  'context.encounterId',
  'userPractitionerId',
  'userPractitionerRoleId',
  'userPatientId',
  'userRelatedPersonId',
] as const;

/**
 * The keys this service puts in CDS Hooks `extension` objects (§Extensions: keys SHOULD be globally unique, in
 * reverse-DNS form): the service (package) version and the clinical rules version (clinical-rules.md).
 */
export const VERSION_EXTENSION = { version: 'org.ifn-timing-cds.version', rulesVersion: 'org.ifn-timing-cds.rules-version' } as const;

export const DISCOVERY_SCHEMA = {
  type: 'object',
  required: ['services'],
  additionalProperties: false,
  properties: {
    services: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'hook', 'title', 'description', 'usageRequirements', 'prefetch'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9_\\-\\.]+$' },
          hook: { enum: HOOKS },
          title: nonEmptyString,
          description: nonEmptyString,
          usageRequirements: nonEmptyString,
          // §Extensions: reserved on any object; the service adds its versions here when it serves the document.
          extension: { type: 'object' },
          prefetch: {
            type: 'object',
            minProperties: 1,
            additionalProperties: { type: 'string', pattern: '^[A-Z][A-Za-z]+(/|\\?)[^\\s]+$' },
          },
        },
      },
    },
  },
} as const;

/** CDS Hooks 2.0 Card (§CDS Service Response), with the spec's conditional rules. */
export const CARD_SCHEMA = {
  type: 'object',
  required: ['uuid', 'summary', 'indicator', 'source'],
  additionalProperties: false,
  properties: {
    uuid: { type: 'string', format: 'uuid' },
    summary: { type: 'string', minLength: 1, maxLength: 139 },
    detail: nonEmptyString,
    indicator: { enum: ['info', 'warning', 'critical'] },
    source: {
      type: 'object',
      required: ['label'],
      additionalProperties: false,
      properties: {
        label: nonEmptyString,
        url: { type: 'string', format: 'uri' },
        icon: { type: 'string', format: 'uri' },
        topic: coding,
        // §Extensions: the clinical rules version that made the card (VERSION_EXTENSION.rulesVersion).
        extension: { type: 'object' },
      },
    },
    suggestions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['label', 'uuid'],
        additionalProperties: false,
        properties: {
          label: nonEmptyString,
          uuid: { type: 'string', format: 'uuid' },
          isRecommended: { type: 'boolean' },
          actions: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['type', 'description'],
              additionalProperties: false,
              properties: {
                type: { enum: ['create', 'update', 'delete'] },
                description: nonEmptyString,
                resource: fhirResource,
                resourceId: { type: 'string', pattern: '^[A-Za-z]+/[^/\\s]+$' },
              },
              allOf: [
                { if: { properties: { type: { const: 'delete' } } }, then: { required: ['resourceId'] } },
                { if: { properties: { type: { enum: ['create', 'update'] } } }, then: { required: ['resource'] } },
              ],
            },
          },
        },
      },
    },
    selectionBehavior: { enum: ['at-most-one', 'any'] },
    overrideReasons: { type: 'array', minItems: 1, items: { ...coding, required: ['system', 'code', 'display'] } },
    links: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['label', 'url', 'type'],
        properties: { label: nonEmptyString, url: { type: 'string', format: 'uri' }, type: { enum: ['absolute', 'smart'] }, appContext: nonEmptyString },
      },
    },
  },
  // Suggestions require selectionBehavior (cds-resp-6).
  dependencies: { suggestions: ['selectionBehavior'] },
} as const;

export const CDS_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['cards'],
  additionalProperties: false,
  properties: { cards: { type: 'array', items: CARD_SCHEMA } },
} as const;
