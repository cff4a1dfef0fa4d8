/** Loading fixture patients for the tools, with their dates moved to today unless pinned. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, FhirResource } from 'fhir/r4';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { daysSinceEvaluationDate, shiftDates } from './dates.js';

export interface Manifest {
  evaluationDate: string;
  patients: { name: string; title: string; bundle: string; expected: { patientView: string | null; orderSelect: string | null } }[];
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'fixtures/patients/index.json'), 'utf8')) as Manifest;
}

/** The resources of one fixture patient; `pinned` keeps the dates as written (evaluation date 2026-06-15). */
export function fixturePatient(name: string, pinned: boolean): FhirResource[] {
  const entry = readManifest().patients.find((p) => p.name === name);
  if (!entry) throw new Error(`No fixture patient "${name}". Known: ${readManifest().patients.map((p) => p.name).join(', ')}`);
  const bundle = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, entry.bundle), 'utf8')) as Bundle;
  const resources = (bundle.entry ?? []).map((e) => e.resource as FhirResource);
  return pinned ? resources : shiftDates(resources, daysSinceEvaluationDate(new Date()));
}

export function allFixturePatients(pinned: boolean): FhirResource[] {
  return readManifest().patients.flatMap((p) => fixturePatient(p.name, pinned));
}
