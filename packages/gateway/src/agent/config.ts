import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";

/** One model of a provider (`models.providers.<id>.models[]`), upstream's shape. */
export interface ModelDefinition {
  id: string;
  name?: string;
  /** Context window in tokens; the context engine keeps the history under 80 % of it. */
  contextWindow?: number;
  /** Output token limit sent with each request. */
  maxTokens?: number;
  reasoning?: boolean;
  input?: string[];
}

/** One scripted rule of the built-in `mock` provider (`models.providers.mock.script[]`). */
export interface MockScriptRule {
  /** Regular expression tested against the last user message (case-insensitive). */
  match: string;
  /** Text reply. */
  reply?: string;
  /** Tool call to make instead of replying; after its result the mock summarises it. */
  toolCall?: { name: string; params?: Record<string, unknown> };
}

/** `models.providers.<id>`: where and how to reach a model provider. */
export interface ProviderModelConfig {
  /** API root, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl?: string;
  /** Wire protocol: `openai-completions`, `openai-responses` or `anthropic-messages` (`mock` is built in). */
  api?: string;
  /** The key itself, or `${ENV_VAR}` to read it from the gateway's environment. */
  apiKey?: string;
  /** `"none"` for servers that need no key (local runtimes). */
  auth?: "api-key" | "none";
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string>;
  models?: ModelDefinition[];
  /** Built-in `mock` provider only: scripted replies and tool calls. */
  script?: MockScriptRule[];
}

/** `agents.defaults`: what one agent turn uses unless the caller says otherwise. */
export interface AgentDefaultsConfig {
  /** Default model reference `provider/model`; default `mock/scripted`. */
  model?: string;
  /** Base system prompt. */
  systemPrompt?: string;
  /** Whole-turn budget in ms; default 120 000. */
  timeoutMs?: number;
  /** Budget of one tool execution in ms; default 60 000. */
  toolTimeoutMs?: number;
  /** Most model steps (requests) per turn; default 8. */
  maxSteps?: number;
  /** Retries of a failed model request (transport errors, 429, 5xx); default 0. */
  maxRetries?: number;
  /** Agent workspace directory (memory files live in `<workspace>/memory` and `MEMORY.md`). */
  workspace?: string;
}

/** The parts of the config file the agent runtime reads. */
export interface AgentRuntimeConfig {
  models?: { providers?: Record<string, ProviderModelConfig> };
  agents?: { defaults?: AgentDefaultsConfig };
  tools?: { allow?: string[]; deny?: string[] };
}

/** Typed view of the agent-related sections of `config`. */
export function agentConfig(config: OpenClawConfig): AgentRuntimeConfig {
  return config as unknown as AgentRuntimeConfig;
}

/** Default model reference when `agents.defaults.model` is unset. */
export const DEFAULT_MODEL_REF = "mock/scripted";
/** Default whole-turn budget, in ms. */
export const DEFAULT_TURN_TIMEOUT_MS = 120_000;
/** Default budget of one tool execution, in ms. */
export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;
/** Default most model steps per turn. */
export const DEFAULT_MAX_STEPS = 8;
/** Default base system prompt. */
export const DEFAULT_SYSTEM_PROMPT =
  "You are OpenClaw, a helpful assistant. Use the tools you are given when they help; answer concisely.";
