export { AGENT_EVENT_NAMES, AgentRuntime, type AgentRuntimeOptions } from "./agent/agent-runtime.js";
export type {
  AgentDefaultsConfig,
  AgentRuntimeConfig,
  MockScriptRule,
  ModelDefinition,
  ProviderModelConfig,
} from "./agent/config.js";
export { runAgentTurn } from "./agent/lazy-agent.js";
export {
  type CatalogProvider,
  ModelCatalog,
  parseModelRef,
  type ResolvedModel,
} from "./agent/model-catalog.js";
export { SUPPORTED_MODEL_APIS } from "./agent/model-factory.js";
export {
  SessionStore,
  type SessionSummary,
  type SessionTranscript,
  type TranscriptEntry,
  type TranscriptMessage,
} from "./agent/session-store.js";
export type {
  AgentEvent,
  AgentTurnParams,
  AgentTurnResult,
  StopReason,
  ToolCallRecord,
} from "./agent/types.js";
export {
  type AllowlistEntry,
  APPROVAL_EVENT_NAMES,
  ApprovalAllowlist,
  type ApprovalDecision,
  type ApprovalLimits,
  type ApprovalOutcome,
  ApprovalQueue,
  type ApprovalQueueOptions,
  type ApprovalResolution,
  type AutoAllowedApproval,
  allowlistPath,
  type PendingApproval,
} from "./approvals/index.js";
export { findChannel, inspectChannel, sendChannelText } from "./channels.js";
export * from "./client-entry.js";
export { type CommandDispatchResult, dispatchCommand, type InboundCommandMessage } from "./commands.js";
export { CORE_METHOD_NAMES, type CoreMethodContext, createCoreMethods } from "./core-methods.js";
export { DEFAULT_HOOK_TIMEOUT_MS, type HandlerOutcome, HookRunner } from "./hooks/hook-runner.js";
export {
  type AgentRunInput,
  MODEL_RESULT_FIELDS,
  PROMPT_RESULT_FIELDS,
  type PreparedAgentRun,
  prepareAgentRun,
} from "./hooks/prompt-hooks.js";
export { runGatewayLifecycleHooks } from "./lifecycle-hooks.js";
export { callPlugin, configuredBudget, type PluginCallOptions } from "./plugin-calls.js";
export { installPluginFaultGuard, type PluginFaultGuardOptions } from "./plugin-faults.js";
export { PluginHost, type PluginHostOptions } from "./plugin-host.js";
export { matchPluginRoutes, servePluginRoutes } from "./plugin-http.js";
export { runPluginMethod } from "./plugin-methods.js";
export { DISCOVERY_PHASES, type DiscoveryOutcome, runProviderDiscovery } from "./providers.js";
export {
  type CoreMethods,
  type DispatchOptions,
  dispatchRpc,
  type RpcRequest,
  type RpcResponse,
} from "./rpc.js";
export {
  CORE_HTTP_PATHS,
  DEFAULT_GATEWAY_BIND,
  DEFAULT_GATEWAY_PORT,
  type GatewayHandle,
  type StartGatewayOptions,
  startGateway,
} from "./server.js";
export { ServiceRunner } from "./services.js";
export { createSpeechRuntime } from "./speech/speech-runtime.js";
export { createTelephonyTtsRuntime } from "./speech/telephony-tts.js";
export { createSttRuntime } from "./speech/transcribe-audio-file.js";
export { invokeTool, listTools, type ResolvedTool, resolveTools, type ToolListing } from "./tools.js";
export {
  createWsRpc,
  type EventFrame,
  MAX_UNAUTHENTICATED_FRAMES,
  type RequestFrame,
  type ResponseFrame,
  WS_CLOSE_AUTH_TIMEOUT,
  WS_CLOSE_POLICY_VIOLATION,
  WS_CLOSE_UNAUTHORIZED,
  WS_PATH,
  type WsRpc,
  type WsRpcOptions,
} from "./ws-rpc.js";
