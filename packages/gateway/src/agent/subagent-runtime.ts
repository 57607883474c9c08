import { randomUUID } from "node:crypto";
import {
  type OpenClawConfig,
  OpenClawError,
  type PluginRuntimeSubagent,
  type SubagentGetSessionMessagesParams,
  type SubagentGetSessionMessagesResult,
  type SubagentRunParams,
  type SubagentRunResult,
  type SubagentWaitParams,
  type SubagentWaitResult,
} from "@openclaw/plugin-sdk/core";
import { checkSessionKey, type SessionStore } from "./session-store.js";
import { authorizeModelOverride } from "./subagent-policy.js";
import { SUBAGENT_MAX_ACTIVE_RUNS, type SubagentRuns } from "./subagent-runs.js";

/** Default wait of `waitForRun`, in ms. */
export const SUBAGENT_WAIT_DEFAULT_MS = 30_000;
/** Longest wait of one `waitForRun` call, in ms. */
export const SUBAGENT_WAIT_MAX_MS = 600_000;
/** Most messages `getSessionMessages` returns. */
export const SUBAGENT_MESSAGES_MAX = 1000;

/** What the subagent surface of one plugin reads and drives. */
export interface SubagentRuntimeDeps {
  runs: SubagentRuns;
  sessions: SessionStore;
  config: () => OpenClawConfig;
  /** True while the plugin may act (loaded or registering; not failed, not disabled). */
  isLive: (pluginId: string) => boolean;
  /** Resolves when no turn of `sessionKey` is queued or running. */
  idle: (sessionKey: string) => Promise<void>;
}

/** The `owner` a plugin's subagent sessions carry in their transcript header. */
export function sessionOwnerOf(pluginId: string): string {
  return `plugin:${pluginId}`;
}

function invalid(message: string): OpenClawError {
  return new OpenClawError("AGENT_INVALID_PARAMS", message);
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw invalid(`${name} must be a non-negative number of milliseconds`);
  return value;
}

function requireLive(deps: SubagentRuntimeDeps, pluginId: string): void {
  if (deps.isLive(pluginId)) return;
  throw new OpenClawError(
    "PLUGIN_API_REVOKED",
    `plugin ${pluginId} is failed or disabled; its api.runtime.subagent is revoked`,
    { details: { pluginId } },
  );
}

function checkRunParams(params: SubagentRunParams): { sessionKey: string; timeoutMs?: number } {
  if (typeof params?.message !== "string" || params.message.trim() === "")
    throw invalid("subagent.run needs a non-empty message");
  if (typeof params.sessionKey !== "string") throw invalid("subagent.run needs a sessionKey string");
  for (const key of ["provider", "model", "extraSystemPrompt", "idempotencyKey"] as const) {
    if (params[key] !== undefined && typeof params[key] !== "string")
      throw invalid(`${key} must be a string`);
  }
  if (params.deliver === true)
    throw invalid("subagent.run cannot deliver replies to a channel on this host; read them with waitForRun");
  const timeoutMs = optionalNumber(params.timeoutMs, "timeoutMs");
  if (timeoutMs === 0) throw invalid("timeoutMs of a run must be positive");
  return { sessionKey: checkSessionKey(params.sessionKey), ...(timeoutMs ? { timeoutMs } : {}) };
}

