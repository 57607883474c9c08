import { type HostLogger, type PathEnv, resolveConfigPath, updateConfig } from "@openclaw/plugin-loader";
import type { FastifyInstance } from "fastify";
import { PLUGIN_EVENT } from "../events/plugin-events.js";
import type { MethodTable } from "../methods/context.js";
import { addPluginAdminMethods } from "../methods/plugin-admin-methods.js";
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
  env: PathEnv;
}

/**
 * The gateway's one hook for the Control UI: serves the built page at `/` (when
 * `@openclaw/control-ui` is installed), forwards plugin events (`api.runtime.gateway.broadcast`) to
 * WebSocket clients, and adds the plugin administration methods (`plugins.install`,
 * `plugins.uninstall`).
 */
export function attachControlUi(options: ControlUiHookOptions): void {
  const { app, host, ws, logger, env } = options;
  host.on(PLUGIN_EVENT, (event: string, payload: unknown) => ws.broadcast(event, payload));
  addPluginAdminMethods(options.coreMethods, {
    host,
    env,
    // The config helper's one read-modify-write: under the config lock, comments kept, atomic.
    editConfig: async (edit) => {
      await updateConfig(resolveConfigPath(env), edit);
    },
    broadcast: (event, payload) => ws.broadcast(event, payload),
  });
  const assets = loadControlUi();
  if (assets) serveControlUi(app, assets);
  else logger.warn({}, "the Control UI is not built (@openclaw/control-ui has no dist/); / serves nothing");
}
