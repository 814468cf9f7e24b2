import type { Words } from './vocabulary.js';

/**
 * What is wrong with one field, by issue code, said after the field's label:
 * "金额：必须大于零" / "amount must be greater than zero". Codes of schema checks are
 * generic (REQUIRED, FORMAT, TOO_LONG …); the rest are the rules of a transaction, a request
 * or the configuration file. An issue whose code is an error code reads as that error.
 */
export const ISSUE_TEXTS: Readonly<Record<string, Words>> = {
  // schema checks
  REQUIRED: { zh: '必须填写', en: 'is required' },
  FORMAT: { zh: '应为{format}', en: 'must be {format}' },
  FORMAT_GENERIC: { zh: '格式不对', en: 'is not written the right way' },
  WRONG_TYPE: { zh: '类型不对，应为{expected:valueType}', en: 'must be {expected:valueType}' },
  EMPTY: { zh: '不能为空', en: 'must not be empty' },
  TOO_SHORT: { zh: '至少要 {minimum} 个字符', en: 'must have at least {minimum} characters' },
  TOO_LONG: { zh: '最多 {maximum} 个字符', en: 'must be at most {maximum} characters' },
  TOO_SMALL: { zh: '不能小于 {minimum}', en: 'must be at least {minimum}' },
  TOO_BIG: { zh: '不能大于 {maximum}', en: 'must be at most {maximum}' },
  NOT_POSITIVE: { zh: '必须大于零', en: 'must be greater than zero' },
  TOO_FEW: { zh: '至少要 {minimum} 项', en: 'needs at least {minimum} entries' },
  TOO_MANY: { zh: '最多 {maximum} 项', en: 'takes at most {maximum} entries' },
  NOT_ONE_OF: { zh: '应为以下之一：{values:list}', en: 'must be one of {values:list}' },
  UNKNOWN_FIELDS: { zh: '含有不认识的字段 {keys:quoted}', en: 'has an unknown field {keys:quoted}' },
  /** The same said of the whole request (a path of ""). */
  UNKNOWN_FIELDS_TOP: { zh: '不认识的字段 {keys:quoted}', en: 'unknown field {keys:quoted}' },
  INVALID: { zh: '无效', en: 'is not valid' },
  /** An NDJSON line that is not JSON at all (said after "line 4: "). */
  NOT_JSON: { zh: '不是有效的 JSON', en: 'not valid JSON' },

  // a transaction's own rules
  AMOUNT_NOT_POSITIVE: { zh: '必须大于零', en: 'must be greater than zero' },
  LEADING_ZERO: { zh: '开头不能有多余的 0（“{value}”）：写成 10、10.5 或 10.50，都存为 10.50', en: 'has a leading zero ("{value}"): write 10, 10.5 or 10.50 (stored as 10.50)' },
  LEADING_ZERO_QUANTITY: { zh: '开头不能有多余的 0，如 2 或 0.750', en: 'is written without leading zeros, e.g. 2 or 0.750' },
  SALE_TIME_AHEAD: { zh: '是 UTC {at}，比本系统时钟允许的晚（现在是 UTC {now}，最多只能提前 {aheadMs:minutes} 分钟）', en: "is {at} UTC, later than this system's clock allows (now {now} UTC, at most {aheadMs:minutes} minutes ahead)" },
  SALE_TIME_TOO_OLD: { zh: '是 UTC {at}，早于 {backMs:days} 天之前', en: 'is {at} UTC, further back than {backMs:days} days' },
  ACCEPT_AHEAD_TOO_LONG: { zh: '超过一天：不能记录比时钟提前这么多的交易', en: 'is more than a day: a sale cannot be recorded that far ahead of the clock' },
  QUANTITY_NOT_POSITIVE: { zh: '必须大于零', en: 'must be greater than zero' },
  QUANTITY_TOO_LARGE: { zh: '太大：最多 {maximum}', en: 'is too large: at most {maximum}' },
  NOT_WHOLE_QUANTITY: { zh: '整数数量写成 JSON 整数；带小数的数量写成字符串，如 "0.500"', en: 'a whole quantity is a JSON integer; a fractional one is a string such as "0.500"' },
  VOUCHER_ZERO: { zh: '应在 000001 到 999999 之间', en: 'runs from 000001 to 999999' },
  LINE_AMOUNT_MISMATCH: { zh: '写的是 {given}，但数量 × 单价 − 折扣 = {expected}', en: 'is {given} but quantity × unit price − discount is {expected}' },
  ITEMS_TOTAL_MISMATCH: { zh: '是 {amount}，但商品扣除折扣后合计 {items}', en: 'is {amount} but the items come to {items} after discounts' },
  TENDERED_TOO_LOW: { zh: '少于付款金额', en: 'is less than the amount paid' },
  CHANGE_MISMATCH: { zh: '应为 {expected}（实收 − 金额）', en: 'should be {expected} (tendered − amount)' },
  CHANGE_WITHOUT_TENDERED: { zh: '有找零就要写实收金额', en: 'needs the amount tendered' },
  PAYMENTS_TOTAL_MISMATCH: { zh: '合计 {paid}，但交易金额是 {amount}', en: 'add up to {paid} but the amount is {amount}' },
  ORIGINAL_REQUIRED: { zh: '{kind:kind}必须写明原交易的凭证号（和批次号）或参考号', en: 'a {kind:kind} must name the original sale by voucher no. (and batch no.) or reference no.' },
  ORIGINAL_NOT_EXPECTED: { zh: '{kind:kind}不需要原交易', en: 'a {kind:kind} does not refer to an original sale' },

  // requests
  REPEATED: { zh: '只能给一次', en: 'is given more than once' },
  BODY_REQUIRED: { zh: '请求内容不能为空', en: 'a JSON body is required' },
  NOT_WITH_PRINTER: { zh: '不要填：按打印机 {printer} 的设置打印', en: 'must be left out: the receipt prints as printer {printer} does' },
  PRINTER_REQUIRED: { zh: '请选择打印机（没有设置默认打印机）', en: 'which printer? none was chosen and there is no default printer' },

  // the configuration file
  NAME_TAKEN: { zh: '“{name}”已被另一台打印机使用', en: '"{name}" is used by two printers' },
  OWN_BACKUP: { zh: '打印机不能做自己的备用打印机', en: 'a printer cannot be its own backup' },
  SAME_PRINTER_BACKUP: { zh: '“{name}”是同一台打印机（{address}）：备用打印机必须是另一台', en: 'names "{name}", the same printer ({address}): a backup must be another printer' },
  NOT_A_PRINTER: { zh: '“{name}”不是本文件里的打印机', en: 'names "{name}", which is not a printer in this file' },
  RETRY_ORDER: { zh: '不能长于最长重试间隔', en: 'is longer than the longest retry wait' },
  PORT_RANGE: { zh: '端口 {port} 超出范围（1–65535）', en: 'port {port} is out of range (1–65535)' },
  BAD_DEVICE_ADDRESS: { zh: '“{address}”不是可用的打印机设备：请写 USB 打印机设备文件的完整路径，或者 serial: 加串口设备的完整路径和速率（如 9600、115200）', en: '"{address}" is not a usable printer device (write /dev/usb/lp0 or serial:/dev/ttyUSB0:9600, with a serial speed such as 9600, 19200, 115200)' },
  NOT_HOST_PORT: { zh: '“{value}”不是“主机:端口”（如 0.0.0.0:9100）', en: '"{value}" is not HOST:PORT (e.g. 0.0.0.0:9100)' },
  NOT_A_TAP_PRINTER: { zh: '“{name}”不是本文件里的打印机，也不是打印机地址（写打印机名称、主机:端口、USB 打印机设备文件的完整路径，或者 serial: 加串口设备的完整路径和速率）', en: 'names "{name}", which is neither a printer in this file nor a printer address (HOST:PORT, /dev/usb/lp0 or serial:/dev/ttyUSB0:9600)' },
  SOURCE_TAKEN: { zh: '“{source}”已是另一个小票采集的来源名称：每个收银机用自己的名称', en: '"{source}" is the source of two taps: give each till its own name' },
  TAP_LISTEN_REQUIRED: { zh: '必须填写：收银机打印到的地址（如 0.0.0.0:9100）', en: 'is required: the address the POS prints to (e.g. 0.0.0.0:9100)' },
  LISTEN_TAKEN: { zh: '{address} 已被 {other} 使用', en: '{address} is also where {other} listens' },
  NOT_A_DURATION: { zh: '“{value}”不是时长（写成 90s、15m、2h）', en: '"{value}" is not a duration (write 90s, 15m, 2h)' },

  // the tap's rules file (recognising receipt fields)
  NOT_A_PATTERN: { zh: '不是有效的正则表达式', en: 'is not a regular expression: {reason}' },
  NESTED_REPEAT: { zh: '重复的一组里面又有重复，遇到长小票可能要算很久；去掉外层的 + 或 *', en: 'repeats a group that repeats inside, which can take forever on a long receipt; drop the outer + or *' },
  NO_FIELD_GROUP: { zh: '没有名为“{field}”的分组：用 (?<{field}>…) 括住要识别的那部分', en: 'has no group named "{field}": put (?<{field}>…) around the part that is the {field}' },
  NO_TIME_GROUPS: { zh: '要用 (?<printedAt>…) 括住日期和时间，或者用 year、month、day、hour、minute 五个分组', en: 'needs a group (?<printedAt>…) around the date and time, or the groups year, month, day, hour and minute' },
};

/** The kind of value a schema expected, for WRONG_TYPE. */
export const VALUE_TYPES: Readonly<Record<string, Words>> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: 'true 或 false', en: 'true or false' },
  object: { zh: '对象', en: 'an object' },
  array: { zh: '列表', en: 'a list' },
};
