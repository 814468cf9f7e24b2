export {
  Journal,
  parseBatch,
  STORE_ID_RECHECK_MS,
  type JournalWriter,
  type JournalOptions,
  type RecordOutcome,
  type JournaledTransaction,
  type SearchPage,
  type SummaryPage,
  type TransactionSummary,
  type BatchIssue,
  type RecordBatchesOptions,
  type RecordBatchesSummary,
  type ReceiptPage,
  type CaptureOutcome,
  type RecordOptions,
  type RecordPreparedOptions,
} from './journal.js';
export { DEFAULT_ACCEPT_WINDOW, type AcceptWindow } from './accept-window.js';
export { isCaptureId, CAPTURE_ID, captureListing, type JournaledCapture, type CaptureListing, type SaleListing, type ReceiptListing } from './captures.js';
export { checkCapturePayload, captureRow, MAX_CAPTURE_TEXT } from './capture-projection.js';
export { prepareTransaction, prepareBatch, preparedOf, preparedRow, batchRefusal, transactionText, type PreparedTransaction, type PreparedBatch } from './prepare.js';
export { inProcessPreparer, prepareEvery, type Preparer } from './preparer.js';
export { WorkerPreparer, preparerWorkerEntry, type WorkerPreparerOptions } from './adapters/worker-preparer.js';
export { EventTypes, captureChain, type TransactionRecordedPayload, type CaptureRecordedPayload, type CapturedFields, type RecordedBy } from './events.js';
export { GENESIS_HASH, eventHash, sha256Hex } from './hash-chain.js';
export { type SearchQuery, type Cursor, MAX_PAGE, encodeCursor, decodeCursor, ReceiptOrigins, type ReceiptOrigin } from './search-query.js';
export {
  type JournalStore,
  type StoreWriter,
  type EventRow,
  type TransactionRow,
  type StoredTransaction,
  type FoundTransaction,
  type ChainedEvent,
  type StoreInfo,
  type WriteCheck,
  type NewEventRow,
  type CaptureRow,
  type StoredCapture,
  type StoreScope,
  type ChainTip,
} from './store.js';
export { ChainRefusedError, ChainRefusalCodes, type ChainRefusalCode, type ChainPosition, type CaptureBytesCheck, type CardInCaptureBytes, type ReplicaEvent, type ReplicateResult } from './replicate.js';
export { STORE_CHAIN, StoreEventTypes, parseStoreId, type StoreIdentifiedPayload } from './store-identity.js';
export { JOURNAL_SCHEMA_VERSION, REQUIRED_GUARDS } from './journal-tables.js';
export { AUDIT_CHAIN, flatAuditEntry, type AuditEntry, type AuditFilter } from './audit-trail.js';
export { backupJournal, restoreJournal, WITHDRAWN_LINKS_META, type JournalFiles, type BackupResult, type RestoreTarget, type RestoreOptions, type RestoreResult } from './backup.js';
export { storeSettings, type StoreSettings } from './store-settings.js';
export { verifyJournal, VerifyProblems, type VerifyProblem, type VerifyReport, type VerifyFailure, type ChainHead, type VerifyOptions } from './verify.js';
export { formatHeads, parseHeads, headsFileOf, HEADS_FORMAT, type HeadsFile } from './heads-file.js';
export { copyEvents, planRestore, eventsAfterHeads, type RestorePlan, type TransferProgress } from './transfer.js';
export { searchFromRequest, type SearchRequest } from './search-request.js';
export {
  JobStates,
  FINAL_JOB_STATES,
  JOB_TRANSITIONS,
  JobKinds,
  PrintEventTypes,
  PRINT_EVENT_TYPES,
  type PrintEventType,
  type JobState,
  type JobKind,
  type PrintJobRow,
  type NewPrintJob,
  type PrintJobPatch,
  type JobFilter,
} from './print-jobs.js';
export { jobEventFacts, readJobEvent, jobsFromEvents, jobDifference, rowFromFields, isPrintEvent, type JobFields, type JobEvent } from './job-projection.js';
