export {
  Journal,
  parseBatch,
  type JournalOptions,
  type RecordOutcome,
  type JournaledTransaction,
  type SearchPage,
  type BatchIssue,
  type RecordBatchesOptions,
  type RecordBatchesSummary,
  type RecordOptions,
} from './journal.js';
export { DEFAULT_ACCEPT_WINDOW, type AcceptWindow } from './accept-window.js';
export { prepareTransaction, prepareBatch, preparedOf, preparedRow, batchRefusal, transactionText, type PreparedTransaction, type PreparedBatch } from './prepare.js';
export { inProcessPreparer, prepareEvery, type Preparer } from './preparer.js';
export { WorkerPreparer, preparerWorkerEntry, type WorkerPreparerOptions } from './adapters/worker-preparer.js';
export { EventTypes, type TransactionRecordedPayload, type RecordedBy } from './events.js';
export { GENESIS_HASH, eventHash } from './hash-chain.js';
export { type SearchQuery, type Cursor, MAX_PAGE, encodeCursor, decodeCursor } from './search-query.js';
export {
  type JournalStore,
  type StoreWriter,
  type EventRow,
  type TransactionRow,
  type StoredTransaction,
  type ChainedEvent,
  type StoreInfo,
  REQUIRED_GUARDS,
} from './store.js';
export { verifyJournal, VerifyProblems, type VerifyProblem, type VerifyReport, type VerifyFailure, type ChainHead } from './verify.js';
export { SqliteStore, type SqliteStoreOptions } from './adapters/sqlite-store.js';
export type { SqliteDatabase, SqliteOpener } from './adapters/sqlite-database.js';
export { copyEvents, planRestore, eventsAfterHeads, type RestorePlan, type TransferProgress } from './transfer.js';
export { searchFromRequest, type SearchRequest } from './search-request.js';
export { PostgresStore, type PostgresStoreOptions } from './adapters/postgres-store.js';
export type { PgPool } from './adapters/pg-client.js';
export { JobStates, FINAL_JOB_STATES, JobKinds, type JobState, type JobKind, type PrintJobRow, type NewPrintJob, type PrintJobPatch, type JobFilter } from './print-jobs.js';
