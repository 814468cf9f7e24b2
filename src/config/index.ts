export {
  configSchema,
  parseConfig,
  configFromText,
  defaultConfig,
  cardSlipOf,
  DEFAULT_CONFIG_FILE,
  type ReissueConfig,
  type PrinterConfig,
  type SpoolerConfig,
  type SyncConfig,
} from './config-schema.js';
export { printerOutput, type PrinterOutput } from './printer-output.js';
export { type TapConfig, type TapListen } from './tap-config.js';
