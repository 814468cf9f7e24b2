import { messages } from './types.js';

/** The `reissue` command line, and setting Reissue up: journal files, backups, configuration, listening. */
export const CLI_ERRORS = messages('operator', {
  BAD_USAGE: {
    zh: { title: '用法不对', detail: ['{command}：用法不对', '用法不对'], hint: ['见 `reissue {command} --help`', '见 `reissue --help`'] },
    en: { title: 'Bad usage', detail: ['{command}: {message}', '{message}'], hint: ['see `reissue {command} --help`', 'see `reissue --help`'] },
    variants: {
      'unknown-option': { zh: { detail: '{command}：没有选项 {option}' }, en: { detail: "{command}: Unknown option '{option}'" } },
      'missing-value': { zh: { detail: '{command}：选项 {option} 后面要跟一个值' }, en: { detail: "{command}: Option '{option}' argument missing" } },
      'takes-no-value': { zh: { detail: '{command}：选项 {option} 后面不跟值' }, en: { detail: "{command}: Option '{option}' does not take an argument" } },
      unexpected: { zh: { detail: '{command}：多余的参数“{value}”' }, en: { detail: '{command}: unexpected argument "{value}"' } },
      missing: { zh: { detail: '{command}：缺少{what:argument}' }, en: { detail: '{command}: missing {what}' } },
      'one-of': { zh: { detail: '{option} 只能是 {allowed:list}，不能是“{value}”', hint: '例如 {option} {example}' }, en: { detail: '{option} must be one of {allowed:list}, not "{value}"', hint: 'e.g. {option} {example}' } },
      'needs-one-of': { zh: { detail: '{option} 只能是 {allowed:list}', hint: '例如 {option} {example}' }, en: { detail: '{option} must be one of {allowed:list}', hint: 'e.g. {option} {example}' } },
      exclusive: { zh: { detail: '{first} 和 {second} 只能用其中一个', hint: '分开运行' }, en: { detail: 'use {first} or {second}, not both', hint: 'run them one after the other' } },
      together: { zh: { detail: '{first} 和 {second} 要一起给，或者都不给', hint: '例如 {example}' }, en: { detail: 'give both {first} and {second}, or neither', hint: 'e.g. {example}' } },
      needs: { zh: { detail: '{option} 需要同时给 {needs}', hint: '例如 {example}' }, en: { detail: '{option} needs {needs}', hint: 'e.g. {example}' } },
      required: { zh: { detail: '{command}：必须给 {option}', hint: ['例如 {example}', '见 `reissue {command} --help`'] }, en: { detail: '{command}: {option} is required', hint: ['e.g. {example}', 'see `reissue {command} --help`'] } },
      'proxy-hops': { zh: { detail: '{option} 后面是服务器前面反向代理的层数（1..10），不能是“{value}”', hint: '例如 {example}（只有一层代理时只写 --trust-proxy）' }, en: { detail: '{option} takes how many proxies you run in front of the server (1..10), not "{value}"', hint: 'e.g. {example} (one proxy: --trust-proxy alone)' } },
      'whole-number': { zh: { detail: '{option} 必须是大于零的整数', hint: '例如 {example}' }, en: { detail: '{option} must be a whole number above zero', hint: 'e.g. {example}' } },
      'positive-number': { zh: { detail: '{option} 必须是正数，不能是“{value}”', hint: '例如 {example}' }, en: { detail: '{option} must be a positive number, not "{value}"', hint: 'e.g. {example}' } },
      port: { zh: { detail: ['{option} 必须在 0..65535 之间，不能是“{value}”', '{option} 必须在 0..65535 之间'], hint: '例如 {option} {example}（0 表示自动选一个空闲端口）' }, en: { detail: ['{option} must be 0..65535, not "{value}"', '{option} must be 0..65535'], hint: 'e.g. {option} {example} (0 picks a free port)' } },
      'host-port': { zh: { detail: '{option} 要写成 主机:端口，不能是“{value}”', hint: '例如 {option} {example}' }, en: { detail: '{option} must be HOST:PORT, not "{value}"', hint: 'e.g. {option} {example}' } },
      url: { zh: { detail: '{option} 必须是 http 或 https 地址，不能是“{value}”', hint: '例如 `{option} https://shop.example`' }, en: { detail: '{option} must be an http(s) address, not "{value}"', hint: 'e.g. {option} https://shop.example' } },
      'unknown-action': { zh: { detail: '{command}：没有操作“{value}”', hint: '可用：{allowed:list}' }, en: { detail: '{command}: unknown action "{value}"', hint: 'use {allowed:list}' } },
      'which-sale': { zh: { detail: '补打哪一笔？给出交易编号，或 --last、--voucher、--ref，或 --around 加 --amount' }, en: { detail: 'reprint: which sale? give an ID, --last, --voucher, --ref or --around with --amount' } },
      'stores-or-all': { zh: { detail: 'user stores：给出 --stores 门店编号[,门店编号…] 或 --all-stores，二者取一', hint: '例如 {example}' }, en: { detail: 'user stores: give either --stores ID[,ID…] or --all-stores', hint: 'e.g. {example}' } },
      'one-way': { zh: { detail: '补打：只用一种方式查找交易' }, en: { detail: 'reprint: give one way of finding the sale, not several' } },
      'which-printer': { zh: { detail: '{command}：用哪台打印机？给出 --printer 名称 或 主机:端口', hint: '或在配置文件里设置 "defaultPrinter"' }, en: { detail: '{command}: which printer? give --printer NAME|HOST:PORT', hint: 'or set "defaultPrinter" in the configuration file' } },
    },
  },
  PASSWORD_MISSING: {
    zh: { title: '缺少密码', detail: ['没有给出{secret:secret}', '缺少密码'], hint: ['用 --password-stdin 从管道输入，或设置 {env}；密码从不从命令行参数读取', '用 --password-stdin 从管道输入'] },
    en: { title: 'Password missing', detail: ['no {secret:secret} given', 'a password is missing'], hint: ['pipe it with --password-stdin, or set {env}; passwords are never taken from the command line', 'pipe it with --password-stdin'] },
    variants: {
      stdin: {
        zh: { detail: ['--password-stdin：第 {line} 行（{secret:secret}）缺失', '--password-stdin：缺少一行密码'], hint: ['每行一个，依次给出：{secrets:secrets}', '每行一个密码'] },
        en: { detail: ['--password-stdin: line {line} ({secret:secret}) is missing', '--password-stdin: a line is missing'], hint: ['give {secrets:secrets} on separate lines', 'give one password a line'] },
      },
    },
  },
  DEMO_HOST_NOT_LOOPBACK: {
    zh: {
      title: '演示只在本机运行',
      detail: ['demo 只监听本机地址（127.0.0.1、::1、localhost），不能是“{host}”：演示账户的密码显示在屏幕上、保存在文件里，只供在这台电脑上试用', 'demo 只监听本机地址（127.0.0.1、::1、localhost）'],
      hint: ['要在店里的网络上使用，请用 `reissue start --host {host}`，并用 `reissue user add` 创建正式用户', '要在店里的网络上使用，请用 `reissue start` 并创建正式用户'],
    },
    en: {
      title: 'The demo runs on this computer only',
      detail: ['demo listens on this computer only (127.0.0.1, ::1, localhost), not on "{host}": its logins are shown on screen and kept in a file, for trying Reissue here', 'demo listens on this computer only (127.0.0.1, ::1, localhost)'],
      hint: ['to serve the shop\'s network, run `reissue start --host {host}` with real users (`reissue user add`)', 'to serve the shop\'s network, run `reissue start` with real users'],
    },
  },
  BY_REQUIRED: {
    zh: { title: '要说明是谁在修改', detail: '用 --by 管理员 说明是谁在做这项修改', hint: '用户的修改由管理员用自己的密码确认' },
    en: { title: 'Who is making the change?', detail: 'say who is making this change with --by ADMIN', hint: 'an admin confirms user changes with their own password' },
  },
  FIRST_USER_ADMIN: {
    zh: { title: '第一个用户必须是管理员', detail: '第一个用户必须是管理员', hint: ['`reissue user add {user} --role admin`', '加上 --role admin'] },
    en: { title: 'First user must be an admin', detail: 'the first user must be an admin', hint: ['reissue user add {user} --role admin', 'add --role admin'] },
  },
  EMPTY_INPUT: {
    zh: { title: '没有输入', detail: '输入里没有交易', hint: '给一个 JSON 对象，或每行一笔交易的 NDJSON' },
    en: { title: 'No input', detail: 'no transaction in the input', hint: 'give one JSON object, or NDJSON with one transaction a line' },
  },
  CANNOT_WRITE_FILE: {
    audience: 'operator',
    zh: { title: '无法写入文件', detail: ['无法写入 {file}：{reason}', '无法写入文件'], hint: '给一个文件名（不是文件夹），所在文件夹要存在，并且当前操作系统用户有权写入' },
    en: { title: 'Cannot write the file', detail: ['cannot write {file}: {reason}', 'cannot write the file'], hint: 'give a file name (not a folder) in a folder that exists and this operating-system user may write to' },
  },
  SEED_REAL_JOURNAL: {
    audience: 'operator',
    zh: { title: '不能往门店日志里加演示数据', detail: ['这个日志已有 {transactions} 笔不是 seed 写入的交易；加进去的演示交易永远删不掉', '这个日志已有不是 seed 写入的交易；加进去的演示交易永远删不掉'], hint: '给演示数据单独建一个日志，如 `--db data/demo.db`' },
    en: { title: 'Not into a shop\'s journal', detail: ['this journal already holds {transactions} sales that seed did not write; demo sales added to it could never be taken out', 'this journal already holds sales that seed did not write; demo sales added to it could never be taken out'], hint: 'seed a journal of its own, e.g. --db data/demo.db' },
  },
  FALLBACK_UNUSABLE: {
    audience: 'operator',
    zh: { title: '备用文件不可用', detail: ['小票采集的备用文件 {file} 无法写入：{reason}', '小票采集的备用文件无法写入'], hint: '给 --fallback（或配置里采集的 "fallback"）一个文件而不是文件夹，所在文件夹要让当前操作系统用户可写' },
    en: { title: 'Fallback file unusable', detail: ["the tap's fallback file {file} cannot be written: {reason}", "the tap's fallback file cannot be written"], hint: 'give --fallback (or the tap\'s "fallback" in the configuration) a file, not a folder, in a folder this operating-system user may write to' },
  },
  NOT_UTF8: {
    audience: 'operator',
    zh: { title: '不是 UTF-8 文本', detail: ['第 {line} 行不是 UTF-8 文本（含有其他编码的字节变成的 \ufffd）；什么也没有记录', '输入不是 UTF-8 文本；什么也没有记录'], hint: '把文件另存为 UTF-8（Windows 上的文件可能是 GBK/ANSI 或 UTF-16，先转换，如 `iconv -f GBK -t UTF-8`）再发送' },
    en: { title: 'Not UTF-8 text', detail: ['line {line} is not UTF-8 text (it holds the mark \ufffd that bytes in another encoding become); nothing was recorded', 'the input is not UTF-8 text; nothing was recorded'], hint: 'save the file as UTF-8 (a file from Windows may be GBK/ANSI or UTF-16: convert it, e.g. iconv -f GBK -t UTF-8) and send it again' },
  },
  NO_INPUT_FILE: {
    zh: { title: '读不了文件', detail: ['读不了 {file}：{reason}', '读不了输入文件'], hint: '检查路径，或用 - 从标准输入读取' },
    en: { title: 'Cannot read the file', detail: ['cannot read {file}: {reason}', 'cannot read the input file'], hint: 'check the path, or use - to read standard input' },
    variants: {
      heads: { zh: { hint: '给出备份旁边的 .heads.json 文件，或 `reissue verify --json` 保存的输出' }, en: { hint: 'give the .heads.json file written beside a backup, or one saved from `reissue verify --json`' } },
      tls: { zh: { hint: '检查 --tls-key 和 --tls-cert 给出的路径' }, en: { hint: 'check the paths given with --tls-key and --tls-cert' } },
    },
  },
  BINARY_TO_TERMINAL: {
    zh: { title: '不能输出到终端', detail: ['{format} 是二进制数据，会把终端弄乱', '二进制数据会把终端弄乱'], hint: ['加上 --out receipt.{extension}', '加上 --out 文件名'] },
    en: { title: 'Binary to a terminal', detail: ['{format} is binary and would garble the terminal', 'binary output would garble the terminal'], hint: ['add --out receipt.{extension}', 'add --out FILE'] },
  },
  NO_JOURNAL: {
    zh: { title: '没有日志', detail: ['{file} 没有日志', '没有日志'], hint: '用 `reissue init` 创建（或用 --db / REISSUE_DB 指向已有的日志）' },
    en: { title: 'No journal', detail: ['there is no journal at {file}', 'there is no journal'], hint: 'create one with `reissue init` (or pass --db / set REISSUE_DB to an existing journal)' },
  },
  NOT_A_JOURNAL: {
    zh: { title: '不是日志文件', detail: ['{file} 不是 Reissue 日志', '这不是 Reissue 日志'], hint: '检查路径（--db 或 REISSUE_DB）' },
    en: { title: 'Not a journal', detail: ['{file} is not a Reissue journal', 'that is not a Reissue journal'], hint: 'check the path (--db or REISSUE_DB)' },
  },
  BAD_DB_TARGET: {
    audience: 'operator',
    zh: { title: '日志地址不对', detail: ['--db 给的是“{scheme}://”地址，既不是 postgres:// 地址，也不是日志文件', '--db 既不是 postgres:// 地址，也不是日志文件'], hint: 'PostgreSQL 日志写成 postgres://用户@主机/数据库（或 postgresql://）；SQLite 日志写文件路径，如 `data/reissue.db`' },
    en: { title: 'Bad journal address', detail: ['--db names a "{scheme}://" address, which is neither a postgres:// URL nor a journal file', '--db is neither a postgres:// URL nor a journal file'], hint: 'a PostgreSQL journal is postgres://USER@HOST/DATABASE (or postgresql://); a SQLite journal is a file path such as data/reissue.db' },
  },
  JOURNAL_CANNOT_OPEN: {
    audience: 'operator',
    zh: { title: '无法打开日志文件', detail: ['无法打开日志文件 {file}', '无法打开日志文件'], hint: '确认 --db（或 REISSUE_DB）指向日志文件而不是文件夹，并且当前操作系统用户能读写该文件及其所在文件夹；日志只允许创建它的用户读取，请用该用户运行 reissue' },
    en: { title: 'Cannot open the journal', detail: ['cannot open the journal file {file}', 'cannot open the journal file'], hint: 'check that --db (or REISSUE_DB) names the journal file, not a folder, and that this operating-system user may read and write it and its folder; a journal is readable by the user who created it only, so run reissue as that user' },
  },
  JOURNAL_SCHEMA_NEWER: {
    zh: { title: '日志版本较新', detail: ['{file} 的日志结构版本是 {held}，比本程序的 {wanted} 新', '日志结构版本比本程序新'], hint: '用写入它的较新版本 Reissue' },
    en: { title: 'Journal from a newer version', detail: ["{file} holds journal schema {held}, newer than this version's {wanted}", "the journal's schema is newer than this version's"], hint: 'use the newer Reissue that wrote it' },
  },
  JOURNAL_SCHEMA_OLDER: {
    zh: {
      title: '日志版本较旧',
      detail: ['{file} 的日志结构版本是 {held}；本程序只读取版本 {wanted}，且不改动文件', '日志结构版本较旧，只读时无法读取'],
      hint: '用写入它的 Reissue 版本原样校验；或先让本版本就地升级（事件和哈希不变）：`reissue verify --upgrade --db {file}`',
    },
    en: {
      title: 'Journal from an older version',
      detail: ['{file} holds journal schema {held}; this version reads schema {wanted} without changing the file', "the journal's schema is older than this version reads without changing it"],
      hint: 'verify it as it is with the Reissue version that wrote it, or let this one upgrade it in place first (events and hashes stay as they are): reissue verify --upgrade --db {file}',
    },
  },
  NO_CONFIG: {
    zh: { title: '没有配置文件', detail: ['{file} 没有配置文件', '没有配置文件'], hint: '检查 --config 或 REISSUE_CONFIG 给出的路径' },
    en: { title: 'No configuration file', detail: ['there is no configuration file at {file}', 'there is no configuration file'], hint: 'check the path given with --config or REISSUE_CONFIG' },
  },
  CONFIG_UNREADABLE: {
    audience: 'operator',
    zh: { title: '无法读取配置文件', detail: ['无法读取配置文件 {file}', '无法读取配置文件'], hint: '确认路径指向的是文件而不是文件夹，并且当前操作系统用户有权读取它' },
    en: { title: 'Cannot read the configuration', detail: ['cannot read {file}', 'cannot read the configuration file'], hint: 'check that the path names the file, not a folder, and that this operating-system user may read it' },
  },
  BAD_CONFIG: {
    zh: { title: '配置文件有误', detail: ['{source}：{first}；另有 {more} 处需要改正', '{source}：{first}', '配置文件有误'], hint: ['改正 {source}；每项设置见 README 的“Configuration”', '改正配置文件'] },
    en: { title: 'Bad configuration', detail: ['{source}: {first} (and {more} more)', '{source}: {first}', 'the configuration is not valid'], hint: ['fix {source}; see README "Configuration" for every setting', 'fix the configuration file'] },
    variants: {
      json: {
        // The parser's words are not given: they may quote the file (a card number in it too).
        zh: { detail: ['{source} 不是有效的 JSON', '配置文件不是有效的 JSON'], hint: ['改正 {source}：它是一个 JSON 对象，如 {"printers": [...]}', '配置文件是一个 JSON 对象'] },
        en: { detail: ['{source} is not valid JSON', 'the configuration file is not valid JSON'], hint: ['fix {source}; it is a JSON object such as {"printers": [...]}', 'the configuration file is a JSON object'] },
      },
    },
  },
  BACKUP_EXISTS: {
    zh: { title: '文件已存在', detail: ['{file} 已存在；备份从不覆盖文件', '文件已存在；备份从不覆盖文件'], hint: '换一个新文件名，如带上今天的日期' },
    en: { title: 'File exists', detail: ['{file} already exists; a backup never overwrites a file', 'the file already exists; a backup never overwrites a file'], hint: "choose a new file name, e.g. one with today's date" },
  },
  BACKUP_UNVERIFIED: {
    zh: { title: '备份校验失败', detail: ['写到 {file} 的备份校验不通过：{problem:verifyProblem}', '写出的备份校验不通过'], hint: '检查磁盘后再试' },
    en: { title: 'Backup does not verify', detail: ['the backup written to {file} does not verify: {problem:verifyProblem}', 'the backup written does not verify'], hint: 'check the disk and try again' },
  },
  NO_BACKUP: {
    zh: { title: '没有备份', detail: ['{file} 没有备份', '没有备份'], hint: '给出 `reissue backup` 写出的文件路径' },
    en: { title: 'No backup', detail: ['there is no backup at {file}', 'there is no backup'], hint: 'give the path of a file written by `reissue backup`' },
  },
  BAD_HEADS_FILE: {
    audience: 'operator',
    zh: { title: '不是链头文件', detail: ['{file} 不是本系统写出的链头文件', '这不是本系统写出的链头文件'], hint: '给出备份旁边的 .heads.json 文件，或 `reissue verify --json` 保存的输出' },
    en: { title: 'Not a heads file', detail: ['{file} is not a heads file written by Reissue: {reason}', '{file} is not a heads file written by Reissue', 'that is not a heads file written by Reissue'], hint: 'give the .heads.json file written beside a backup, or one saved from `reissue verify --json`' },
  },
  NOT_A_BACKUP: {
    zh: { title: '不是备份', detail: ['{file} 不是本系统的日志备份', '这不是本系统的日志备份'], hint: '给出 `reissue backup` 写出的文件路径' },
    en: { title: 'Not a backup', detail: ['{file} is not a Reissue journal backup', 'that is not a Reissue journal backup'], hint: 'give the path of a file written by `reissue backup`' },
  },
  JOURNAL_IN_USE: {
    audience: 'operator',
    zh: { title: '日志正在使用', detail: ['{file} 正被另一个进程打开', '日志正被另一个进程打开'], hint: '先停止 `reissue start`（以及正在使用这个日志的 `reissue tap`、`demo` 或备份），再恢复' },
    en: { title: 'Journal in use', detail: ['{file} is open in another process', 'the journal is open in another process'], hint: 'stop `reissue start` (and any `reissue tap`, `demo` or backup using this journal) first, then restore' },
  },
  FORCE_UNSUPPORTED: {
    zh: { title: '不能强制恢复', detail: '--force 不能把 PostgreSQL 日志移到一边', hint: '改为恢复到一个新的空数据库' },
    en: { title: 'Cannot force', detail: '--force cannot set a PostgreSQL journal aside', hint: 'restore into a new, empty database instead' },
  },
  PORT_IN_USE: {
    zh: { title: '端口已被占用', detail: ['{host} 上的端口 {port} 已被占用', '端口已被占用'], hint: '停掉另一个服务器，或用 --port 换一个端口' },
    en: { title: 'Port in use', detail: ['port {port} on {host} is already in use', 'the port is already in use'], hint: 'stop the other server, or choose another port with --port' },
    variants: {
      printer: {
        zh: { hint: '停掉占用端口的程序（另一个虚拟打印机或打印服务），或用 --port 换一个（0 表示任意空闲端口）' },
        en: { detail: ['cannot listen on {host}:{port}: the port is already in use', 'the port is already in use'], hint: 'stop whatever holds the port (another emulator or a print server), or pick another with --port (0 = any free port)' },
      },
      tap: {
        zh: { hint: '停掉占用这个端口的程序（虚拟打印机、打印服务，或另一个在这里接收收银机打印的本系统），或换一个端口' },
        en: { detail: ['cannot listen on {host}:{port}: the port is already in use', 'the port is already in use'], hint: 'another program (the printer emulator, a print server, a second tap) holds it: stop it or choose another port' },
      },
    },
  },
  PORT_NOT_ALLOWED: {
    zh: { title: '端口不允许', detail: ['这个用户不能监听端口 {port}', '这个用户不能监听这个端口'], hint: '用 1023 以上的端口，如 --port 8080' },
    en: { title: 'Port not allowed', detail: ['this user may not listen on port {port}', 'this user may not listen on that port'], hint: 'use a port above 1023, e.g. --port 8080' },
    variants: {
      printer: { zh: { hint: '1024 以下的端口需要特权；用 9100 或更高' }, en: { hint: 'ports below 1024 need privileges; use 9100 or above' } },
      tap: {
        zh: { hint: '1024 以下的端口（LPD 用 515）需要特权：给本系统 CAP_NET_BIND_SERVICE 权限，或用 1024 以上的端口' },
        en: { hint: 'ports below 1024 (LPD is 515) need privileges: run Reissue with CAP_NET_BIND_SERVICE or use a port above 1024' },
      },
    },
  },
  BAD_HOST: {
    zh: { title: '地址不对', detail: ['无法在 {host} 上监听：本机没有这个地址', '本机没有这个地址'], hint: '用 127.0.0.1、0.0.0.0 或本机的某个地址' },
    en: { title: 'No such address', detail: ['cannot listen on {host}: no such address on this machine', 'no such address on this machine'], hint: "use 127.0.0.1, 0.0.0.0 or one of this machine's addresses" },
  },
  NO_WEB_ROOT: {
    zh: { title: '没有网页目录', detail: ['{dir} 不是网页目录', '没有网页目录'], hint: '给出包含 index.html 的目录（--web 目录），或不给，只提供接口' },
    en: { title: 'No web directory', detail: ['there is no web directory at {dir}', 'there is no web directory'], hint: 'give the directory that holds index.html (--web DIR), or leave it out to serve the API only' },
  },
  BAD_LANGUAGE_OPTION: {
    zh: { title: '语言不对', detail: ['不认识的语言“{value}”', '不认识的语言'], hint: '用 --lang zh（中文）或 --lang en（英文），或设置 REISSUE_LANG' },
    en: { title: 'Unknown language', detail: ['unknown language "{value}"', 'unknown language'], hint: 'use --lang zh (Chinese) or --lang en (English), or set REISSUE_LANG' },
  },
});
