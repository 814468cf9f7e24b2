import { ReissueError, ValidationError, assertSafeInput, maskPans } from '../core/index.js';
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
import { userCommand } from './commands/user.js';
import { verifyCommand } from './commands/verify.js';
import { ExitCodes, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';

export const COMMANDS: readonly Command[] = [initCommand, recordCommand, findCommand, showCommand, verifyCommand, backupCommand, restoreCommand, seedCommand, receiptCommand, decodeCommand, printCommand, printersCommand, printerEmulatorCommand, reprintCommand, checkCommand, auditCommand, reportCommand, userCommand, startCommand, demoCommand];

export const VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `reissue ${VERSION} — no point-of-sale receipt is ever lost

usage: reissue COMMAND [options]

${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Every command takes --db FILE|postgres://… (default: $REISSUE_DB, else ./data/reissue.db)
and --help. Exit codes: 0 ok, 1 failure, 2 bad input, 3 not found, 4 conflict, 5 setup refused, 6 printer or service unavailable,
7 refused by a rule (credentials, permission, reprint policy).
`;
}

/** Runs `reissue` with an argument list; returns the exit code. Errors are mapped here, once. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? ExitCodes.badInput : ExitCodes.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return ExitCodes.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`reissue: unknown command "${name}"\n  hint: run \`reissue --help\` for the list of commands\n`);
    return ExitCodes.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.help}\n`);
    return ExitCodes.ok;
  }
  const context: CommandContext = { io, app: { env: io.env, cwd: io.cwd, now: io.now } };
  try {
    gateArguments(rest);
    return await command.run([...rest], context);
  } catch (error) {
    // Belt and braces: every argument passed the gate, so nothing here should hold a card number.
    io.stderr(maskPans(describeError(error)));
    return exitCodeFor(error);
  }
}

/**
 * The gate for the command line: an argument reaches journals (a reason text, a user name),
 * logs and messages, so one holding a card number (however written), a card secret or a
 * control character is refused before the command runs, naming the option, never the value.
 */
function gateArguments(args: readonly string[]): void {
  args.forEach((arg, i) => {
    const previous = args[i - 1];
    const name = /^--[^=]+=/.test(arg) ? arg.slice(0, arg.indexOf('=')) : previous?.startsWith('-') && !previous.includes('=') ? previous : `argument ${i + 1}`;
    assertSafeInput(arg, { path: name, outcome: 'nothing was done' });
  });
}

function describeError(error: unknown): string {
  if (!(error instanceof ReissueError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return `reissue: unexpected error: ${detail}\n  hint: this is a bug; please report it with the command you ran\n`;
  }
  let text = `reissue: ${error.message} [${error.code}]\n`;
  const issues = error instanceof ValidationError ? error.issues.map((i) => `${i.path}: ${i.message}`) : listedIssues(error);
  for (const issue of issues.slice(0, 10)) text += `  - ${issue}\n`;
  if (issues.length > 10) text += `  … and ${issues.length - 10} more\n`;
  if (error.hint) text += `  hint: ${error.hint}\n`;
  return text;
}

function listedIssues(error: ReissueError): string[] {
  const issues = error.context.issues;
  if (!Array.isArray(issues) || issues.length < 2) return [];
  return issues.map((i: { line?: number; message?: string }) => `line ${i.line}: ${i.message}`);
}
