/**
 * Safe production defaults: with NODE_ENV=production and CDS_CORS_ORIGINS unset, no browser origin is allowed by
 * CORS (not the public Sandbox, not localhost) and only the service itself may frame the SMART app; configured,
 * exactly the configured origins. Outside production the developer defaults stay.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testApp } from '../../devkit/test-app.js';

const appDir = mkdtempSync(path.join(os.tmpdir(), 'ifn-app-static-'));
writeFileSync(path.join(appDir, 'launch.html'), '<!doctype html><title>launch</title>');

const DEVELOPER_ORIGINS = ['https://sandbox.cds-hooks.org', 'http://localhost:8080', 'http://127.0.0.1:5173'];
const production = (env: Record<string, string> = {}) => testApp({ NODE_ENV: 'production', CDS_AUTH: 'off', CDS_APP_DIR: appDir, ...env }).app;
const development = (env: Record<string, string> = {}) => testApp({ CDS_APP_DIR: appDir, ...env }).app;

const allowedOrigin = async (app: ReturnType<typeof production>, origin: string) => {
  const preflight = await request(app).options('/cds-services').set('Origin', origin).set('Access-Control-Request-Method', 'GET');
  const get = await request(app).get('/cds-services').set('Origin', origin);
  expect(preflight.headers['access-control-allow-origin']).toBe(get.headers['access-control-allow-origin']);
  return get.headers['access-control-allow-origin'] as string | undefined;
};
const frameAncestors = async (app: ReturnType<typeof production>) =>
  /frame-ancestors ([^;]*)/.exec((await request(app).get('/app/launch.html')).headers['content-security-policy'] ?? '')?.[1]?.trim().split(/\s+/);

describe('CORS and frame-ancestors defaults', () => {
  it('production, CDS_CORS_ORIGINS unset: no Sandbox, no localhost origin; the app framed by itself only', async () => {
    const app = production();
    for (const origin of DEVELOPER_ORIGINS) expect(await allowedOrigin(app, origin)).toBeUndefined();
    expect(await frameAncestors(app)).toEqual(["'self'"]);
  });

  it('production, configured: exactly those origins, for CORS and framing', async () => {
    const app = production({ CDS_CORS_ORIGINS: 'https://ehr.example.org' });
    expect(await allowedOrigin(app, 'https://ehr.example.org')).toBe('https://ehr.example.org');
    for (const origin of DEVELOPER_ORIGINS) expect(await allowedOrigin(app, origin)).toBeUndefined();
    expect(await frameAncestors(app)).toEqual(["'self'", 'https://ehr.example.org']);
  });

  it('outside production: the Sandbox and localhost stay allowed (the quick start)', async () => {
    const app = development();
    for (const origin of DEVELOPER_ORIGINS) expect(await allowedOrigin(app, origin)).toBe(origin);
    expect(await frameAncestors(app)).toEqual(["'self'", 'https://sandbox.cds-hooks.org', 'http://localhost:*', 'http://127.0.0.1:*']);
  });
});
