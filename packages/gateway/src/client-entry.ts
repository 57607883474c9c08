export {
  type CallGatewayOptions,
  callGateway,
  type GatewayConnection,
  resolveGatewayConnection,
} from "./client.js";
export { type CallGatewayStreamingOptions, callGatewayStreaming } from "./client-stream.js";
export {
  ensureGatewayToken,
  type GatewayRuntimeInfo,
  gatewayDir,
  readGatewayToken,
  readRuntimeInfo,
  removeRuntimeInfo,
  writeRuntimeInfo,
} from "./gateway-files.js";
