export {
  type CallGatewayOptions,
  callGateway,
  type GatewayConnection,
  resolveGatewayConnection,
} from "./client.js";
export { type CommandDispatchResult, dispatchCommand, type InboundCommandMessage } from "./commands.js";
export { CORE_METHOD_NAMES, type CoreMethodContext, createCoreMethods } from "./core-methods.js";
export {
  ensureGatewayToken,
  type GatewayRuntimeInfo,
  gatewayDir,
  readGatewayToken,
  readRuntimeInfo,
  removeRuntimeInfo,
  writeRuntimeInfo,
} from "./gateway-files.js";
export { runGatewayLifecycleHooks } from "./lifecycle-hooks.js";
export { matchPluginRoutes, servePluginRoutes } from "./plugin-http.js";
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
