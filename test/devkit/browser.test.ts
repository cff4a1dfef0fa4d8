import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchBrowser, watchPage } from '../../devkit/browser.js';

// The browser harness itself: a real headless Chromium loads a page, and what the page does is seen.
describe('devkit/browser', () => {
  it('loads a local page and reports its console errors, requests and CSP violations', async () => {
    const server = http.createServer((_req, res) => {
      res.setHeader('Content-Security-Policy', "default-src 'self'");
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>t</title><p id="x">hello</p><script>console.error("boom")</script>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const watch = await watchPage(page);
      await page.goto(url);
      expect(await page.textContent('#x')).toBe('hello');
      expect(watch.requests[0]).toBe(url);
      // The inline script is blocked by the page's own CSP, so it never logs "boom".
      expect(await watch.cspViolations()).toContain('script-src-elem');
      expect(watch.errors.join('\n')).not.toMatch(/boom/);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
