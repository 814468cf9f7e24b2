import { createPreparer } from '../../app.js';
import { parseUserName } from '../../auth/index.js';
import { InputError, ReissueError, assertSafeInput, checkJsonText, jsonSyntaxErrorAt, withoutByteOrderMark } from '../../core/index.js';
import { batchRefusal, prepareBatch, prepareEvery, type PreparedTransaction, type RecordedBy, type RecordOutcome } from '../../journal/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { readInputText } from '../input-file.js';
import { progressReporter } from '../progress.js';
import { cliText } from '../texts.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { configOf } from './spooler-session.js';

const BATCH = 2000;

/** JSON.parse's answer for `text`, or undefined when it is not one JSON value. */
function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Lines that are not JSON named one by one; past these, only how many more there are. */
const LISTED_BAD_LINES = 10;

/** What a file or stdin holds: its transactions, and the line of the input each came from. */
export interface TransactionsText {
  inputs: unknown[];
  /** 1-based; blank lines counted. Items of one JSON array are numbered 1, 2, … as the array's. */
  lines: number[];
}

/**
 * One JSON object (possibly spread over several lines) or NDJSON, one transaction a line.
 * JSON.parse messages quote the input, which could hold a card number, so they are replaced.
 * Each value's text is checked as JSON.parse cannot (a key given twice, nesting too deep, a
 * card number as a long JSON number) before anything reads the value.
 */
export function parseTransactionsText(saved: string): TransactionsText {
  // Windows Notepad and Excel save "UTF-8 with BOM": the HTTP API and the config reader take it, so does this.
  const text = withoutByteOrderMark(saved);
  // U+FFFD is what reading bytes that are not UTF-8 (a GBK or UTF-16 file) leaves: recorded, it would stay in the sale's hashed event for ever.
  const replaced = text.indexOf('\ufffd');
  if (replaced >= 0) {
    const line = text.slice(0, replaced).split('\n').length;
    throw new InputError('NOT_UTF8', `line ${line} is not UTF-8 text (it holds the mark \ufffd that bytes in another encoding become); nothing was recorded`, {
      hint: 'save the file as UTF-8 (a file from Windows may be GBK/ANSI or UTF-16: convert it, e.g. iconv -f GBK -t UTF-8) and send it again',
      context: { line },
    });
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new InputError('EMPTY_INPUT', 'no transaction in the input', { hint: 'give one JSON object, or NDJSON with one transaction a line' });
  const whole = parsed(trimmed);
  if (whole) {
    checkJsonText(trimmed);
    const inputs = Array.isArray(whole.value) ? whole.value : [whole.value];
    return { inputs, lines: inputs.map((_, i) => i + 1) };
  }
  const inputs: unknown[] = [];
  const lines: number[] = [];
  const texts: string[] = [];
  const bad: number[] = [];
  let badCount = 0;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const one = parsed(line);
    if (!one) {
      if (badCount++ < LISTED_BAD_LINES) bad.push(i + 1);
      continue;
    }
    inputs.push(one.value);
    lines.push(i + 1);
    texts.push(line);
  }
  if (badCount > 0) throw notJson(text, bad, badCount, inputs);
  for (const [k, line] of texts.entries()) {
    try {
      checkJsonText(line);
    } catch (error) {
      if (!(error instanceof ReissueError)) throw error;
      const at = lines[k] ?? k + 1;
      throw new InputError(error.code, `line ${at}: ${error.message}`, { ...(error.hint ? { hint: error.hint } : {}), context: { ...error.context, line: at } });
    }
  }
  return { inputs, lines };
}

/**
 * The refusal of a text that is neither one JSON value nor NDJSON. When no line holds a
 * transaction of its own, the text is one JSON document spread over lines (pretty-printed)
 * with a mistake in it, and the place of the mistake is named; else each line that is not
 * JSON is named (the first LISTED_BAD_LINES, and how many more), as lines with bad content are.
 */
function notJson(text: string, bad: readonly number[], badCount: number, good: readonly unknown[]): InputError {
  const first = bad[0] ?? 1;
  const document = !good.some((value) => typeof value === 'object' && value !== null) && text.trim().includes('\n');
  const at = document ? jsonSyntaxErrorAt(text) : -1;
  if (at >= 0) {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return new InputError('BAD_JSON', `the input is not valid JSON at line ${line}, column ${column}; nothing was recorded`, {
      hint: 'check the quotes, commas and brackets there and just before (a missing comma shows on the line after it)',
      context: { line, column, rule: 'document' },
    });
  }
  if (badCount === 1) {
    return new InputError('BAD_JSON', `line ${first} is not valid JSON; nothing was recorded`, {
      hint: 'give one JSON object, or NDJSON with exactly one complete JSON object a line',
      context: { line: first, rule: 'line' },
    });
  }
  const issues = bad.map((line) => ({ path: '', code: 'NOT_JSON', message: 'not valid JSON', line }));
  return new InputError('BAD_JSON', `${badCount} lines are not valid JSON (first: line ${first}); nothing was recorded`, {
    hint: 'give NDJSON with exactly one complete JSON object a line',
    context: { line: first, invalid: badCount, issues, unlisted: badCount - issues.length, rule: 'lines' },
  });
}

