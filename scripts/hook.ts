/**
 * `npm run hook -- <patient-view|order-select|order-sign> --patient <fixture> [--url <service base>] [--fhir <url>]
 *   [--token <t>] [--locale zh-CN] [--pinned] [--json]`
 *
 * Fires a hook at a running service for a fixture patient, as an EHR would, and prints the cards. The service is
 * --url (alias --service), else http://localhost:$PORT (PORT as the service reads it; 3000 when unset). Prefetch is
 * built from the fixture by running the service's own prefetch templates against an in-process FHIR sandbox;
 * with --fhir, no prefetch is sent, only fhirServer (and --token as fhirAuthorization).
 * Dates are moved to today unless --pinned (use --pinned with a service started with CDS_FIXED_NOW).
 * Every failure (bad option, unknown patient, service not running, an answer other than 2xx) is one line on
 * stderr and a non-zero exit: 2 for a wrong command line, 1 for the service's side. Never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Card, DiscoveryDocument, HookName } from '../src/contract/types.js';
import { HOOKS } from '../src/contract/schemas.js';
import { hookContext } from './fixtures/generate.js';
import { createFhirSandbox } from '../devkit/fhir-sandbox.js';
import { fixturePatient, readManifest } from '../devkit/fixtures.js';
import { prefetchFor } from '../devkit/prefetch.js';

const usage = `usage: npm run hook -- <${HOOKS.join('|')}> --patient <fixture> [--url <service base URL>] [--fhir <url>] [--token <t>] [--locale en|zh-CN] [--pinned] [--json]`;

/** A failure the user can act on: printed as one line, exit `code`. */
class HookCliError extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2,
  ) {
    super(message);
  }
}
const usageError = (message: string) => new HookCliError(`${message} (${usage})`, 2);

const isHook = (h: string | undefined): h is HookName => (HOOKS as readonly (string | undefined)[]).includes(h);

/** The service's base URL: --url (or --service), else localhost on PORT. */
function serviceBase(url: string | undefined, port: string | undefined): string {
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw usageError(`--url "${url}" is not a URL such as http://localhost:3000`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usageError(`--url "${url}" must be an http(s) URL`);
    return url.replace(/\/+$/, '');
  }
  if (port === undefined || port === '') return 'http://localhost:3000';
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw usageError(`PORT="${port}" must be a whole number from 1 to 65535`);
  return `http://localhost:${n}`;
}

/** fetch, with "not running" and "not JSON" turned into one-line failures. */
async function call(method: 'GET' | 'POST', url: string, base: string, body?: string): Promise<{ res: Response; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new HookCliError(`cannot reach the service at ${base} (${cause?.code ?? cause?.message ?? (e as Error).message}); is it running? Start it with npm start, or point at it with --url or PORT`, 1);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new HookCliError(`${method} ${url} answered HTTP ${res.status}${problemOf(json)}`, 1);
  if (json === undefined) throw new HookCliError(`${method} ${url} answered HTTP ${res.status} with a body that is not JSON; is ${base} this service?`, 1);
  return { res, json };
}

/** ": <diagnostics>" of an OperationOutcome answer, on one line and short; "" otherwise. */
function problemOf(json: unknown): string {
  const issues = (json as { issue?: { diagnostics?: unknown }[] } | undefined)?.issue;
  const text = Array.isArray(issues) ? issues.map((i) => (typeof i?.diagnostics === 'string' ? i.diagnostics : '')).filter(Boolean).join('; ') : '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line ? `: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}` : '';
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        patient: { type: 'string' },
        url: { type: 'string' },
        service: { type: 'string' },
        fhir: { type: 'string' },
        token: { type: 'string' },
        locale: { type: 'string' },
        pinned: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw usageError((e as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  const hook = positionals[0];
  if (!isHook(hook)) throw usageError(hook === undefined ? 'name a hook' : `unknown hook "${hook}": use one of ${HOOKS.join(', ')}`);
  if (positionals.length > 1) throw usageError(`unexpected argument "${positionals[1]}"`);
  if (!values.patient) throw usageError('--patient <fixture> is required');
  const known = readManifest().patients.map((p) => p.name);
  // With --fhir the patient lives on that server; without, it must be a fixture.
  if (!values.fhir && !known.includes(values.patient)) throw new HookCliError(`no fixture patient "${values.patient}"; known: ${known.join(', ')}`, 2);
  if (values.url !== undefined && values.service !== undefined) throw usageError('give --url or --service (its old name), not both');
  const base = serviceBase(values.url ?? values.service, process.env.PORT);

  const discovery = (await call('GET', `${base}/cds-services`, base)).json as DiscoveryDocument;
  const service = Array.isArray(discovery?.services) ? discovery.services.find((s) => s.hook === hook) : undefined;
  if (!service) throw new HookCliError(`the service at ${base} serves no ${hook} hook`, 1);

  const body: Record<string, unknown> = { hookInstance: randomUUID(), hook, context: hookContext(hook, values.patient) };
  if (values.locale) body.extension = { 'org.ifn-timing-cds.locale': values.locale };
  if (values.fhir) {
    body.fhirServer = values.fhir;
    if (values.token) body.fhirAuthorization = { access_token: values.token, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'ifn-timing-cds' };
  } else {
    const sandbox = await createFhirSandbox(fixturePatient(values.patient, values.pinned));
    body.prefetch = await prefetchFor(sandbox, service, values.patient);
  }

  const { res, json } = await call('POST', `${base}/cds-services/${service.id}`, base, JSON.stringify(body));
  const answer = json as { cards?: Card[] };
  if (values.json) {
    console.log(JSON.stringify(answer, null, 2));
    return;
  }
  const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
  const colour = { info: 36, warning: 33, critical: 31 } as const;
  console.log(`${hook} → ${service.id} · patient ${values.patient} · HTTP ${res.status}`);
  if (!answer.cards?.length) console.log('No cards (the service stays silent for this patient and hook).');
  for (const card of answer.cards ?? []) {
    const tag = `[${card.indicator.toUpperCase()}]`;
    console.log(`\n${process.stdout.isTTY ? `\x1b[${colour[card.indicator]}m${tag}\x1b[0m` : tag} ${bold(card.summary)}`);
    console.log(`topic: ${card.source.topic?.code ?? '-'} · source: ${card.source.label}`);
    console.log(`\n${(card.detail ?? '').replace(/\*\*/g, '')}`);
    for (const s of card.suggestions ?? []) console.log(`  → suggestion: ${s.label} (${(s.actions ?? []).map((a) => `${a.type} ${a.resourceId ?? a.resource?.resourceType ?? ''}`).join(', ')})`);
    if (card.overrideReasons?.length) console.log(`  override reasons: ${card.overrideReasons.map((r) => r.display).join(' · ')}`);
  }
}

try {
  await main();
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`hook: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(e instanceof HookCliError ? e.code : 1);
}
