import { InputError, ReissueError, ValidationError, assertSafeInput } from '../core/index.js';
import { isLanguage, languageFromEnv, localiseError, type Language } from '../i18n/index.js';
import type { Command, CommandContext } from './command.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { checkCommand } from './commands/check.js';
import { decodeCommand } from './commands/decode.js';
import { demoCommand } from './commands/demo.js';
import { findCommand } from './commands/find.js';
import { initCommand } from './commands/init.js';
import { printCommand } from './commands/print.js';
import { printerEmulatorCommand } from './commands/printer-emulator.js';
import { printersCommand } from './commands/printers.js';
import { receiptCommand } from './commands/receipt.js';
import { reprintCommand } from './commands/reprint.js';
import { reportCommand } from './commands/report.js';
import { recordCommand } from './commands/record.js';
import { seedCommand } from './commands/seed.js';
import { showCommand } from './commands/show.js';
import { startCommand } from './commands/start.js';
import { tapCommand } from './commands/tap.js';
import { userCommand } from './commands/user.js';
import { verifyCommand } from './commands/verify.js';
import { storeCommand } from './commands/store.js';
import { hqCommand } from './commands/hq.js';
import { syncCommand } from './commands/sync.js';
import { ExitCodes, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { progressReporter } from './progress.js';
import { maskPans } from '../server/index.js';
import { cliText } from './texts.js';

export const COMMANDS: readonly Command[] = [initCommand, recordCommand, findCommand, showCommand, verifyCommand, backupCommand, restoreCommand, seedCommand, receiptCommand, decodeCommand, printCommand, printersCommand, printerEmulatorCommand, reprintCommand, checkCommand, auditCommand, reportCommand, userCommand, startCommand, tapCommand, demoCommand, storeCommand, syncCommand, hqCommand];

export const VERSION = '0.1.0';

const USAGE_WORDS = {
  zh: {
    title: '收银小票，一张不丢',
    usage: '用法：reissue 命令 [选项]',
    footer: `每个命令都接受 --db 文件|postgres://…（默认：$REISSUE_DB，否则 ./data/reissue.db）、--help，
以及 --lang zh|en（提示用的语言）。退出码：0 成功，1 失败，2 输入有误，3 未找到，4 冲突，
5 设置被拒，6 打印机或服务不可用，7 被规则拒绝（凭据、权限、补打规定）。`,
  },
  en: {
    title: 'no point-of-sale receipt is ever lost',
    usage: 'usage: reissue COMMAND [options]',
    footer: `Every command takes --db FILE|postgres://… (default: $REISSUE_DB, else ./data/reissue.db),
--help, and --lang zh|en (the language of messages). Exit codes: 0 ok, 1 failure, 2 bad input,
3 not found, 4 conflict, 5 setup refused, 6 printer or service unavailable, 7 refused by a rule
(credentials, permission, reprint policy).`,
  },
} as const;

function usage(language: Language): string {
  const words = USAGE_WORDS[language];
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `reissue ${VERSION} — ${words.title}

${words.usage}

${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary[language]}`).join('\n')}

