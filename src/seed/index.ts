export { generateSales, type SeedOptions } from './generate.js';
/** The seeded PRNG behind the generator, for callers that need matching reproducible draws (benchmarks). */
export { Random } from './random.js';
