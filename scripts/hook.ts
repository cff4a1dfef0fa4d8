/**
 * `npm run hook -- <patient-view|order-select|order-sign> --patient <fixture> [--fhir <url>] [--token <t>] [--locale zh-CN]
 *   [--service http://localhost:3000] [--pinned] [--json]`
 *
 * Fires a hook at a running service for a fixture patient, as an EHR would, and prints the cards. Prefetch is
 * built from the fixture by running the service's own prefetch templates against an in-process FHIR sandbox;
 * with --fhir, no prefetch is sent, only fhirServer (and --token as fhirAuthorization).
 * Dates are moved to today unless --pinned (use --pinned with a service started with CDS_FIXED_NOW).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Card, DiscoveryDocument, HookName } from '../src/contract/types.js';
import { HOOKS } from '../src/contract/schemas.js';
import { hookContext } from './fixtures/generate.js';
import { createFhirSandbox } from '../devkit/fhir-sandbox.js';
import { fixturePatient, readManifest } from '../devkit/fixtures.js';
import { prefetchFor } from '../devkit/prefetch.js';

const usage = `usage: npm run hook -- <${HOOKS.join('|')}> --patient <fixture> [--fhir <url>] [--token <t>] [--locale en|zh-CN] [--service <url>] [--pinned] [--json]`;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    patient: { type: 'string' },
    fhir: { type: 'string' },
    token: { type: 'string' },
    locale: { type: 'string' },
    service: { type: 'string', default: 'http://localhost:3000' },
    pinned: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const hook = positionals[0];
const isHook = (h: string | undefined): h is HookName => (HOOKS as readonly (string | undefined)[]).includes(h);
if (!isHook(hook) || !values.patient) {
  console.error(usage);
  console.error(`fixture patients: ${readManifest().patients.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

const base = values.service.replace(/\/$/, '');
const discovery = (await (await fetch(`${base}/cds-services`)).json()) as DiscoveryDocument;
const service = discovery.services.find((s) => s.hook === hook);
if (!service) {
  console.error(`The service at ${base} serves no ${hook} hook`);
  process.exit(1);
}

const body: Record<string, unknown> = { hookInstance: randomUUID(), hook, context: hookContext(hook, values.patient) };
if (values.locale) body.extension = { 'org.ifn-timing-cds.locale': values.locale };
if (values.fhir) {
  body.fhirServer = values.fhir;
  if (values.token) body.fhirAuthorization = { access_token: values.token, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'ifn-timing-cds' };
} else {
  const sandbox = await createFhirSandbox(fixturePatient(values.patient, values.pinned));
  const prefetch = await prefetchFor(sandbox, service, values.patient);
  body.prefetch = prefetch;
}

const res = await fetch(`${base}/cds-services/${service.id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const answer = (await res.json()) as { cards?: Card[] };
if (values.json) {
  console.log(JSON.stringify(answer, null, 2));
  process.exit(res.ok ? 0 : 1);
}
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const colour = { info: 36, warning: 33, critical: 31 } as const;
console.log(`${hook} → ${service.id} · patient ${values.patient} · HTTP ${res.status}`);
if (!res.ok) {
  console.log(JSON.stringify(answer, null, 2));
  process.exit(1);
}
if (!answer.cards?.length) console.log('No cards (the service stays silent for this patient and hook).');
for (const card of answer.cards ?? []) {
  const tag = `[${card.indicator.toUpperCase()}]`;
  console.log(`\n${process.stdout.isTTY ? `\x1b[${colour[card.indicator]}m${tag}\x1b[0m` : tag} ${bold(card.summary)}`);
  console.log(`topic: ${card.source.topic?.code ?? '-'} · source: ${card.source.label}`);
  console.log(`\n${(card.detail ?? '').replace(/\*\*/g, '')}`);
  for (const s of card.suggestions ?? []) console.log(`  → suggestion: ${s.label} (${(s.actions ?? []).map((a) => `${a.type} ${a.resourceId ?? a.resource?.resourceType ?? ''}`).join(', ')})`);
  if (card.overrideReasons?.length) console.log(`  override reasons: ${card.overrideReasons.map((r) => r.display).join(' · ')}`);
}
