import { messages } from './types.js';

/**
 * Receipts, ESC/POS bytes, the virtual printer, reports and demo data. Most are mistakes of a
 * program driving these parts (audience developer): their English text is the error's own.
 */
export const OUTPUT_ERRORS = messages('developer', {
  BAD_PAPER: {
    audience: 'staff',
    zh: { title: '纸张不对', detail: ['不认识的纸张“{value}”', '不认识的纸张'], hint: '可选：58 毫米、80 毫米、80 毫米 180 dpi（爱普生）', cliHint: '可选：58、80、80-180' },
    en: { title: 'Unknown paper', detail: ['unknown paper "{value}"', 'unknown paper'], hint: 'use 58 mm, 80 mm, or 80 mm at 180 dpi (Epson)', cliHint: 'use one of 58, 80, 80-180' },
  },
  BAD_FORMAT: {
    audience: 'staff',
    zh: { title: '格式不对', detail: ['不认识的格式“{value}”', '不认识的格式'], hint: '可选：{allowed:list}' },
    en: { title: 'Unknown format', detail: ['unknown format "{value}"', 'unknown format'], hint: 'use one of {allowed:list}' },
  },
  PAPER_MISMATCH: {
    audience: 'staff',
    zh: { title: '纸张与打印机不符', detail: ['打印机 {model} 用 {paper} 毫米纸，不是 {given}', '纸张与打印机型号不符'], hint: '不选纸张，或选一个用这种纸的打印机型号', cliHint: '去掉 --paper，或选一个用这种纸的打印机型号' },
    en: { title: 'Paper does not fit the printer', detail: ['printer {model} takes paper {paper}, not {given}', 'the paper does not fit the printer model'], hint: 'leave the paper out, or choose a printer model for that paper', cliHint: 'drop --paper, or choose a printer model for {given} mm paper' },
  },
  BAD_LAYOUT_OPTION: {
    zh: { title: '版式选项不对', detail: ['不认识的{option}“{value}”', '不认识的版式选项'], hint: '可选：{allowed:list}' },
    en: { title: 'Unknown layout option', detail: ['unknown {option} "{value}"', 'unknown layout option'], hint: 'use one of {allowed:list}' },
  },
  BAD_LANGUAGE: {
    audience: 'staff',
    zh: { title: '语言不对', detail: ['不认识的语言“{value}”', '不认识的语言'], hint: '可选：中文（zh）、英文（en）、中英双语（bilingual）' },
    en: { title: 'Unknown language', detail: ['unknown language "{value}"', 'unknown language'], hint: 'use one of {allowed:list}' },
  },
  BAD_DATE: {
    audience: 'staff',
    zh: { title: '日期不对', detail: ['“{value}”不是日历上的日期', '这不是日期'], hint: '写门店当地日期：年-月-日，如 2026-11-27' },
    en: { title: 'Not a date', detail: ['"{value}" is not a calendar date', 'that is not a date'], hint: 'write the store-local day as YYYY-MM-DD, e.g. 2026-11-27', cliHint: 'write the store-local day as YYYY-MM-DD, e.g. --date 2026-11-27' },
  },
  BAD_FILTER: {
    audience: 'staff',
    zh: { title: '筛选条件不对', detail: ['{field:field}“{value}”不对：应为{field:fieldFormat}', '筛选条件不对'] },
    en: { title: 'Bad filter', detail: ['{field:field} "{value}" is not valid: it must be {field:fieldFormat}', 'a filter is not valid'] },
  },
  TOTAL_TOO_LARGE: {
    audience: 'staff',
    zh: { title: '合计太大', detail: '合计超出了能精确计算的范围', hint: '把报表限定在一台终端或一个批次' },
    en: { title: 'Totals too large', detail: 'the totals exceed what can be counted exactly in minor units', hint: 'narrow the report to one terminal or batch' },
  },
  BAD_SECTIONS: {
    zh: { title: '报表部分不对', detail: '不能打印这些报表部分', hint: '从交易明细和交易汇总中选择' },
    en: { title: 'Bad report sections', detail: '{message}', hint: '{hint}' },
  },
  BAD_PRINTED_AT: {
    zh: { title: '打印时间不对', detail: '报表的打印时间不是时间', hint: '不填，或填毫秒时间戳' },
    en: { title: 'Bad printed time', detail: '{message}', hint: '{hint}' },
  },
  UNKNOWN_PRINTER_MODEL: {
    audience: 'operator',
    zh: { title: '打印机型号不对', detail: ['不认识的打印机型号“{value}”', '不认识的打印机型号'], hint: '可选：{allowed:list}' },
    en: { title: 'Unknown printer model', detail: ['unknown printer model "{value}"', 'unknown printer model'], hint: 'use one of {allowed:list}' },
  },
  FONT_MISSING: {
    audience: 'operator',
    zh: { title: '缺少字体', detail: '缺少 GNU Unifont 字体，无法生成凭证图片', hint: '在 Debian/Ubuntu 上运行 `apt-get install -y unifont`' },
    en: { title: 'Font missing', detail: '{message}', hint: '{hint}' },
  },
  BAD_COPY_NUMBER: {
    zh: { title: '份号不对', detail: '重印凭证的份号必须是从 1 开始的整数', hint: '第一次补打是第 1 份，下一次第 2 份，依此类推' },
    en: { title: 'Bad copy number', detail: '{message}', hint: '{hint}' },
  },
  NO_CARD_SLIP: {
    audience: 'staff',
    zh: { title: '没有签购单', detail: ['交易 {id} 不是刷卡交易，没有签购单', '这笔交易不是刷卡交易，没有签购单'], hint: '改为打印它的小票' },
    en: { title: 'No bank slip', detail: ['sale {id} was not paid by card, so it has no bank slip', 'this sale was not paid by card, so it has no bank slip'], hint: 'print its shop receipt instead', cliHint: 'print its shop receipt instead (--template retail)' },
  },
  BAD_BARCODE_DATA: {
    zh: { title: '条码内容不对', detail: '这些内容不能打印成这种条码', hint: '检查条码的位数和字符' },
    en: { title: 'Bad barcode data', detail: '{message}', hint: '{hint}' },
  },
  BARCODE_BAD_DATA: {
    zh: { title: '条码内容不对', detail: ['{symbology} 条码的内容“{data}”不符合这种条码的格式', '条码内容不符合格式'], hint: '检查条码的位数和字符' },
    en: { title: 'Bad barcode data', detail: '{message}', hint: '{hint}' },
  },
  BARCODE_BAD_CHECK_DIGIT: {
    zh: { title: '条码校验位不对', detail: ['{symbology} 条码“{data}”的校验位不对', '条码校验位不对'], hint: '改正校验位，或去掉校验位让打印机自动加上' },
    en: { title: 'Wrong check digit', detail: '{message}', hint: '{hint}' },
  },
  BARCODE_BAD_SYMBOLOGY: {
    zh: { title: '条码类型不对', detail: '不认识的条码类型', hint: '用打印机支持的条码类型' },
    en: { title: 'Unknown barcode symbology', detail: '{message}' },
  },
  BARCODE_BAD_HEIGHT: {
    zh: { title: '条码高度不对', detail: '条码高度必须是 1–255 点', hint: '改用 1–255 之间的高度' },
    en: { title: 'Bad barcode height', detail: '{message}' },
  },
  BARCODE_BAD_WIDTH: {
    zh: { title: '条码宽度不对', detail: '条码模块宽度必须是 1–6 点', hint: '改用 1–6 之间的宽度' },
    en: { title: 'Bad barcode width', detail: '{message}' },
  },
  DOCUMENT_TOO_WIDE: {
    zh: { title: '版面太宽', detail: '凭证的版面比打印机的纸宽', hint: '按打印机的纸张重新排版' },
    en: { title: 'Document too wide', detail: '{message}', hint: '{hint}' },
  },
  LINE_TOO_WIDE: {
    zh: { title: '一行太宽', detail: '有一行比纸宽', hint: '排版时先换行或截断' },
    en: { title: 'Line too wide', detail: '{message}', hint: '{hint}' },
  },
  NO_DRAWER: {
    zh: { title: '没有钱箱接口', detail: '这台打印机没有钱箱接口', hint: '去掉开钱箱的指令' },
    en: { title: 'No cash drawer', detail: '{message}' },
  },
  NO_COMPLETION_MARKER: {
    zh: { title: '不支持完成确认', detail: '这台打印机不支持打印完成确认', hint: '不带任务标识打印，用状态查询确认完成' },
    en: { title: 'No completion marker', detail: '{message}', hint: '{hint}' },
  },
  BAD_BLOCK: {
    zh: { title: '凭证内容不对', detail: '凭证里有不认识的内容块', hint: '只用排版模块给出的内容块' },
    en: { title: 'Unknown receipt block', detail: '{message}' },
  },
  QR_BAD_SIZE: {
    zh: { title: '二维码尺寸不对', detail: '二维码模块尺寸必须是 1–16 点的整数', hint: '改用 1–16 之间的尺寸' },
    en: { title: 'Bad QR size', detail: '{message}' },
  },
  QR_EMPTY: {
    zh: { title: '二维码为空', detail: '二维码没有内容', hint: '给二维码填上内容' },
    en: { title: 'Empty QR code', detail: '{message}' },
  },
  QR_TOO_LONG: {
    zh: { title: '二维码内容太长', detail: '二维码内容太长，放不进一个二维码', hint: '缩短内容，或降低纠错级别' },
    en: { title: 'QR data too long', detail: '{message}', hint: '{hint}' },
  },
  QR_TOO_LARGE: {
    zh: { title: '二维码太大', detail: '二维码比打印区域宽', hint: '减小模块尺寸，或缩短内容' },
    en: { title: 'QR code too large', detail: '{message}', hint: '{hint}' },
  },
  IMAGE_BAD_SIZE: {
    zh: { title: '图片数据不对', detail: '图片的数据量与尺寸不符', hint: '按宽×高给出完整的点阵数据' },
    en: { title: 'Bad image size', detail: '{message}' },
  },
  IMAGE_TOO_WIDE: {
    zh: { title: '图片太宽', detail: '图片比打印区域宽', hint: '缩小图片' },
    en: { title: 'Image too wide', detail: '{message}' },
  },
  FEED_BAD_LINES: {
    zh: { title: '走纸行数不对', detail: '走纸行数必须是不小于 0 的整数', hint: '改用 0 或正整数' },
    en: { title: 'Bad feed', detail: '{message}' },
  },
  STATUS_BAD_REQUEST: {
    zh: { title: '状态查询不对', detail: '这不是打印机能回答的状态查询', hint: '状态查询用 1–4' },
    en: { title: 'Bad status request', detail: '{message}' },
  },
  STATUS_BAD_BYTE: {
    zh: { title: '状态数据不对', detail: '这不是打印机状态字节', hint: '检查打印机型号和连接' },
    en: { title: 'Bad status byte', detail: '{message}' },
  },
  ASB_BAD_BYTES: {
    zh: { title: '自动状态数据不对', detail: '这不是打印机自动返回的状态块', hint: '自动状态是 4 个字节' },
    en: { title: 'Bad automatic status', detail: '{message}', hint: '{hint}' },
  },
  PROCESS_ID_BAD_BYTES: {
    zh: { title: '完成确认数据不对', detail: '这不是打印完成确认的回应', hint: '检查打印机型号' },
    en: { title: 'Bad completion answer', detail: '{message}' },
  },
  PRINTER_ID_BAD_TEXT: {
    zh: { title: '打印机信息不对', detail: '打印机信息必须是最多 80 个可打印的英文字符', hint: '缩短打印机信息' },
    en: { title: 'Bad printer information', detail: '{message}' },
  },
  PRINTER_ID_BAD_REQUEST: {
    zh: { title: '打印机信息查询不对', detail: '这不是打印机能回答的信息查询', hint: '检查查询编号' },
    en: { title: 'Bad printer-id request', detail: '{message}' },
  },
  PRINTER_ID_BAD_VALUE: {
    zh: { title: '打印机信息不对', detail: '打印机信息字节格式不对', hint: '检查字节值' },
    en: { title: 'Bad printer-id value', detail: '{message}' },
  },
  PRINTER_ID_BAD_BYTES: {
    zh: { title: '打印机信息回应不对', detail: '打印机信息查询的回应格式不对', hint: '检查打印机型号和连接' },
    en: { title: 'Bad printer-id answer', detail: '{message}' },
  },
  PARSER_ENDED: {
    zh: { title: '解析已结束', detail: '解析结束后不能再输入数据', hint: '新数据用新的解析器' },
    en: { title: 'Parser ended', detail: '{message}' },
  },
  BAD_FAULT: {
    audience: 'operator',
    zh: { title: '故障名不对', detail: ['不认识的打印机故障“{fault}”', '不认识的打印机故障'], hint: '可选：`paper-out`（缺纸）、`near-end`（纸将尽）、`cover-open`（上盖打开）、`offline`（离线）、`slow`（慢速）、`drop-after=N`（收到 N 字节后断开）、`mute`（不回应）' },
    en: { title: 'Unknown fault', detail: '{message}', hint: '{hint}' },
  },
  BAD_PRINT_SPEED: {
    audience: 'operator',
    zh: { title: '打印速度不对', detail: '打印速度必须是正数（毫米/秒）', hint: '热敏打印机一般 150–300 毫米/秒' },
    en: { title: 'Bad print speed', detail: '{message}', hint: '{hint}' },
  },
  BAD_PORT: {
    audience: 'operator',
    zh: { title: '端口不对', detail: '端口必须在 0–65535 之间', hint: '像网络打印机一样用 9100，或用 0 自动选一个空闲端口' },
    en: { title: 'Bad port', detail: '{message}', hint: '{hint}' },
  },
  PRINTER_ALREADY_STARTED: {
    zh: { title: '已经启动', detail: '虚拟打印机已经启动了', hint: '不要重复启动' },
    en: { title: 'Already started', detail: '{message}' },
  },
  PRINTER_STOPPED: {
    zh: { title: '虚拟打印机已停止', detail: '虚拟打印机在任务打印完之前停止了', hint: '重新启动虚拟打印机' },
    en: { title: 'Virtual printer stopped', detail: '{message}' },
  },
  JOB_NOT_PRINTED: {
    zh: { title: '没有打印出来', detail: ['任务在规定时间内没有打印出来（故障：{fault}）', '任务在规定时间内没有打印出来'], hint: '检查虚拟打印机的故障设置' },
    en: { title: 'Not printed', detail: '{message}' },
  },
  BAD_LISTEN_ADDRESS: {
    audience: 'operator',
    zh: { title: '地址不对', detail: ['无法在 {host}:{port} 上监听：本机没有这个地址', '本机没有这个地址'], hint: '用 127.0.0.1、0.0.0.0 或本机的地址' },
    en: { title: 'No such address', detail: ['cannot listen on {host}:{port}: no such local address', 'no such local address'], hint: 'use 127.0.0.1, 0.0.0.0 or an address of this machine' },
    variants: {
      tap: { zh: { hint: '用 0.0.0.0（所有网络）、127.0.0.1 或本机的某个地址' }, en: { hint: 'use 0.0.0.0 (every network), 127.0.0.1 or an address of this machine' } },
    },
  },
  BAD_SEED_COUNT: {
    audience: 'operator',
    zh: { title: '数量不对', detail: '演示交易数量必须是不小于 0 的整数', hint: '例如 --count 10000' },
    en: { title: 'Bad count', detail: '{message}', hint: '{hint}' },
  },
  BAD_SEED_UNTIL: {
    audience: 'operator',
    zh: { title: '结束时间不对', detail: '演示数据的结束时间不是时间', hint: '例如 --until 2026-11-27' },
    en: { title: 'Bad end time', detail: '{message}', hint: '{hint}' },
  },
  BAD_SEED_DAYS: {
    audience: 'operator',
    zh: { title: '天数不对', detail: '天数必须在 0 到 3660 之间', hint: '例如 --days 30' },
    en: { title: 'Bad number of days', detail: '{message}', hint: '{hint}' },
  },
  BAD_SEED: {
    audience: 'operator',
    zh: { title: '随机种子不对', detail: '随机种子必须是数字或文字', hint: '例如 --seed 42' },
    en: { title: 'Bad seed', detail: '{message}', hint: '{hint}' },
  },
});
