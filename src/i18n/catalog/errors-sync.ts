import { messages } from './types.js';

/** Store ids, head office and the shops that push to it. */
export const SYNC_ERRORS = messages('operator', {
  BAD_STORE_ID: {
    zh: { title: '门店编号无效', detail: ['“{value}” 不是有效的门店编号', '这不是有效的门店编号'], hint: '用 1–32 个字母、数字、“-” 或 “_”，以字母或数字开头，例如 SH-001' },
    en: { title: 'Bad store id', detail: ['"{value}" is not a store id', 'this is not a store id'], hint: 'use 1–32 letters, digits, "-" or "_", starting with a letter or digit, e.g. SH-001' },
  },
  STORE_ID_ALREADY_SET: {
    zh: { title: '门店编号已设定', detail: ['这本日志属于门店 {storeId}，不能改成 {asked}', '这本日志已有门店编号，不能更改'], hint: '门店编号一经设定就不能更改（总部按它归档）；其他门店请新建日志' },
    en: { title: 'Store id already set', detail: ['this journal belongs to store {storeId} and cannot change to {asked}', 'this journal already has a store id, which cannot change'], hint: 'a store id is set once for good (head office files events under it); start a new journal for another store' },
  },
  SALE_IN_SEVERAL_STORES: {
    audience: 'staff',
    zh: { title: '多个门店有此交易', detail: ['{id} 在多个门店都有记录：{stores:stores}', '多个门店都有这笔交易'], hint: '请选定门店', cliHint: '用 --store 指定门店（HTTP：store=门店编号）' },
    en: { title: 'Sale on record in several stores', detail: ['{id} is on record in several stores: {stores:stores}', 'this sale is on record in several stores'], hint: 'choose the store', cliHint: 'name the store with --store (HTTP: store=ID)' },
  },
  PRINTED_IN_ITS_SHOP: {
    audience: 'staff',
    zh: { title: '门店的交易在门店打印', detail: ['{id} 是门店 {storeId} 的交易：总部只打印自己的交易', '这是门店的交易：总部只打印自己的交易'], hint: '请在该门店补打，或从这里给顾客发电子凭证' },
    en: { title: "A shop's sale prints in its shop", detail: ['{id} is a sale of store {storeId}: head office prints its own sales only', "this is a shop's sale: head office prints its own sales only"], hint: 'reprint it in its shop, or send the customer an e-receipt from here' },
  },
  BAD_REPLICA_BATCH: {
    audience: 'integrator',
    zh: { title: '同步批次无效', detail: ['链 {chain} 的事件不连续（在序号 {seq}）', '同步批次中的事件不连续'], hint: '每批只发一条链的事件，按顺序，每个序号一次' },
    en: { title: 'Bad sync batch', detail: ['the events of chain {chain} are not consecutive (at {seq})', 'the events of the batch are not consecutive'], hint: "send one chain's events in order, each sequence number once" },
    variants: {
      'chain-name': {
        zh: { detail: ['链的名称含有完整卡号；什么也没有接收'], hint: '链按终端号、"audit"、"store"、printer:名称 或 capture:来源 命名' },
        en: { detail: ['a chain name holds a full card number; nothing was taken'], hint: 'chains are named by terminal, "audit", "store", printer:NAME or capture:SOURCE' },
      },
    },
  },
  HEAD_OFFICE_WRONG_STORE: {
    audience: 'operator',
    zh: { title: '总部答复的不是这家门店', detail: ['总部答复的不是令牌对应的门店 {expected}；什么也没有恢复', '总部答复的不是令牌对应的门店；什么也没有恢复'], hint: '检查 --from 是否是你们的总部，令牌文件是否属于这家门店' },
    en: { title: 'Head office answered for another store', detail: ['head office answered for another store than {expected}, the one the token names; nothing was restored', 'head office answered for another store than the one the token names; nothing was restored'], hint: "check that --from names your head office and the token file is this shop's" },
  },
  CHAIN_FORK: {
    zh: { title: '门店日志分叉', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条：总部在这个位置已有另一条事件', '总部在这个位置已有另一条事件'], hint: '门店的日志与之前发送的不一致（被改动或被替换）；在门店运行 `reissue verify` 核对' },
    en: { title: 'Shop journal forked', detail: ['store {storeId}, chain {chain}, event {seq}: head office holds a different event at this position', 'head office holds a different event at this position'], hint: "the shop's journal no longer matches what it sent before (altered or replaced); check it with reissue verify at the shop" },
  },
  CHAIN_BROKEN_LINK: {
    zh: { title: '门店日志断链', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条：没有接上总部保存的第 {heldSeq} 条', '这条事件没有接上总部保存的链'], hint: '门店的日志在这里被改动过；在门店运行 `reissue verify`' },
    en: { title: 'Shop journal link broken', detail: ['store {storeId}, chain {chain}, event {seq}: it does not link to event {heldSeq} held at head office', 'the event does not link to the chain held at head office'], hint: "the shop's journal was altered here; run reissue verify at the shop" },
  },
  CHAIN_EDITED: {
    zh: { title: '门店日志被改动', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条：哈希与内容不符，记录后被改动过', '事件的哈希与内容不符'], hint: '门店的日志在这条事件处被改动；在门店运行 `reissue verify`' },
    en: { title: 'Shop journal edited', detail: ['store {storeId}, chain {chain}, event {seq}: its hash does not recompute from its content; it was changed after it was recorded', 'the hash of an event does not recompute from its content'], hint: "the shop's journal was altered at this event; run reissue verify at the shop" },
  },
  CHAIN_GAP: {
    zh: { title: '同步有缺口', detail: ['门店 {storeId} 链 {chain}：总部只保存到第 {heldSeq} 条，收到的是第 {seq} 条', '总部还没有前面的事件'], hint: '从总部保存的下一条开始发送' },
    en: { title: 'Gap in the sync', detail: ['store {storeId}, chain {chain}: head office holds up to event {heldSeq}, and event {seq} came', 'head office does not have the events before these yet'], hint: 'send from the event after the one head office holds' },
  },
  CHAIN_UNREADABLE: {
    zh: { title: '门店事件无法接收', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条无法按原样接收（内容无法读取或含完整卡号）', '这条事件无法按原样接收'], hint: '在门店运行 `reissue verify`' },
    en: { title: 'Shop event refused', detail: ['store {storeId}, chain {chain}, event {seq} cannot be taken as it is (unreadable, or a full card number)', 'this event cannot be taken as it is'], hint: 'run reissue verify at the shop' },
  },
  CHAIN_OTHER_STORE: {
    zh: { title: '属于另一个门店', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条写的是另一个门店的编号', '这本日志属于另一个门店'], hint: '每个门店用自己的令牌推送' },
    en: { title: 'Belongs to another store', detail: ['store {storeId}, chain {chain}, event {seq} names another store', 'this journal belongs to another store'], hint: 'each shop pushes with its own token' },
  },
  CHAIN_TIME_REFUSED: {
    zh: { title: '门店事件时间超出范围', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条的时间 {at} 超出总部接受的范围（太早，或比总部时钟超前一年以上）', '这条事件的时间超出总部接受的范围'], hint: '检查门店和总部的时钟与时区；较早的历史记录最多接受到总部配置文件中 sales.acceptBack 所设的时间再加一年' },
    en: { title: 'Shop event time out of range', detail: ['store {storeId}, chain {chain}, event {seq}: its time {at} is outside what head office takes (too far back, or more than a year ahead of its clock)', "this event's time is outside what head office takes"], hint: "check the shop's clock and time zone, and head office's; old history is taken up to sales.acceptBack (plus a year) in head office's configuration file" },
  },
  BAD_SHOP_NAME: {
    zh: { title: '门店名称无效', detail: '门店名称要有 1–100 个字符', hint: '用大家熟悉的名称，例如 --name "浦东店"' },
    en: { title: 'Bad shop name', detail: 'a shop needs a name of 1–100 characters', hint: 'give the name people know it by, e.g. --name "浦东店"' },
  },
  SHOP_EXISTS: {
    zh: { title: '门店已登记', detail: ['门店 {storeId} 已经登记过', '这个门店已经登记过'], hint: '每个门店只登记一次；要换令牌，先吊销，再用新编号登记' },
    en: { title: 'Shop already registered', detail: ['shop {storeId} is registered already', 'this shop is registered already'], hint: 'a shop is added once; revoke it and add it under a new id to give it a new token' },
  },
  SHOP_NOT_FOUND: {
    zh: { title: '没有这个门店', detail: ['没有登记门店 {storeId}', '没有登记这个门店'], hint: '用 `reissue hq store list` 查看已登记的门店' },
    en: { title: 'No such shop', detail: ['no shop {storeId} is registered', 'no such shop is registered'], hint: 'list the shops with reissue hq store list' },
  },
  SHOP_TOKEN_INVALID: {
    zh: { title: '门店令牌无效', detail: '总部不接受这个门店令牌', hint: '用总部 `reissue hq store add` 为本门店生成的令牌文件；已吊销的门店需要新令牌' },
    en: { title: 'Shop token not valid', detail: 'the shop token is not valid here', hint: 'use the token file reissue hq store add wrote for this shop; a revoked shop needs a new one' },
  },
  BAD_SYNC_BODY: {
    audience: 'integrator',
    zh: { title: '同步数据无效', detail: ['推送的数据不是不超过 2 MiB 的 gzip 数据（{encoding}）', '推送的数据无效'], hint: '每批最多 1000 条事件或 1 MB JSON，用 gzip 压缩' },
    en: { title: 'Bad sync body', detail: ['the push body is not gzip data of at most 2 MiB ({encoding})', 'the push body cannot be read'], hint: 'send at most 1,000 events or 1 MB of JSON in one batch, gzip-compressed' },
  },
  READ_REPLICA_NEEDS_POSTGRES: {
    zh: { title: '只读副本只用于 PostgreSQL', detail: '只读副本服务于总部的 PostgreSQL 日志，而这本日志是 SQLite 文件', hint: '去掉 --read-replica（以及配置里的 readReplica），或让 --db 指向主库的 postgres:// 地址' },
    en: { title: 'Read replica needs PostgreSQL', detail: 'a read replica serves a PostgreSQL journal (head office); this journal is a SQLite file', hint: "leave out --read-replica (and readReplica in the configuration), or give --db the primary's postgres:// URL" },
  },
  BAD_READ_REPLICA: {
    zh: { title: '只读副本地址无效', detail: ['“{value}” 不是 postgres:// 地址', '只读副本必须是 postgres:// 地址'], hint: '给出日志数据库的热备库（流复制备库）的 postgres:// 地址' },
    en: { title: 'Bad read replica', detail: ['"{value}" is not a postgres:// URL', 'the read replica must be a postgres:// URL'], hint: "give the hot standby of the journal's database, e.g. --read-replica postgres://reissue@db-standby.hq/reissue" },
  },
  READ_REPLICA_UNAVAILABLE: {
    zh: { title: '连不上只读副本', detail: ['连不上 {location} 的只读副本：{reason}', '连不上只读副本'], hint: '检查热备库是否在运行、网络能否连通；或去掉 --read-replica 直接读主库' },
    en: { title: 'Read replica unreachable', detail: ['cannot reach the read replica at {location}: {reason}', 'the read replica cannot be reached'], hint: 'check that the standby is running and reachable, or leave out --read-replica to read the primary' },
  },
  READ_REPLICA_NOT_JOURNAL: {
    zh: { title: '只读副本里没有这本日志', detail: ['{location} 上的只读副本没有这本日志（结构版本 {held}，主库是 {wanted}）', '只读副本里没有这本日志'], hint: '给出从日志数据库本身流复制的热备库（同一个数据库名），并等它追上主库' },
    en: { title: 'Read replica lacks this journal', detail: ["the read replica at {location} does not hold this journal (schema {held}, the primary's is {wanted})", 'the read replica does not hold this journal'], hint: "give the hot standby that streams from the journal's own database (same database name), and let it catch up" },
  },
  STORE_ID_MISSING: {
    zh: { title: '没有门店编号', detail: '这本日志还没有门店编号，总部无法归档它的事件', hint: '用 `reissue store set-id 编号` 设定一次（与总部 `reissue hq store add` 登记的编号相同）' },
    en: { title: 'No store id', detail: 'this journal has no store id, so head office cannot file its events', hint: 'set it once with reissue store set-id ID (the id head office registered with reissue hq store add)' },
  },
  SYNC_WRONG_STORE: {
    zh: { title: '令牌属于另一个门店', detail: ['令牌属于门店 {tokenStore}，而这本日志属于门店 {storeId}', '令牌属于另一个门店'], hint: '用本门店自己的令牌文件' },
    en: { title: 'Token of another shop', detail: ['the token is for store {tokenStore}, but this journal belongs to store {storeId}', 'the token is for another store'], hint: "use this shop's own token file" },
  },
  SHOP_BEHIND_HEAD_OFFICE: {
    zh: { title: '本地日志比总部旧', detail: ['总部保存链 {chain} 到第 {heldSeq} 条，本地只到第 {seq} 条', '本地日志比总部保存的旧'], hint: '本地日志可能来自旧备份：用 `reissue restore --from 总部地址 --token-file 文件` 重建' },
    en: { title: 'Journal older than head office', detail: ['head office holds chain {chain} up to event {heldSeq}, but this journal only up to {seq}', 'this journal is older than what head office holds'], hint: 'this journal may come from an old backup: rebuild it with reissue restore --from URL --token-file FILE' },
  },
  SHOP_DIVERGED: {
    zh: {
      title: '本地日志与总部不一致',
      detail: ['链 {chain} 从第 {seq} 条起，总部保存的是另一些事件（到第 {heldSeq} 条），本地是到第 {shopSeq} 条的另一些：这本日志是从较旧的备份恢复的，或被替换过', '从某条起，总部保存的事件与本地日志不同：这本日志是从较旧的备份恢复的，或被替换过'],
      hint: ['保留这本日志文件：链 {chain} 从第 {seq} 条起的交易只在这里。用 `reissue restore --from 总部地址 --token-file 文件 --db 新文件` 从总部重建到一个新文件，再在新日志里重新录入这些交易；拿不准时请联系技术支持', '保留这本日志文件：恢复之后记录的交易只在这里。用 `reissue restore --from 总部地址 --token-file 文件 --db 新文件` 从总部重建到一个新文件，再在新日志里重新录入这些交易；拿不准时请联系技术支持'],
    },
    en: {
      title: 'Journal differs from head office',
      detail: ['chain {chain}: from event {seq} on, head office holds other events (up to {heldSeq}) than this journal (up to {shopSeq}); this journal was restored from an older backup or replaced', 'from some event on, head office holds other events than this journal; it was restored from an older backup or replaced'],
      hint: ['keep this journal file: the sales of chain {chain} from event {seq} on are nowhere else. Rebuild the shop from head office into a new file with reissue restore --from URL --token-file FILE --db NEW-FILE, then record those sales again in it; when unsure, call support', 'keep this journal file: the sales recorded since it was restored are nowhere else. Rebuild the shop from head office into a new file with reissue restore --from URL --token-file FILE --db NEW-FILE, then record those sales again in it; when unsure, call support'],
    },
  },
  HEAD_OFFICE_UNAVAILABLE: {
    zh: { title: '连不上总部', detail: ['连不上总部 {url}：{reason}', '连不上总部'], hint: '门店照常营业，稍后再发送；请检查到总部的网络连接和 --to 地址' },
    en: { title: 'Head office unreachable', detail: ['head office at {url} cannot be reached: {reason}', 'head office cannot be reached'], hint: 'the shop keeps working and sends later; check the network link to head office and the URL given with --to' },
  },
  HEAD_OFFICE_HTTP_ERROR: {
    zh: { title: '总部答复出错', detail: ['总部 {url} 答复了 {status}，不是总部自己的答复（中间的代理或网关代为答复）', '总部答复了 {status}，不是总部自己的答复'], hint: '门店照常营业，稍后再发送；502、503、504 多半表示总部在代理后面停止了或太慢：请检查总部的 `reissue start` 是否在运行，以及 --to 地址' },
    en: { title: 'Head office answered with an error', detail: ['head office answered {status} at {url}, not with an answer of its own (a proxy or gateway in between answered)', 'head office answered {status}, not with an answer of its own'], hint: 'the shop keeps working and sends later; 502, 503 or 504 mostly mean head office is stopped or slow behind its proxy: check that reissue start runs there and the URL given with --to' },
  },
  HEAD_OFFICE_ANSWER_TOO_LARGE: {
    zh: { title: '总部的答复太大', detail: ['{url} 的答复超过 {limit} 字节；没有采用其中任何内容', '答复超过上限；没有采用其中任何内容'], hint: '检查这个地址是不是总部本身；总部的答复按约 1 MB 一页发送' },
    en: { title: 'Answer too large', detail: ['{url} sent an answer of more than {limit} bytes; nothing was taken from it', 'the answer passed the limit; nothing was taken from it'], hint: 'check that the URL names head office itself; head office sends its answers in pages of about 1 MB' },
  },
  HEAD_OFFICE_BAD_ANSWER: {
    zh: { title: '总部的答复无法读取', detail: ['{url} 答复了 {status}，内容不是总部的答复（被截断，或不是总部）；没有采用其中任何内容', '答复不是总部的答复；没有采用其中任何内容'], hint: '检查这个地址是不是总部本身（而不是代理页面或别的网站），然后再试' },
    en: { title: 'Unreadable answer', detail: ["{url} answered {status} with what does not read as head office's answer (cut short, or not head office); nothing was taken from it", "the answer does not read as head office's; nothing was taken from it"], hint: 'check that the URL names head office itself (not a proxy page or another site), then try again' },
  },
  RESTORE_TARGET_NOT_EMPTY: {
    zh: { title: '目标日志不是空的', detail: ['目标日志已有 {events} 条事件', '目标日志不是空的'], hint: '从总部恢复到一本新日志：--db 给一个还不存在的路径' },
    en: { title: 'Journal not empty', detail: ['the journal already holds {events} events', 'the journal is not empty'], hint: 'restore from head office into a new journal: pass --db with a path that does not exist yet' },
  },
  RESTORE_NOT_VERIFIED: {
    zh: { title: '恢复结果校验失败', detail: ['从总部重建的日志校验失败（链 {chain} 第 {seq} 条）', '从总部重建的日志校验失败'], hint: '不要使用它；在总部运行 `reissue verify` 后再试' },
    en: { title: 'Restored journal does not verify', detail: ['the journal rebuilt from head office does not verify (chain {chain}, event {seq})', 'the journal rebuilt from head office does not verify'], hint: 'do not use it; run reissue verify at head office and try again' },
  },
  SEALED_SETTINGS_UNREADABLE: {
    zh: { title: '打不开门店的加密设置', detail: ['总部为门店 {storeId} 保存的设置用这个令牌打不开', '总部保存的门店设置用这个令牌打不开'], hint: '它们是用这家门店以前的令牌加密的（或在总部被改动过）；日志保留自己的默认设置，门店下次同步时会重新加密发送' },
    en: { title: 'Sealed settings unreadable', detail: ['the settings head office keeps for store {storeId} cannot be opened with this token', 'the settings head office keeps cannot be opened with this token'], hint: 'they were sealed with an earlier token of this shop (or changed at head office); the journal keeps its own defaults, and the shop seals its settings again on its next sync' },
  },
  NO_TOKEN_FILE: {
    zh: { title: '读不到令牌文件', detail: ['读不到令牌文件 {file}', '读不到令牌文件'], hint: '给出总部 `reissue hq store add 编号 --name 名称 --token-file 文件` 生成的文件' },
    en: { title: 'Token file unreadable', detail: ['cannot read the token file {file}', 'cannot read the token file'], hint: 'give the file head office made with reissue hq store add ID --name NAME --token-file FILE' },
  },
  STORE_NOT_PERMITTED: {
    audience: 'staff',
    zh: { title: '无权查看这个门店', detail: ['您不能查看门店 {stores:list}，只能查看 {allowed:list}', '您不能查看这个门店'], hint: '不指定门店（只显示您能查看的门店），或请管理员为您的用户加上这个门店' },
    en: { title: 'Store not permitted', detail: ['you may not see store {stores:list}; you see {allowed:list} only', 'you may not see this store'], hint: 'leave the store out (you see your own stores), or ask an admin to add the store to your user' },
  },
  STORES_NOT_FOR_ADMIN: {
    audience: 'staff',
    zh: { title: '管理员不限门店', detail: ['“{user}” 是管理员：管理员查看所有门店', '管理员查看所有门店'], hint: '只为后台、审计员、主管或收银员限定门店；管理员不限门店' },
    en: { title: 'Admins see every store', detail: ['"{user}" is an admin: an admin sees every store', 'an admin sees every store'], hint: 'limit a back office, auditor, supervisor or cashier user to some stores; leave admins unlimited' },
  },
  TOKEN_FILE_TOO_OPEN: {
    zh: { title: '令牌文件权限过宽', detail: ['除了所有者，别人也能读令牌文件 {file}（{mode}）', '除了所有者，别人也能读令牌文件'], hint: ['令牌能推送并读回本门店的事件；请只让所有者读写：chmod 600 {file}', '令牌能推送并读回本门店的事件；请只让所有者读写（chmod 600）'] },
    en: { title: 'Token file open to others', detail: ['others than its owner may read the token file {file} ({mode})', 'others than its owner may read the token file'], hint: ["the token pushes this shop's events and reads them back; let only its owner read it: chmod 600 {file}", "the token pushes this shop's events and reads them back; let only its owner read it (chmod 600)"] },
  },
});
