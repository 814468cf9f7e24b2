import type { AppContext } from '../app.js';
import type { Language, Words } from '../i18n/index.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  app: AppContext;
  /** The language of messages and labels (--lang, REISSUE_LANG, the locale). */
  language: Language;
}

/** `reissue NAME --help`: the usage lines (options as typed, the same in every language), then the text in the reader's language. */
export interface CommandHelp extends Words {
  usage: string;
}

export interface Command {
  name: string;
  /** One line in `reissue --help`. */
  summary: Words;
  help: CommandHelp;
  run(args: string[], context: CommandContext): Promise<number>;
  /**
   * An argument this command checks by its signature before anything reads, keeps or shows
   * it (a receipt's code): the arguments' gate leaves it to that check, for a genuine one's
   * digits may line up into a card number.
   */
  signedArgument?: (arg: string) => boolean;
}