async function run(
  deps: SubagentRuntimeDeps,
  pluginId: string,
  params: SubagentRunParams,
): Promise<SubagentRunResult> {
  requireLive(deps, pluginId);
  const { sessionKey, timeoutMs } = checkRunParams(params);
  const idempotencyKey = params.idempotencyKey;
  const earlier = idempotencyKey ? deps.runs.findByIdempotencyKey(pluginId, idempotencyKey) : undefined;
  if (earlier) return { runId: earlier.runId, sessionKey: earlier.sessionKey };
  const model = authorizeModelOverride(deps.config(), pluginId, params);
  if (deps.runs.activeCount(pluginId) >= SUBAGENT_MAX_ACTIVE_RUNS) {
    throw new OpenClawError(
      "AGENT_SUBAGENT_BUSY",
      `plugin ${pluginId} already has ${SUBAGENT_MAX_ACTIVE_RUNS} subagent runs queued or running`,
      { details: { pluginId } },
    );
  }
  const record = deps.runs.start(
    pluginId,
    {
      runId: randomUUID(),
      sessionKey,
      prompt: params.message,
      messageProvider: "subagent",
      sessionOwner: sessionOwnerOf(pluginId),
      ...(model ? { model } : {}),
      ...(params.extraSystemPrompt ? { extraSystemPrompt: params.extraSystemPrompt } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    },
    idempotencyKey,
  );
  return { runId: record.runId, sessionKey };
}

async function waitForRun(
  deps: SubagentRuntimeDeps,
  pluginId: string,
  params: SubagentWaitParams,
): Promise<SubagentWaitResult> {
  const record = typeof params?.runId === "string" ? deps.runs.find(pluginId, params.runId) : undefined;
  if (!record) {
    throw new OpenClawError("AGENT_RUN_NOT_FOUND", `plugin ${pluginId} has no run ${String(params?.runId)}`, {
      details: { pluginId },
    });
  }
  if (record.outcome) return record.outcome;
  const waitMs = Math.min(
    optionalNumber(params.timeoutMs, "timeoutMs") ?? SUBAGENT_WAIT_DEFAULT_MS,
    SUBAGENT_WAIT_MAX_MS,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), waitMs);
  });
  try {
    await Promise.race([record.done, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  return record.outcome ?? { status: "timeout", startedAt: record.startedAt };
}

async function getSessionMessages(
  deps: SubagentRuntimeDeps,
  params: SubagentGetSessionMessagesParams,
): Promise<SubagentGetSessionMessagesResult> {
  if (typeof params?.sessionKey !== "string") throw invalid("getSessionMessages needs a sessionKey string");
  const limit = params.limit === undefined ? SUBAGENT_MESSAGES_MAX : optionalNumber(params.limit, "limit");
  const max = Math.min(SUBAGENT_MESSAGES_MAX, Math.max(1, Math.floor(limit ?? SUBAGENT_MESSAGES_MAX)));
  const transcript = await deps.sessions.read(params.sessionKey);
  const messages = transcript.entries.flatMap((entry) =>
    entry.type === "message" && entry.message
      ? [{ ...entry.message, timestamp: entry.timestamp, ...(entry.runId ? { runId: entry.runId } : {}) }]
      : [],
  );
  return { messages: messages.slice(-max) };
}

async function deleteSession(
  deps: SubagentRuntimeDeps,
  pluginId: string,
  params: { sessionKey: string; deleteTranscript?: boolean },
): Promise<void> {
  requireLive(deps, pluginId);
  if (typeof params?.sessionKey !== "string") throw invalid("deleteSession needs a sessionKey string");
  const sessionKey = checkSessionKey(params.sessionKey);
  const transcript = await deps.sessions.read(sessionKey);
  if (transcript.entries.length === 0) return;
  if (transcript.owner !== sessionOwnerOf(pluginId)) {
    throw new OpenClawError(
      "AGENT_SESSION_FORBIDDEN",
      `plugin ${pluginId} may only delete sessions its subagent runs created; "${sessionKey}" is ${transcript.owner ? `owned by ${transcript.owner}` : "a user session"}`,
      { details: { pluginId, sessionKey } },
    );
  }
  await deps.runs.abortPlugin(pluginId, "its session was deleted", sessionKey);
  await deps.idle(sessionKey);
  await deps.sessions.remove(sessionKey, { archive: params.deleteTranscript === false });
}

/**
 * `api.runtime.subagent` bound to one plugin: every run it starts is owned by `pluginId` (see
 * {@link PluginRuntimeSubagent} for the rules and the error codes).
 */
export function createSubagentRuntime(deps: SubagentRuntimeDeps, pluginId: string): PluginRuntimeSubagent {
  const read = (params: SubagentGetSessionMessagesParams) => getSessionMessages(deps, params);
  return {
    run: (params) => run(deps, pluginId, params),
    waitForRun: (params) => waitForRun(deps, pluginId, params),
    getSessionMessages: read,
    getSession: read,
    deleteSession: (params) => deleteSession(deps, pluginId, params),
  };
}
