import { messages } from './types.js';

/**
 * The tap on a POS's printer line: what it reports while receipts go on printing (the
 * journal or the fallback file failing, jobs not printed), its LPD server, and setting it up.
 */
export const CAPTURE_ERRORS = messages('staff', {
  TAP_JOURNAL_UNAVAILABLE: {
    zh: {
      title: '日志暂时无法写入',
      detail: ['收银机打印的小票暂时记不进日志，先存在 {file}，日志恢复后自动补记', '收银机打印的小票暂时记不进日志，先存在备用文件里，日志恢复后自动补记'],
      hint: '检查磁盘空间，以及是否有其他程序锁住了日志；打印照常进行，小票不会丢',
    },
    en: {
      title: 'Journal unavailable',
      detail: ['the journal cannot take captured receipts ({reason}); they are kept in {file} and added once it can', 'the journal cannot take captured receipts; they are kept in a fallback file and added once it can'],
      hint: 'check free disk space and that no other program holds the journal locked; printing goes on and nothing is lost',
    },
  },
  TAP_FALLBACK_FAILED: {
    zh: {
      title: '备用文件出错',
      detail: ['小票存不进备用文件 {file}，暂时留在内存里', '小票存不进备用文件，暂时留在内存里'],
      hint: '清理磁盘空间，或改正那个文件夹的权限；小票照常打印，但本系统停止时，留在内存里的小票会丢失',
    },
    en: {
      title: 'Fallback file failed',
      detail: ['could not keep a captured receipt in {file}; it waits in memory', 'could not keep a captured receipt in the fallback file; it waits in memory'],
      hint: 'free disk space or fix the permissions of that folder; receipts keep printing, but those held in memory are lost if Reissue stops',
    },
    variants: {
      keep: {
        zh: { detail: ['小票存不进备用文件 {file}，暂时留在内存里（共 {waiting} 张在等）', '小票存不进备用文件 {file}，暂时留在内存里', '小票存不进备用文件，暂时留在内存里'] },
        en: { detail: ['could not keep a captured receipt in {file}; it waits in memory ({waiting} waiting)', 'could not keep a captured receipt in {file}; it waits in memory', 'could not keep a captured receipt in the fallback file; it waits in memory'] },
      },
      read: {
        zh: { detail: ['无法读取备用文件 {file}', '无法读取备用文件'], hint: '改正那个文件或文件夹的权限后重启本系统，文件里等待补记的小票就会记入日志；打印照常进行' },
        en: { detail: ['could not read the fallback file {file}', 'could not read the fallback file'], hint: 'fix the permissions of that file or folder and restart Reissue, and the receipts waiting in it are added to the journal; printing goes on' },
      },
      mark: {
        zh: { detail: ['小票已记入日志，但没能在备用文件 {file} 里标为已记录', '小票已记入日志，但没能在备用文件里标为已记录'], hint: '不用处理：这张小票之后会再补记一次，日志会认出重复并忽略' },
        en: { detail: ['job {id} is in the journal but could not be marked as such in {file}', 'a receipt is in the journal but could not be marked as such in the fallback file'], hint: 'nothing to do: it will be added once more, and the journal ignores the repeat' },
      },
      delivery: {
        zh: { detail: ['没能在备用文件 {file} 里记下小票 {id} 的打印结果', '没能在备用文件里记下一张小票的打印结果'], hint: '不用处理；只有本系统此时意外停止，重启后这张小票才会在打印队列里记为“结果未知”，需要时请补打' },
        en: { detail: ['could not note in {file} how job {id} went to the printer', 'could not note in the fallback file how a job went to the printer'], hint: 'nothing to do; only if Reissue stops unexpectedly now is that receipt listed in the print queue as of unknown outcome after the restart; reprint it if needed' },
      },
    },
  },
  TAP_FALLBACK_LINE_SKIPPED: {
    zh: {
      title: '备用文件有一行已跳过',
      detail: ['备用文件 {file} 第 {line} 行不完整，已跳过', '备用文件有一行不完整，已跳过'],
      hint: '不用处理：那张小票已经打印了，只是日志里缺少它的记录',
    },
    en: {
      title: 'Fallback line skipped',
      detail: ['line {line} of {file} is incomplete and was skipped', 'a line of the fallback file is incomplete and was skipped'],
      hint: 'nothing to do: that receipt printed; only its copy in the journal is missing',
    },
    variants: {
      torn: {
        zh: { detail: ['备用文件 {file} 第 {line} 行不完整（写这一行时本系统停止了），已跳过', '备用文件有一行不完整（写这一行时本系统停止了），已跳过'] },
        en: { detail: ['line {line} of {file} is incomplete (Reissue stopped while writing it) and was skipped', 'a line of the fallback file is incomplete (Reissue stopped while writing it) and was skipped'] },
      },
      damaged: {
        zh: { detail: ['备用文件 {file} 第 {line} 行无法读取，已跳过', '备用文件有一行无法读取，已跳过'] },
        en: { detail: ['line {line} of {file} is unreadable and was skipped', 'a line of the fallback file is unreadable and was skipped'] },
      },
    },
  },
  TAP_JOB_NOT_PRINTED: {
    zh: {
      title: '小票可能没有打印',
      detail: ['收银机 {peer} 发来的第 {seq} 张小票可能没有打印', '有一张小票可能没有打印'],
      hint: '小票已记入日志；打印机恢复后看一下出纸，缺了的话补打重印凭证',
    },
    en: {
      title: 'Receipt may not have printed',
      detail: ['job {seq} from {peer} may not have printed', 'a receipt may not have printed'],
      hint: 'the receipt is kept in the journal; once the printer is back, check the paper and reprint it as a marked duplicate if it is missing',
    },
    variants: {
      'not-sent': {
        zh: { title: '小票没有打印', detail: ['收银机 {peer} 发来的第 {seq} 张小票没有打印：连不上打印机', '有一张小票没有打印：连不上打印机'], hint: '小票已记入日志；打印机恢复后补打重印凭证' },
        en: { title: 'Receipt not printed', detail: ['job {seq} from {peer} was not printed: no printer could be reached', 'a receipt was not printed: no printer could be reached'], hint: 'the receipt is kept in the journal; once the printer is back, reprint it as a marked duplicate' },
      },
      'partly-sent': {
        zh: { title: '小票没有打印完', detail: ['收银机 {peer} 发来的第 {seq} 张小票没有打印完：打印途中打印机断开了', '有一张小票没有打印完：打印途中打印机断开了'] },
        en: { title: 'Receipt cut off', detail: ['job {seq} from {peer} was cut off: the printer went away in the middle of it', 'a receipt was cut off: the printer went away in the middle of it'] },
      },
      unconfirmed: {
        zh: { detail: ['收银机 {peer} 发来的第 {seq} 张小票可能没有打印：刚发完打印机就断开了', '有一张小票可能没有打印：刚发完打印机就断开了'] },
        en: { detail: ['job {seq} from {peer} was perhaps not printed: the printer went away right after it', 'a receipt was perhaps not printed: the printer went away right after it'] },
      },
    },
  },
  CAPTURE_THREAD_NOT_BUILT: {
    audience: 'operator',
    zh: { title: '程序没有编译', detail: ['找不到小票采集工作线程 {file}', '找不到小票采集工作线程'], hint: '先编译项目（`npm run build`）：工作线程运行编译后的代码' },
    en: { title: 'Not built', detail: ["the tap's worker thread {file} is missing", "the tap's worker thread is missing"], hint: 'build the project first (npm run build): the worker thread runs the compiled JavaScript' },
  },
  CAPTURE_CHECK_UNAVAILABLE: {
    zh: { title: '暂时无法检查', detail: ['总部没能检查采集小票的打印内容里有没有完整卡号：{reason}', '总部没能检查采集小票的打印内容里有没有完整卡号'], hint: '什么都没有保存；门店会自动重新发送这一批——如果反复出现，请查看总部的日志' },
    en: { title: 'Check unavailable', detail: ["head office could not check a captured receipt's bytes for card numbers: {reason}", "head office could not check a captured receipt's bytes for card numbers"], hint: "nothing was stored; the shop sends the batch again by itself — if this repeats, look at head office's log" },
  },
  CAPTURE_CHECK_BUSY: {
    zh: { title: '总部正忙', detail: ['各门店已有 {waiting} 个字符的采集小票在等总部检查，这一批稍后再收', '各门店已有很多采集小票在等总部检查，这一批稍后再收'], hint: '什么都没有保存；门店会自动重新发送这一批' },
    en: { title: 'Head office busy', detail: ['{waiting} characters of captured receipts from all shops already wait to be checked; this batch is taken later', 'many captured receipts already wait to be checked; this batch is taken later'], hint: 'nothing was stored; the shop sends the batch again by itself' },
  },
  CAPTURE_CHECK_SHOP_BUSY: {
    zh: { title: '本店待检查的太多', detail: ['本店已有 {waiting} 个字符的采集小票在等总部检查，这一批稍后再收', '本店已有很多采集小票在等总部检查，这一批稍后再收'], hint: '什么都没有保存；门店会自动重新发送这一批。其他门店不受影响' },
    en: { title: "This shop's captures wait", detail: ["{waiting} characters of this shop's captured receipts already wait to be checked; this batch is taken later", "many of this shop's captured receipts already wait to be checked; this batch is taken later"], hint: 'nothing was stored; the shop sends the batch again by itself; other shops are not held up' },
  },
  CAPTURE_READER_UNAVAILABLE: {
    audience: 'operator',
    zh: { title: '读取线程没能启动', detail: ['读取采集小票的工作线程没能启动（{reason}）；现在在转接的主线程上读取，读大任务时会拖慢其他收银机', '读取采集小票的工作线程没能启动；现在在转接的主线程上读取'], hint: '小票照常打印、照常记录；请重启本系统，如果反复出现，请把日志发给技术支持' },
    en: { title: 'Reader thread unavailable', detail: ["the thread reading captured jobs could not start ({reason}); jobs are read on the tap's own thread, where a big one holds up the others' bytes while it is read", "the thread reading captured jobs could not start; jobs are read on the tap's own thread"], hint: 'receipts keep printing and being captured; restart Reissue, and if this repeats send the log to support' },
  },
  CAPTURE_READER_STOPPED: {
    audience: 'operator',
    zh: { title: '内部错误', detail: ['读取小票的工作线程在读一张小票时停止了：{reason}', '读取小票的工作线程在读一张小票时停止了'], hint: '小票本身已经打印；如果反复出现，请把日志发给技术支持' },
    en: { title: 'Internal error', detail: ['the thread reading captured jobs stopped while it read one: {reason}', 'the thread reading captured jobs stopped while it read one'], hint: 'the receipt printed; if this repeats, send the log to support' },
  },
  CAPTURE_THREAD_FAILED: {
    audience: 'operator',
    zh: { title: '内部错误', detail: ['小票日志工作线程停止了：{reason}', '小票日志工作线程停止了'], hint: '不用处理：它会自动重新启动；在那之前采集到的小票存在备用文件里，不会丢' },
    en: { title: 'Internal error', detail: ['the capture journal thread stopped: {reason}', 'the capture journal thread stopped'], hint: 'nothing to do: it is started again by itself; captured jobs wait in the fallback file meanwhile' },
  },
  TAP_STOPPED_UNCONFIRMED: {
    zh: { title: '打印结果未知', detail: '本系统在打印机确认这张小票之前停止了', hint: '看一下出纸；缺了的话补打重印凭证' },
    en: { title: 'Outcome unknown', detail: 'Reissue stopped before the printer confirmed the job', hint: 'check the paper; reprint it as a marked duplicate if it is missing' },
  },
  CAPTURE_THREAD_RESTARTED: {
    audience: 'operator',
    zh: {
      title: '小票日志线程已重启',
      detail: ['小票日志工作线程停止了（{reason}），{delayMs} 毫秒后自动重新启动，它手上的 {held} 张小票会重新交给它', '小票日志工作线程停止了，会自动重新启动'],
      hint: '不用处理：小票在写进日志之前都保存在备用文件里；如果反复出现，请把日志发给技术支持',
    },
    en: {
      title: 'Capture journal thread restarted',
      detail: ['the capture journal thread stopped ({reason}); it is started again in {delayMs} ms, and the {held} job(s) it held are sent to it again', 'the capture journal thread stopped; it is started again by itself'],
      hint: 'nothing to do: captured jobs wait in the fallback file until the journal has them; if this repeats, send the log to support',
    },
  },
  TAP_HANDOVER_FAILED: {
    zh: {
      title: '没能转交打印队列',
      detail: ['收银机 {peer} 发来的第 {seq} 张小票没有打印，也没能转交打印队列', '一张没有打印的小票没能转交打印队列'],
      hint: '这张小票已记入日志：在日志里找到它，补打重印凭证',
    },
    en: {
      title: 'Hand-over failed',
      detail: ['job {seq} from {peer} did not print and could not be handed to the print queue', 'a receipt that did not print could not be handed to the print queue'],
      hint: 'the receipt is in the journal; reprint it from there as a marked duplicate',
    },
  },
  TAP_CAPTURE_FAILED: {
    zh: {
      title: '小票没能记录',
      detail: ['收银机 {peer} 发来的第 {seq} 张小票已打印，但没能读取并记入日志', '有一张小票已打印，但没能读取并记入日志'],
      hint: '小票本身已经打印；请把这个问题和发生的时间报告给管理员',
    },
    en: {
      title: 'Receipt not captured',
      detail: ['job {seq} from {peer} printed but could not be read for the journal', 'a receipt printed but could not be read for the journal'],
      hint: 'the receipt itself printed; please report this with the log and the time it happened',
    },
  },
  TAP_JOB_REFUSED: {
    zh: {
      title: '小票没能记入日志',
      detail: ['日志拒收了收银机 {peer} 发来的第 {seq} 张小票（{reason}）：小票已打印，但不会记入日志；之后的小票照常记录', '日志拒收了一张小票：小票已打印，但不会记入日志；之后的小票照常记录'],
      hint: '小票本身已经打印；请把这个问题和发生的时间报告给管理员',
    },
    en: {
      title: 'Receipt refused by the journal',
      detail: ['the journal refused job {seq} from {peer} ({reason}): it printed, but is not in the journal; the jobs after it are journaled as usual', 'the journal refused a receipt: it printed, but is not in the journal; the jobs after it are journaled as usual'],
      hint: 'the receipt itself printed; please report this with the log and the time it happened',
    },
  },
  TAP_TOO_MANY_CONNECTIONS: {
    audience: 'operator',
    zh: {
      title: '连接太多',
      detail: ['已有 {max} 个 {channel} 连接，{peer} 的连接（以及之后的，直到有连接关闭）被拒绝', '连接太多，新的连接被拒绝'],
      hint: '一台收银机一次只打印一张小票：检查店内网络上是否有设备连到本系统却不断开',
    },
    en: {
      title: 'Too many connections',
      detail: ['{max} {channel} connections are open; one from {peer} (and any more until some close) was refused', 'too many connections are open; new ones were refused'],
      hint: 'a till prints one job at a time: look for a device on the shop network that opens connections to the tap and does not close them',
    },
  },
  LPD_BAD_COMMAND: {
    audience: 'operator',
    zh: {
      title: 'LPD 请求无法识别',
      detail: ['LPD 客户端 {peer} 发来了无法识别的内容，连接已断开', 'LPD 客户端发来了无法识别的内容，连接已断开'],
      hint: '把收银软件设为用 LPD（RFC 1179）发送原始打印数据，或直接打印到本系统的 TCP 端口',
    },
    en: {
      title: 'Unreadable LPD request',
      detail: ['LPD client {peer} sent something the tap cannot read; the connection was closed', 'an LPD client sent something the tap cannot read; the connection was closed'],
      hint: "set the POS to print raw over LPD (RFC 1179), or straight to the tap's TCP port",
    },
    variants: {
      'long-line': {
        zh: { detail: ['LPD 客户端 {peer} 发来的命令行超过 1024 字节，连接已断开', 'LPD 客户端发来的命令行超过 1024 字节，连接已断开'] },
        en: { detail: ['LPD client {peer} sent a command line longer than 1024 bytes; the connection was closed', 'an LPD client sent a command line longer than 1024 bytes; the connection was closed'] },
      },
      command: {
        zh: { detail: ['LPD 客户端 {peer} 发来了不认识的命令 {command}，连接已断开', 'LPD 客户端发来了不认识的命令，连接已断开'] },
        en: { detail: ['LPD client {peer} sent an unknown LPD command {command}; the connection was closed', 'an LPD client sent an unknown LPD command; the connection was closed'] },
      },
      subcommand: {
        zh: { detail: ['LPD 客户端 {peer} 在传送任务时发来了不认识的子命令，连接已断开', 'LPD 客户端发来了不认识的子命令，连接已断开'] },
        en: { detail: ['LPD client {peer} sent a job subcommand the tap does not know; the connection was closed', 'an LPD client sent a job subcommand the tap does not know; the connection was closed'] },
      },
      'file-length': {
        zh: { detail: ['LPD 客户端 {peer} 发来的文件长度与它声明的不符，连接已断开', 'LPD 客户端发来的文件长度与它声明的不符，连接已断开'] },
        en: { detail: ['LPD client {peer} sent a file whose length was not what it announced; the connection was closed', 'an LPD client sent a file whose length was not what it announced; the connection was closed'] },
      },
      copies: {
        zh: { detail: ['LPD 客户端 {peer} 要把一个任务打印 {copies} 份（最多 {max} 份），没有打印，连接已断开', 'LPD 客户端要打印的份数太多，没有打印，连接已断开'] },
        en: { detail: ['LPD client {peer} asked for {copies} copies of one job (at most {max}); nothing was printed and the connection was closed', 'an LPD client asked for too many copies of one job; nothing was printed and the connection was closed'] },
      },
    },
  },
  LPD_JOB_INCOMPLETE: {
    audience: 'operator',
    zh: {
      title: 'LPD 任务不完整',
      detail: ['LPD 客户端 {peer} 的打印任务不完整，已丢弃', 'LPD 打印任务不完整，已丢弃'],
      hint: '这个任务没有打印；收银软件一般会报告失败并重新发送',
    },
    en: {
      title: 'LPD job incomplete',
      detail: ['an LPD job from {peer} was dropped: it was incomplete', 'an LPD job was dropped: it was incomplete'],
      hint: 'nothing was printed from it; the POS reports the job as failed and sends it again',
    },
    variants: {
      closed: {
        zh: { detail: ['LPD 客户端 {peer} 在任务传完之前断开了连接，任务已丢弃', 'LPD 客户端在任务传完之前断开了连接，任务已丢弃'] },
        en: { detail: ['an LPD job from {peer} was dropped: the client closed the connection before the job was complete', 'an LPD job was dropped: the client closed the connection before the job was complete'] },
      },
      refused: {
        zh: { detail: ['LPD 客户端 {peer} 不按协议发送，没传完的任务已丢弃', 'LPD 客户端不按协议发送，没传完的任务已丢弃'] },
        en: { detail: ['an LPD job from {peer} was dropped: the client broke the protocol', 'an LPD job was dropped: the client broke the protocol'] },
      },
      idle: {
        zh: { detail: ['LPD 客户端 {peer} 已有 {idleMs:seconds} 秒没发来数据，没传完的任务已丢弃', 'LPD 客户端很久没发来数据，没传完的任务已丢弃'] },
        en: { detail: ['an LPD job from {peer} was dropped: the client sent nothing for {idleMs:seconds} s', 'an LPD job was dropped: the client stopped sending'] },
      },
    },
  },
  LPD_FILE_TOO_LARGE: {
    audience: 'operator',
    zh: {
      title: 'LPD 文件太大',
      detail: ['LPD 客户端 {peer} 发来的文件有 {count:bytes}，超过上限 {max:bytes}，已拒收', 'LPD 客户端发来的文件超过上限，已拒收'],
      hint: '一张小票只有几 KB：检查收银软件是否打印到了正确的队列',
    },
    en: {
      title: 'LPD file too large',
      detail: ['LPD client {peer} sent a {count:bytes} file, over the limit of {max:bytes}; it was refused', 'an LPD client sent a file over the limit; it was refused'],
      hint: 'a receipt is a few kilobytes: check that the POS prints to the right queue',
    },
  },
  BAD_SOURCE: {
    audience: 'operator',
    zh: {
      title: '来源名不对',
      detail: ['“{source}”不能用作来源名', '这个来源名不能用'],
      hint: '来源名标明是哪台收银机：1–64 个字母、数字、“.”、“_”或“-”，如 front-till',
    },
    en: {
      title: 'Bad source name',
      detail: ['"{source}" cannot name a source', 'that cannot name a source'],
      hint: 'a source names the till: 1–64 letters, digits, ".", "_" or "-", e.g. "front-till"',
    },
  },
  BAD_RULES: {
    audience: 'operator',
    zh: {
      title: '识别规则文件有误',
      detail: ['{file}：{first}；另有 {more} 处需要改正', '{file}：{first}', '识别规则文件有误'],
      hint: ['改正 {file}；写法见 README 里接入现有收银机的一节', '改正识别规则文件'],
    },
    en: {
      title: 'Bad rules file',
      detail: ['{file}: {first} (and {more} more)', '{file}: {first}', 'the rules file is not valid'],
      hint: ['fix {file}; see README "Use it with your existing POS" for the rules file', 'fix the rules file'],
    },
    variants: {
      json: {
        zh: { detail: ['{file} 不是有效的 JSON：{reason}', '识别规则文件不是有效的 JSON'], hint: ['改正 {file}：它是一个 JSON 对象，如 {"sources": {"front": {"dateOrder": "dmy"}}}', '识别规则文件是一个 JSON 对象'] },
        en: { detail: ['{file} is not valid JSON: {reason}', 'the rules file is not valid JSON'], hint: ['fix {file}; it is a JSON object such as {"sources": {"front": {"dateOrder": "dmy"}}}', 'the rules file is a JSON object'] },
      },
    },
  },
});
