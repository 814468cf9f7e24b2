export { main, COMMANDS, VERSION } from './main.js';
export type { CliIo } from './io.js';
export { ExitCodes, exitCodeFor } from './exit-codes.js';
