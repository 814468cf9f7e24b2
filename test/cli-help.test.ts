/**
 * `reissue --help` and `reissue NAME --help` in the reader's language: the command list and
 * each command's text in Chinese or English, the usage lines (options as typed) the same in
 * both, and no option named in one language's text and missing from the other's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/main.js';
import { runCli, tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const HAN = /[\u4e00-\u9fff]/;
const optionsIn = (text: string) => [...new Set(text.match(/--[a-z][a-z0-9-]*/g) ?? [])].sort();

describe('help in the reader’s language', () => {
  it('lists the commands in Chinese for a Chinese locale, and in English otherwise', async () => {
    const zh = await runCli(dir.path, ['--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('用法：reissue 命令 [选项]');
    expect(zh.stdout).toContain('退出码：0 成功');
    const en = await runCli(dir.path, ['--help'], { env: { LANG: 'en_US.UTF-8' } });
    expect(en.stdout).toContain('usage: reissue COMMAND [options]');
    expect(en.stdout).not.toContain('用法');
    for (const command of COMMANDS) {
      expect(zh.stdout).toContain(`  ${command.name.padEnd(16)}  ${command.summary.zh}`);
      expect(en.stdout).toContain(`  ${command.name.padEnd(16)}  ${command.summary.en}`);
    }
  });

  it('shows a command’s help in the language asked, its usage lines as typed', async () => {
    const zh = await runCli(dir.path, ['reprint', '--help', '--lang', 'zh']);
    const en = await runCli(dir.path, ['reprint', '--help'], { env: { LANG: 'zh_CN.UTF-8', REISSUE_LANG: 'en' } });
    expect([zh.code, en.code]).toEqual([0, 0]);
    const usage = (text: string) => text.slice(0, text.indexOf('\n\n'));
    expect(usage(zh.stdout)).toBe(usage(en.stdout));
    expect(usage(zh.stdout)).toMatch(/^reissue reprint \(ID \| --last/);
    expect(zh.stdout).toContain('需要主管授权');
    expect(zh.stdout).toContain('customer_lost 顾客遗失');
    expect(en.stdout).toContain("need a supervisor's approval");
    expect(en.stdout.slice(usage(en.stdout).length)).not.toContain('需要主管授权');
  });

  it('says every command in both languages, naming the same options in each', () => {
    for (const command of COMMANDS) {
      expect(command.summary.zh, command.name).toMatch(HAN);
      expect(command.help.zh, command.name).toMatch(HAN);
      // English text may quote the Chinese on paper (重印凭证), never be Chinese itself.
      expect(command.help.en.replace(/[^\u4e00-\u9fff]/g, '').length, command.name).toBeLessThan(command.help.en.length / 20);
      expect(optionsIn(command.help.zh), `${command.name}: options named in the Chinese help against the English`).toEqual(optionsIn(command.help.en));
    }
  });
});
