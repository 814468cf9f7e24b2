export { locateReceipt, AmbiguousSaleError, type LocateRequest, type LocateContext, type Candidate, type Located } from './locate-receipt.js';
export {
  decideReprint,
  approvalNeeded,
  referenceLast4,
  ReasonCodes,
  DEFAULT_POLICY,
  type ReasonCode,
  type PolicySettings,
  type PolicyRequest,
  type PolicySituation,
  type PolicyDecision,
  type ApprovalNeed,
  type CustomerProof,
  type CustomerStatement,
  type SaleFacts,
  type Actor,
  actorOf,
} from './reprint-policy.js';
export { originalPrintNeed, decideOriginalPrint, type OriginalNeed, type OriginalDecision } from './original-policy.js';
export { verificationCode, isVerificationCode, parseVerificationCode, codeMatches, type ParsedCode } from './verification-code.js';
export { keySignsRecordedCodes } from './receipt-key-check.js';
export { ForbiddenError } from './errors.js';
export {
  ReprintService,
  NOT_GENUINE,
  customerProof,
  type ReprintServiceOptions,
  type ReprintRequest,
  type PrinterChoice,
  type ReprintResult,
  type ReprintAuth,
  type DuplicateQueue,
  type ReprintAssessment,
  type Verdict,
  type VerifiedSale,
  type VerifiedStatus,
} from './reprint-service.js';
