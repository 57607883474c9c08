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
export { PluginHost, type PluginHostOptions } from "./plugin-host.js";
export { matchPluginRoutes, servePluginRoutes } from "./plugin-http.js";
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
export { invokeTool, listTools, type ToolListing } from "./tools.js";
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
