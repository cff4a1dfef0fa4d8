// Builds the SMART app: app/src/*.ts → <outdir>/{launch,index}.js (+ index.css) with esbuild, copies the HTML,
// and prints each file's size. `node app/build.mjs [outdir]`; default dist/app (what the service serves).
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'app'));
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: [path.join(here, 'src/launch.ts'), path.join(here, 'src/index.ts')],
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // fhirclient: no fetch/AbortController polyfills (every supported browser has them), no webcrypto shim.
  define: { FHIRCLIENT_PURE: 'true' },
  alias: { 'isomorphic-webcrypto': path.join(here, 'src/empty.ts'), 'node:crypto': path.join(here, 'src/node-crypto.ts') },
});
for (const f of readdirSync(path.join(here, 'public'))) copyFileSync(path.join(here, 'public', f), path.join(outdir, f));

const sizes = readdirSync(outdir)
  .filter((f) => /\.(js|css|html)$/.test(f))
  .map((f) => {
    const bytes = readFileSync(path.join(outdir, f));
    return { f, kb: bytes.length / 1024, gz: gzipSync(bytes).length / 1024 };
  });
for (const { f, kb, gz } of sizes) console.log(`app: ${f.padEnd(12)} ${kb.toFixed(1).padStart(7)} KB  (${gz.toFixed(1)} KB gzip)`);
const total = sizes.reduce((a, s) => ({ kb: a.kb + s.kb, gz: a.gz + s.gz }), { kb: 0, gz: 0 });
console.log(`app: total        ${total.kb.toFixed(1).padStart(7)} KB  (${total.gz.toFixed(1)} KB gzip) → ${path.relative(process.cwd(), outdir) || '.'}`);
