import { messages } from './types.js';

/** Money, card numbers, times and transactions: what a sale or a search can get wrong. */
export const CORE_ERRORS = messages('staff', {
  BAD_AMOUNT: {
    zh: { title: '金额不对', detail: ['“{value}”不是金额', '金额写得不对'], hint: '金额用小数点，如 128.50（不要千位分隔符）' },
    en: { title: 'Not an amount', detail: ['"{value}" is not an amount', 'that is not an amount'], hint: 'write amounts with a dot, e.g. 128.50 (no thousands separators)' },
    variants: {
      decimals: {
        zh: { detail: '“{value}”的小数位比 {currency} 允许的多（最多 {exponent} 位）', hint: '小数点后最多 {exponent} 位' },
        en: { detail: '"{value}" has more decimals than {currency} allows ({exponent})', hint: 'use at most {exponent} digits after the dot' },
      },
      'no-decimals': {
        zh: { detail: '{currency} 没有角分，“{value}”不能带小数', hint: '写整数金额' },
        en: { detail: '"{value}" has more decimals than {currency} allows (0)', hint: '{currency} has no minor unit: write a whole number' },
      },
      'too-large': {
        zh: { detail: '“{value}”太大了', hint: '请检查金额是否多输了数字' },
        en: { detail: '"{value}" is too large', hint: 'check the amount for extra digits' },
      },
      'not-whole': {
        zh: { detail: '{value} 不是以分计的整数', hint: '金额以分为单位计数' },
        en: { detail: '{value} is not a whole number of minor units', hint: 'money is counted in integer minor units (fen, cents)' },
      },
      range: {
        zh: { detail: '“{value}”既不是金额也不是金额范围', hint: '写 128.50，或范围 100..200' },
        en: { detail: '"{value}" is not an amount or a range', hint: 'write 128.50, or a range 100..200' },
      },
    },
  },
  BAD_CURRENCY: {
    zh: { title: '币种不对', detail: ['不认识的币种“{currency}”', '不认识的币种'], hint: '用三个大写字母的币种代码，如 CNY、HKD、USD' },
    en: { title: 'Unknown currency', detail: ['unknown currency "{currency}"', 'unknown currency'], hint: 'use a three-letter ISO 4217 code in capitals, e.g. CNY, HKD, USD' },
  },
  CURRENCY_MISMATCH: {
    zh: { title: '币种不一致', detail: ['{kind:kind}用的是 {currency}，但原交易 {id} 用的是 {other}', '不能把 {currency} 和 {other} 加在一起'], hint: '使用原交易的币种' },
    en: { title: 'Currencies differ', detail: ['the {kind:kind} is in {currency} but {id} is in {other}', 'cannot add {currency} to {other}'], hint: 'use the currency of the original sale' },
    variants: {
      add: {
        zh: { detail: '不能把 {currency} 和 {other} 加在一起', hint: '同一笔交易的金额必须是同一币种' },
        en: { detail: 'cannot add {currency} to {other}', hint: 'every amount of one transaction must be in the same currency' },
      },
    },
  },
  PAN_NOT_MASKED: {
    zh: { title: '卡号未屏蔽', detail: ['{path:field}含有完整卡号，没有记录任何内容', '卡号没有屏蔽，没有记录任何内容'], hint: '只填屏蔽后的卡号，如 622588******4242，或卡号后四位 4242' },
    en: { title: 'Card number not masked', detail: ['{path:field} holds a full card number; nothing was recorded', 'the card number is not masked; nothing was recorded'], hint: 'send only a masked number such as "622588******4242" or the last four digits "4242"' },
    variants: {
      'card-no': { zh: { detail: '卡号没有屏蔽，没有记录任何内容' }, en: { detail: 'the card number is not masked; nothing was recorded' } },
      'sale-id-names-no-sale': {
        zh: { detail: '{path:field}：没有这笔交易，而其中的数字是一个完整卡号，所以没有使用', hint: '请核对交易编号（终端号-批次号-凭证号）；不要输入卡号' },
        en: { detail: '{path:field} names no sale on record, and its digits read as a full card number, so it was not used', hint: 'check the transaction id (terminal no.-batch no.-voucher no.); never type a card number' },
      },
      'too-few-hidden': {
        zh: { detail: '卡号只隐藏了 {hidden} 位（至少要隐藏 {minHidden} 位），没有记录任何内容' },
        en: { detail: 'the card number hides only {hidden} digits (at least {minHidden} must be hidden); nothing was recorded' },
      },
    },
  },
  FORBIDDEN_CHARACTER: {
    zh: {
      title: '含有不允许的字符',
      detail: ['{path:field}含有不允许的字符（{character}），没有记录任何内容', '输入含有不允许的字符（{character}），没有记录任何内容'],
      hint: '删除控制字符（空字符、制表符、换行）、文字方向控制符（U+202A–202E、U+2066–2069）和不成对的代理字符',
    },
    en: {
      title: 'Character not allowed',
      detail: ['{path:field} contains a character no text may hold ({character}); nothing was recorded', 'the input contains a character no text may hold ({character}); nothing was recorded'],
      hint: 'remove control characters (NUL, tab, line breaks), bidirectional overrides (U+202A–202E, U+2066–2069) and unpaired surrogates',
    },
  },
  DUPLICATE_KEY: {
    audience: 'integrator',
    zh: { title: '字段重复', detail: ['{path:field}出现了不止一次，没有记录任何内容', '有字段出现了不止一次，没有记录任何内容'], hint: '每个字段只写一次：字段重复时，取哪个值要看由谁来读' },
    en: { title: 'Field given twice', detail: ['{path:field} is given more than once; nothing was recorded', 'a field is given more than once; nothing was recorded'], hint: 'send every field once: with a repeated field, which value counts would depend on who reads it' },
  },
  INPUT_TOO_DEEP: {
    audience: 'integrator',
    zh: { title: '嵌套太深', detail: '输入嵌套超过 {maxDepth} 层，没有记录任何内容', hint: '按文档的格式发送：一笔交易是一个对象，里面只有几个由简单对象组成的数组' },
    en: { title: 'Nested too deep', detail: 'the input is nested more than {maxDepth} levels deep; nothing was recorded', hint: 'send the documented shape: a transaction is an object with a few arrays of flat objects' },
  },
  INPUT_TOO_LARGE: {
    audience: 'integrator',
    zh: { title: '输入太大', detail: '输入含有超过 {maxValues} 个值，没有记录任何内容', hint: '把大量导入分成几批发送' },
    en: { title: 'Input too large', detail: 'the input holds more than {maxValues} values; nothing was recorded', hint: 'send large imports as several smaller batches' },
  },
  CARD_SECRET_REFUSED: {
    zh: { title: '不能保存卡片机密信息', detail: ['{path:field}含有卡片机密信息（安全码、密码或磁道），没有记录任何内容', '输入含有卡片机密信息（安全码、密码或磁道），没有记录任何内容'], hint: '删除安全码、密码和磁道数据：系统只保存屏蔽后的卡号' },
    en: { title: 'Card secrets refused', detail: ['{path:field} holds a card secret (CVV, PIN or track); nothing was recorded', 'the input holds a card secret (CVV, PIN or track); nothing was recorded'], hint: 'remove CVV/CVC, PIN and track data from the sale: Reissue keeps only the masked card number' },
    variants: {
      'track-data': {
        zh: { detail: ['{path:field}含有磁道数据，没有记录任何内容', '输入含有磁道数据，没有记录任何内容'] },
        en: { detail: ['{path:field} holds magnetic track data; nothing was recorded', 'the input holds magnetic track data; nothing was recorded'] },
      },
    },
  },
  BAD_CARD: {
    zh: { title: '卡号格式不对', detail: '这不是屏蔽后的卡号', hint: '写成前六位 + 星号 + 后四位（622588******4242），或星号 + 后四位，或只写后四位' },
    en: { title: 'Not a masked card number', detail: 'that is not a masked card number', hint: 'write it as BIN + stars + last four ("622588******4242"), stars + last four, or just the last four digits' },
    variants: {
      bin: {
        zh: { detail: '屏蔽卡号要么不显示开头数字，要么显示 6 到 8 位卡头', hint: '写成 622588******4242 或 ************4242' },
        en: { detail: 'a masked card number shows either no leading digits or a BIN of 6 to 8', hint: 'write it as "622588******4242" or "************4242"' },
      },
      'too-long': {
        zh: { detail: '卡号最多 19 位', hint: '检查星号的个数' },
        en: { detail: 'a card number has at most 19 digits', hint: 'check the number of mask characters' },
      },
    },
  },
  BAD_TIME_ZONE: {
    audience: 'operator',
    zh: { title: '时区不对', detail: ['不认识的时区“{timeZone}”', '不认识的时区'], hint: '用 IANA 时区名，如 Asia/Shanghai' },
    en: { title: 'Unknown time zone', detail: ['unknown time zone "{timeZone}"', 'unknown time zone'], hint: 'use an IANA name such as Asia/Shanghai or Europe/London' },
  },
  BAD_TIME: {
    zh: { title: '时间不对', detail: ['“{value}”不是时间', '这不是时间'], hint: '写“年-月-日 时:分”，今天的可只写“时:分”，如 14:30（门店当地时间）' },
    en: { title: 'Not a time', detail: ['"{value}" is not a time', 'that is not a time'], hint: 'write "YYYY-MM-DD HH:MM", "HH:MM" for today, or "YYYY-MM-DD" (store local time)' },
    variants: {
      invalid: {
        zh: { detail: ['“{value}”不是有效的日期和时间', '日期或时间不存在'], hint: '检查月、日和小时' },
        en: { detail: ['"{value}" is not a valid date and time', 'that date or time does not exist'], hint: 'check the month, day and hour' },
      },
      offset: {
        zh: { detail: ['“{value}”不是带时区的时间', '时间没有带时区'], hint: '写成带时区的时间，如 2026-11-27T14:32:05+08:00' },
        en: { detail: ['"{value}" is not a time with a UTC offset', 'the time has no UTC offset'], hint: 'write it as ISO 8601 with the offset, e.g. "2026-11-27T14:32:05+08:00"' },
      },
    },
  },
  BAD_DURATION: {
    zh: { title: '时长不对', detail: ['“{value}”不是时长', '这不是时长'], hint: '写数字加单位：90s（秒）、15m（分钟）、2h（小时）、1d（天）' },
    en: { title: 'Not a duration', detail: ['"{value}" is not a duration', 'that is not a duration'], hint: 'write a number and a unit: 90s, 15m, 2h, 1d' },
  },
  BAD_ID: {
    zh: { title: '交易编号不对', detail: ['“{value}”不是交易编号', '这不是交易编号'], hint: '交易编号是 终端号-批次号-凭证号，如 10023456-000128-000457' },
    en: { title: 'Not a transaction id', detail: ['"{value}" is not a transaction id', 'that is not a transaction id'], hint: 'an id is terminal-batch-voucher, e.g. 10023456-000128-000457', cliHint: 'an id is terminal-batch-voucher, e.g. 10023456-000128-000457 (see `reissue find`)' },
  },
  INVALID_TRANSACTION: {
    zh: { title: '交易内容有误', detail: ['{first}；另有 {more} 处需要改正', '{first}', '交易内容有误'], hint: '改正标出的内容后重新提交', cliHint: '改正标出的字段后重新发送；见 README“Transaction input”' },
    en: { title: 'Invalid transaction', detail: ['invalid transaction: {first} (and {more} more)', 'invalid transaction: {first}', 'invalid transaction'], hint: 'fix the named fields and send it again', cliHint: 'fix the named field(s) and send the transaction again; see README "Transaction input"' },
    variants: {
      'sale-time-ahead': {
        zh: { hint: '检查收银机的时钟和时区，以及本系统的时钟；允许的范围在配置文件的“交易时间范围”里设置', cliHint: '检查收银机的时钟和时区，以及本系统的时钟；允许的范围在配置文件里设置（sales.acceptAhead、sales.acceptBack）' },
        en: { hint: "check the till's clock and time zone, and this system's clock; the limits are set in the configuration file (sale times accepted)", cliHint: "check the till's clock and time zone, and this system's clock; the limits are set in the configuration file (sales.acceptAhead, sales.acceptBack)" },
      },
      'sale-time-too-old': {
        zh: { hint: '较早的交易只在配置文件“交易时间范围”所设的范围内接受', cliHint: '较早的交易最多接受到配置文件中 sales.acceptBack 所设的时间' },
        en: { hint: 'old sales are accepted only as far back as the configuration file (sale times accepted) allows', cliHint: 'old sales are accepted up to sales.acceptBack in the configuration file' },
      },
    },
  },
});
