import type { FieldName } from './receipt-fields.js';

type LabelledField = Extract<FieldName, 'referenceNo' | 'voucherNo' | 'batchNo' | 'terminalId' | 'operatorId'>;

interface LabelRule {
  /** Labels, strongest first: the first label that finds a value wins. */
  labels: readonly RegExp[];
  value: RegExp;
}

const ID = /^[A-Z0-9][A-Z0-9-]*$/i;

/**
 * Printed labels of each field (Chinese slips print "参考号(REF NO):", English ones "REF NO:").
 * A label preceded by 原 / ORIG names the original of a void or refund, not this receipt.
 */
const RULES: Readonly<Record<LabelledField, LabelRule>> = {
  referenceNo: { labels: [/检索参考号|参考号|\bREF(?:ERENCE)?\.?\s*(?:NO\b\.?|NUMBER\b|#)?|\bRRN\b/i], value: /^[A-Z0-9]{6,24}$/i },
  voucherNo: {
    labels: [/凭证号|流水号|\bVOUCHER\s*(?:NO\b\.?|#)?|\bTRACE\s*(?:NO\b\.?|#)?/i, /小票号|单据号|票号|单号|\bRECEIPT\s*(?:NO\b\.?|#)|\bORDER\s*(?:NO\b\.?|#)|\bINVOICE\s*(?:NO\b\.?|#)/i],
    value: /^[A-Z0-9][A-Z0-9-]{2,23}$/i,
  },
  batchNo: { labels: [/批次号|批次|\bBATCH\s*(?:NO\b\.?|#)?/i], value: /^\d{3,8}$/ },
  terminalId: { labels: [/终端编号|终端号|终端|\bTERMINAL\s*(?:NO\b\.?|ID\b)?|\bTID\b/i], value: /^[A-Z0-9]{4,16}$/i },
  operatorId: {
    labels: [/操作员号|操作员|收银员|收银|服务员|\bCASHIER\b|\bOPERATOR\s*(?:NO\b\.?|ID\b)?|\bSERVER\b|\bCLERK\b/i],
    value: /^(?:[A-Z0-9][A-Z0-9-]{0,11}|[\u4e00-\u9fff]{1,8})$/i,
  },
};

const ORIGINAL = /(?:原|\bORIG(?:INAL)?\.?\s*)$/i;
/** The reprint line of a duplicate names the reprinting operator, not the sale's. */
const REPRINT = /重打印|重印|补打|\bREPRINT|\bDUPLICATE\b/i;
/** After a label: an English name in brackets, then ":" "：" "#" or blanks. */
const AFTER_LABEL = /^\s*(?:[(（][^)）]*[)）])?\s*[:：#.]?\s*/;
const MERCHANT_LABEL = /商户名称|商户名|\bMERCHANT\s+NAME\b/i;
/** A line that prints something: two letters or characters, not a rule of dashes or stars. */
const WORDY = /[\p{L}]{2}/u;
/** A masked card: digits (BIN) and at least four mask characters, then the last four digits. */
const MASKED_CARD = /(?<![\d*])(?:\d[\d -]{0,9})?[*xX•][*xX• -]{2,}(\d{4})(?![\d*])/;

/** A labelled field's value: on the label's line after it, or alone on the next line. */
export function recogniseLabelled(lines: readonly string[], field: LabelledField): string | undefined {
  const rule = RULES[field];
  for (const label of rule.labels) {
    for (let i = 0; i < lines.length; i++) {
      if (REPRINT.test(lines[i] ?? '')) continue;
      const value = valueAfter(lines, i, label, rule.value);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

function valueAfter(lines: readonly string[], i: number, label: RegExp, value: RegExp): string | undefined {
  const line = lines[i] ?? '';
  const global = new RegExp(label.source, `${label.flags.replace('g', '')}g`);
  for (const m of line.matchAll(global)) {
    if (ORIGINAL.test(line.slice(0, m.index))) continue;
    const rest = line.slice(m.index + m[0].length).replace(AFTER_LABEL, '');
    const token = rest.split(/\s+/)[0] ?? '';
    if (token !== '') {
      if (value.test(token) && (ID.test(token) || /[\u4e00-\u9fff]/.test(token))) return token;
      continue;
    }
    // Nothing after the label: the value stands alone on the next line.
    const next = (lines[i + 1] ?? '').trim();
    if (value.test(next)) return next;
  }
  return undefined;
}

/** The shop's name: after 商户名称 / MERCHANT NAME when printed, else the first line that prints words. */
export function recogniseMerchant(lines: readonly string[]): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = MERCHANT_LABEL.exec(line);
    if (!m) continue;
    const rest = line.slice(m.index + m[0].length).replace(AFTER_LABEL, '').trim();
    const value = rest !== '' ? rest : (lines[i + 1] ?? '').trim();
    if (WORDY.test(value)) return value;
  }
  const first = lines.find((l) => WORDY.test(l));
  return first?.trim();
}

/** Last four digits of a masked card number ("622588******4242", "**** **** **** 4242"). */
export function recogniseLast4(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = MASKED_CARD.exec(line);
    if (m && (m[0].match(/[*xX•]/g) ?? []).length >= 4) return m[1];
  }
  return undefined;
}
