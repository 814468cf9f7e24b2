import { messages } from './types.js';

/** Recording, finding, backing up and restoring the journal. */
export const JOURNAL_ERRORS = messages('staff', {
  IDEMPOTENCY_CONFLICT: {
    audience: 'integrator',
    zh: { title: '与已有记录冲突', detail: ['{id} 已有记录，但内容不同', '这笔交易已有记录，但内容不同'], hint: '终端号 + 批次号 + 凭证号确定一笔交易：重发原来的内容，或换一个凭证号' },
    en: { title: 'Conflict with the record', detail: ['{id} is already on record with different content', 'this sale is already on record with different content'], hint: 'terminal + batch + voucher identify one sale; send the original content again or use a new voucher no.' },
  },
  ORIGINAL_NOT_FOUND: {
    zh: { title: '找不到原交易', detail: ['{kind:kind}指向的原交易（凭证号 {voucherNo}）不在终端 {terminalId} 的记录里', '找不到原交易'], hint: '先录入原交易，或改正原凭证号、原批次号或原参考号' },
    en: { title: 'Original sale not found', detail: ['the {kind:kind} names voucher {voucherNo}, which is not a sale on record for terminal {terminalId}', 'the original sale is not on record'], hint: 'record the original sale first, or correct the original voucher no., batch no. or reference no.' },
    variants: {
      reference: {
        zh: { detail: ['{kind:kind}指向的原交易（参考号 {referenceNo}）不在终端 {terminalId} 的记录里', '找不到原交易'] },
        en: { detail: ['the {kind:kind} names reference {referenceNo}, which is not a sale on record for terminal {terminalId}', 'the original sale is not on record'] },
      },
    },
  },
  ORIGINAL_NOT_AUTH: {
    zh: { title: '原交易不是预授权', detail: ['{id} 是{originalKind:kind}，不是预授权', '原交易不是预授权'], hint: '预授权完成要指向它所完成的那笔预授权' },
    en: { title: 'Original is not a pre-authorisation', detail: ['{id} is a {originalKind:kind}, not a pre-authorisation', 'the original is not a pre-authorisation'], hint: 'a completion names the pre-authorisation it completes' },
  },
  ORIGINAL_NOT_SALE: {
    zh: { title: '原交易不是消费', detail: ['{id} 是{originalKind:kind}；只有消费才能撤销或退货', '只有消费才能撤销或退货'], hint: '指向原来那笔消费' },
    en: { title: 'Original is not a sale', detail: ['{id} is a {originalKind:kind}; only a sale can be voided or refunded', 'only a sale can be voided or refunded'], hint: 'name the original sale' },
  },
  ALREADY_VOIDED: {
    zh: { title: '已撤销', detail: ['{id} 已撤销', '原交易已撤销'], hint: '已撤销的交易不能再撤销或退货' },
    en: { title: 'Already voided', detail: ['{id} was already voided', 'the sale was already voided'], hint: 'a voided sale cannot be voided or refunded again' },
  },
  ALREADY_REFUNDED: {
    zh: { title: '已退货', detail: ['{id} 已经（部分）退货，不能再撤销', '原交易已经（部分）退货，不能再撤销'], hint: '剩余部分请做退货' },
    en: { title: 'Already refunded', detail: ['{id} was already (partly) refunded and cannot be voided', 'the sale was already (partly) refunded and cannot be voided'], hint: 'refund the rest instead' },
  },
  VOID_OTHER_TERMINAL: {
    zh: { title: '不能在其他终端撤销', detail: ['{id} 属于终端 {terminalId}', '原交易属于另一台终端'], hint: '在原来收款的终端上撤销，或改做退货' },
    en: { title: 'Void on another terminal', detail: ['{id} belongs to terminal {terminalId}', 'the sale belongs to another terminal'], hint: 'void a sale on the terminal that took it, or refund it instead' },
  },
  VOID_AMOUNT_MISMATCH: {
    zh: { title: '撤销金额不对', detail: ['撤销必须是 {id} 的全额', '撤销必须是原交易的全额'], hint: '填原交易的金额，部分金额请做退货' },
    en: { title: 'Void amount differs', detail: ['a void must be for the full amount of {id}', 'a void must be for the full amount of the sale'], hint: 'send the amount of the original sale, or use a refund for part of it' },
  },
  REFUND_EXCEEDS_SALE: {
    zh: { title: '退货金额超出', detail: ['{id} 的退货合计会超过消费金额', '退货合计会超过消费金额'], hint: '最多退还消费剩余的金额' },
    en: { title: 'Refund exceeds the sale', detail: ['refunds of {id} would exceed the sale amount', 'refunds would exceed the sale amount'], hint: 'refund at most what is left of the sale' },
  },
  TRANSACTION_NOT_FOUND: {
    zh: { title: '找不到交易', detail: ['没有交易 {id} 的记录', '没有这笔交易的记录'], hint: '按时间和金额、凭证号、参考号或卡号后四位查找', cliHint: '用 `reissue find` 查找（按时间和金额、凭证号、参考号或卡号后四位）' },
    en: { title: 'Transaction not found', detail: ['no transaction {id} on record', 'no such transaction on record'], hint: 'look it up by time and amount, voucher, reference or card last-4', cliHint: 'look it up with `reissue find` (by time and amount, voucher, reference or card last-4)' },
    variants: {
      print: {
        zh: { hint: '先录入交易：只有记录在案的交易才能打印小票' },
        en: { hint: 'record the sale first; a receipt is printed only for a journaled sale' },
      },
    },
  },
  INVALID_BATCH: {
    audience: 'integrator',
    zh: { title: '批量数据有误', detail: ['{total} 笔交易中有 {invalid} 笔有误，全部没有记录', '批量数据有误，全部没有记录'], hint: '改正列出的内容后重新发送整批；已记录的交易再次发送不会重复' },
    en: { title: 'Invalid batch', detail: ['{invalid} of {total} transactions are invalid; nothing was recorded', 'the batch is invalid; nothing was recorded'], hint: 'fix the listed fields and send the batch again; transactions already on record are accepted again without duplicates', cliDetail: ['{invalid} of {total} transactions are invalid (first: {first}); nothing was recorded', '{invalid} of {total} transactions are invalid; nothing was recorded'], cliHint: 'fix the listed lines and send the batch again; lines already on record are accepted again without duplicates' },
  },
  BAD_QUERY: {
    zh: { title: '查询条件不对', detail: ['{field:field}“{value}”不是最多 {digits} 位的数字', '查询条件不对'], hint: '只填数字，如 457' },
    en: { title: 'Bad search', detail: ['{field:field} "{value}" is not up to {digits} digits', 'the search is not valid'], hint: 'digits only, e.g. 457' },
  },
  BAD_TIME_WINDOW: {
    zh: { title: '时间范围不对', detail: '请用“时间 ± 范围”或“开始—结束”其中一种', hint: '例如 14:30 前后 15 分钟', cliHint: '例如 --around "2026-11-27 14:30" --within 15m' },
    en: { title: 'Bad time window', detail: 'give either a time with a window around it, or a start and an end, not both', hint: 'e.g. 14:30 ± 15 minutes', cliDetail: 'use either --around (with --within) or --from/--to, not both', cliHint: 'e.g. --around "2026-11-27 14:30" --within 15m' },
    variants: {
      'within-alone': {
        zh: { detail: '前后范围要和时间一起填', hint: '填上时间，如 14:30', cliDetail: '--within 需要 --around', cliHint: '例如 --around 14:30 --within 15m' },
        en: { detail: 'a window needs the time it is around', hint: 'add the time, e.g. 14:30', cliDetail: '--within needs --around', cliHint: 'e.g. --around 14:30 --within 15m' },
      },
    },
  },
  BAD_RANGE: {
    zh: { title: '范围不对', detail: '结束时间早于开始时间', hint: '对调开始和结束' },
    en: { title: 'Bad range', detail: 'the time window ends before it starts', hint: 'swap the start and the end', cliHint: 'swap --from and --to' },
    variants: {
      amount: {
        zh: { detail: '金额范围的上限小于下限', hint: '写成 小..大，如 100..200' },
        en: { detail: 'the amount range ends below where it starts', hint: 'write the range low..high, e.g. 100..200' },
      },
    },
  },
  BAD_KIND: {
    zh: { title: '交易类型不对', detail: ['不认识的交易类型“{value}”', '不认识的交易类型'], hint: '可选：{allowed:list}' },
    en: { title: 'Unknown transaction type', detail: ['unknown kind "{value}"', 'unknown transaction type'], hint: 'use one of {allowed:list}' },
  },
  BAD_LIMIT: {
    zh: { title: '每页条数不对', detail: ['每页条数“{value}”不是整数', '每页条数必须在 1 到 {max} 之间'], hint: '例如 50', cliHint: '例如 --limit 50' },
    en: { title: 'Bad page size', detail: ['limit "{value}" is not a whole number', 'limit must be between 1 and {max}'], hint: 'e.g. 50', cliHint: 'e.g. --limit 50' },
    variants: {
      range: {
        zh: { detail: '每页条数必须在 1 到 {max} 之间', hint: '每页最多 {max} 条，用翻页看更多' },
        en: { detail: 'limit must be between 1 and {max}', hint: 'ask for at most {max} rows a page and follow the cursor' },
      },
    },
  },
  BAD_LAST4: {
    zh: { title: '卡号后四位不对', detail: '卡号后四位必须是 4 位数字', hint: '例如 4242' },
    en: { title: 'Bad card last-4', detail: 'card last-4 must be four digits', hint: 'e.g. 4242', cliHint: 'e.g. --last4 4242' },
  },
  BAD_CURSOR: {
    audience: 'integrator',
    zh: { title: '翻页位置不对', detail: '这个翻页位置不是本系统给出的', hint: '原样传回上一页给出的“下一页”值' },
    en: { title: 'Bad page position', detail: 'the cursor is not one this journal gave out', hint: 'pass the "next" value printed by the previous page unchanged' },
  },
  BACKUP_INVALID: {
    audience: 'operator',
    zh: { title: '备份校验失败', detail: ['备份校验不通过：终端 {terminalId} 第 {seq} 条，{problem:verifyProblem}', '备份校验不通过：{problem:verifyProblem}', '备份校验不通过'], hint: '改用另一份备份：这一份已损坏或被改动' },
    en: { title: 'Backup does not verify', detail: ['the backup does not verify: terminal {terminalId} event {seq}: {problem:verifyProblem}', 'the backup does not verify: {problem:verifyProblem}', 'the backup does not verify'], hint: 'restore from another backup; this one was damaged or altered' },
  },
  BACKUP_CONTENT_REFUSED: {
    audience: 'operator',
    zh: { title: '备份内容不能恢复', detail: ['备份里链 {chain} 第 {seq} 条记录不能恢复（含完整卡号、无法读取，或不是日志会写的类型、时间）；什么也没有恢复', '备份里有一条记录不能恢复；什么也没有恢复'], hint: '改用另一份备份：这一份不是本系统原样写出的' },
    en: { title: 'Backup content refused', detail: ["the backup's event {seq} of chain {chain} cannot be restored: {why}; nothing was restored", 'an event of the backup cannot be restored; nothing was restored'], hint: 'restore from another backup: this one was not written by Reissue as it is' },
    variants: {
      'carried-setting': {
        zh: { detail: ['要恢复的设置“{setting}”不能恢复（含完整卡号，或不是本系统会写的设置、样子）；什么也没有恢复', '要恢复的一项设置不能恢复；什么也没有恢复'] },
        en: { detail: ['the carried setting "{setting}" is refused: {why}; nothing was restored', 'a carried setting is refused; nothing was restored'] },
      },
    },
  },
  BACKUP_USERS_REFUSED: {
    audience: 'operator',
    zh: { title: '备份里的用户不能恢复', detail: ['备份里的第 {user} 个用户不是本系统写出的样子（{field}）；什么也没有恢复', '备份里有一个用户不是本系统写出的样子；什么也没有恢复'], hint: '改用另一份备份：这一份不是本系统原样写出的' },
    en: { title: 'Backup users refused', detail: ['user {user} of the backup is not one Reissue writes (its {field}); nothing was restored', 'a user of the backup is not one Reissue writes; nothing was restored'], hint: 'restore from another backup: this one was not written by Reissue as it is' },
  },
  RECORD_ALTERED: {
    audience: 'operator',
    zh: { title: '记录被改动，拒绝使用', detail: ['{id} 与日志链不符（终端 {terminalId} 第 {seq} 条：{problem:verifyProblem}），不打印、不显示、不认作真实', '这笔记录与日志链不符，不打印、不显示、不认作真实'], hint: '运行 reissue verify，用一份校验通过的备份恢复，并查清谁能直接改数据库' },
    en: { title: 'Record altered, refused', detail: ['{id} does not match its journal chain (terminal {terminalId} event {seq}: {problem:verifyProblem}): it is not printed, shown or called genuine', 'the record does not match its journal chain: it is not printed, shown or called genuine'], hint: 'run `reissue verify`, restore from a backup that verifies, and find out who had access to the database' },
  },
  JOB_ALTERED: {
    audience: 'operator',
    zh: { title: '打印任务被改动，拒绝打印', detail: ['打印任务 {jobId} 与日志里的打印记录不符，没有打印', '打印任务与日志里的打印记录不符，没有打印'], hint: '运行 reissue verify，查清谁能直接改数据库；仍需要时重新补打' },
    en: { title: 'Print job altered, refused', detail: ['print job {jobId} is not what its journal events say ({detail}): it is not printed', 'the print job is not what its journal events say: it is not printed'], hint: 'run `reissue verify`, find out who changed the database, and reprint the sale if still wanted' },
  },
  JOURNAL_DAMAGED: {
    audience: 'operator',
    zh: { title: '日志校验失败', detail: ['当前日志校验不通过：终端 {terminalId} 第 {seq} 条，{problem:verifyProblem}', '当前日志校验不通过：{problem:verifyProblem}', '当前日志校验不通过'], hint: '加 --force 恢复：损坏的日志会被移到一边，再恢复备份' },
    en: { title: 'Journal does not verify', detail: ['the current journal does not verify: terminal {terminalId} event {seq}: {problem:verifyProblem}', 'the current journal does not verify: {problem:verifyProblem}', 'the current journal does not verify'], hint: 'restore with --force to set the damaged journal aside and restore the backup in its place' },
  },
  JOURNAL_NEWER: {
    audience: 'operator',
    zh: { title: '日志比备份新', detail: ['日志里终端 {terminalId} 已有备份中没有的记录（到第 {seq} 条）', '日志里已有备份中没有的记录'], hint: '恢复会丢失这些记录：先备份当前日志，再加 --force 恢复' },
    en: { title: 'Journal newer than the backup', detail: ['the journal already holds events for terminal {terminalId} that the backup does not have (up to event {seq})', 'the journal holds events the backup does not have'], hint: 'restoring would lose them: back up the current journal first, then restore with --force to set it aside' },
  },
  DISK_FULL: {
    audience: 'staff',
    zh: {
      title: '磁盘已满',
      detail: '存放流水的磁盘已满：这次什么也没有写入',
      cliDetail: ['存放流水的磁盘已满（{location}）：这次什么也没有写入', '存放流水的磁盘已满：这次什么也没有写入'],
      hint: '请清理这台电脑的磁盘空间（删除不用的文件，把备份和日志移到别处）后再试一次；被拒的内容可以原样重发',
    },
    en: {
      title: 'Disk full',
      detail: 'the disk holding the journal is full: nothing was written',
      cliDetail: ['the disk holding the journal ({location}) is full: nothing was written', 'the disk holding the journal is full: nothing was written'],
      hint: 'free space on the disk (delete files no longer needed, move backups and logs elsewhere), then try again; what was refused can be sent again as it was',
    },
    variants: {
      postgres: {
        zh: { detail: '数据库服务器的磁盘已满：这次什么也没有写入', cliDetail: ['数据库服务器的磁盘已满（{location}）：这次什么也没有写入', '数据库服务器的磁盘已满：这次什么也没有写入'], hint: '请数据库管理员清理数据库服务器的磁盘空间后再试一次；被拒的内容可以原样重发' },
        en: { detail: "the database server's disk is full: nothing was written", cliDetail: ["the database server's disk ({location}) is full: nothing was written", "the database server's disk is full: nothing was written"], hint: "have the database's administrator free space on its server, then try again; what was refused can be sent again as it was" },
      },
    },
  },
  FILES_TOO_OPEN: {
    audience: 'operator',
    zh: {
      title: '日志文件权限过宽',
      detail: ['除了所有者，别人也能打开日志的文件：{files}', '除了所有者，别人也能打开日志的文件'],
      hint: ['日志里有密码的哈希和签发链接用的密钥；请只让所有者读写：chmod 600 {paths}', '日志里有密码的哈希和签发链接用的密钥；请只让所有者读写（chmod 600）'],
    },
    en: {
      title: 'Journal files open to others',
      detail: ["others than its owner may open the journal's files: {files}", "others than its owner may open the journal's files"],
      hint: ['the journal holds password hashes and the key that signs links; let only its owner read them: chmod 600 {paths}', 'the journal holds password hashes and the key that signs links; let only its owner read them (chmod 600)'],
    },
  },
  POSTGRES_UNAVAILABLE: {
    audience: 'operator',
    zh: { title: '无法打开数据库', detail: ['无法打开 {location} 的 PostgreSQL 日志：{reason}', '无法打开 PostgreSQL 日志'], hint: '检查数据库服务是否在运行、网络能否连通，以及地址里的数据库和用户是否存在且有建表权限' },
    en: { title: 'Database unavailable', detail: ['cannot open the PostgreSQL journal at {location}: {reason}', 'cannot open the PostgreSQL journal'], hint: 'check that the server is running and reachable, and that the URL names an existing database and a user allowed to create tables there' },
    // The driver's words (reason) are English: the usual mistakes are said in Chinese by their code.
    variants: {
      refused: { zh: { detail: ['无法打开 {location} 的 PostgreSQL 日志：连接被拒绝（那台机器上没有数据库服务在这个端口监听）', '无法打开 PostgreSQL 日志：连接被拒绝'] }, en: {} },
      'no-host': { zh: { detail: ['无法打开 {location} 的 PostgreSQL 日志：找不到主机（检查地址里的主机名）', '无法打开 PostgreSQL 日志：找不到主机'] }, en: {} },
      'timed-out': { zh: { detail: ['无法打开 {location} 的 PostgreSQL 日志：连接超时', '无法打开 PostgreSQL 日志：连接超时'] }, en: {} },
      password: { zh: { detail: ['无法打开 {location} 的 PostgreSQL 日志：用户名或密码不对', '无法打开 PostgreSQL 日志：用户名或密码不对'] }, en: {} },
      'not-allowed': { zh: { detail: ['无法打开 {location} 的 PostgreSQL 日志：数据库服务不允许这个用户从这里连接', '无法打开 PostgreSQL 日志：不允许这个用户连接'] }, en: {} },
      'no-database': { zh: { detail: ['无法打开 {location} 的 PostgreSQL 日志：数据库不存在（先建好数据库，或改正地址里的数据库名）', '无法打开 PostgreSQL 日志：数据库不存在'] }, en: {} },
    },
  },
  COMPACTION_FAILED: {
    audience: 'operator',
    zh: { title: '整理索引未完成', detail: ['重建 {partition} 的索引失败：{reason}', '重建一个月的索引失败'], hint: '没有丢失任何数据，查询照常使用原来的索引；下次整理时会再试这个月' },
    en: { title: 'Compaction not finished', detail: ['rebuilding the indexes of {partition} failed: {reason}', "rebuilding a month's indexes failed"], hint: 'nothing was lost and searches go on with the indexes as they were; the month is compacted again next time' },
  },
  SQLITE_NOT_WAL: {
    audience: 'operator',
    zh: { title: '数据库设置被拒', detail: ['SQLite 无法对 {file} 使用预写日志（当前模式 {mode}）', 'SQLite 无法使用预写日志'], hint: '把日志放在支持预写日志的本地磁盘上（不要放在网络共享上）' },
    en: { title: 'Database set-up refused', detail: ['SQLite refused write-ahead logging for {file} (mode is {mode})', 'SQLite refused write-ahead logging'], hint: 'put the journal on a local disk that supports WAL (not a network share or :memory:)' },
  },
  SQLITE_NOT_DURABLE: {
    audience: 'operator',
    zh: { title: '数据库设置被拒', detail: ['SQLite 不能以完全同步方式运行（得到 {value}）', 'SQLite 不能以完全同步方式运行'], hint: '每笔确认的交易都必须写到磁盘上：去掉降低同步级别的设置' },
    en: { title: 'Database set-up refused', detail: ['SQLite would not run with synchronous=FULL (got {value})', 'SQLite would not run with synchronous=FULL'], hint: 'Reissue needs every acknowledged sale on disk; remove any setting that lowers synchronous' },
  },
  PREPARER_NOT_BUILT: {
    audience: 'operator',
    zh: { title: '程序没有编译', detail: ['找不到预处理工作线程 {file}', '找不到预处理工作线程'], hint: '先编译项目（`npm run build`）：工作线程运行编译后的代码' },
    en: { title: 'Not built', detail: ['the preparer worker {file} is missing', 'the preparer worker is missing'], hint: 'build the project first (npm run build, i.e. tsc -p .): the worker thread runs the compiled JavaScript' },
  },
  PREPARER_FAILED: {
    audience: 'operator',
    zh: { title: '内部错误', detail: ['预处理工作线程停止了：{reason}', '预处理工作线程停止了'], hint: '还在处理中的批次都没有记录，请重新运行命令' },
    en: { title: 'Internal error', detail: ['the preparer worker stopped: {reason}', 'the preparer worker stopped'], hint: 'nothing of the batches still being prepared was recorded; run the command again' },
  },
});
