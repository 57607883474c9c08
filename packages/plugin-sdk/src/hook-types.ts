/** Every typed lifecycle hook name accepted by `api.on`. */
export const PLUGIN_HOOK_NAMES = [
  "before_model_resolve",
  "before_prompt_build",
  "before_agent_start",
  "before_agent_reply",
  "llm_input",
  "llm_output",
  "agent_end",
  "before_compaction",
  "after_compaction",
  "before_reset",
  "inbound_claim",
  "message_received",
  "message_sending",
  "message_sent",
  "before_tool_call",
  "after_tool_call",
  "tool_result_persist",
  "before_message_write",
  "session_start",
  "session_end",
  "subagent_spawning",
  "subagent_delivery_target",
  "subagent_spawned",
  "subagent_ended",
  "gateway_start",
  "gateway_stop",
  "before_dispatch",
  "reply_dispatch",
  "before_install",
] as const;

/** A typed lifecycle hook name. */
export type PluginHookName = (typeof PLUGIN_HOOK_NAMES)[number];

/** Context passed to every typed hook handler. */
export interface PluginHookContext {
  agentId?: string;
  sessionKey?: string;
  workspaceDir?: string;
  [key: string]: unknown;
}

/** Event of `before_model_resolve` (runs before the session is loaded; no messages). */
export interface BeforeModelResolveEvent {
  prompt: string;
}

/** Result of `before_model_resolve`: the first defined override wins. */
export interface BeforeModelResolveResult {
  modelOverride?: string;
  providerOverride?: string;
}

/** Event of `before_prompt_build` and the legacy `before_agent_start`. */
export interface BeforePromptBuildEvent {
  prompt: string;
  messages?: unknown[];
  [key: string]: unknown;
}

/** Result of `before_prompt_build`: context fields concatenate in priority order. */
export interface BeforePromptBuildResult {
  systemPrompt?: string;
  prependContext?: string;
  prependSystemContext?: string;
  appendSystemContext?: string;
}

/** Result of the legacy `before_agent_start`: both merges. */
export type BeforeAgentStartResult = BeforePromptBuildResult & BeforeModelResolveResult;

/** Event of `gateway_start` / `gateway_stop`. */
export interface GatewayLifecycleEvent {
  port?: number;
  reason?: string;
}

/** Event and result types per hook; hooks not listed take a generic record. */
export interface PluginHookSignatures {
  before_model_resolve: [BeforeModelResolveEvent, BeforeModelResolveResult | undefined];
  before_prompt_build: [BeforePromptBuildEvent, BeforePromptBuildResult | undefined];
  before_agent_start: [BeforePromptBuildEvent, BeforeAgentStartResult | undefined];
  gateway_start: [GatewayLifecycleEvent, undefined];
  gateway_stop: [GatewayLifecycleEvent, undefined];
}

/** Event type of hook `K`. */
export type PluginHookEvent<K extends PluginHookName> = K extends keyof PluginHookSignatures
  ? PluginHookSignatures[K][0]
  : Record<string, unknown>;

/** Result type of hook `K`. */
export type PluginHookResult<K extends PluginHookName> = K extends keyof PluginHookSignatures
  ? PluginHookSignatures[K][1]
  : unknown;

/** A typed hook handler; may be async. */
export type PluginHookHandler<K extends PluginHookName> = (
  event: PluginHookEvent<K>,
  ctx: PluginHookContext,
) => HookReturn<PluginHookResult<K>>;

/**
 * What a handler may return: its result, or a promise of it. Where the result type admits
 * `undefined` (observing hooks such as `gateway_start`), a handler that returns nothing is fine too.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler of an observing hook may return nothing (void), not only undefined
export type HookReturn<R> = undefined extends R ? R | void | Promise<R | void> : R | Promise<R>;

/** Options of `api.on`. */
export interface PluginHookOptions {
  /** Higher runs first; default 0; ties keep registration order. */
  priority?: number;
}

/** A legacy internal-hook handler registered with `api.registerHook`. */
export type LegacyHookHandler = (event: Record<string, unknown>) => unknown;

/** Options of `api.registerHook`. */
export interface LegacyHookOptions {
  /** Unique hook name, e.g. `my-plugin.command-new`; listed as `plugin:<id>` by `openclaw hooks list`. */
  name?: string;
  description?: string;
}
