export { FieldNames, DEFAULT_SOURCE_RULES, type FieldName, type PrintedTime, type RecognisedFields, type SourceRules } from './receipt-fields.js';
export { recogniseFields } from './recognise.js';
export { parseCaptureRules, captureRulesFromText, DEFAULT_CAPTURE_RULES, type CaptureRules } from './rules-file.js';
export { maskJobBytes } from './pan-bytes.js';
export { maskPanText } from './pan-text.js';
