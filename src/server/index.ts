/**
 * The HTTP API: the one place that maps domain errors to HTTP, and serves the web pages.
 * Its only public door.
 */
export { createApp } from './app.js';
export { startServer, webRootHandler, DEFAULT_PORT, DEFAULT_HOST, type StartServerOptions, type RunningServer } from './start-server.js';
export type { ServerDeps, ServerOptions } from './deps.js';
export type { RunningTap } from './server-taps.js';
export type { AppEnv, Session, Access } from './route.js';
export { problemOf, problemResponse, ProblemException, RequestValidationError, STATUS_OF_KIND, PROBLEM_CONTENT_TYPE, problemType, type Problem, type ProblemAnswer } from './problem.js';
export { serverLog, loggedPath, type LogSink, type ServerLog, type LogLevel } from './log.js';
export { maskPans, redact } from './redact.js';
export { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER, SECURITY_HEADERS, CONTENT_SECURITY_POLICY } from './security.js';
export { DEFAULT_PRINT_WAIT_MS, DEFAULT_E_RECEIPT_DAYS, DEFAULT_MAX_BODY_BYTES } from './runtime.js';
export type {
  TransactionView,
  ReceiptView,
  CaptureWithJobs,
  TransactionWithJobs,
  PageOf,
  ReplicaNotice,
  SessionView,
  ReprintOutcome,
  ReprintPolicyView,
  VerifyView,
  EReceiptView,
  DayReport,
  Tally,
  AuditEntry,
  JobView,
  PrinterView,
} from './api-views.js';
