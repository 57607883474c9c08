import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { EmbeddedAgentResult, OpenClawConfig, RuntimeUsage } from "@openclaw/plugin-sdk/core";
import type { ApprovalQueue } from "../approvals/index.js";
import type { HookRunner } from "../hooks/hook-runner.js";
import type { ModelCatalog } from "./model-catalog.js";
import type { SessionStore } from "./session-store.js";
import type { SkillSummary } from "./skills.js";

/** What one agent turn reads and calls. */
export interface AgentDeps {
  registry: PluginRegistry;
  hooks: HookRunner;
  /** Where tool calls wait for a plugin's `requireApproval`. */
  approvals?: ApprovalQueue;
  config: () => OpenClawConfig;
  logger: HostLogger;
  catalog: ModelCatalog;
  sessions: SessionStore;
  /** Skills offered to the model (discovered without running plugin code). */
  skills: () => Promise<SkillSummary[]>;
  workspaceDir: string;
}

/** Parameters of one agent turn (the RPC, CLI and plugin surfaces all map onto this). */
export interface AgentTurnParams {
  /** The user's message. */
  prompt: string;
  /** Session key; default `main`. */
  sessionKey?: string;
  /** `provider/model`; default `agents.defaults.model`. */
  model?: string;
  /** Appended to the system prompt after the prompt hooks ran. */
  extraSystemPrompt?: string;
  /** Surface: `cli`, `rpc`, `voice`, a channel id… (`voice` hides the `tts` tool). */
  messageProvider?: string;
  /** Whole-turn budget in ms; default `agents.defaults.timeoutMs`, else 120 000. */
  timeoutMs?: number;
  /** Aborts the turn; the result then has `aborted: true`. */
  signal?: AbortSignal;
  /** Called with each piece of reply text. */
  onTextDelta?: (text: string) => void;
  /** Receives `delta`, `tool` and `end` events (the `/ws` `agent.*` events). */
  onEvent?: (event: AgentEvent) => void;
  /** Caller-chosen run id (so a streaming client can filter events); default a random UUID. */
  runId?: string;
  /** Recorded as the `owner` of the session header when this turn creates the session (`plugin:<id>`). */
  sessionOwner?: string;
}

/** One tool call of a turn, as reported in results and `agent.tool` events. */
export interface ToolCallRecord {
  toolCallId: string;
  toolName: string;
  pluginId: string;
  params: Record<string, unknown>;
  resultText: string;
  isError: boolean;
  blocked: boolean;
  durationMs: number;
}

/** Streamed events of a turn: `agent.delta`, `agent.tool`, `agent.end` on `/ws`. */
export type AgentEvent =
  | { type: "delta"; runId: string; sessionKey: string; text: string }
  | ({ type: "tool"; runId: string; sessionKey: string; phase: "start" } & Pick<
      ToolCallRecord,
      "toolCallId" | "toolName" | "params"
    >)
  | ({ type: "tool"; runId: string; sessionKey: string; phase: "end" } & ToolCallRecord)
  | {
      type: "end";
      runId: string;
      sessionKey: string;
      ok: boolean;
      text: string;
      aborted: boolean;
      stopReason: StopReason;
      usage?: RuntimeUsage;
      error?: { code: string; message: string };
    };

/** Why a turn ended. */
export type StopReason = "stop" | "length" | "aborted" | "timeout" | "step-limit" | "error";

/** Result of one agent turn. */
export interface AgentTurnResult extends EmbeddedAgentResult {
  /** `provider/model` actually used. */
  model: string;
  sessionId: string;
  stopReason: StopReason;
  toolCalls: ToolCallRecord[];
  /** Settles when the not-awaited hooks (`llm_input`, `after_tool_call`, `llm_output`, `agent_end`) have. */
  settled: Promise<void>;
}
