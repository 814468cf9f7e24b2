import { messages } from './types.js';

/** The HTTP API's own answers: requests it cannot read, sign-in over HTTP, e-receipt links. */
export const SERVER_ERRORS = messages('integrator', {
  INVALID_REQUEST: {
    audience: 'staff',
    zh: { title: '填写有误', detail: ['{first}；另有 {more} 处需要改正', '{first}', '填写有误'], hint: '改正标出的内容后再试' },
    en: { title: 'Bad request', detail: ['invalid request: {first} (and {more} more)', 'invalid request: {first}', 'invalid request'], hint: 'fix the named fields and try again' },
  },
  PRINTER_REQUIRED: {
    audience: 'staff',
    zh: { title: '请选择打印机', detail: '没有选择打印机，也没有设置默认打印机', hint: '选择一台打印机，或请管理员在配置文件里设置默认打印机' },
    en: { title: 'Which printer?', detail: 'no printer was chosen and there is no default printer', hint: 'choose a printer, or have an admin set the default printer in the configuration file' },
  },
  BAD_JSON: {
    zh: { title: '请求内容不对', detail: '请求内容不是有效的 JSON', hint: '检查引号、逗号和括号；金额写成带引号的文本，如 "128.50"' },
    en: { title: 'Not JSON', detail: 'the request body is not valid JSON', hint: 'check quotes, commas and brackets; amounts are strings such as "128.50"' },
    variants: {
      line: {
        zh: { detail: ['第 {line} 行不是有效的 JSON，什么都没有记录', '输入不是有效的 JSON，什么都没有记录'], hint: '每行一个 JSON 交易对象；检查引号、逗号和括号' },
        en: { detail: ['line {line} is not valid JSON; nothing was recorded', 'the input is not valid JSON; nothing was recorded'], hint: 'one JSON transaction a line; check quotes, commas and brackets' },
      },
      lines: {
        zh: { detail: ['有 {invalid} 行不是有效的 JSON（第一处在第 {line} 行），什么都没有记录', '有几行不是有效的 JSON，什么都没有记录'], hint: '每行一个完整的 JSON 交易对象；检查列出各行的引号、逗号和括号' },
        en: { detail: ['{invalid} lines are not valid JSON (first: line {line}); nothing was recorded', 'some lines are not valid JSON; nothing was recorded'], hint: 'one complete JSON transaction a line; check quotes, commas and brackets on the listed lines' },
      },
      document: {
        zh: { detail: ['输入不是有效的 JSON：错在第 {line} 行第 {column} 个字符，什么都没有记录', '输入不是有效的 JSON，什么都没有记录'], hint: '检查那里及其前面的引号、逗号和括号（少了逗号，错误会出现在下一行）' },
        en: { detail: ['the input is not valid JSON at line {line}, column {column}; nothing was recorded', 'the input is not valid JSON; nothing was recorded'], hint: 'check the quotes, commas and brackets there and just before (a missing comma shows on the line after it)' },
      },
    },
  },
  BODY_NOT_UTF8: {
    audience: 'integrator',
    zh: { title: '请求内容不是 UTF-8', detail: '请求内容不是 UTF-8 文本，什么都没有做', hint: '请用 UTF-8 编码发送 JSON（收银机若设为 GBK 或 GB2312，要先转换文字）' },
    en: { title: 'Body not UTF-8', detail: 'the request body is not UTF-8 text; nothing was done', hint: 'send JSON encoded as UTF-8 (a POS set to GBK or GB2312 must convert its text first)' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: { title: '内容类型不对', detail: '请求内容必须是 JSON', hint: '发送 `Content-Type: application/json`' },
    en: { title: 'Not JSON', detail: 'the body must be JSON', hint: 'send Content-Type: application/json' },
  },
  PAYLOAD_TOO_LARGE: {
    zh: { title: '请求太大', detail: ['请求内容超过 {kib} KiB', '请求内容超过服务器接受的大小'], hint: '大批量数据请分几批发送' },
    en: { title: 'Request too large', detail: ['the request body is larger than {kib} KiB', 'the request body is larger than the server accepts'], hint: 'send large imports as several batches' },
    variants: {
      request: {
        zh: { detail: ['请求内容超过 {kib} KiB，这个请求最多接受这么多', '请求内容超过这个请求接受的大小'], hint: '这个请求只带几个字段：检查客户端发送的内容' },
        en: { detail: ['the request body is larger than {kib} KiB, the most this request takes', 'the request body is larger than this request takes'], hint: 'this request carries a few fields: check what the client sends' },
      },
    },
  },
  METHOD_NOT_ALLOWED: {
    zh: { title: '不支持的请求方法', detail: ['这里不能用 {method}', '这里不能用这种请求方法'], hint: ['请用 {allowed:list}', '查看接口文档'] },
    en: { title: 'Method not allowed', detail: ['{method} is not allowed here', 'that method is not allowed here'], hint: ['use {allowed:list}', 'see the API document'] },
  },
  ROUTE_NOT_FOUND: {
    zh: { title: '没有这个页面', detail: '没有这个页面或接口', hint: '检查地址；接口列表见 /api/v1/openapi.json' },
    en: { title: 'Not found', detail: 'there is no such page or API route', hint: 'check the address; every API route is listed at /api/v1/openapi.json' },
  },
  SHUTTING_DOWN: {
    audience: 'staff',
    zh: { title: '服务器正在停止', detail: '服务器正在停止', hint: '稍后再试' },
    en: { title: 'Shutting down', detail: 'the server is shutting down', hint: 'try again in a moment' },
  },
  INTERNAL: {
    audience: 'staff',
    zh: { title: '内部错误', detail: '发生了意外错误，已记录在日志里', hint: '请再试一次；如果再次出现，请把请求的时间告诉管理员' },
    en: { title: 'Internal error', detail: 'an unexpected error occurred; it was logged', hint: 'try again; if it happens again, report it with the time of the request' },
  },
  NOT_SIGNED_IN: {
    audience: 'staff',
    zh: { title: '未登录', detail: '还没有登录', hint: '请先登录' },
    en: { title: 'Not signed in', detail: 'not signed in', hint: 'sign in first' },
  },
  BAD_AUTHORIZATION: {
    zh: { title: '认证信息不对', detail: 'Authorization 请求头的格式不是 Bearer 加令牌', hint: '把登录得到的令牌按 Authorization: Bearer 令牌 发送' },
    en: { title: 'Bad Authorization header', detail: 'the Authorization header is not "Bearer <token>"', hint: 'send the token from POST /api/v1/auth/login as: Authorization: Bearer <token>' },
  },
  CSRF_TOKEN_MISSING: {
    audience: 'staff',
    zh: { title: '页面已过期', detail: '这个操作缺少页面的安全令牌', hint: '刷新页面后再试' },
    en: { title: 'Page out of date', detail: 'this action is missing the page’s security token', hint: 'reload the page and try again' },
  },
  CSRF_TOKEN_INVALID: {
    audience: 'staff',
    zh: { title: '页面已过期', detail: '页面的安全令牌与当前登录不符', hint: '刷新页面后再试' },
    en: { title: 'Page out of date', detail: 'the page’s security token does not belong to this sign-in', hint: 'reload the page and try again' },
  },
  E_RECEIPT_NOT_FOUND: {
    audience: 'staff',
    zh: { title: '未找到凭证', detail: '这个凭证链接无效', hint: '检查链接是否复制完整，或请商户重新发送' },
    en: { title: 'Receipt not found', detail: 'this receipt link is not valid', hint: 'check that the whole link was copied, or ask the shop for a new one' },
  },
  E_RECEIPT_TOO_LONG: {
    audience: 'staff',
    zh: { title: '有效期太长', detail: ['电子凭证链接最多有效 {max} 天（要求的是 {days} 天）', '电子凭证链接的有效期超过了本店设定的上限'], hint: ['有效期请选 {max} 天或更短', '请选更短的有效期'] },
    en: { title: 'Link would live too long', detail: ['an e-receipt link lives at most {max} days here (asked: {days})', 'an e-receipt link may not live that long here'], hint: ['ask for {max} days or fewer', 'ask for fewer days'] },
  },
  E_RECEIPT_EXPIRED: {
    audience: 'staff',
    zh: { title: '链接已过期', detail: '这个凭证链接已过期', hint: '请商户重新发送凭证' },
    en: { title: 'Link expired', detail: 'this receipt link has expired', hint: 'ask the shop to send the receipt again' },
  },
  E_RECEIPT_WITHDRAWN: {
    audience: 'staff',
    zh: { title: '链接已撤回', detail: '商户已撤回这个凭证链接', hint: '请商户重新发送链接' },
    en: { title: 'Link withdrawn', detail: 'the shop has withdrawn this receipt link', hint: 'ask the shop for a new link' },
  },
  NO_PICTURE: {
    audience: 'staff',
    zh: { title: '没有凭证图片', detail: ['任务 {jobId} 是{jobKind:jobKind}，不是凭证', '这个任务不是凭证'], hint: '只为凭证和重印凭证保存图片' },
    en: { title: 'No picture', detail: ['job {jobId} is a {jobKind:jobKind}, not a receipt', 'this job is not a receipt'], hint: 'pictures are kept for receipts and their duplicates' },
  },
  BAD_REQUEST: {
    zh: { title: '请求不对', detail: '请求无法处理', hint: '检查请求后再试' },
    en: { title: 'Bad request', detail: '{message}', hint: 'check the request and try again' },
  },
  FORBIDDEN: {
    zh: { title: '没有权限', detail: '不允许这个请求', hint: '请有权限的人来做' },
    en: { title: 'Not allowed', detail: '{message}' },
  },
  NOT_FOUND: {
    zh: { title: '没有找到', detail: '没有找到请求的内容', hint: '检查地址' },
    en: { title: 'Not found', detail: '{message}' },
  },
  UNAVAILABLE: {
    audience: 'staff',
    zh: { title: '暂时无法使用', detail: '服务暂时无法使用', hint: '稍后再试' },
    en: { title: 'Service unavailable', detail: 'the service is unavailable for the moment', hint: 'try again in a moment' },
  },
});
