import { messages } from './types.js';

/** Printers and the spooler: faults, connections, print jobs, and their configuration. */
export const PRINTER_ERRORS = messages('staff', {
  PRINTER_FAULT: {
    zh: { title: '打印机故障', detail: ['打印机报告：{faults:conditions}', '打印机报告故障'], hint: '查看打印机面板（故障灯、联机按钮），或改用备用打印机' },
    en: { title: 'Printer fault', detail: ['the printer reports {faults:conditions}', 'the printer reports a fault'], hint: 'check the printer panel (error LED, online button) or switch to the backup printer' },
    variants: {
      'paper-out': {
        zh: { title: '打印机缺纸', hint: '装上新纸卷并合上上盖；打印机恢复后，暂停的任务会自动打印' },
        en: { title: 'Printer out of paper', hint: 'load a new paper roll and close the cover; held jobs print once the printer is back online' },
      },
      'cover-open': {
        zh: { title: '打印机上盖打开', hint: '合上打印机上盖；打印机恢复后，暂停的任务会自动打印' },
        en: { title: 'Printer cover open', hint: 'close the printer cover; held jobs print once the printer is back online' },
      },
      'cutter-error': {
        zh: { hint: '清除切刀处卡住的纸，然后关掉打印机再打开' },
        en: { hint: 'clear the paper jammed at the cutter, then switch the printer off and on' },
      },
      'unrecoverable-error': {
        zh: { hint: '关掉打印机再打开；如果仍然故障，请维修或改用备用打印机' },
        en: { hint: 'switch the printer off and on; if the error stays, service it or switch to the backup printer' },
      },
      overheated: {
        zh: { hint: '等打印头冷却，打印会自动继续' },
        en: { hint: 'wait for the print head to cool down; printing resumes by itself' },
      },
    },
  },
  PRINTER_UNREACHABLE: {
    zh: { title: '无法连接打印机', detail: ['无法连接打印机 {address}', '无法连接打印机'], hint: '检查打印机是否开机、地址和端口（通常是 9100）是否正确、网线是否插好' },
    en: { title: 'Printer unreachable', detail: ['cannot connect to the printer at {address}', 'cannot connect to the printer'], hint: 'check that the printer is switched on, its address and port (usually 9100), and the network cable' },
    variants: {
      'not-a-printer': {
        zh: {
          title: '该地址不是打印机',
          detail: ['{address} 有回应，但不是 ESC/POS 打印机', '这个地址有回应，但不是 ESC/POS 打印机'],
          hint: '这个地址上是别的设备（例如网页服务器），不是小票打印机：检查配置里的地址和端口（通常是 9100）',
        },
        en: {
          title: 'Not a printer',
          detail: ['{address} answers, but not as an ESC/POS printer', 'the address answers, but not as an ESC/POS printer'],
          hint: 'something else answers at that address (a web server or another device), not a receipt printer: check the address and port (usually 9100) in the configuration',
        },
      },
      'connect-timeout': {
        zh: { detail: ['{timeoutMs:seconds} 秒内没能连上打印机 {address}', '没能连上打印机'] },
        en: { detail: ['no connection to the printer at {address} within {timeoutMs:seconds} s', 'no connection to the printer'] },
      },
      device: {
        zh: { detail: ['无法打开打印机 {path}', '无法打开打印机'], hint: '检查打印机的线是否插好、打印机是否开机' },
        en: { detail: ['cannot open the printer at {path}', 'cannot open the printer'], hint: 'check that the printer is plugged in and switched on' },
      },
      busy: {
        zh: {
          title: '打印机正忙',
          detail: ['打印机 {address} 被另一台收银机的连接占着，等了 {waitMs:seconds} 秒还没空出来', '打印机被另一台收银机的连接占着'],
          hint: 'USB 或串口打印机一次只能接一个连接，一直不断开的收银机会占住它；这张小票已记入日志',
        },
        en: {
          title: 'Printer busy',
          detail: ['{address} stayed busy with another POS connection for {waitMs:seconds} s', 'the printer stayed busy with another POS connection'],
          hint: 'a USB or serial printer takes one connection at a time, and a POS that keeps its connection open holds it; the receipt was kept in the journal',
        },
      },
    },
  },
  PRINTER_DISCONNECTED: {
    zh: { title: '打印机连接中断', detail: ['与打印机 {address} 的连接中断了', '与打印机的连接中断了'], hint: '打印机断开了连接（断电、网络中断或被其他程序占用）；重新连接并先检查状态再重发' },
    en: { title: 'Printer connection lost', detail: ['the connection to the printer at {address} was lost', 'the connection to the printer was lost'], hint: 'the printer dropped the connection (power cycle, network glitch, or another client took it); reconnect and check status before resending' },
    variants: {
      'mid-job': {
        zh: { detail: ['打印机 {address} 在打印第 {seq} 张时断开了连接', '打印机在打印途中断开了连接'], hint: '这张可能只打印了一半：看一下出纸，需要的话补打重印凭证' },
        en: { detail: ['the printer at {address} closed the connection in the middle of job {seq}', 'the printer closed the connection in the middle of a job'], hint: 'that receipt may be cut off: check the paper and reprint it as a marked duplicate if needed' },
      },
      'after-job': {
        zh: { detail: ['打印机 {address} 在第 {seq} 张刚发出时断开了连接，可能没收全', '打印机在小票刚发出时断开了连接，可能没收全'], hint: '这张可能没有打印：看一下出纸，需要的话补打重印凭证' },
        en: { detail: ['the printer at {address} closed the connection right after job {seq} went out: it may not have read all of it', 'the printer closed the connection right after a job went out'], hint: 'that receipt may not have printed: check the paper and reprint it as a marked duplicate if needed' },
      },
      gone: {
        zh: { detail: ['打印机 {address} 断开了（线被拔掉或断电）', '打印机断开了（线被拔掉或断电）'], hint: '检查打印机的线是否插好、打印机是否开机' },
        en: { detail: ['the printer at {address} is gone (unplugged or switched off)', 'the printer is gone (unplugged or switched off)'], hint: 'check that the printer is plugged in and switched on' },
      },
    },
  },
  PRINTER_TIMEOUT: {
    zh: { title: '打印机没有回应', detail: ['打印机 {address} 没有回应', '打印机没有回应'], hint: '打印机连上了但没有回应：关掉再打开，检查是否有其他程序占用它的端口' },
    en: { title: 'Printer not answering', detail: ['the printer at {address} does not answer', 'the printer does not answer'], hint: 'the printer accepted the connection but does not answer; power-cycle it, check that nothing else holds its port, and reconnect' },
    variants: {
      status: { zh: { detail: ['打印机 {address} 在 {timeoutMs:seconds} 秒内没有回应状态查询', '打印机没有回应状态查询'] }, en: { detail: ['the printer at {address} did not answer a status query within {timeoutMs:seconds} s', 'the printer did not answer a status query'] } },
      identity: { zh: { detail: ['打印机 {address} 没有回应型号查询', '打印机没有回应型号查询'] }, en: { detail: ['the printer at {address} did not answer an identity query', 'the printer did not answer an identity query'] } },
      write: { zh: { detail: ['打印机 {address} 在 {timeoutMs:seconds} 秒内没有接收数据（缓冲区满或死机）', '打印机没有接收数据'] }, en: { detail: ['the printer at {address} took no data for {timeoutMs:seconds} s (its buffer is full or it hung)', 'the printer took no data'] } },
      'device-write': {
        zh: { detail: ['打印机 {address} 在 {timeoutMs:seconds} 秒内没有接收数据（可能缺纸或死机）', '打印机没有接收数据（可能缺纸或死机）'], hint: '看一下打印机是否缺纸、上盖是否打开；都正常的话，关掉打印机再打开' },
        en: { detail: ['the printer at {address} took no data for {timeoutMs:seconds} s (paper out, flow control, or it hung)', 'the printer took no data (paper out, flow control, or it hung)'], hint: 'check for paper out or an open cover; if all looks well, switch the printer off and on' },
      },
      confirm: {
        zh: { detail: ['打印机 {address} 没有在 {timeoutMs:seconds} 秒内确认任务 {jobId} 打印完成', '打印机没有确认打印完成'], hint: '打印机在线也回应状态，但没有确认这张：看一下出纸，并核对打印机型号（有的型号不支持完成确认）' },
        en: { detail: ['job {jobId} was not confirmed printed by {address} within {timeoutMs:seconds} s', 'the printer did not confirm the job'], hint: 'the printer is online and answers status but did not confirm the job; check the print and the printer model (some cannot confirm a finished job)' },
      },
    },
  },
  PRINT_WAIT_TIMEOUT: {
    zh: { title: '还在打印中', detail: ['任务 {jobId}（{printer}）等了 {timeoutMs:seconds} 秒仍是“{state:state}”', '任务还没打印完'], hint: '任务留在队列里，打印机恢复后会打印（或过期）；打印机状态见打印机页面', cliHint: '任务留在队列里，打印机恢复后会打印（或过期）；用 `reissue printers` 查看打印机状态' },
    en: { title: 'Still printing', detail: ['job {jobId} on {printer} is still {state:state} after {timeoutMs:seconds} s', 'the job has not printed yet'], hint: "the job stays queued and prints once the printer is back (or expires); see the printers page for the printer's state", cliHint: "the job stays queued and prints once the printer is back (or expires); see `reissue printers` for the printer's state" },
  },
  ALREADY_PRINTED: {
    zh: { title: '已打印过', detail: ['交易 {transactionId} 的原始凭证已打印（任务 {jobId}，{printer}）', '原始凭证已打印过'], hint: '要再给顾客一张，请补打重印凭证', cliHint: '要再给顾客一张，请用 `reissue reprint ID` 补打重印凭证' },
    en: { title: 'Already printed', detail: ['the original receipt of {transactionId} was already printed (job {jobId} on {printer})', 'the original receipt was already printed'], hint: 'to give the customer another receipt, reprint it as a marked duplicate', cliHint: 'to give the customer another receipt, print a marked duplicate with `reissue reprint ID`' },
  },
  PRINT_OUTCOME_UNKNOWN: {
    zh: { title: '打印结果未知', detail: ['交易 {transactionId} 的凭证可能已打印：任务 {jobId}（{printer}）打印途中与打印机断开', '凭证可能已打印：打印途中与打印机断开'], hint: '先看打印机出纸口；没有的话请补打重印凭证', cliHint: '先看打印机出纸口；没有的话请用 `reissue reprint ID` 补打重印凭证' },
    en: { title: 'Outcome unknown', detail: ['the receipt of {transactionId} may have printed: job {jobId} on {printer} lost its printer mid-job', 'the receipt may have printed: the printer was lost mid-job'], hint: "look at the printer's output first; if the receipt is not there, reprint it as a marked duplicate", cliHint: "look at the printer's output first; if the receipt is not there, print a marked duplicate with `reissue reprint ID`" },
  },
  ALREADY_QUEUED: {
    zh: { title: '已在排队', detail: ['交易 {transactionId} 的凭证已在队列里（任务 {jobId}，{printer}，{state:state}）', '凭证已在队列里'], hint: '请稍候，打印机可用时就会打印；之后顾客还要的话，再补打' },
    en: { title: 'Already queued', detail: ['the receipt of {transactionId} is already in the queue (job {jobId} on {printer}, {state:state})', 'the receipt is already in the queue'], hint: 'wait for it (it prints as soon as the printer can); if the customer needs another receipt afterwards, reprint it', cliHint: 'wait for it (it prints as soon as the printer can); if the customer needs another receipt afterwards, use `reissue reprint ID`' },
  },
  COPY_ALREADY_USED: {
    zh: { title: '份号已被使用', detail: ['交易 {transactionId} 的第 {copy} 份重印凭证已存在（任务 {jobId}，{state:state}）', '这个份号已被使用'], hint: '每次补打自动取下一个份号' },
    en: { title: 'Copy number used', detail: ['duplicate {copy} of {transactionId} already exists (job {jobId}, {state:state})', 'that copy number is already used'], hint: 'each reprint takes the next copy number; let the reprint number it' },
  },
  JOB_NOT_FOUND: {
    zh: { title: '找不到打印任务', detail: ['没有打印任务 {jobId}', '没有这个打印任务'], hint: '在打印机页面查看任务', cliHint: '用 `reissue printers` 查看任务，或用 `reissue show ID` 查看交易' },
    en: { title: 'No such print job', detail: ['no print job {jobId}', 'no such print job'], hint: 'see the jobs on the printers page', cliHint: 'list jobs with `reissue printers` or look the sale up with `reissue show ID`' },
  },
  JOB_NOT_CANCELLABLE: {
    zh: { title: '这个打印任务不能取消', detail: ['打印任务 {jobId} 的状态是“{state:state}”：只有还在排队的任务能取消', '只有还在排队的打印任务能取消'], hint: '已经结束的任务不用取消，需要的话重新打印或补打；正在发送的任务数据可能已经到了打印机，请等它的结果' },
    en: { title: 'Print job cannot be cancelled', detail: ['print job {jobId} is {state:state}: only a job still queued can be cancelled', 'only a job still queued can be cancelled'], hint: 'a job that ended needs no cancelling: print or reprint again if still wanted; one being sent may be at the printer already: wait for its outcome' },
  },
  UNKNOWN_PRINTER: {
    zh: { title: '没有这台打印机', detail: ['没有打印机“{printer}”', '没有这台打印机'], hint: ['可选：{known:list}，或 主机:端口（如 192.168.1.50:9100）', '填 主机:端口（如 192.168.1.50:9100），或在配置文件里按名称配置'] },
    en: { title: 'Unknown printer', detail: ['no printer "{printer}"', 'no such printer'], hint: ['use one of {known:list} or HOST:PORT (e.g. 192.168.1.50:9100)', 'give the printer as HOST:PORT (e.g. 192.168.1.50:9100) or configure it by name'] },
    variants: {
      configured: {
        zh: { detail: ['配置里没有打印机“{printer}”', '配置里没有这台打印机'], hint: ['可选：{known:list}；新打印机要先在配置文件里按名称添加', '新打印机要先在配置文件里按名称添加'] },
        en: { detail: ['no printer "{printer}" in the configuration', 'no such printer in the configuration'], hint: ['use one of {known:list}; a new printer is added by name in the configuration file', 'a new printer is added by name in the configuration file'] },
      },
    },
  },
  NO_TRANSACTION: {
    audience: 'developer',
    zh: { title: '缺少交易编号', detail: ['{jobKind:jobKind}打印需要交易编号', '打印需要交易编号'], hint: '例如 10023456-000128-000457' },
    en: { title: 'Transaction id needed', detail: ["an {jobKind:jobKind} print needs the sale's transaction id", "a print needs the sale's transaction id"], hint: 'e.g. 10023456-000128-000457' },
  },
  TERMINAL_MISMATCH: {
    audience: 'integrator',
    zh: { title: '终端号不符', detail: ['{id} 属于终端 {terminalId}，不是 {given}', '终端号与交易不符'], hint: '不用填终端号，系统从交易中取' },
    en: { title: 'Terminal differs', detail: ['{id} belongs to terminal {terminalId}, not {given}', 'the terminal does not match the sale'], hint: 'leave the terminal out; it is taken from the sale' },
  },
  BACKUP_IS_PRINTER: {
    zh: { title: '备用打印机不对', detail: ['打印机 {printer} 不能做自己的备用打印机', '打印机不能做自己的备用打印机'], hint: '选另一台打印机做备用，或不用备用' },
    en: { title: 'Bad backup printer', detail: ['printer {printer} cannot be its own backup', 'a printer cannot be its own backup'], hint: 'name another printer as backup, or none' },
  },
  BAD_JOB_KIND: {
    audience: 'developer',
    zh: { title: '打印任务类型不对', detail: ['不认识的打印任务类型“{value}”', '不认识的打印任务类型'], hint: '可选：{allowed:list}' },
    en: { title: 'Bad job kind', detail: ['unknown print job kind "{value}"', 'unknown print job kind'], hint: 'use one of {allowed:list}' },
    variants: {
      'test-page': { zh: { detail: '测试页不能手工加入队列', hint: '用打印机页面的“测试页”' }, en: { detail: 'a test page is not enqueued by hand', hint: 'use the test page of the printers page' } },
    },
  },
  BAD_COPY: {
    audience: 'developer',
    zh: { title: '份号不对', detail: ['重印凭证的份号必须从 1 开始（现在是 {copy}）', '份号不对'], hint: '重印凭证由补打服务编号 1、2……；原始凭证和报表是第 0 份' },
    en: { title: 'Bad copy number', detail: ['a duplicate needs a copy number ≥ 1 (got {copy})', 'bad copy number'], hint: 'duplicates are numbered 1, 2, … by the reprint service; originals and reports are copy 0' },
    variants: {
      zero: { zh: { detail: ['{jobKind:jobKind}是第 0 份（现在是 {copy}）', '份号不对'] }, en: { detail: ['an {jobKind:jobKind} is copy 0 (got {copy})', 'bad copy number'] } },
    },
  },
  BAD_JOB_OPTIONS: {
    audience: 'developer',
    zh: { title: '打印选项不对', detail: ['{jobKind:jobKind}的打印选项不对：{reason}', '打印选项不对'], hint: '凭证只用 template、copy、language、duplicate、verificationUrl、verificationCode；报表用 report（含 date）和 language' },
    en: { title: 'Bad print options', detail: ['the print options of a {jobKind:jobKind} job are wrong: {reason}', 'the print options are wrong'], hint: 'a receipt takes only template, copy, language, duplicate, verificationUrl and verificationCode; a report takes report (with its date) and language' },
  },
  JOB_OPTIONS_DAMAGED: {
    audience: 'operator',
    zh: { title: '打印记录已损坏', detail: ['打印任务 {jobId} 保存的选项读不出来（{reason}），所以没有打印', '打印任务保存的选项读不出来，所以没有打印'], hint: '这条任务在 Reissue 之外被改过：重新打印（重印凭证请补打），并查清谁能直接改数据库' },
    en: { title: 'Print record damaged', detail: ['the stored options of print job {jobId} cannot be read ({reason}), so it is not printed', 'the stored options of the print job cannot be read, so it is not printed'], hint: 'the job was changed outside Reissue; queue the print again (a reprint for a duplicate) and check who has access to the database' },
  },
  NOT_A_RECEIPT_JOB: {
    audience: 'developer',
    zh: { title: '不是凭证任务', detail: ['打印任务 {jobId} 是{jobKind:jobKind}，不是凭证', '这个打印任务不是凭证'], hint: '只有原始凭证和重印凭证带凭证选项' },
    en: { title: 'Not a receipt job', detail: ['print job {jobId} is a {jobKind:jobKind}, not a receipt', 'that print job is not a receipt'], hint: 'only originals and duplicates of a sale carry receipt options' },
  },
  NOT_A_REPORT_JOB: {
    audience: 'developer',
    zh: { title: '不是报表任务', detail: ['打印任务 {jobId} 是{jobKind:jobKind}，不是报表', '这个打印任务不是报表'], hint: '只有报表任务带报表选项' },
    en: { title: 'Not a report job', detail: ['print job {jobId} is a {jobKind:jobKind}, not a report', 'that print job is not a report'], hint: 'only report jobs carry report options' },
  },
  BAD_JOB_ID: {
    zh: { title: '任务号不对', detail: ['“{value}”不是打印任务号', '这不是打印任务号'], hint: '用打印或补打结果里给出的任务号' },
    en: { title: 'Bad job number', detail: ['"{value}" is not a print job number', 'that is not a print job number'], hint: 'use the job id from the print or reprint answer' },
    variants: {
      'four-chars': {
        zh: { detail: ['任务标识“{value}”必须正好是 4 个可打印的英文字符', '任务标识必须正好是 4 个可打印的英文字符'], hint: '例如打印任务号的后 4 位' },
        en: { detail: ['job id "{value}" must be exactly 4 printable ASCII characters', 'a job id is exactly 4 printable ASCII characters'], hint: 'e.g. the last 4 characters of the spool job number' },
      },
    },
  },
  BAD_PRINTER_PORT: {
    audience: 'operator',
    zh: { title: '打印机端口不对', detail: ['打印机“{printer}”：端口必须在 1–65535 之间（现在是 {port}）', '打印机端口必须在 1–65535 之间'], hint: '网络打印机一般用 9100 端口' },
    en: { title: 'Bad printer port', detail: ['printer "{printer}": port must be 1-65535 (got {port})', 'a printer port is 1-65535'], hint: 'network printers listen on 9100' },
  },
  BAD_PRINTER_NAME: {
    audience: 'operator',
    zh: { title: '打印机名称不对', detail: ['打印机名称“{printer}”不能用', '打印机名称不能用'], hint: '打印机名称是 1–32 位字母、数字、- 或 _，如 front 或 kitchen-2' },
    en: { title: 'Bad printer name', detail: ['printer name "{printer}" is not allowed', 'that printer name is not allowed'], hint: 'a printer name is 1–32 letters, digits, - or _, e.g. "front" or "kitchen-2"' },
  },
  DUPLICATE_PRINTER: {
    audience: 'operator',
    zh: { title: '打印机重名', detail: ['打印机“{printer}”配置了两次', '有打印机配置了两次'], hint: '每台打印机用自己的名称' },
    en: { title: 'Printer named twice', detail: ['printer "{printer}" is configured twice', 'a printer is configured twice'], hint: 'give each printer its own name' },
  },
  BACKUP_IS_SELF: {
    audience: 'operator',
    zh: { title: '备用打印机不对', detail: ['打印机“{printer}”把自己设为备用打印机', '打印机不能做自己的备用打印机'], hint: '选另一台打印机做备用，或不用备用' },
    en: { title: 'Bad backup printer', detail: ['printer "{printer}" names itself as its backup', 'a printer cannot be its own backup'], hint: 'name another printer as backup, or none' },
  },
  UNKNOWN_BACKUP: {
    audience: 'operator',
    zh: { title: '备用打印机不存在', detail: ['打印机“{printer}”的备用打印机“{backup}”没有配置', '备用打印机没有配置'], hint: ['先配置“{backup}”，或从 {known:list} 中选一台', '先配置备用打印机'] },
    en: { title: 'Unknown backup printer', detail: ['printer "{printer}" names "{backup}" as backup, which is not configured', 'the backup printer is not configured'], hint: ['configure "{backup}" or pick one of {known:list}', 'configure the backup printer first'] },
  },
  BAD_SPOOLER_SETTING: {
    audience: 'operator',
    zh: { title: '打印队列设置不对', detail: '打印队列设置不对', hint: '时长以毫秒计，纸长以毫米计' },
    en: { title: 'Bad spooler setting', detail: 'a spooler setting is not valid', hint: 'durations are milliseconds, paper lengths millimetres' },
    variants: {
      unknown: { zh: { detail: ['不认识的打印队列设置“{key}”', '不认识的打印队列设置'], hint: ['可用的设置：{known:list}', '检查设置名'] }, en: { detail: ['unknown spooler setting "{key}"', 'unknown spooler setting'], hint: ['settings: {known:list}', 'check the setting name'] } },
      number: { zh: { detail: ['打印队列设置 {key} 必须是不小于 0 的数（现在是 {value}）', '打印队列设置必须是不小于 0 的数'] }, en: { detail: ['spooler setting {key} must be a number ≥ 0 (got {value})', 'spooler settings are numbers ≥ 0'] } },
      positive: { zh: { detail: ['打印队列设置 {key} 必须大于 0', '打印队列设置必须大于 0'], hint: ['默认值是 {default}', '用默认值'] }, en: { detail: ['spooler setting {key} must be more than 0', 'the spooler setting must be more than 0'], hint: ['the default is {default}', 'use the default'] } },
      failover: { zh: { detail: ['转备用前失败次数必须是不小于 1 的整数（现在是 {value}）', '转备用前失败次数必须是不小于 1 的整数'], hint: '默认是 3 次' }, en: { detail: ['spooler setting failoverAfter must be a whole number ≥ 1 (got {value})', 'failoverAfter must be a whole number ≥ 1'], hint: 'the default is 3 failures' } },
      'retry-order': { zh: { detail: ['最长重试间隔（{retryMaxMs} 毫秒）短于首次重试间隔（{retryInitialMs} 毫秒）', '最长重试间隔短于首次重试间隔'], hint: '最长重试间隔至少要等于首次重试间隔' }, en: { detail: ['retryMaxMs ({retryMaxMs}) is less than retryInitialMs ({retryInitialMs})', 'the longest retry wait is shorter than the first'], hint: 'the longest wait between retries must be at least the first one' } },
    },
  },
});
