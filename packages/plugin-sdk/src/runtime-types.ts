import type { OpenClawConfig } from "./config-types.js";
import type { PluginRuntimeChannel } from "./inbound-types.js";
import type { PluginLogger } from "./logger-types.js";
import type {
  EmbeddedPiAgentParams,
  EmbeddedPiRunResult,
  ResolveAgentTimeoutParams,
} from "./pi-agent-types.js";
import type { PluginSttRuntime, PluginTtsRuntime } from "./speech-runtime-types.js";
import type { PluginRuntimeSubagent } from "./subagent-types.js";

/** Token counts of one model call or one agent turn (provider-reported tokens). */
export interface RuntimeUsage {
  /** Prompt (input) tokens. */
  input: number;
  /** Completion (output) tokens. */
  output: number;
  /** `input + output` unless the provider reports its own total. */
  total: number;
}

/**
 * Parameters of {@link PluginRuntimeAgent.runEmbeddedAgent}: one agent turn in a session.
 *
 * The turn runs the same pipeline as `openclaw agent` and RPC `agent.run`: the typed hooks
 * (`before_model_resolve` … `agent_end`), the registered plugin tools and the session transcript.
 */
export interface EmbeddedAgentParams {
  /** Session key the transcript is stored under, e.g. `"voice:15550001234"`. */
  sessionKey: string;
  /** The user's message for this turn. */
  prompt: string;
  /** Model reference `"provider/model"`; default `agents.defaults.model`. */
  model?: string;
  /** Text appended to the system prompt for this turn only. */
  extraSystemPrompt?: string;
  /** Surface the turn comes from; `"voice"` hides the `tts` tool. */
  messageProvider?: string;
  /** Whole-turn budget in ms; when it elapses the turn aborts cleanly with error code `AGENT_TIMEOUT`. */
  timeoutMs?: number;
  /** Aborts the turn (e.g. barge-in); the result then has `aborted: true`. */
  signal?: AbortSignal;
  /** Called with each piece of reply text as it streams from the model. */
  onTextDelta?: (text: string) => void;
}

/** Outcome of {@link PluginRuntimeAgent.runEmbeddedAgent}. */
export interface EmbeddedAgentResult {
  /** The assistant's final reply text (what was streamed so far when aborted). */
  text: string;
  /** True when `signal` aborted the turn before the model finished. */
  aborted: boolean;
  /** Id of this turn, as seen by hooks (`ctx.runId`) and in `agent.*` events. */
  runId: string;
  /** The session key the turn ran in. */
  sessionKey: string;
  /** Tokens used by every model call of the turn, when the provider reports them. */
  usage?: RuntimeUsage;
}

/**
 * `api.runtime.agent`: run agent turns from a plugin.
 *
 * Errors thrown by both run methods (as `OpenClawError` with a `code`): `AGENT_TIMEOUT` (the
 * `timeoutMs` budget elapsed), `AGENT_MODEL_UNKNOWN` / `AGENT_MODEL_UNSUPPORTED` / `AGENT_AUTH_MISSING`
 * (model resolution), `AGENT_PROVIDER_ERROR` (the model provider answered with an error),
 * `AGENT_STEP_LIMIT`, `AGENT_INVALID_PARAMS`. An abort is not an error: the result says `aborted`.
 */
export interface PluginRuntimeAgent {
  runEmbeddedAgent(params: EmbeddedAgentParams): Promise<EmbeddedAgentResult>;
  /**
   * The same turn in upstream OpenClaw's `runEmbeddedPiAgent` shape (provider and model given
   * separately, result as `{ payloads, meta }`), for plugins written against the original.
   */
  runEmbeddedPiAgent(params: EmbeddedPiAgentParams): Promise<EmbeddedPiRunResult>;
  /**
   * The whole-turn budget in ms a turn gets: `overrideMs` when positive, else
   * `agents.defaults.timeoutMs`, else 120 000.
   */
  resolveAgentTimeoutMs(params?: ResolveAgentTimeoutParams): number;
  /** The default model, read from `agents.defaults.model` at each access (`mock/scripted` when unset). */
  readonly defaults: {
    /** Provider id of the default model. */
    readonly provider: string;
    /** Model id of the default model. */
    readonly model: string;
  };
}

