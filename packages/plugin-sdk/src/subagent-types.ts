/**
 * Parameters of {@link PluginRuntimeSubagent.run}: start one agent turn in the background.
 *
 * `provider`/`model` are per-run overrides, honoured only when the operator trusts the plugin with
 * `plugins.entries.<id>.subagent.allowModelOverride: true` and, when
 * `plugins.entries.<id>.subagent.allowedModels` is set, the resolved `provider/model` is listed in it
 * (`"*"` allows any). Otherwise the run is refused with a coded error, never silently run on the
 * default model.
 */
export interface SubagentRunParams {
  /** Session key the turn runs in (created when new, owned by the calling plugin). */
  sessionKey: string;
  /** The user's message for this turn. */
  message: string;
  /** Provider override (needs `subagent.allowModelOverride`). */
  provider?: string;
  /** Model override: a model id, or `provider/model` (needs `subagent.allowModelOverride`). */
  model?: string;
  /** Text appended to the system prompt for this turn only. */
  extraSystemPrompt?: string;
  /** Whole-turn budget in ms; default `agents.defaults.timeoutMs`, else 120 000. */
  timeoutMs?: number;
  /**
   * A second `run` with the same key (from the same plugin) returns the first run's id instead of
   * starting another turn, for as long as that run is remembered (it is running, or among the
   * plugin's 64 most recently finished runs).
   */
  idempotencyKey?: string;
  /** Upstream only; ignored (turns of one session key are serialised). */
  lane?: string;
  /**
   * Upstream: deliver the reply to the session's channel. This host never delivers subagent replies;
   * `true` is refused with `AGENT_INVALID_PARAMS` (read the reply with `waitForRun`).
   */
  deliver?: boolean;
}

/** Outcome of {@link PluginRuntimeSubagent.run}: the turn is queued or running. */
export interface SubagentRunResult {
  /** Id of the run; pass it to `waitForRun`. Hooks see it as `ctx.runId`. */
  runId: string;
  /** The session key the run uses (trimmed). */
  sessionKey: string;
}

/** Parameters of {@link PluginRuntimeSubagent.waitForRun}. */
export interface SubagentWaitParams {
  runId: string;
  /** How long to wait in ms (0 = just look); default 30 000, at most 600 000. */
  timeoutMs?: number;
}

/**
 * Outcome of {@link PluginRuntimeSubagent.waitForRun}. `timeout` means the wait ran out while the
 * run is still going (wait again); a run that itself exceeded its budget ends as `error` with
 * `code: "AGENT_TIMEOUT"`.
 */
export interface SubagentWaitResult {
  status: "ok" | "error" | "timeout";
  /** The reply text (what streamed before the end, for an aborted run). */
  text?: string;
  /** Error message, for `status: "error"`. */
  error?: string;
  /** Error code, for `status: "error"` (`AGENT_ABORTED` when the run was aborted). */
  code?: string;
  /** `provider/model` the run used, once it finished. */
  model?: string;
  /** When the run started and ended, in ms since the epoch. */
  startedAt?: number;
  endedAt?: number;
}

/** Parameters of {@link PluginRuntimeSubagent.getSessionMessages}. */
export interface SubagentGetSessionMessagesParams {
  sessionKey: string;
  /** Only the last `limit` messages (1–1000); default all, capped at 1000. */
  limit?: number;
}

/** One transcript message as {@link PluginRuntimeSubagent.getSessionMessages} returns it. */
export interface SubagentSessionMessage {
  role: "user" | "assistant" | "tool" | "system";
  content: string;
  /** Tool calls the assistant made in this message. */
  toolCalls?: Array<{ id: string; name: string; params: unknown }>;
  /** For `role: "tool"`: the call this result answers, and the tool's name. */
  toolCallId?: string;
  toolName?: string;
  isError?: boolean;
  /** When the message was written, in ms since the epoch. */
  timestamp: number;
  /** The run that wrote it. */
  runId?: string;
}

/** Outcome of {@link PluginRuntimeSubagent.getSessionMessages}; a missing session has none. */
export interface SubagentGetSessionMessagesResult {
  messages: SubagentSessionMessage[];
}

/** Parameters of {@link PluginRuntimeSubagent.deleteSession}. */
export interface SubagentDeleteSessionParams {
  sessionKey: string;
  /** `true` (default) removes the transcript file; `false` renames it aside like `sessions reset`. */
  deleteTranscript?: boolean;
}

/**
 * `api.runtime.subagent`: background agent turns owned by the calling plugin.
 *
 * Ownership: each plugin sees only its own runs (another plugin's run id is `AGENT_RUN_NOT_FOUND`);
 * a plugin has at most 8 runs queued or running at once (`AGENT_SUBAGENT_BUSY`); when the plugin
 * fails or is disabled its runs are aborted. A session a plugin's `run` created is owned by that
 * plugin, and only the owner may delete it (`AGENT_SESSION_FORBIDDEN`); reading transcripts is open.
 *
 * Errors thrown: `AGENT_INVALID_PARAMS`, `AGENT_SUBAGENT_OVERRIDE_FORBIDDEN`,
 * `AGENT_SUBAGENT_MODEL_NOT_ALLOWED`, `AGENT_SUBAGENT_BUSY`, `AGENT_RUN_NOT_FOUND`,
 * `AGENT_SESSION_FORBIDDEN`, `PLUGIN_API_REVOKED` (the plugin failed or was disabled).
 */
export interface PluginRuntimeSubagent {
  /** Starts a turn on `sessionKey` in the background; resolves once it is queued. */
  run(params: SubagentRunParams): Promise<SubagentRunResult>;
  /** Waits for a run of this plugin to finish, or for `timeoutMs` to pass. */
  waitForRun(params: SubagentWaitParams): Promise<SubagentWaitResult>;
  /** Reads a session transcript (any session key). */
  getSessionMessages(params: SubagentGetSessionMessagesParams): Promise<SubagentGetSessionMessagesResult>;
  /** @deprecated Alias of {@link PluginRuntimeSubagent.getSessionMessages}, kept for upstream plugins. */
  getSession(params: SubagentGetSessionMessagesParams): Promise<SubagentGetSessionMessagesResult>;
  /**
   * Deletes a session this plugin's runs created, after aborting this plugin's runs on it; a
   * missing session is a no-op.
   */
  deleteSession(params: SubagentDeleteSessionParams): Promise<void>;
}
