/**
 * The request is about one patient (issue 21 item 8): what the client prefetched must be what each template
 * asks for, about `context.patientId`. A prefetched Patient with another id, a resource whose subject/patient
 * names another Patient, or a resource of a type the template cannot return is the client's defect, answered
 * 400 naming the key, never read as evidence (about someone else) nor as "no data" (a wrong type).
 * A reference that names no Patient id (only an identifier or a display) cannot be checked and is let through.
 */
import type { HookRequest, ServiceDefinition } from '../contract/types.js';
import { badRequest, type IssueDetail } from '../contract/outcomes.js';
import { arr, isObject, type Json } from '../fhir/json.js';

/** What a template returns: a read gives one resource of its type; a search, a Bundle of them. */
export function templateShape(template: string): { type: string; read: boolean } {
  const type = /^[A-Za-z]+/.exec(template)?.[0] ?? '';
  return { type, read: !template.includes('?') };
}

/** The Patient id a reference names (`Patient/x`, `…/fhir/Patient/x`, `Patient/x/_history/2`), or undefined. */
export function referencedPatient(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined;
  return /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(reference)?.[1];
}

/** The first sentence saying why `resource` does not belong in a slot of `type` for `patientId`, if any. */
function misfit(resource: Json, type: string, patientId: string): string | undefined {
  const rt = resource.resourceType;
  // A warning-only OperationOutcome in a search Bundle is data about the search, not about the patient.
  if (rt === 'OperationOutcome') return undefined;
  if (rt !== type) return `holds a ${typeof rt === 'string' ? rt.slice(0, 40) : 'resource without a type'} where the template returns ${type}`;
  if (type === 'Patient') return resource.id === patientId ? undefined : 'holds a Patient whose id is not context.patientId';
  for (const field of ['subject', 'patient'] as const) {
    const ref = resource[field];
    const id = isObject(ref) ? referencedPatient(ref.reference) : undefined;
    if (id !== undefined && id !== patientId) return `holds a ${type} whose ${field} is another patient`;
    if (isObject(ref) && typeof ref.reference === 'string' && /^(Group|Location|Device)\//.test(ref.reference)) return `holds a ${type} whose ${field} is not a patient`;
  }
  return undefined;
}

/** Why a slot's value (a resource or a Bundle of them) does not fit its template for `patientId`, if it does not. */
export function slotMisfit(value: Json, template: string, patientId: string): string | undefined {
  const { type, read } = templateShape(template);
  if (value.resourceType !== 'Bundle' || (read && type === 'Bundle')) return misfit(value, type, patientId);
  for (const e of arr(value.entry)) {
    const r = isObject(e) ? e.resource : undefined;
    const why = isObject(r) ? misfit(r, type, patientId) : undefined;
    if (why) return why;
  }
  return undefined;
}

/** Throws a 400 naming every prefetch key whose content is not about this request's patient, or not of its template's type. */
export function checkOnePatient(request: HookRequest, service: ServiceDefinition): void {
  const patientId = (request.context as { patientId?: unknown }).patientId;
  if (typeof patientId !== 'string' || !request.prefetch) return;
  const issues: IssueDetail[] = [];
  for (const [key, template] of Object.entries(service.prefetch ?? {})) {
    const value: unknown = Object.prototype.hasOwnProperty.call(request.prefetch, key) ? request.prefetch[key] : undefined;
    // null ("no data") and absent keys hold nothing; an OperationOutcome (the client's error) is not a misfit.
    const why = isObject(value) ? slotMisfit(value, template, patientId) : undefined;
    if (why) issues.push({ diagnostics: `prefetch.${key} ${why}`, expression: `prefetch.${key}` });
  }
  if (issues.length) throw badRequest(issues);
}
