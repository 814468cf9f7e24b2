import { messages } from './types.js';

/** Signing in, sessions, users, roles and supervisor approval. */
export const AUTH_ERRORS = messages('staff', {
  BAD_CREDENTIALS: {
    zh: { title: '登录失败', detail: '用户名或密码不对', hint: '检查用户名和密码（密码区分大小写）；连续输错会暂时锁定登录' },
    en: { title: 'Sign-in failed', detail: 'wrong user name or password', hint: 'check the user name and the password (passwords are case-sensitive); repeated failures lock sign-in for a while' },
  },
  APPROVAL_REFUSED: {
    zh: { title: '主管授权失败', detail: '主管的用户名或密码不对', hint: '请主管重新输入自己的用户名和密码' },
    en: { title: 'Approval refused', detail: "the approver's user name or password is wrong", hint: 'the approving supervisor enters their own name and password again' },
  },
  CREDENTIALS_REQUIRED: {
    zh: { title: '请输入用户名和密码', detail: '用户名和密码都要填', hint: '输入用户名和密码' },
    en: { title: 'Name and password needed', detail: 'a user name and a password are required', hint: 'enter both the user name and the password' },
    variants: {
      approval: {
        zh: { title: '请输入主管的用户名和密码', detail: '主管的用户名和密码都要填', hint: '请主管输入自己的用户名和密码' },
        en: { title: "Approver's name and password needed", detail: "the approver's user name and password are required", hint: 'the approving supervisor enters their own name and password' },
      },
    },
  },
  LOGIN_THROTTLED: {
    zh: { title: '登录已暂时锁定', detail: ['登录失败次数太多：请 {retryAfterMs:minutes} 分钟后再试', '登录失败次数太多，请稍后再试'], hint: '等锁定结束，或请管理员重置密码（重置后立即解锁）' },
    en: { title: 'Sign-in locked for a while', detail: ['too many failed sign-ins: try again in {retryAfterMs:minutes} min', 'too many failed sign-ins: try again later'], hint: 'wait for the lock-out to end, or ask an admin to reset the password, which lifts it' },
  },
  APPROVAL_THROTTLED: {
    zh: { title: '授权已暂时锁定', detail: ['为这位主管输错密码的次数太多：请 {retryAfterMs:minutes} 分钟后再请他授权', '为这位主管输错密码的次数太多，请稍后再试'], hint: '请主管本人来输入自己的密码；主管自己的登录不受影响' },
    en: { title: 'Approval locked for a while', detail: ["too many wrong passwords for this approver from you: ask again in {retryAfterMs:minutes} min", 'too many wrong passwords for this approver: try again later'], hint: "let the approver type their own password; the approver's own sign-in is not affected" },
  },
  USER_DISABLED: {
    zh: { title: '账户已停用', detail: ['用户“{user}”已停用', '该账户已停用'], hint: '请管理员启用该账户' },
    en: { title: 'Account disabled', detail: ['user "{user}" is disabled', 'the account is disabled'], hint: 'ask an admin to enable the account' },
  },
  SESSION_INVALID: {
    zh: { title: '未登录', detail: '没有登录，或登录已结束', hint: '请重新登录' },
    en: { title: 'Not signed in', detail: 'not signed in: the session is unknown or has ended', hint: 'sign in again' },
  },
  SESSION_EXPIRED: {
    zh: { title: '登录已过期', detail: '登录已过期', hint: '请重新登录' },
    en: { title: 'Session expired', detail: 'the session expired', hint: 'sign in again' },
    variants: {
      idle: {
        zh: { detail: ['{idleMs:minutes} 分钟没有操作，登录已过期', '长时间没有操作，登录已过期'] },
        en: { detail: ['the session expired after {idleMs:minutes} minutes without use', 'the session expired after a while without use'] },
      },
      absolute: {
        zh: { detail: ['登录已超过 {hours} 小时上限', '登录已超过时间上限'] },
        en: { detail: ['the session expired after the {hours}-hour limit', 'the session reached its time limit'] },
      },
    },
  },
  PERMISSION_DENIED: {
    zh: { title: '没有权限', detail: ['{role:role}“{user}”不能{permission:permission}', '{role:role}不能{permission:permission}', '没有权限做这件事'], hint: ['请有权限的人来做（{allowed:roles}）', '请有权限的人来做'] },
    en: { title: 'Not allowed', detail: ['"{user}" ({role:role}) may not {permission:permission}', 'a {role:role} may not {permission:permission}', 'not allowed'], hint: ['ask someone whose role allows it ({allowed:roles})', 'ask someone whose role allows it'] },
    variants: {
      disabled: {
        zh: { detail: ['账户“{user}”已停用，不能{permission:permission}', '账户已停用'], hint: '请管理员启用该账户' },
        en: { detail: ['"{user}" may not {permission:permission}: the account is disabled', 'the account is disabled'], hint: 'ask an admin to enable the account' },
      },
    },
  },
  SELF_APPROVAL: {
    zh: { title: '不能自己授权', detail: '不能给自己的补打授权', hint: '请另一位主管授权' },
    en: { title: 'Own approval', detail: 'nobody approves their own reprint', hint: 'ask another supervisor to approve it' },
    variants: {
      approval: {
        zh: { detail: ['“{user}”不能给自己的请求授权', '不能给自己的请求授权'], hint: '请另一位有授权权限的人输入自己的用户名和密码' },
        en: { detail: ['"{user}" cannot approve their own request', 'nobody approves their own request'], hint: 'another user with the right to approve must enter their own name and password' },
      },
    },
  },
  APPROVER_DISABLED: {
    zh: { title: '授权人已停用', detail: ['“{approver}”的账户已停用，不能授权', '授权人的账户已停用'], hint: '请另一位主管授权，或请管理员启用该账户' },
    en: { title: 'Approver disabled', detail: ['"{approver}" is disabled and cannot approve', 'the approver is disabled'], hint: 'ask another supervisor, or an admin to enable the account' },
  },
  APPROVER_NOT_PERMITTED: {
    zh: { title: '授权人没有权限', detail: ['“{approver}”（{role:role}）不能授权这件事', '授权人不能授权这件事'], hint: '请主管或管理员授权' },
    en: { title: 'Approver not permitted', detail: ['"{approver}" ({role:role}) may not approve this', 'the approver may not approve this'], hint: 'ask a supervisor or an admin to approve' },
  },
  INVALID_USER_NAME: {
    zh: { title: '用户名不对', detail: ['用户名“{value}”不能用：只能用 1–32 位字母、数字、点、下划线或减号', '用户名只能用 1–32 位字母、数字、点、下划线或减号'], hint: '例如 wangli 或 cashier-07；用户名不区分大小写' },
    en: { title: 'Bad user name', detail: ['user name "{value}" is not valid: use 1–32 letters, digits, \'.\', \'_\' or \'-\'', "a user name is 1–32 letters, digits, '.', '_' or '-'"], hint: 'for example wangli or cashier-07; names are not case-sensitive', cliDetail: ['{field} "{value}" is not valid: use 1–32 letters, digits, \'.\', \'_\' or \'-\''] },
  },
  INVALID_OPERATOR_NO: {
    zh: { title: '操作员号不对', detail: ['操作员号“{value}”不对：应为 1–10 位字母或数字', '操作员号应为 1–10 位字母或数字'], hint: '用这位收银员小票上“操作员号”印的号码，如 01' },
    en: { title: 'Bad operator no.', detail: ['operator no. "{value}" is not valid: it must be 1–10 letters or digits', 'an operator no. is 1–10 letters or digits'], hint: "use the number printed as OPERATOR NO on this cashier's receipts, e.g. 01" },
  },
  INVALID_TERMINAL: {
    zh: { title: '终端号不对', detail: ['终端号“{value}”不对：应为 8 位字母或数字', '终端号应为 8 位字母或数字'], hint: '用这台收银机小票上“终端号”印的号码，如 10023456' },
    en: { title: 'Bad terminal no.', detail: ['terminal "{value}" is not valid: it must be 8 letters or digits', 'a terminal no. is 8 letters or digits'], hint: "use the terminal no. printed as TERMINAL NO on the till's receipts, e.g. 10023456" },
  },
  WEAK_PASSWORD: {
    zh: { title: '密码太弱', detail: '需要密码', hint: ['密码至少 {minLength} 个字符', '请设置密码'] },
    en: { title: 'Weak password', detail: 'a password is required', hint: ['choose a password of at least {minLength} characters', 'choose a password'] },
    variants: {
      'min-length': {
        zh: { detail: ['密码太短：只有 {length} 个字符，至少要 {minLength} 个', '密码太短'], hint: ['至少 {minLength} 个字符；几个词组成的短句又长又好记', '请用更长的密码'] },
        en: { detail: ['the password is too short: it has {length} characters and needs at least {minLength}', 'the password is too short'], hint: ['choose at least {minLength} characters; a short phrase of several words is long and easy to remember', 'choose a longer password'] },
      },
      'not-user-name': {
        zh: { detail: '密码不能和用户名相同', hint: '选一个从小票或登录页上的名字猜不出来的密码' },
        en: { detail: 'the password must not be the user name', hint: 'choose something nobody could guess from the name on the receipt or the login screen' },
      },
    },
  },
  PASSWORD_TOO_LONG: {
    zh: { title: '密码太长', detail: ['密码太长：最多 {maxLength} 个字符', '密码太长'], hint: ['密码长度 {minLength}–{maxLength} 个字符', '请用短一些的密码'] },
    en: { title: 'Password too long', detail: ['the password is too long: at most {maxLength} characters', 'the password is too long'], hint: ['choose a password of {minLength}–{maxLength} characters', 'choose a shorter password'] },
  },
  USER_NOT_FOUND: {
    zh: { title: '没有这个用户', detail: ['没有用户“{user}”', '没有这个用户'], hint: '查看用户列表里的名字', cliHint: '用 `reissue user list` 查看已有的用户名' },
    en: { title: 'No such user', detail: ['there is no user "{user}"', 'there is no such user'], hint: 'list the users to see the names on record', cliHint: 'see the names on record with `reissue user list`' },
  },
  USER_EXISTS: {
    zh: { title: '用户已存在', detail: ['用户“{user}”已存在', '这个用户已存在'], hint: '换一个名字（不区分大小写），或启用、重置已有用户' },
    en: { title: 'User exists', detail: ['a user "{user}" already exists', 'that user already exists'], hint: 'choose another name (names are not case-sensitive), or enable or reset the existing user' },
  },
  LAST_ADMIN: {
    zh: { title: '唯一的管理员', detail: ['“{user}”是唯一启用的管理员', '这是唯一启用的管理员'], hint: '先添加或启用另一位管理员，才能继续管理用户' },
    en: { title: 'Last admin', detail: ['"{user}" is the only enabled admin', 'this is the only enabled admin'], hint: 'add or enable another admin first, so someone can still manage users' },
  },
  OPERATOR_NO_TAKEN: {
    zh: { title: '操作员号已被使用', detail: ['操作员号 {operatorNo} 已属于另一位用户', '这个操作员号已属于另一位用户'], hint: '每位收银员要有自己的操作员号，小票才能对应到人；请选一个未用的号码' },
    en: { title: 'Operator no. taken', detail: ['operator no. {operatorNo} already belongs to another user', 'that operator no. already belongs to another user'], hint: 'each cashier needs their own operator no., so every receipt names one person; choose a free number' },
  },
  ALREADY_BOOTSTRAPPED: {
    audience: 'operator',
    zh: { title: '已有用户', detail: '已经有用户了，不再创建第一个管理员', hint: '以管理员身份登录后再添加用户' },
    en: { title: 'Users exist', detail: 'users already exist, so no first admin is created', hint: 'sign in as an admin and add users from there' },
  },
  UNKNOWN_ROLE: {
    zh: { title: '角色不对', detail: ['不认识的角色“{role}”', '不认识的角色'], hint: '可选：收银员、主管、后台、审计员、管理员', cliHint: '可选：cashier（收银员）、supervisor（主管）、backoffice（后台）、auditor（审计员）、admin（管理员）' },
    en: { title: 'Unknown role', detail: ['unknown role "{role}"', 'unknown role'], hint: 'choose one of: cashier, supervisor, backoffice, auditor, admin' },
  },
  UNKNOWN_PERMISSION: {
    audience: 'developer',
    zh: { title: '权限名不对', detail: ['不认识的权限“{value}”', '不认识的权限'], hint: '可选：{allowed:list}' },
    en: { title: 'Unknown permission', detail: ['unknown permission "{value}"', 'unknown permission'], hint: 'one of: {allowed:list}' },
  },
  INVALID_ACTION: {
    audience: 'developer',
    zh: { title: '授权事项不对', detail: ['授权必须写明针对的那一件事（1–{max} 个字符）', '授权必须写明针对的那一件事'], hint: '写明要授权的事，如“补打 10023456-000128-000457”' },
    en: { title: 'Bad approval action', detail: ['an approval must name the one action it is for (1–{max} characters)', 'an approval must name the one action it is for'], hint: 'pass what is being approved, e.g. "reprint 10023456-000128-000457"' },
  },
  BAD_AUTH_SETTING: {
    audience: 'operator',
    zh: { title: '登录设置不对', detail: ['登录设置 {key} 必须是不小于 1 的整数（现在是 {value}）', '登录设置不对'], hint: '时长以毫秒计' },
    en: { title: 'Bad sign-in setting', detail: ['auth setting {key} must be a whole number ≥ 1 (got {value})', 'an auth setting is not valid'], hint: 'durations are milliseconds' },
    variants: {
      unknown: {
        zh: { detail: ['不认识的登录设置“{key}”', '不认识的登录设置'], hint: ['可用的设置：{known:list}', '检查设置名'] },
        en: { detail: ['unknown auth setting "{key}"', 'unknown auth setting'], hint: ['settings: {known:list}', 'check the setting name'] },
      },
      'idle-longer': {
        zh: { detail: '空闲过期时间不能长于登录的最长时间', hint: '一次登录空闲的时间不能超过它总共能存在的时间' },
        en: { detail: 'auth setting sessionIdleMs must not be longer than sessionAbsoluteMs', hint: 'a session cannot stay idle longer than it may live at all' },
      },
      'lockout-order': {
        zh: { detail: '最长锁定时间不能短于首次锁定时间', hint: '锁定时间从首次锁定时间逐步增长到最长锁定时间' },
        en: { detail: 'auth setting maxLockoutMs must not be shorter than lockoutMs', hint: 'lock-outs grow from lockoutMs up to maxLockoutMs' },
      },
      'name-lockout-order': {
        zh: { detail: '用户名最长锁定时间不能短于用户名首次锁定时间', hint: '锁定时间从 nameLockoutMs 逐步增长到 nameMaxLockoutMs' },
        en: { detail: 'auth setting nameMaxLockoutMs must not be shorter than nameLockoutMs', hint: 'lock-outs grow from nameLockoutMs up to nameMaxLockoutMs' },
      },
      'memory-order': {
        zh: { detail: '失败记录保留时间不能短于计数窗口', hint: '失败记录至少要保留到计数窗口结束' },
        en: { detail: 'auth setting failureMemoryMs must not be shorter than failureWindowMs', hint: 'failures must be remembered at least as long as the window they are counted in' },
      },
    },
  },
  PASSWORD_HASH_UNREADABLE: {
    audience: 'operator',
    zh: { title: '密码记录损坏', detail: '保存的密码记录已损坏，或不是本系统的格式', hint: '用户表在系统外被改动过：请管理员为这位用户重新设置密码' },
    en: { title: 'Password record damaged', detail: 'a stored password hash is damaged or not an argon2 hash', hint: 'the users table was changed outside Reissue; have an admin set a new password for this user' },
  },
  USER_STORE_UNAVAILABLE: {
    audience: 'operator',
    zh: { title: '无法打开用户表', detail: ['无法打开用户表：{reason}', '无法打开用户表'], hint: '检查数据库能否连通、能否写入，以及数据库用户是否有建表权限' },
    en: { title: 'Users tables unavailable', detail: ['cannot open the users tables: {reason}', 'cannot open the users tables'], hint: 'check that the database is reachable and writable, and that its user may create tables there' },
    variants: {
      sqlite: {
        zh: { detail: ['无法打开 SQLite 中的用户表：{reason}', '无法打开 SQLite 中的用户表'], hint: '以可写方式打开数据库文件，磁盘要有空间，并用有写权限的用户运行' },
        en: { detail: ['cannot open the users tables in SQLite: {reason}', 'cannot open the users tables in SQLite'], hint: 'open the database file read-write, on a disk with free space, as a user allowed to write it' },
      },
      postgres: {
        zh: { detail: ['无法打开 PostgreSQL 上的用户表：{reason}', '无法打开 PostgreSQL 上的用户表'], hint: '检查数据库服务是否运行、能否连通，以及数据库用户是否有建表权限' },
        en: { detail: ['cannot open the users tables in PostgreSQL: {reason}', 'cannot open the users tables in PostgreSQL'], hint: 'check that the server is running and reachable, and that the database user may create tables there' },
      },
    },
  },
});