/** One chat message given to {@link PluginRuntimeLlm.complete}. */
export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * Parameters of {@link PluginRuntimeLlm.complete}: one model call without tools, hooks or session.
 * Give either `prompt` (a single user message) or `messages`.
 */
export interface LlmCompleteParams {
  /** A single user message. */
  prompt?: string;
  /** The whole conversation; used instead of `prompt` when both are given. */
  messages?: LlmMessage[];
  /** Model reference `"provider/model"`; default `agents.defaults.model`. */
  model?: string;
  /** System prompt. */
  system?: string;
  /** Upper bound of output tokens. */
  maxTokens?: number;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** Outcome of {@link PluginRuntimeLlm.complete}. */
export interface LlmCompleteResult {
  /** The model's reply text. */
  text: string;
  /** Same as `text`; kept for plugins written against `{ content }` (e.g. jasper-context-compactor). */
  content: string;
  usage?: RuntimeUsage;
}

/**
 * `api.runtime.llm`: plain completions against the configured models.
 *
 * Errors thrown: `AGENT_MODEL_UNKNOWN`, `AGENT_MODEL_UNSUPPORTED`, `AGENT_AUTH_MISSING`,
 * `AGENT_PROVIDER_ERROR`, `AGENT_ABORTED` (signal aborted), `AGENT_INVALID_PARAMS` (neither prompt nor messages).
 */
export interface PluginRuntimeLlm {
  complete(params: LlmCompleteParams): Promise<LlmCompleteResult>;
}

/**
 * Core helpers offered to plugins as `api.runtime`. Members that this host does not provide are
 * absent (not stubs), so plugins can feature-test them (`api.runtime.llm?.complete`).
 */
export interface PluginRuntime {
  /** Host version (semver). */
  readonly version: string;
  readonly config: {
    /** Reads the current config file. */
    loadConfig(): OpenClawConfig;
  };
  readonly state: {
    /** Absolute state directory. */
    resolveStateDir(): string;
  };
  readonly logging: {
    getChildLogger(bindings: Record<string, unknown>): PluginLogger;
  };
  /**
   * Present only inside a running gateway: pushes an event frame
   * `{ type: "event", event, payload, seq }` to every authenticated `/ws` client (the Control UI
   * among them). Name events `<namespace>.<what>` (`voicecall.call`); the core namespaces
   * `gateway.`, `plugins.`, `config.` and `agent.` are refused with `GATEWAY_EVENT_RESERVED`.
   * The payload must be JSON-serialisable; frames are at most 1 MiB.
   */
  readonly gateway?: {
    broadcast(event: string, payload?: unknown): void;
  };
  /** Telephony speech synthesis from `messages.tts`; absent when the host has no speech runtime. */
  readonly tts?: PluginTtsRuntime;
  /** Audio file transcription from `tools.media.audio`; absent when the host has no speech runtime. */
  readonly stt?: PluginSttRuntime;
  /** Agent turns; present only in a host that runs agents (the gateway). */
  readonly agent?: PluginRuntimeAgent;
  /**
   * Background agent turns owned by the calling plugin (`run`, `waitForRun`, `getSessionMessages`,
   * `deleteSession`); present only in a host that runs agents (the gateway).
   */
  readonly subagent?: PluginRuntimeSubagent;
  /** Plain model completions; present only in a host that runs agents (the gateway). */
  readonly llm?: PluginRuntimeLlm;
  /** Entry point for inbound channel messages (present in the gateway). */
  readonly channel?: PluginRuntimeChannel;
  readonly [key: string]: unknown;
}
