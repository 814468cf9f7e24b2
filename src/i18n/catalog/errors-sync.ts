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
    zh: { title: '多个门店有此交易', detail: ['{id} 在多个门店都有记录：{stores:list}', '多个门店都有这笔交易'], hint: '请选定门店', cliHint: '用 --store 指定门店（HTTP：store=门店编号）' },
    en: { title: 'Sale on record in several stores', detail: ['{id} is on record in several stores: {stores:list}', 'this sale is on record in several stores'], hint: 'choose the store', cliHint: 'name the store with --store (HTTP: store=ID)' },
  },
  BAD_REPLICA_BATCH: {
    audience: 'integrator',
    zh: { title: '同步批次无效', detail: ['链 {chain} 的事件不连续（在序号 {seq}）', '同步批次中的事件不连续'], hint: '每批只发一条链的事件，按顺序，每个序号一次' },
    en: { title: 'Bad sync batch', detail: ['the events of chain {chain} are not consecutive (at {seq})', 'the events of the batch are not consecutive'], hint: "send one chain's events in order, each sequence number once" },
  },
  CHAIN_FORK: {
    zh: { title: '门店日志分叉', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条：总部在这个位置已有另一条事件', '总部在这个位置已有另一条事件'], hint: '门店的日志与之前发送的不一致（被改动或被替换）；在门店运行 reissue verify 核对' },
    en: { title: 'Shop journal forked', detail: ['store {storeId}, chain {chain}, event {seq}: head office holds a different event at this position', 'head office holds a different event at this position'], hint: "the shop's journal no longer matches what it sent before (altered or replaced); check it with reissue verify at the shop" },
  },
  CHAIN_BROKEN_LINK: {
    zh: { title: '门店日志断链', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条：没有接上总部保存的第 {heldSeq} 条', '这条事件没有接上总部保存的链'], hint: '门店的日志在这里被改动过；在门店运行 reissue verify' },
    en: { title: 'Shop journal link broken', detail: ['store {storeId}, chain {chain}, event {seq}: it does not link to event {heldSeq} held at head office', 'the event does not link to the chain held at head office'], hint: "the shop's journal was altered here; run reissue verify at the shop" },
  },
  CHAIN_EDITED: {
    zh: { title: '门店日志被改动', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条：哈希与内容不符，记录后被改动过', '事件的哈希与内容不符'], hint: '门店的日志在这条事件处被改动；在门店运行 reissue verify' },
    en: { title: 'Shop journal edited', detail: ['store {storeId}, chain {chain}, event {seq}: its hash does not recompute from its content; it was changed after it was recorded', 'the hash of an event does not recompute from its content'], hint: "the shop's journal was altered at this event; run reissue verify at the shop" },
  },
  CHAIN_GAP: {
    zh: { title: '同步有缺口', detail: ['门店 {storeId} 链 {chain}：总部只保存到第 {heldSeq} 条，收到的是第 {seq} 条', '总部还没有前面的事件'], hint: '从总部保存的下一条开始发送' },
    en: { title: 'Gap in the sync', detail: ['store {storeId}, chain {chain}: head office holds up to event {heldSeq}, and event {seq} came', 'head office does not have the events before these yet'], hint: 'send from the event after the one head office holds' },
  },
  CHAIN_UNREADABLE: {
    zh: { title: '门店事件无法接收', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条无法按原样接收（内容无法读取或含完整卡号）', '这条事件无法按原样接收'], hint: '在门店运行 reissue verify' },
    en: { title: 'Shop event refused', detail: ['store {storeId}, chain {chain}, event {seq} cannot be taken as it is (unreadable, or a full card number)', 'this event cannot be taken as it is'], hint: 'run reissue verify at the shop' },
  },
  CHAIN_OTHER_STORE: {
    zh: { title: '属于另一个门店', detail: ['门店 {storeId} 链 {chain} 第 {seq} 条写的是另一个门店的编号', '这本日志属于另一个门店'], hint: '每个门店用自己的令牌推送' },
    en: { title: 'Belongs to another store', detail: ['store {storeId}, chain {chain}, event {seq} names another store', 'this journal belongs to another store'], hint: 'each shop pushes with its own token' },
  },
});
