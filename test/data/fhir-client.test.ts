/**
 * What the FHIR path asks of its HTTP client (fhir-kit-client) against a real server on 127.0.0.1: a redirect is
 * never followed (the token would go along), and the library's debug output, which prints request headers, stays
 * off even when DEBUG asks for everything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';

const TOKEN = 'fhir-client-test-token-secret';

interface Seen {
  url: string;
  authorization?: string;
}

/** A FHIR server whose Patient read redirects elsewhere on the same origin; it records every call. */
async function redirectingServer(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (req.url === '/fhir/Patient/p1') return void res.writeHead(302, { Location: '/fhir/Patient/elsewhere' }).end();
    res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'Patient', id: 'elsewhere' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fhir`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// DEBUG=* before the modules load: the debug package reads it once, and fhir-fetch must still silence fhir-kit-client.
process.env.DEBUG = '*';
const { default: createDebug } = await import('debug');
const { FhirFetcher } = await import('../../src/data/fhir-fetch.js');
const debugOutput: string[] = [];
createDebug.log = (...args: unknown[]) => void debugOutput.push(format(...args));

const fetcherFor = (fhirServer: string) =>
  new FhirFetcher({
    fhirServer,
    accessToken: TOKEN,
    timeoutMs: 5000,
    maxPages: 5,
    budget: new AbortController().signal,
    deadline: Date.now() + 20_000,
    now: Date.now(),
  });

describe('fhir-kit-client as the FHIR path HTTP client', () => {
  it('sends the token to fhirServer and never follows a redirect', async () => {
    const server = await redirectingServer();
    try {
      const out = await fetcherFor(server.url).run([{ query: 'Patient/p1' }]);
      expect(out).toEqual({ ok: false, code: 'fhir-http-error', reason: 'the FHIR server answered HTTP 302' });
      expect(server.seen).toEqual([{ url: '/fhir/Patient/p1', authorization: `Bearer ${TOKEN}` }]);
    } finally {
      await server.close();
    }
  });

  it('its debug output (request headers, the token) stays off under DEBUG=*', async () => {
    // The capture works: another namespace does print.
    createDebug('ifn-timing-cds:probe')('probe line');
    expect(debugOutput.some((l) => l.includes('probe line'))).toBe(true);
    const server = await redirectingServer();
    try {
      await fetcherFor(server.url).run([{ query: 'Patient/other' }]);
      expect(server.seen).toHaveLength(1);
      expect(debugOutput.join('\n')).not.toContain(TOKEN);
      expect(debugOutput.some((l) => l.includes('fhir-kit-client'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
