import type { HostLogger } from "@openclaw/plugin-loader";
import type { FastifyInstance } from "fastify";
import type { MethodTable } from "../methods/context.js";
import type { PluginHost } from "../plugin-host.js";
import type { WsRpc } from "../ws-rpc.js";
import { loadControlUi } from "./control-ui-assets.js";
import { serveControlUi } from "./serve-control-ui.js";

/** What {@link attachControlUi} wires together. */
export interface ControlUiHookOptions {
  app: FastifyInstance;
  host: PluginHost;
  ws: WsRpc;
  coreMethods: MethodTable;
  logger: HostLogger;
}

/**
 * The gateway's one hook for the Control UI: serves the built page at `/` (when
 * `@openclaw/control-ui` is installed) and forwards plugin events to WebSocket clients.
 */
export function attachControlUi(options: ControlUiHookOptions): void {
  const { app, host, ws, logger } = options;
  host.on("gateway.event", (event: string, payload: unknown) => ws.broadcast(event, payload));
  const assets = loadControlUi();
  if (assets) serveControlUi(app, assets);
  else logger.warn({}, "the Control UI is not built (@openclaw/control-ui has no dist/); / serves nothing");
}
