import type { OpenClawConfig } from "./config-types.js";

/**
 * Parameters of {@link PluginRuntimeAgent.runEmbeddedPiAgent}: one agent turn in the call shape of
 * upstream OpenClaw's `runEmbeddedPiAgent` (the one the original Voice Call responder used), with the
 * provider and the model given separately.
 *
 * Honoured: `sessionKey`, `prompt`, `provider`, `model`, `extraSystemPrompt`, `messageProvider`,
 * `timeoutMs`, `runId`, `abortSignal`. Accepted and ignored, because this host derives them itself:
 * `sessionId` and `sessionFile` (the transcript is chosen by `sessionKey`), `workspaceDir`, `agentDir`,
 * `config` (the gateway's current config is used), `thinkLevel`, `verboseLevel` and `lane` (turns of
 * one session key always run one after another).
 */
export interface EmbeddedPiAgentParams {
  /** Session key the transcript is stored under, e.g. `"voice:15550001234"`; default `"main"`. */
  sessionKey?: string;
  /** Upstream session id; ignored (the transcript is chosen by `sessionKey`). */
  sessionId?: string;
  /** The user's message for this turn. */
  prompt: string;
  /**
   * Provider id (`models.providers.<id>` or a provider plugin's id). With `model` it forms
   * `provider/model`; alone it keeps the model of `agents.defaults.model`.
   */
  provider?: string;
  /**
   * Model id within `provider`, or a whole `provider/model` reference when `provider` is absent;
   * alone (no slash) it keeps the provider of `agents.defaults.model`.
   */
  model?: string;
  /** Text appended to the system prompt for this turn only. */
  extraSystemPrompt?: string;
  /** Surface the turn comes from (`"voice"` hides the `tts` tool); default `"plugin"`. */
  messageProvider?: string;
  /** Whole-turn budget in ms; default `agents.defaults.timeoutMs`, else 120 000. */
  timeoutMs?: number;
  /** Caller-chosen id of the turn (hooks see it as `ctx.runId`); default a random UUID. */
  runId?: string;
  /** Aborts the turn (barge-in, hang-up); the result then has `meta.aborted: true`. */
  abortSignal?: AbortSignal;
  /** Upstream only; ignored. */
  sessionFile?: string;
  /** Upstream only; ignored. */
  workspaceDir?: string;
  /** Upstream only; ignored. */
  agentDir?: string;
  /** Upstream only; ignored (the gateway's current config is used). */
  config?: OpenClawConfig;
  /** Upstream only; ignored. */
  thinkLevel?: string;
  /** Upstream only; ignored. */
  verboseLevel?: string;
  /** Upstream only; ignored (turns of one session key are serialised). */
  lane?: string;
}

/** One reply payload of {@link EmbeddedPiRunResult} (upstream's shape; this host sends text only). */
export interface EmbeddedPiPayload {
  /** The assistant's reply text. */
  text?: string;
  /** True when the payload reports an error instead of a reply (never set by this host). */
  isError?: boolean;
}

/** Token counts in upstream's `agentMeta.usage` shape (provider-reported tokens). */
export interface EmbeddedPiUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  total?: number;
}

/** Outcome of {@link PluginRuntimeAgent.runEmbeddedPiAgent}, in upstream's `EmbeddedPiRunResult` shape. */
export interface EmbeddedPiRunResult {
  /** The reply as payloads: one `{ text }` when the model said anything, else empty. */
  payloads?: EmbeddedPiPayload[];
  meta: {
    /** Wall-clock duration of the turn in ms, queueing behind an earlier turn of the session included. */
    durationMs: number;
    /** True when `abortSignal` aborted the turn; `payloads` then hold what streamed before. */
    aborted?: boolean;
    /** Why the turn ended: `stop`, `length` (output token limit) or `aborted`. */
    stopReason?: string;
    agentMeta?: {
      /** Id of the session transcript the turn ran in. */
      sessionId: string;
      /** Provider id actually used (after `before_model_resolve`). */
      provider: string;
      /** Model id actually used. */
      model: string;
      usage?: EmbeddedPiUsage;
    };
    /** The `runId` of the turn. */
    runId: string;
  };
}

/** Parameters of {@link PluginRuntimeAgent.resolveAgentTimeoutMs}. */
export interface ResolveAgentTimeoutParams {
  /** Config to read `agents.defaults.timeoutMs` from; default the gateway's current config. */
  cfg?: OpenClawConfig;
  /** A caller's own budget in ms; wins when it is a positive number. */
  overrideMs?: number;
}
