export { FieldNames, DEFAULT_SOURCE_RULES, type FieldName, type PrintedTime, type RecognisedFields, type SourceRules } from './receipt-fields.js';
export { recogniseFields } from './recognise.js';
export { parseCaptureRules, captureRulesFromText, DEFAULT_CAPTURE_RULES, type CaptureRules } from './rules-file.js';
export { maskEveryDigit, maskJobBytes } from './pan-bytes.js';
export { maskPanText } from './pan-text.js';
export {
  JobEndings,
  CaptureChannels,
  capturedJobToJson,
  capturedJobFromJson,
  type JobEnding,
  type CaptureChannel,
  type CapturedJob,
  type CapturedJobJson,
  type CaptureJournal,
} from './capture-journal.js';
export { type FallbackLog, type FallbackNote, type DeliveryReason, type UnfinishedDelivery } from './fallback-log.js';
export { fallbackFile } from './adapters/fallback-file.js';
export { DeliveryOutcomes, type DeliveryOutcome, type TapEvent } from './tap-events.js';
export { type UndeliveredJob } from './tap-connection.js';
export { Tap, tapLinkOpener, captureId, type TapOptions, type TapStatus } from './tap.js';
export { type HostPort } from './adapters/tcp-listen.js';
export { buildCapture, captureBytesHoldCard, type JobMeta, type BuildOptions } from './capture-builder.js';
export { printedFiles } from './lpd-control-file.js';
export { journaledCaptures } from './journaled-captures.js';
export { duplicateCaptureBytes, type CaptureDuplicate, type DuplicateOptions } from './duplicate-bytes.js';
export { renderCapturedReceipt, captureJobMarks, capturedBytes, capturedDocument, capturePaper, type CaptureRenderRequest } from './captured-receipt.js';
export { spoolerHandOver, type SpoolerHandOver, type CaptureSpooler } from './spooler-hand-over.js';
export { threadCaptureJournal, journalThreadEntry, type ThreadSetup, type ThreadHooks } from './adapters/thread-journal.js';
export { inlineCaptureReader, type CaptureReader } from './capture-reader.js';
export { fairTurns, type FairTurns } from './fair-turns.js';
export { threadCaptureReader, readerThreadEntry, readerUnavailable, READER_HEAP_MB } from './adapters/thread-reader.js';
