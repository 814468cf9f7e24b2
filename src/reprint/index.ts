export { locateSale, AmbiguousSaleError, type LocateRequest, type LocateContext, type Candidate } from './locate-sale.js';
export { decideReprint, ReasonCodes, DEFAULT_POLICY, type ReasonCode, type PolicySettings, type PolicyRequest, type PolicyDecision, type Actor } from './reprint-policy.js';
export { verificationCode, parseVerificationCode, codeMatches, type ParsedCode } from './verification-code.js';
export { ForbiddenError } from './errors.js';
export { ReprintService, type CheckResult, type ReprintServiceOptions, type ReprintRequest, type ReprintResult, type ReprintAuth, type DuplicateQueue } from './reprint-service.js';
