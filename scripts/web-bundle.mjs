// Bundles the back-office pages for the browser with esbuild. The pages import the server's
// own model from src/ (types, value sets, money, QR), so one rule is written once; what keeps
// that safe is this check: a page whose bundle would need a Node.js built-in (node:fs,
// node:crypto …) or a server-only package (better-sqlite3, pg …) fails the build, naming the
// chain of imports that pulled it in.
import { builtinModules } from 'node:module';
import { relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

/** Packages a page may use; every other bare import is server-only. */
export const BROWSER_PACKAGES = ['qrcode', 'zod'];

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

const inPackage = (file) => /[\\/]node_modules[\\/]/.test(file ?? '');

/** Why an import may not go into a page, or undefined when it may. A browser package's own imports are its business, built-ins aside. */
function forbidden(specifier, importer) {
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) return 'a Node.js built-in';
  if (/^[./]/.test(specifier) || inPackage(importer)) return undefined;
  return BROWSER_PACKAGES.includes(packageOf(specifier)) ? undefined : 'a server-only package';
}

/**
 * Our own modules are marked side-effect free, so a page that imports one value from a
 * module's index gets that value's file, not the whole module with its Node-only files.
 * Forbidden imports are left external: if tree shaking drops them, nothing was needed;
 * if one survives, the check below fails the build.
 */
function browserSafety(srcDir) {
  return {
    name: 'browser-safety',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.resolving) return undefined;
        if (args.kind === 'entry-point') return undefined;
        const why = forbidden(args.path, args.importer);
        if (why) return { path: args.path, external: true };
        const result = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
        if (result.errors.length > 0) return { errors: result.errors };
        const ours = result.path.startsWith(srcDir + sep) && !inPackage(result.path);
        return ours ? { ...result, sideEffects: false } : result;
      });
    },
  };
}

/** The shortest import chain (entry → … → file) to `file` in the metafile's inputs. */
function chainTo(metafile, file, root) {
  const inputs = metafile.inputs;
  const entries = new Set(Object.values(metafile.outputs).map((o) => o.entryPoint).filter(Boolean));
  const before = new Map([...entries].map((e) => [e, undefined]));
  const queue = [...entries];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === file) break;
    for (const imp of inputs[at]?.imports ?? []) {
      if (imp.external || before.has(imp.path)) continue;
      before.set(imp.path, at);
      queue.push(imp.path);
    }
  }
  const chain = [];
  for (let at = file; at !== undefined; at = before.get(at)) chain.unshift(at);
  return chain.map((p) => relative(root, resolve(root, p))).join(' → ');
}

/**
 * Builds each entry into `outdir` as an ES module (shared code in chunks). Rejects with an
 * Error listing every forbidden import that reached a bundle and where it came from.
 */
export async function bundlePages({ root, entryPoints, outdir, srcDir = resolve(root, 'src'), minify = true }) {
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    chunkNames: 'chunks/[name]-[hash]',
    minifySyntax: minify,
    minifyWhitespace: minify,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    plugins: [browserSafety(resolve(srcDir))],
  });
  const problems = [];
  for (const [input, info] of Object.entries(result.metafile.inputs)) {
    for (const imp of info.imports) {
      if (!imp.external) continue;
      const why = forbidden(imp.path, input);
      if (why) problems.push({ input, specifier: imp.path, why });
    }
  }
  // An external import only matters where it is still in an output after tree shaking.
  const kept = new Set();
  for (const output of Object.values(result.metafile.outputs)) for (const imp of output.imports) if (imp.external) kept.add(imp.path);
  const real = problems.filter((p) => kept.has(p.specifier));
  if (real.length > 0) {
    const lines = real.map((p) => `  ${p.specifier} (${p.why}), imported by ${chainTo(result.metafile, p.input, root)}`);
    const error = new Error(`the web pages would bundle code that only runs on the server:\n${[...new Set(lines)].join('\n')}\nimport only browser-safe values in src/web (types with "import type"), or move the Node-only code behind the module's server side`);
    error.forbidden = real.map((p) => p.specifier);
    throw error;
  }
  return result.metafile;
}
