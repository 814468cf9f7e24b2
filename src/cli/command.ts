import type { AppContext } from '../app.js';
import type { Language } from '../i18n/index.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  app: AppContext;
  /** The language of messages and labels (--lang, REISSUE_LANG, the locale). */
  language: Language;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text shown by `reissue NAME --help`. */
  help: string;
  run(args: string[], context: CommandContext): Promise<number>;
}
