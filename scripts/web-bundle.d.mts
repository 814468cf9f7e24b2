/** Types of scripts/web-bundle.mjs, for the tests that call it. */
export declare const BROWSER_PACKAGES: readonly string[];
export interface BundleMetafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
  outputs: Record<string, { entryPoint?: string; imports: { path: string; external?: boolean }[] }>;
}
export declare function bundlePages(options: { root: string; entryPoints: string[]; outdir: string; srcDir?: string; minify?: boolean }): Promise<BundleMetafile>;
