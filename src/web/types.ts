/** The API's answers, as far as the pages read them. */

export interface Card {
  masked: string;
  last4: string;
  issuer?: string;
  acquirer?: string;
  entryMode?: string;
}

export interface Transaction {
  kind: string;
  merchant: { id: string; name: string; nameEn?: string };
  store?: { name: string };
  terminalId: string;
  operatorId: string;
  batchNo: string;
  voucherNo: string;
  referenceNo?: string;
  authCode?: string;
  receiptNo?: string;
  occurredAt: string;
  amount: string;
  currency: string;
  card?: Card;
}

export interface Journaled {
  id: string;
  transaction: Transaction;
  originalId?: string;
  recordedAt?: string;
  hash?: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Job {
  id: number;
  transactionId: string | null;
  kind: string;
  copy: number;
  printer: string;
  backup: string | null;
  state: string;
  final: boolean;
  attempts: number;
  detail: string | null;
  paperMm: number;
  createdAt: string;
  updatedAt: string;
}

export interface TransactionWithJobs extends Journaled {
  jobs: Job[];
}

export interface ReprintOutcome {
  saleId: string;
  copy: number;
  code: string;
  basis: string;
  printed: boolean;
  job: Job;
}

export interface EReceipt {
  url: string;
  pdfUrl: string;
  expiresAt: string;
}
