import { InputError } from '../../core/index.js';
import { requirePermission, type AuthService, type User } from '../../auth/index.js';
import { parseCommandArgs, requirePositional, stringOption, type ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { table } from '../format.js';
import { readSecrets, type SecretSpec } from '../secrets.js';
import { cliText, type CliTextKey } from '../texts.js';
import type { Language } from '../../i18n/index.js';
import { DB_OPTION, withAuth } from './journal-options.js';

/** A role as the terminal's language names it (收银员 / cashier …). */
const roleWord = (role: User['role'], language: Language) => cliText(language, `role.${role}`);

const OPTIONS = {
  ...DB_OPTION,
  role: { type: 'string' },
  'operator-no': { type: 'string' },
  terminal: { type: 'string' },
  stores: { type: 'string' },
  'all-stores': { type: 'boolean' },
  by: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const newPassword = (name: string): SecretSpec => ({ user: name, whose: 'new', env: 'REISSUE_PASSWORD' });
const byPassword = (name: string): SecretSpec => ({ user: name, whose: 'by', env: 'REISSUE_APPROVER_PASSWORD' });

/** Who runs a user change: --by NAME, checked with their password and the users.manage permission. */
async function authorise(auth: AuthService, values: ParsedArgs['values'], password: string | undefined): Promise<User> {
  const by = stringOption(values, 'by');
  if (by === undefined || password === undefined) throw new InputError('BY_REQUIRED', 'say who is making this change with --by ADMIN', { hint: 'an admin confirms user changes with their own password', context: {} });
  const { token, user } = await auth.login({ name: by, password, client: 'cli' });
  await auth.logout(token);
  requirePermission(user, 'users.manage');
  return user;
}

async function addUser(context: CommandContext, values: ParsedArgs['values'], name: string, auth: AuthService): Promise<number> {
  const role = stringOption(values, 'role');
  if (role === undefined) throw new InputError('BAD_USAGE', 'user add: --role is required', { hint: 'one of cashier, supervisor, backoffice, auditor, admin', context: { command: 'user add', rule: 'required', option: '--role', example: '--role cashier' } });
  const first = !(await auth.hasUsers());
  const by = stringOption(values, 'by');
  const specs = [newPassword(name), ...(by && !first ? [byPassword(by)] : [])];
  const [password = '', byPw] = await readSecrets(context.io, specs, values['password-stdin'] === true, context.language);
  const stores = stringOption(values, 'stores');
  const extra = {
    ...(stringOption(values, 'operator-no') ? { operatorNo: stringOption(values, 'operator-no') } : {}),
    ...(stringOption(values, 'terminal') ? { terminal: stringOption(values, 'terminal') } : {}),
    ...(stores !== undefined ? { stores } : {}),
  };
  if (first) {
    if (role !== 'admin') throw new InputError('FIRST_USER_ADMIN', 'the first user must be an admin', { hint: `reissue user add ${name} --role admin`, context: { user: name } });
    await auth.bootstrapAdmin({ name, password, ...extra });
  } else {
    const admin = await authorise(auth, values, byPw);
    await auth.addUser({ name, role: role as User['role'], password, ...extra }, admin.name);
  }
  const say = (key: CliTextKey, params: Record<string, string>) => cliText(context.language, key, params);
  context.io.stdout(`${say('user.added', { name, role: roleWord(role as User['role'], context.language), stores: stores === undefined ? '' : say('user.addedStores', { stores }) })}\n`);
  return 0;
}

/** `user stores NAME --stores A,B` limits a user to some stores; `--all-stores` lifts the limit. */
async function setStores(context: CommandContext, values: ParsedArgs['values'], name: string, auth: AuthService): Promise<number> {
  const stores = stringOption(values, 'stores');
  const all = values['all-stores'] === true;
  if ((stores === undefined) === !all) {
    throw new InputError('BAD_USAGE', 'user stores: give either --stores ID[,ID…] or --all-stores', { hint: `e.g. reissue user stores ${name} --stores SH-001,SH-002 --by ADMIN`, context: { command: 'user stores', rule: 'stores-or-all', example: `reissue user stores ${name} --stores SH-001,SH-002 --by ADMIN` } });
  }
  const [byPw] = await readSecrets(context.io, [byPassword(stringOption(values, 'by') ?? 'ADMIN')], values['password-stdin'] === true, context.language);
  const admin = await authorise(auth, values, byPw);
  const user = await auth.changeUser(name, { stores: all ? null : (stores ?? null) }, admin.name);
  const said = user.stores ? cliText(context.language, 'user.storesOnly', { name: user.name, stores: user.stores.join(', ') }) : cliText(context.language, 'user.allStores', { name: user.name });
  context.io.stdout(`${said}\n`);
  return 0;
}

export const userCommand: Command = {
  name: 'user',
  summary: { en: 'add, change the password of, disable or list users', zh: '添加用户、修改密码、停用或列出用户' },
  help: {
    usage: `reissue user add NAME --role cashier|supervisor|backoffice|auditor|admin
                  [--operator-no N] [--terminal T] [--stores ID[,ID…]] [--by ADMIN]
reissue user stores NAME (--stores ID[,ID…] | --all-stores) --by ADMIN
reissue user passwd NAME --by ADMIN|NAME
reissue user disable NAME --by ADMIN
reissue user enable NAME --by ADMIN
reissue user list [--json]`,
    en: `Passwords never come from the command line: they are asked for on the terminal, or read
with --password-stdin one a line (the new password first, then the --by password), or from
REISSUE_PASSWORD (new) and REISSUE_APPROVER_PASSWORD (--by). The first user must be an
admin and needs no --by. Passwords: at least 8 characters, not the user name.
--stores (head office): the user sees, searches, prints and reports those shops' sales only;
another shop's sale is not found for them. An admin always sees every store.`,
    zh: `密码从不来自命令行参数：在终端上询问，或用 --password-stdin 每行读一个（先新密码，再 --by 的密码），
或从 REISSUE_PASSWORD（新密码）和 REISSUE_APPROVER_PASSWORD（--by 的密码）读取。第一个用户必须是
管理员，不需要 --by。密码：至少 8 个字符，不能与用户名相同。
--stores（总部）：这个用户只能查看、查找、打印和汇总这些门店的交易；别的门店的交易对他来说找不到。
管理员总能看到所有门店。
角色：cashier 收银员、supervisor 主管、backoffice 后台、auditor 审计员、admin 管理员。`,
  },
  async run(args, context) {
    const [action, ...rest] = args;
    const { values, positionals } = parseCommandArgs('user', rest, OPTIONS, 1);
    return withAuth(values, context, { create: true }, async ({ auth }) => {
      if (action === 'list') {
        const users = await auth.listUsers();
        if (values.json) context.io.stdout(`${JSON.stringify(users)}\n`);
        else {
          const { language } = context;
          const headers = cliText(language, 'user.listHeaders').split('|');
          context.io.stdout(table(headers, users.map((u) => [u.name, roleWord(u.role, language), u.operatorNo ?? '', u.terminal ?? '', u.stores?.join(',') ?? '', cliText(language, u.disabled ? 'user.state.disabled' : 'user.state.active')])));
        }
        return 0;
      }
      const name = requirePositional('user', positionals, 0, 'the user name');
      const fromStdin = values['password-stdin'] === true;
      const by = stringOption(values, 'by');
      switch (action) {
        case 'add':
          return addUser(context, values, name, auth);
        case 'stores':
          return setStores(context, values, name, auth);
        case 'passwd': {
          const [password = '', byPw] = await readSecrets(context.io, [newPassword(name), byPassword(by ?? 'ADMIN')], fromStdin, context.language);
          const actor = by === name ? (await auth.login({ name, password: byPw ?? '', client: 'cli' })).user : await authorise(auth, values, byPw);
          await auth.setPassword(name, password, actor.name);
          context.io.stdout(`${cliText(context.language, 'user.passwordChanged', { name })}\n`);
          return 0;
        }
        case 'disable':
        case 'enable': {
          const [byPw] = await readSecrets(context.io, [byPassword(by ?? 'ADMIN')], fromStdin, context.language);
          const admin = await authorise(auth, values, byPw);
          if (action === 'disable') await auth.disableUser(name, admin.name);
          else await auth.enableUser(name, admin.name);
          context.io.stdout(`${cliText(context.language, action === 'disable' ? 'user.disabled' : 'user.enabled', { name })}\n`);
          return 0;
        }
        default:
          throw new InputError('BAD_USAGE', `user: unknown action "${action ?? ''}"`, { hint: 'use add, stores, passwd, disable, enable or list', context: { command: 'user', rule: 'unknown-action', value: action ?? '', allowed: ['add', 'stores', 'passwd', 'disable', 'enable', 'list'] } });
      }
    });
  },
};
