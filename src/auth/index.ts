/**
 * The auth module: users, roles and permissions, argon2id passwords, sessions, throttled
 * sign-in and step-up approval. Its only public door; it depends on core only.
 */
export {
  AuthService,
  type AuthServiceOptions,
  type User,
  type NewUser,
  type UserChanges,
  type LoginRequest,
  type LoginResult,
  type SessionInfo,
  type ApprovalRequest,
  type Approval,
} from './auth-service.js';
export { Roles, type Role, Permissions, type Permission, ROLE_PERMISSIONS, permissionsOf, can, requirePermission, isRole, isPermission, parseRole, type Permitted } from './roles.js';
export { AuthDenials, type AuthDenial, AuthError, AuthenticationError, PermissionError, ThrottledError, ApprovalThrottledError } from './errors.js';
export { AuditEventTypes, type AuditEventType, type AuditEvent, type AuditHook } from './audit.js';
export { authSettings, DEFAULT_AUTH_SETTINGS, type AuthSettings } from './settings.js';
export { type PasswordHasher, ARGON2ID_PARAMS } from './password-hasher.js';
export {
  type UserStore,
  type UserRecord,
  type UserPatch,
  type SessionRecord,
  type LoginFailure,
  type AttemptTags,
  type InsertUserOutcome,
  type UpdateUserOutcome,
  type UserChange,
} from './store.js';
export { throttleState, type ThrottlePolicy, type ThrottleState, type FailureAt } from './throttle.js';
export { parseUserName, parseOperatorNo, parseTerminal, checkPassword, userRecordFault, MAX_PASSWORD_LENGTH } from './validation.js';
export { Argon2idHasher } from './adapters/argon2-hasher.js';
export { cryptoRandom } from './adapters/node-random.js';
export { SqlUserStore } from './adapters/sql-user-store.js';
export { USERS_SCHEMA } from './adapters/user-tables.js';
