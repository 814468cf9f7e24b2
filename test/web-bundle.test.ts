/**
 * The web pages are bundled from src/ with esbuild, and the build refuses a page that would
 * carry Node-only code: real esbuild runs over real entry files in a temporary folder.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlePages } from '../scripts/web-bundle.mjs';
import { tempDir } from './support/cli.js';

const ROOT = resolve(import.meta.dirname, '..');
const dir = tempDir('reissue-web-bundle-');
afterAll(() => dir.remove());

/** An entry file inside src/ (so it imports the modules as a page does), removed afterwards. */
function entry(name: string, code: string): string {
  const folder = join(dir.path, 'src', 'web', 'pages');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.ts`);
  writeFileSync(file, code);
  return file;
}

const bundle = (file: string, out: string) => bundlePages({ root: ROOT, srcDir: resolve(ROOT, 'src'), entryPoints: [file], outdir: join(dir.path, out), minify: false });
const src = (path: string) => JSON.stringify(resolve(ROOT, 'src', path));

describe('web bundle', () => {
  it("takes only the values a page imports from a module's index, leaving its Node-only files out", async () => {
    const file = entry('uses-reprint', `import { ReasonCodes } from ${src('reprint/index.ts')};\nimport { qrMatrix } from ${src('receipt/index.ts')};\nconsole.log(ReasonCodes.join(','), qrMatrix('x').size);\n`);
    const meta = await bundle(file, 'ok');
    const [output] = Object.values(meta.outputs).filter((o) => o.entryPoint);
    expect(output?.imports.filter((i) => i.external)).toEqual([]);
    const js = readdirSync(join(dir.path, 'ok')).map((f) => readFileSync(join(dir.path, 'ok', f), 'utf8')).join('\n');
    expect(js).toContain('customer_lost');
    expect(js).not.toMatch(/node:crypto|node:fs|better-sqlite3/);
  });

  it('fails the build when a page would need a Node built-in, naming the chain of imports', async () => {
    const file = entry('uses-crypto', `import { verificationCode } from ${src('reprint/index.ts')};\nconsole.log(verificationCode);\n`);
    const failure = await bundle(file, 'crypto').then(
      () => undefined,
      (error: Error & { forbidden?: string[] }) => error,
    );
    expect(failure?.message).toMatch(/only runs on the server/);
    expect(failure?.forbidden).toContain('node:crypto');
    expect(failure?.message).toMatch(/node:crypto \(a Node\.js built-in\), imported by .*uses-crypto\.ts → src\/reprint\/index\.ts → src\/reprint\/verification-code\.ts/);
  });

  it('fails the build when a page would need a server-only package', async () => {
    const file = entry('uses-pg', `import pg from 'pg';\nconsole.log(pg);\n`);
    await expect(bundle(file, 'pg')).rejects.toThrow(/pg \(a server-only package\)/);
  });

  it('builds the real pages without any Node-only import', async () => {
    const pages = readdirSync(resolve(ROOT, 'src', 'web', 'pages')).filter((f) => f.endsWith('.ts')).map((f) => resolve(ROOT, 'src', 'web', 'pages', f));
    const meta = await bundlePages({ root: ROOT, entryPoints: pages, outdir: join(dir.path, 'pages') });
    const entries = Object.values(meta.outputs).filter((o) => o.entryPoint).map((o) => o.entryPoint);
    expect(entries.length).toBe(pages.length);
    for (const output of Object.values(meta.outputs)) expect(output.imports.filter((i) => i.external)).toEqual([]);
  });
});