/**
 * Who records: --by NAME (a user name), else the operating-system user running the command.
 * The command line has the journal file, not a sign-in, so this is the operator's word.
 */
export function cliRecorder(by: string | undefined, env: Record<string, string | undefined>): RecordedBy {
  if (by !== undefined) return { via: 'cli', user: parseUserName(by, '--by') };
  // Checked as it is kept: cutting a checked name could leave a card number at its end.
  const osUser = (env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'unknown').slice(0, 64);
  assertSafeInput(osUser, { path: 'USER', outcome: 'nothing was recorded', saleIds: 'never' });
  return { via: 'cli', user: osUser };
}

export const recordCommand: Command = {
  name: 'record',
  summary: { en: 'record sales from a file or stdin (JSON or NDJSON)', zh: '从文件或标准输入记录交易（JSON 或 NDJSON）' },
  help: {
    usage: `reissue record [FILE|-] [--db …] [--json] [--by NAME] [--config FILE]`,
    en: `Reads one transaction as a JSON object, or many as NDJSON (one a line), from FILE or
standard input, and prints the id of each: "ID recorded" or "ID already on record".
Every line is checked before anything is written; if any line is wrong, nothing is
recorded and each bad line is named. Full card numbers, CVV and track data are refused,
and so are sale times outside the configured window (sales.acceptAhead / acceptBack).
Each sale is journaled with who recorded it: --by NAME, else the operating-system user.`,
    zh: `从 FILE 或标准输入读取一笔交易（一个 JSON 对象）或多笔交易（NDJSON，每行一笔），逐笔显示编号：
“ID 已记录”或“ID 已有记录”。写入之前先检查每一行；只要有一行有误，就一笔也不记录，并指出
每个有误的行。完整卡号、CVV 和磁道数据一律拒收；交易时间超出设置的范围
（sales.acceptAhead / acceptBack）也拒收。每笔交易都记下是谁记录的：--by NAME，否则是操作系统用户。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('record', args, { ...DB_OPTION, json: { type: 'boolean' }, by: { type: 'string' }, config: { type: 'string' } }, 1);
    const recordedBy = cliRecorder(stringOption(values, 'by'), context.app.env);
    // The same configuration as every other command: also the one beside the journal (data/reissue.config.json).
    const acceptWindow = configOf(values, context).sales;
    const source = positionals[0] ?? '-';
    const text = source === '-' ? await context.io.readStdin() : await readInputText(context.io, source);
    const { inputs, lines } = parseTransactionsText(text);
    const prepared = await prepareAll(inputs, lines);
    // One transaction is named by its own error; several by the line of the input each is on.
    const linesOf = (start: number) => (inputs.length > 1 ? lines.slice(start, start + BATCH) : undefined);
    return withJournal(values, context, { create: true, acceptWindow }, async ({ journal }) => {
      // Every sale's time is checked before the first batch is written, as its content was.
      prepared.forEach((batch, b) => journal.checkSaleTimes(batch, linesOf(b * BATCH)));
      const progress = inputs.length > BATCH ? progressReporter(context.io, 'recording', context.language) : undefined;
      let done = 0;
      for (let start = 0; start < inputs.length; start += BATCH) {
        let outcomes: RecordOutcome[];
        try {
          const batch = prepared[start / BATCH] ?? [];
          outcomes = await journal.recordPrepared({ ok: true, items: batch }, { recordedBy, lines: linesOf(start) });
        } catch (error) {
          if (error instanceof ReissueError && start > 0) {
            context.io.stderr(`${cliText(context.language, 'record.partial', { last: lines[start - 1] ?? start, next: lines[start] ?? start + 1 })}\n`);
          }
          throw error;
        }
        for (const o of outcomes) context.io.stdout(values.json ? `${JSON.stringify(o)}\n` : `${o.id} ${o.created ? 'recorded' : 'already on record'}\n`);
        done += outcomes.length;
        progress?.(done, inputs.length);
      }
      progress?.finish();
      return 0;
    });
  },
};


/**
 * Every line checked before the first write, so a bad line 90,000 leaves nothing
 * half-imported; refused exactly as one batch of all lines would be, each bad line named by
 * its line in the input. Each line is validated and encoded once; past one batch, on both
 * cores (the worker preparer and this thread).
 */
async function prepareAll(inputs: readonly unknown[], lines: readonly number[]): Promise<PreparedTransaction[][]> {
  if (inputs.length <= BATCH) {
    const batch = prepareBatch(inputs);
    if (batch.ok) return [batch.items];
    throw batchRefusal(inputs.length, batch.issues.map((issue) => ({ ...issue, line: lines[issue.line - 1] ?? issue.line })), batch.error);
  }
  const preparer = createPreparer();
  try {
    return await prepareEvery(inputs, BATCH, preparer, lines);
  } finally {
    await preparer.close();
  }
}
