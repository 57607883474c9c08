export { type AllowlistEntry, allowlistEntryId, allowlistPath, readAllowlist } from "./allowlist-file.js";
export { type AllowlistGrant, ApprovalAllowlist } from "./approval-allowlist.js";
export { type ApprovalGateInput, type ApprovalVerdict, awaitApproval } from "./approval-gate.js";
export {
  type ApprovalLimits,
  DEFAULT_MAX_PENDING_APPROVALS,
  DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION,
  resolveApprovalLimits,
} from "./approval-limits.js";
export {
  APPROVAL_EVENT_NAMES,
  type ApprovalInput,
  type ApprovalOutcome,
  ApprovalQueue,
  type ApprovalQueueOptions,
  type AutoAllowedApproval,
  describeResolution,
  type PendingApproval,
} from "./approval-queue.js";
export {
  ALLOW_ALWAYS_KEY_MAX_CHARS,
  APPROVAL_DECISIONS,
  APPROVAL_DESCRIPTION_MAX_CHARS,
  APPROVAL_TITLE_MAX_CHARS,
  type ApprovalDecision,
  type ApprovalRequestSpec,
  type ApprovalResolution,
  type ApprovalSeverity,
  DEFAULT_APPROVAL_TIMEOUT_MS,
  MAX_APPROVAL_TIMEOUT_MS,
  normalizeApprovalRequest,
} from "./approval-request.js";
export { PARAMS_VIEW_MAX_CHARS, type ParamsView, paramsView, snapshotParams } from "./params-view.js";
