/**
 * Headless Chromium for browser tests: Debian's chromium driven by playwright-core, nothing downloaded.
 * `npm test` runs scripts/ensure-chromium.sh first, so the binary is there (or the run stopped saying how).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** The real binary first: /usr/bin/chromium is a shell wrapper that adds flags and prints noise. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!found) throw new Error("Debian's chromium is not installed: run 'apt-get install -y chromium' or set CHROMIUM_PATH");
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // This machine's network is closed: no background fetches, no QUIC, no component updates.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PageWatch {
  /** Console errors and uncaught page errors, as text. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
  /** Content-Security-Policy directives the page violated. */
  cspViolations(): Promise<string[]>;
}

/** Records what a page does that a test must check: errors, requests, CSP violations. Call before the first goto. */
export async function watchPage(page: Page): Promise<PageWatch> {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  // Page-side code as text: this project compiles without the DOM lib. Init scripts are exempt from the page's CSP.
  await page.addInitScript({
    content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));",
  });
  return {
    errors,
    requests,
    cspViolations: () => page.evaluate('window.__csp || []') as Promise<string[]>,
  };
}
