import { FORMATTERS, fill, type Language, type Params, type Words } from '../i18n/index.js';

/**
 * What the terminal says besides errors, in Chinese and English: result lines, table
 * headings, print progress, the start-up banner and the console's event lines. --json
 * output stays as it is, for programs.
 */
export const CLI_TEXTS = {
  'error.line': { zh: 'reissue：{detail} [{code}]', en: 'reissue: {detail} [{code}]' },
  'warning.line': { zh: 'reissue 警告：{detail} [{code}]', en: 'reissue: warning: {detail} [{code}]' },
  'error.hint': { zh: '  提示：{text}', en: '  hint: {text}' },
  'error.more': { zh: '  …… 另有 {count} 处', en: '  … and {count} more' },
  'error.unexpected': { zh: 'reissue：意外错误：{detail}', en: 'reissue: unexpected error: {detail}' },
  'error.unexpectedHint': { zh: '  提示：这是程序缺陷，请连同运行的命令一起报告', en: '  hint: this is a bug; please report it with the command you ran' },
  'error.unknownCommand': { zh: 'reissue：没有命令“{name}”', en: 'reissue: unknown command "{name}"' },
  'error.unknownCommandHint': { zh: '  提示：运行 `reissue --help` 查看命令列表', en: '  hint: run `reissue --help` for the list of commands' },

  'secret.prompt': { zh: '{label}：', en: '{label}: ' },
  'record.partial': { zh: '注意：第 1–{last} 行已记录；从第 {next} 行起都没有记录', en: 'note: lines 1–{last} were recorded; nothing from line {next} on was' },

  'find.none': { zh: '没有符合的交易', en: 'no matching transactions' },
  'find.replicaBehind': {
    zh: '注意：结果来自只读副本，它比主库落后 {bytes} 字节的日志；刚推送的交易可能还没出现——稍后再查，或去掉 --read-replica 直接查主库',
    en: 'note: these results come from the read replica, {bytes} bytes of log behind the primary; sales pushed a moment ago may not show yet — search again shortly, or leave out --read-replica to ask the primary',
  },
  'find.noneHint': { zh: '提示：放宽时间范围（--within 30m）、去掉一个条件，或核对日期', en: 'hint: widen the window (--within 30m), drop a filter, or check the date' },
  'find.captured': { zh: '收银机小票 {source}', en: 'captured {source}' },
  'find.more': { zh: '更多：reissue find … --cursor {cursor}', en: 'more: reissue find … --cursor {cursor}' },
  'saleState.voided': { zh: '已撤销', en: 'VOIDED' },
  'saleState.refunded': { zh: '已退货', en: 'REFUNDED' },
  'saleState.partly-refunded': { zh: '部分退货', en: 'PARTLY REFUNDED' },
  'col.id': { zh: '编号', en: 'ID' },
  'col.time': { zh: '时间', en: 'TIME' },
  'col.kind': { zh: '类型', en: 'KIND' },
  'col.amount': { zh: '金额', en: 'AMOUNT' },
  'col.card': { zh: '卡号', en: 'CARD' },
  'col.ref': { zh: '参考号', en: 'REF NO' },
  'col.operator': { zh: '操作员', en: 'OP' },
  'col.merchant': { zh: '商户', en: 'MERCHANT' },
  'col.terminal': { zh: '终端号', en: 'TERMINAL' },
  'col.store': { zh: '门店', en: 'STORE' },
  'col.name': { zh: '名称', en: 'NAME' },
  'col.address': { zh: '地址', en: 'ADDRESS' },
  'col.model': { zh: '型号', en: 'MODEL' },
  'col.status': { zh: '状态', en: 'STATUS' },
  'col.queue': { zh: '队列', en: 'QUEUE' },
  'col.paper': { zh: '用纸', en: 'PAPER' },
  'col.cleaning': { zh: '清洁', en: 'CLEANING' },
  'col.backup': { zh: '备用', en: 'BACKUP' },
  'col.tap': { zh: '收银机采集', en: 'TAP' },
  'col.tapBacklog': { zh: '待补记', en: 'WAITING FOR THE JOURNAL' },
  'col.fallbackFile': { zh: '备用文件', en: 'FALLBACK FILE' },

  'printers.none': { zh: '没有配置打印机', en: 'no printers configured' },
  'printers.noneHint': { zh: '提示：在 `reissue.config.json` 里添加打印机（见 README 的“Configuration”）', en: 'hint: add them to reissue.config.json (see README "Configuration")' },
  'printers.held': { zh: '暂停：{reason:conditions}', en: 'held: {reason:conditions}' },
  'printers.printing': { zh: '{queued} +{inFlight} 打印中', en: '{queued} +{inFlight} printing' },
  'printers.cleaningDue': { zh: '需清洁', en: 'DUE' },
  'printers.sinceClean': { zh: '清洁后 {mm:metres} 米', en: '{mm:metres} m since' },
  'printers.metres': { zh: '{mm:metres} 米', en: '{mm:metres} m' },
  'printers.tapWaiting': { zh: '{n} 张暂存在备用文件里，日志恢复写入后自动补记', en: '{n} kept in the fallback file, added to the journal once it takes writes' },
  'printers.tapAllIn': { zh: '0（已全部写入日志）', en: '0 (all in the journal)' },
  'printers.tapUnreadable': { zh: '无法读取备用文件：{reason}', en: 'the fallback file cannot be read: {reason}' },
  'printers.cleaned': { zh: '{printer}：已记录打印头清洁（清洁前用纸 {mm:metres} 米）', en: '{printer}: print head cleaning recorded after {mm:metres} m of paper' },

  'job.state': { zh: '任务 {jobId}（{printer}）：{state:state}', en: 'job {jobId} on {printer}: {state}' },
  'job.stateDetail': { zh: '任务 {jobId}（{printer}）：{state:state}（{detail}）', en: 'job {jobId} on {printer}: {state} ({detail})' },
  'job.notPrinted': { zh: '没有打印：{job}', en: 'not printed: {job}' },
  'job.notPrintedUnknown': { zh: '  提示：先看出纸口；如果没打印出来，用 `reissue reprint` 补打重印凭证', en: '  hint: check the paper; if it did not print, use `reissue reprint` for a marked duplicate' },
  'job.notPrintedFix': { zh: '  提示：排除打印机故障后再打印', en: '  hint: fix the printer and print again' },
  'print.queued': { zh: '已把 {id} 加入 {printer} 的队列：{pieces}', en: 'queued {pieces} for {id} on {printer}' },
  'print.printed': { zh: '已在 {printer} 打印 {id}：{pieces}', en: 'printed {id} on {printer}: {pieces}' },
  'piece.job': { zh: '任务 {jobId}', en: 'job {jobId}' },
  'piece.named': { zh: '任务 {jobId}（{what}）', en: 'job {jobId} ({what})' },
  'piece.withCopy': { zh: '{what}，{copy}', en: '{what}, {copy}' },
  'piece.slip': { zh: '签购单', en: 'bank slip' },
  'piece.receipt': { zh: '小票', en: 'receipt' },

  'reprint.decided': { zh: '{id} 的第 {copy} 份重印凭证（{basis:basis}）；验证码 {code}', en: 'duplicate {copy} of {id} ({basis}); code {code}' },
  'reprint.queued': { zh: '{id} 的第 {copy} 份重印凭证已排队（任务 {jobId}）', en: 'queued DUPLICATE {copy} of {id} as job {jobId}' },
  'reprint.printed': { zh: '已在 {printer} 打印 {id} 的第 {copy} 份重印凭证；验证码 {code}', en: 'printed DUPLICATE {copy} of {id} on {printer}; verification code {code}' },

  'event.held': { zh: '{printer} 暂停：{reason:conditions}（排除后自动继续打印）', en: 'held on {printer}: {reason} (printing resumes by itself when it clears)' },
  'event.resumed': { zh: '{printer} 已恢复，继续打印', en: '{printer} is back; printing resumes' },
  'event.warning': { zh: '{printer} 提醒：{reason:conditions}', en: 'warning on {printer}: {reason}' },
  'event.retry': { zh: '{printer} 无法连接（{error}）；{seconds} 秒后重试', en: '{printer} unreachable ({error}); retrying in {seconds}s' },
  'event.rerouted': { zh: '已从 {printer} 转到 {to}：{reason:conditions}', en: 'rerouted from {printer} to {to}: {reason}' },
  'event.cleaningDue': { zh: '{printer}：打印头该清洁了（上次清洁后已用纸 {metres} 米）；清洁后运行 `reissue printers --cleaned {printer}`', en: '{printer}: print head due for cleaning ({metres} m since the last); run `reissue printers --cleaned {printer}` afterwards' },
  'event.error': { zh: '错误：{reason}', en: 'error: {reason}' },

  'console.fault': { zh: '{time} 打印机 {printer} 故障：{reason:conditions}', en: '{time} printer {printer}: {reason:conditions}' },
  'console.cleared': { zh: '{time} 打印机 {printer} 已恢复正常', en: '{time} printer {printer} is ready again' },
  'console.warning': { zh: '{time} 打印机 {printer} 提醒：{reason:conditions}', en: '{time} printer {printer} warns: {reason:conditions}' },
  'console.rerouted': { zh: '{time} 任务 {jobId} 从打印机 {printer} 转到备用打印机 {to}', en: '{time} job {jobId} moved from printer {printer} to backup {to}' },
  'console.cleaning': { zh: '{time} 打印机 {printer} 的打印头该清洁了', en: '{time} printer {printer}: print head due for cleaning' },
  'console.reprint': { zh: '{time} 补打：{saleId} 第 {copy} 份（{user}，{printer}）', en: '{time} reprint: duplicate {copy} of {saleId} (by {user}, on {printer})' },
  'console.reprintApproved': { zh: '{time} 补打：{saleId} 第 {copy} 份（{user}，主管 {approver} 授权，{printer}）', en: '{time} reprint: duplicate {copy} of {saleId} (by {user}, approved by {approver}, on {printer})' },
  'console.refusedSale': { zh: '{time} 拒绝补打 {saleId}（{user}）：{why}', en: '{time} reprint of {saleId} refused ({user}): {why}' },
  'console.refused': { zh: '{time} 拒绝补打（{user}）：{why}', en: '{time} reprint refused ({user}): {why}' },
  'console.locked': { zh: '{time} 登录已锁定：{user}，{retryAfterMs:minutes} 分钟后可再试', en: '{time} sign-in locked: {user}, for {retryAfterMs:minutes} min' },
  'console.error': { zh: '{time} 服务器出错，详情见日志文件', en: '{time} server error; see the log file' },

  'demo.firstRun': { zh: '首次运行：正在录入 {count} 笔演示交易', en: 'first run: recording {count} demo sales' },
  'demo.running': { zh: 'Reissue 已启动。', en: 'Reissue is running.' },
  'demo.backOffice': { zh: '  后台页面：  {url}/', en: '  Back office:      {url}/' },
  'demo.api': { zh: '  接口：      {url}/api/v1（OpenAPI：{url}/api/v1/openapi.json）', en: '  API:              {url}/api/v1  (OpenAPI: {url}/api/v1/openapi.json)' },
  'demo.printer': { zh: '  虚拟打印机：127.0.0.1:{port}，名称 “{name}”；打印的每张小票都以 .txt 和 .png 保存在 {dir}/', en: '  Virtual printer:  127.0.0.1:{port} as "{name}"; every receipt it prints is kept in {dir}/ as .txt and .png' },
  'demo.config': { zh: '  配置文件：  {file}（命令行的 reprint、print、printers 也用它）', en: '  Configuration:    {file} (reprint, print and printers on the command line use it too)' },
  'demo.journal': { zh: '  日志数据库：{db}', en: '  Journal:          {db}' },
  'demo.log': { zh: '  请求日志：  {file}（下面只显示重要事件）', en: '  Request log:      {file} (only notable events are shown below)' },
  'demo.logins': { zh: '演示账户（DEMO，仅供试用；密码为本次安装随机生成，请用 `reissue user passwd 用户名 --by admin` 修改）：', en: 'DEMO logins (for trying Reissue only; passwords made for this install — change with `reissue user passwd NAME --by admin`):' },
  'demo.loginsOnce': { zh: '密码只在这次显示；另存于 {file}（只有本账户能读）。', en: 'The passwords are shown this once; they are also kept in {file} (readable by this account only).' },
  'demo.loginsLater': { zh: '演示账户（DEMO，仅供试用）：', en: 'DEMO logins (for trying Reissue only):' },
  'demo.loginsKept': { zh: '密码在首次启动时显示过，保存在 {file}（只有本账户能读）。', en: 'Their passwords were shown at first start and are kept in {file} (readable by this account only).' },
  'demo.loginsGone': { zh: '首次启动时显示过的密码文件 {file} 已不在：用 `reissue user passwd 用户名 --by admin` 设新密码。', en: 'The passwords shown at first start are no longer in {file}: set new ones with `reissue user passwd NAME --by admin`.' },
  'demo.loginsFileHeader': { zh: '# Reissue 演示账户（DEMO，仅供试用）：用户名  密码  角色', en: '# Reissue DEMO logins (for trying Reissue only): name  password  role' },
  'demo.atTerminal': { zh: '，终端 {terminal}', en: ' at terminal {terminal}' },
  'demo.stop': { zh: '按 Ctrl-C 停止。', en: 'Press Ctrl-C to stop.' },
  'demo.stopping': { zh: '正在停止……', en: 'stopping…' },
  'demo.stopped': { zh: '已停止；虚拟打印机共打印 {count} 个任务', en: 'stopped; the virtual printer printed {count} job(s)' },
  'start.listening': { zh: 'Reissue 正在 {url} 上运行{web}；接口在 {url}/api/v1，按 Ctrl-C 停止', en: 'Reissue is listening on {url}{web}; API at {url}/api/v1, Ctrl-C stops it' },
  'start.web': { zh: '（网页来自 {dir}）', en: ' (web pages from {dir})' },
  'start.log': { zh: '请求日志写在 {file}；这里只显示重要事件', en: 'request log in {file}; only notable events are shown here' },
  'start.stopping': { zh: '正在停止：等待处理中的请求完成……', en: 'stopping: finishing requests in hand…' },
  'start.stopped': { zh: '已停止', en: 'stopped' },
  'tap.listening': { zh: '收银机小票采集 {source} 已运行：收银机打印到 {tcp}（LPD {lpd}），转发到打印机 {printer}（备用 {backup}）；按 Ctrl-C 停止', en: 'tap {source} is running: the POS prints to {tcp} (LPD {lpd}), forwarded to printer {printer} (backup {backup}); Ctrl-C stops it' },
  'tap.captured': { zh: '已记录 {id}：金额 {amount}，{bytes} 字节', en: 'captured {id}: amount {amount}, {bytes} bytes' },
  'tap.capturedMasked': { zh: '已记录 {id}：金额 {amount}，{bytes} 字节，已遮盖 {masked} 个卡号', en: 'captured {id}: amount {amount}, {bytes} bytes, {masked} card number(s) masked' },
  'tap.fallback': { zh: '{id} 暂存在备用文件里（日志暂时写不进；待补记 {backlog} 张）', en: '{id} kept in the fallback file (the journal cannot take it now; {backlog} waiting)' },
  'tap.journalUp': { zh: '日志恢复写入；待补记 {backlog} 张', en: 'the journal takes writes again; {backlog} waiting' },
  'tap.printerLost': { zh: '打印机 {printer} 断开：{reason}', en: 'printer {printer} lost: {reason}' },
  'tap.notDelivered': { zh: '{id} 可能没有打印出来（{outcome}）', en: '{id} may not have printed ({outcome})' },
  'tap.queued': { zh: '{id} 打印机没有接收，已交给打印队列：打印机恢复（或备用打印机可用）时打印', en: '{id}: the printer did not take it; the print queue prints it once the printer (or the backup) can be reached' },
  'tap.outcomeUnknown': { zh: '{id} 可能只打印了一部分，已记为“结果未知”，不会自动重打；顾客需要时请补打重印凭证', en: '{id} may have printed only in part: recorded as outcome unknown and not printed again by itself; reprint it as a duplicate if the customer needs it' },
  'tap.warning': { zh: '注意：{detail} [{code}]', en: 'warning: {detail} [{code}]' },
  'decode.masked': { zh: '注意：已遮盖 {count} 个完整卡号', en: 'note: {count} full card number(s) masked' },
  'sync.sent': { zh: '已向总部发送 {events} 条事件（{batches} 批）', en: 'sent {events} events in {batches} batch(es)' },
  'sync.once': { zh: '已向 {url} 发送 {events} 条事件（{batches} 批）；总部已是最新', en: 'sent {events} events in {batches} batch(es) to {url}; head office is up to date' },
  'sync.failed': { zh: '同步：{detail}（{seconds} 秒后重试）', en: 'sync: {detail} (retrying in {seconds} s)' },
  'tap.stopping': { zh: '正在停止：等待正在打印的小票结束……', en: 'stopping: letting open jobs end…' },
  'tap.stopped': { zh: '已停止：共记录 {captured} 张，待补记 {backlog} 张，无处保存 {unsaved} 张', en: 'stopped: {captured} captured, {backlog} waiting for the journal, {unsaved} kept nowhere' },
  'verify.ok': { zh: '通过：{events} 条记录（{transactions} 笔交易），{chains} 条链全部校验无误', en: 'ok: {events} events ({transactions} transactions) on {chains} terminal chain(s) verify' },
  'verify.head': { zh: '  终端 {terminalId}  第 {seq} 条  链头 {hash}', en: '  terminal {terminalId}  event {seq}  head {hash}' },
  'verify.proves': {
    zh: '能证明：每条记录从第一条起仍与它的哈希链相符；查询索引和打印任务表与记录一致；数据库的防改动保护都在。',
    en: 'This proves: every event still matches its hash chain from the first one; the search index and the print-job table agree with the events; the database guards are in place.',
  },
  'verify.cannot': {
    zh: '不能证明：有人改写历史并重算了之后所有的哈希，或删掉了最后几条记录——这要与数据库之外保存的链头对比：`reissue verify --expect 文件`（备份旁的 .heads.json，或日报上打印的链头）。',
    en: 'It cannot prove: that nobody rewrote history and recomputed every later hash, or removed the latest events; for that, compare with heads kept outside the database: reissue verify --expect FILE (the .heads.json beside a backup, or the head hashes on the daily report).',
  },
  'verify.anchored': {
    zh: '链头相符：{file} 中保存的 {count} 个链头仍在日志里——在它们之前没有记录被改动或删除。',
    en: 'Heads match: the {count} head(s) saved in {file} are still in the journal, so nothing up to them was changed or removed since they were taken.',
  },
  'verify.anchoredCannot': {
    zh: '不能证明：这些链头之后新写入的记录是否被改写——下次请与更新的链头对比。',
    en: 'It cannot prove: anything about events recorded after those heads; compare with newer heads for those.',
  },
  'verify.failed': { zh: '校验失败：{where}：{problem:verifyProblem}（{problem}）\n  {detail}', en: 'FAILED: {where}: {problem}: {detail}' },
  'verify.where': { zh: '终端 {terminalId} 第 {seq} 条', en: 'terminal {terminalId} event {seq}' },
  'verify.whereJournal': { zh: '日志', en: 'journal' },
  'verify.before': { zh: '  在它之前校验了 {events} 条记录', en: '  {events} events verified before it' },
  'verify.hint': {
    zh: '  提示：用一份校验通过的备份恢复（reissue restore 文件 --force），并查清谁能直接改数据库',
    en: '  hint: restore from a backup that verifies (`reissue restore FILE --force`) and investigate who had access to the database',
  },
  'backup.written': { zh: '备份已写到 {file}：{events} 条记录校验无误', en: 'backup written to {file}: {events} events verify' },
  'backup.heads': { zh: '链头已写到 {file}：请把它存到别处（另一台机器、U 盘），以后用 `reissue verify --expect {file}` 对比', en: 'heads written to {file}: keep a copy elsewhere (another machine, a USB stick) and compare later with reissue verify --expect {file}' },
} satisfies Record<string, Words>;

export type CliTextKey = keyof typeof CLI_TEXTS;

/** Basis of an allowed reprint, as the reprint line says it. */
const BASIS: Readonly<Record<string, Words>> = {
  'own-last-receipt': { zh: '本机最后一张小票', en: 'own-last-receipt' },
  role: { zh: '按角色允许', en: 'role' },
  approved: { zh: '主管已授权', en: 'approved' },
};

const CLI_FORMATTERS = { ...FORMATTERS, basis: (value: unknown, language: Language) => BASIS[String(value)]?.[language] ?? String(value) };

/** One line of the terminal's output in `language`; a value the template needs must be given. */
export function cliText(language: Language, key: CliTextKey, params: Params = {}): string {
  const text = fill(CLI_TEXTS[key][language], params, language, CLI_FORMATTERS, false);
  if (text === undefined) throw new Error(`CLI text ${key} is missing a value`);
  return text;
}
