/** One plugin as `plugins.status` reports it (docs/gateway-rpc.md). */
export interface PluginStatusEntry {
  id: string;
  name: string;
  status: "enabled" | "loaded" | "disabled" | "error";
  origin: "config" | "workspace" | "global" | "bundled";
  version?: string;
  activation?: { enabled: boolean; source: string; reason: string };
  error?: { code: string; message: string; phase?: string; hint?: string };
  registrations: Record<string, string[]>;
  diagnostics: Array<{ level: string; message: string; code?: string; hint?: string }>;
}

/** `config.get` (CONTRACTS.md): the file's hash and its content with secrets redacted. */
export interface ConfigSnapshot {
  path: string;
  exists: boolean;
  hash: string;
  config: Record<string, unknown>;
}

/** `config.patch` answer. */
export interface ConfigPatchResult {
  hash: string;
  config: Record<string, unknown>;
  reloaded: string[];
}

/** What `plugins.uninstall` with `dryRun` says it would remove. */
export interface UninstallPlan {
  id: string;
  removedPaths: string[];
  removedConfig: string[];
}

/** One call as Voice Call reports it (`voicecall.list`, event `voicecall.call`). */
export interface CallRecord {
  callId: string;
  provider: string;
  direction: "outbound" | "inbound";
  state: string;
  from: string;
  to: string;
  mode: string;
  startedAt: number;
  endedAt?: number;
  endReason?: string;
  transcript: Array<{ timestamp: number; speaker: "bot" | "user"; text: string }>;
}

/** A tool call waiting for a plugin's approval (`approvals.list`, event `approvals.requested`). */
export interface PendingApproval {
  id: string;
  pluginId: string;
  toolName: string;
  title: string;
  description: string;
  severity: "info" | "warning" | "critical";
  /** The params the tool will run with: JSON with secret-looking values redacted, cut when large. */
  params: { json: string; truncated: boolean; redacted: string[] };
  sessionKey: string | null;
  runId: string | null;
  timeoutBehavior: "allow" | "deny";
  /** What the operator may answer (`deny` always among them). */
  allowedDecisions: Array<"allow-once" | "allow-always" | "deny">;
  /** What an allow-always is keyed on besides plugin and tool; `null` = every call of the tool. */
  allowAlwaysKey: string | null;
  createdAt: number;
  expiresAt: number;
}

/** A remembered allow-always (`approvals.allowlist.list`, event `approvals.allowlistChanged`). */
export interface AllowlistEntry {
  id: string;
  pluginId: string;
  toolName: string;
  allowAlwaysKey: string | null;
  title: string;
  approvalId: string;
  sessionKey: string | null;
  /** ISO 8601. */
  createdAt: string;
}