${words.footer}
`;
}

/** `reissue NAME --help` in the reader's language. */
export function commandHelp(command: Command, language: Language): string {
  return `${command.help.usage}\n\n${command.help[language]}\n`;
}

/** Commands whose own --lang is the language of what they render (zh, en or bilingual). */
const RENDERS_LANGUAGE = new Set(['receipt', 'report']);

/**
 * The language of the terminal's messages: `--lang zh|en`, else REISSUE_LANG, else the
 * locale (LC_ALL, LC_MESSAGES, LANG starting with zh → zh), else English. The option is taken
 * out of the arguments, except for commands whose --lang says what to render (`receipt`,
 * `report`): there a zh or en also sets the messages, "bilingual" leaves them to the default.
 */
export function chooseLanguage(command: string | undefined, args: readonly string[], env: Readonly<Record<string, string | undefined>>): { language: Language; args: string[] } {
  const fallback = languageFromEnv(env);
  const rest: string[] = [];
  let asked: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const inline = /^--lang=(.*)$/.exec(arg);
    if (arg !== '--lang' && !inline) {
      rest.push(arg);
      continue;
    }
    const value = (inline ? inline[1] : args[i + 1]) ?? '';
    if (!inline) i++;
    asked = value;
    if (command !== undefined && RENDERS_LANGUAGE.has(command)) rest.push('--lang', value);
  }
  if (asked === undefined) return { language: fallback, args: rest };
  if (isLanguage(asked)) return { language: asked, args: rest };
  if (command !== undefined && RENDERS_LANGUAGE.has(command)) return { language: fallback, args: rest };
  throw new InputError('BAD_LANGUAGE_OPTION', `unknown language "${asked}" for --lang`, { hint: 'use --lang zh or --lang en, or set REISSUE_LANG', context: { value: asked } });
}

/** Runs `reissue` with an argument list; returns the exit code. Errors are mapped here, once. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...given] = argv;
  let language = languageFromEnv(io.env);
  let rest: string[];
  try {
    ({ language, args: rest } = chooseLanguage(name, given, io.env));
  } catch (error) {
    io.stderr(describeError(error, language));
    return exitCodeFor(error);
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage(language));
    return name === undefined ? ExitCodes.badInput : ExitCodes.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return ExitCodes.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    // Said back before the arguments' gate: masked like every message.
    io.stderr(`${cliText(language, 'error.unknownCommand', { name: maskPans(name) })}\n${cliText(language, 'error.unknownCommandHint')}\n`);
    return ExitCodes.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command, language));
    return ExitCodes.ok;
  }
  const warn = (warning: ReissueError) => io.stderr(describeWarning(warning, language));
  const context: CommandContext = { io, app: { env: io.env, cwd: io.cwd, now: io.now, warn, upgrading: upgradeReporter(io, language) }, language };
  try {
    gateArguments(rest, command.signedArgument);
    return await command.run([...rest], context);
  } catch (error) {
    io.stderr(describeError(error, language));
    return exitCodeFor(error);
  }
}

/**
 * The gate for the command line: an argument reaches journals (a reason text, a user name),
 * logs and messages, so one holding a card number (however written), a card secret or a
 * control character is refused before the command runs, naming the option, never the value.
 */
function gateArguments(args: readonly string[], signed?: (arg: string) => boolean): void {
  args.forEach((arg, i) => {
    if (signed?.(arg)) return;
    const previous = args[i - 1];
    const name = /^--[^=]+=/.test(arg) ? arg.slice(0, arg.indexOf('=')) : previous?.startsWith('-') && !previous.includes('=') ? previous : `argument ${i + 1}`;
    assertSafeInput(arg, { path: name, outcome: 'nothing was done' });
  });
}

/**
 * The error as the terminal shows it: one line with the reason and its code, each bad field,
 * then a hint. A value the user typed is shown back, but never a card number in it.
 */
export function describeError(error: unknown, language: Language): string {
  return maskPans(errorText(error, language));
}

/** A warning as the terminal shows it: the reason and its code, then a hint. */
export function describeWarning(warning: ReissueError, language: Language): string {
  const said = localiseError(warning, language, 'cli');
  const hint = said.hint ? `${cliText(language, 'error.hint', { text: said.hint })}\n` : '';
  return maskPans(`${cliText(language, 'warning.line', { detail: said.detail, code: warning.code })}\n${hint}`);
}

function errorText(error: unknown, language: Language): string {
  if (!(error instanceof ReissueError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return `${cliText(language, 'error.unexpected', { detail })}\n${cliText(language, 'error.unexpectedHint')}\n`;
  }
  const said = localiseError(error, language, 'cli');
  let text = `${cliText(language, 'error.line', { detail: said.detail, code: error.code })}\n`;
  // The first problem is in the line already; a list helps from two on (a transaction lists every field).
  const issues = said.errors ?? [];
  const listed = error instanceof ValidationError || issues.length > 1 ? issues.map((i) => i.message) : [];
  for (const issue of listed.slice(0, 10)) text += `  - ${issue}\n`;
  // An error may keep only its first problems (a file of a million lines that are not JSON), and count the rest.
  const unlisted = listed.length > 0 && typeof error.context.unlisted === 'number' ? error.context.unlisted : 0;
  if (listed.length + unlisted > 10) text += `${cliText(language, 'error.more', { count: listed.length + unlisted - 10 })}\n`;
  if (said.hint) text += `${cliText(language, 'error.hint', { text: said.hint })}\n`;
  return text;
}

/** Progress of a journal's upgrade on open, a line of its own for each step (a large journal's takes minutes). */
function upgradeReporter(io: CliIo, language: Language): (step: string, done: number, total: number) => void {
  let current: { step: string; report: ReturnType<typeof progressReporter> } | undefined;
  return (step, done, total) => {
    if (current?.step !== step) {
      current?.report.finish();
      current = { step, report: progressReporter(io, 'upgrading', language, step) };
    }
    current.report(done, total);
    if (done >= total) current.report.finish();
  };
}
