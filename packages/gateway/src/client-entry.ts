export {
  type CallGatewayOptions,
  callGateway,
  type GatewayConnection,
  resolveGatewayConnection,
} from "./client.js";
export {
  ensureGatewayToken,
  type GatewayRuntimeInfo,
  gatewayDir,
  readGatewayToken,
  readRuntimeInfo,
  removeRuntimeInfo,
  writeRuntimeInfo,
} from "./gateway-files.js";
