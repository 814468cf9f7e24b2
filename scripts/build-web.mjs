#!/usr/bin/env node
// Builds the back-office web root: type-checks src/web (tsconfig.web.json: DOM, and the server
// modules the pages import from), bundles each page of src/web/pages/ with esbuild into
// dist/web/pages/ (scripts/web-bundle.mjs refuses Node-only code), then copies the static
// pages and styles from src/web/static/ beside them. The server serves dist/web/ at "/".
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePages } from './web-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web');
const pagesDir = join(root, 'src', 'web', 'pages');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const checked = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.web.json')], { stdio: 'inherit' });
if (checked.status !== 0) {
  console.error('build-web: the web pages do not type-check (see above)');
  process.exit(checked.status ?? 1);
}
// Built beside the web root and then put in its place: a server (or a browser test) reading
// dist/web meanwhile sees the old pages or the new ones, never a folder half emptied.
const next = `${out}.next-${process.pid}`;
const old = `${out}.old-${process.pid}`;
rmSync(next, { recursive: true, force: true });
mkdirSync(next, { recursive: true });
const entryPoints = readdirSync(pagesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => join(pagesDir, f));
try {
  await bundlePages({ root, entryPoints, outdir: join(next, 'pages') });
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  console.error(`build-web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
cpSync(join(root, 'src', 'web', 'static'), next, { recursive: true });
if (existsSync(out)) renameSync(out, old);
renameSync(next, out);
rmSync(old, { recursive: true, force: true });
console.error(`build-web: ${entryPoints.length} pages bundled into ${out}`);
