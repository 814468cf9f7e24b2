import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
const cli = (args: string[], stdin?: string) => runCli(dir.path, [...args, '--db', join(dir.path, 'j.db')], stdin === undefined ? {} : { stdin });

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('reissue user', () => {
  it('bootstraps an admin, then adds users only with an admin confirming', async () => {
    expect((await cli(['user', 'add', 'li', '--role', 'cashier', '--password-stdin'], 'cashier-pass\n')).stderr).toContain('FIRST_USER_ADMIN');
    const admin = await cli(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], 'admin-pass-1\n');
    expect(admin).toMatchObject({ code: 0, stdout: 'added root (admin)\n' });
    expect((await cli(['user', 'add', 'li', '--role', 'cashier', '--password-stdin'], 'cashier-pass\n')).stderr).toContain('BY_REQUIRED');
    const wrong = await cli(['user', 'add', 'li', '--role', 'cashier', '--by', 'root', '--password-stdin'], 'cashier-pass\nnot-it\n');
    expect(wrong.code).toBe(7);
    expect(wrong.stderr).toContain('BAD_CREDENTIALS');
    const added = await cli(['user', 'add', 'li', '--role', 'cashier', '--operator-no', '07', '--terminal', '10023456', '--by', 'root', '--password-stdin'], 'cashier-pass\nadmin-pass-1\n');
    expect(added.stdout).toBe('added li (cashier)\n');
    const list = await cli(['user', 'list']);
    expect(list.stdout).toMatch(/li\s+cashier\s+07\s+10023456\s+active/);
    expect(list.stdout).not.toContain('cashier-pass');
  });

  it('lets only an admin disable, and a user change their own password', async () => {
    await cli(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], 'admin-pass-1\n');
    await cli(['user', 'add', 'li', '--role', 'cashier', '--by', 'root', '--password-stdin'], 'cashier-pass\nadmin-pass-1\n');
    expect((await cli(['user', 'disable', 'root', '--by', 'li', '--password-stdin'], 'cashier-pass\n')).stderr).toContain('PERMISSION_DENIED');
    expect((await cli(['user', 'passwd', 'li', '--by', 'li', '--password-stdin'], 'new-cashier-pass\ncashier-pass\n')).code).toBe(0);
    expect((await cli(['user', 'disable', 'li', '--by', 'root', '--password-stdin'], 'admin-pass-1\n')).stdout).toBe('li disabled\n');
    expect((await cli(['user', 'list', '--json'])).stdout).toContain('"disabled":true');
  });

  it('never takes a password from argv, and says how to give one', async () => {
    const r = await cli(['user', 'add', 'root', '--role', 'admin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PASSWORD_MISSING');
    expect(r.stderr).toContain('--password-stdin');
    expect((await cli(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], 'short\n')).stderr).toContain('WEAK_PASSWORD');
    expect((await cli(['user', 'frob', 'x'])).stderr).toContain('unknown action');
  });
});
