#!/usr/bin/env node
// Builds the back-office web root: compiles src/web/*.ts for the browser (tsconfig.web.json,
// lib DOM, plain ES modules) into dist/web/, then copies the static pages and styles from
// src/web/static/ beside them. The server serves dist/web/ at "/" (startServer's webRoot).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.web.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('build-web: the web pages did not compile (see above)');
  process.exit(compiled.status ?? 1);
}
const staticDir = join(root, 'src', 'web', 'static');
cpSync(staticDir, out, { recursive: true });
console.error(`build-web: ${readdirSync(out).length} files in ${out}`);
