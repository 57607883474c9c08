import { createHostLogger, type HostLogger, type PathEnv, resolveStateDir } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { FastifyInstance } from "fastify";
import { attachControlUi } from "./control-ui/attach.js";
import { createCoreMethods } from "./core-methods.js";
import { ensureGatewayToken, removeRuntimeInfo, writeRuntimeInfo } from "./gateway-files.js";
import { createGatewayAuth } from "./http/bearer-auth.js";
import { createGatewayApp, type GatewayStatus } from "./http/gateway-app.js";
import { listenGateway } from "./http/listen.js";
import { runGatewayLifecycleHooks } from "./lifecycle-hooks.js";
import { configuredBudget } from "./plugin-calls.js";
import { PluginHost } from "./plugin-host.js";
import { acquireStateDirLock, type StateDirLock } from "./state-dir-lock.js";
import { resolveAdmissionLimits } from "./ws/admission.js";
import { createWsRpc, type WsRpc } from "./ws-rpc.js";

export { CORE_HTTP_PATHS } from "./http/gateway-app.js";

/** Default TCP port of the gateway. */
export const DEFAULT_GATEWAY_PORT = 18789;
/** Default bind address: loopback only. */
export const DEFAULT_GATEWAY_BIND = "127.0.0.1";

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  /** Host version reported by `health` and `api.runtime.version`. */
  version: string;
  env?: PathEnv;
  /** TCP port; default `gateway.port` from config, else 18789. `0` picks a free port. */
  port?: number;
  /** Bind address; default `gateway.bind` from config, else `127.0.0.1`. */
  bind?: string;
  workspaceDir?: string;
  logger?: HostLogger;
  /** Per-plugin `register` budget in ms; default `plugins.registerTimeoutMs`, else 10 000. */
  registerTimeoutMs?: number;
  /** Staleness of the state-dir lock in ms (at least 2000); default 10 000. See `acquireStateDirLock`. */
  stateLockStaleMs?: number;
}

/** A running gateway. */
export interface GatewayHandle {
  /** Base URL, e.g. `http://127.0.0.1:18789`. */
  url: string;
  port: number;
  bind: string;
  stateDir: string;
  registry: PluginRegistry;
  /** The plugin side: reload, hooks, services. */
  host: PluginHost;
  /** Stops services (reverse order), runs `gateway_stop` hooks, closes the server. Idempotent. */
  close(reason?: string): Promise<void>;
}

/** The network side of a gateway: the fastify app and the WebSocket RPC server, not yet listening. */
interface GatewayNetwork {
  app: FastifyInstance;
  ws: WsRpc;
  setStatus(status: GatewayStatus): void;
}

/** Builds the HTTP app and `/ws` server over the host's registry, with the gateway token's auth. */
function createNetwork(
  host: PluginHost,
  token: string,
  options: StartGatewayOptions,
  logger: HostLogger,
): GatewayNetwork {
  const { registry } = host;
  const env = options.env ?? process.env;
  const coreMethods = createCoreMethods({
    registry,
    controlPlane: () => host.controlPlane,
    config: () => host.config,
    hooks: host.hooks,
    agent: host.agent,
    approvals: host.approvals,
    stateDir: host.stateDir,
    reloadPlugin: (id) => host.reload(id),
    env: options.env ?? process.env,
    ...(options.workspaceDir === undefined ? {} : { workspaceDir: options.workspaceDir }),
    startedAt: Date.now(),
    version: options.version,
    logger,
  });
  const auth = createGatewayAuth(token);
  const limits = resolveAdmissionLimits(host.config.gateway);
  const ws = createWsRpc({ registry, coreMethods, checkToken: auth.tokenMatches, admission: limits, logger });
  host.agent.on("event", (name: string, payload: unknown) => ws.broadcast(name, payload));
  host.approvals.on("event", (name: string, payload: unknown) => ws.broadcast(name, payload));
  host.on("plugins.reloaded", (record) =>
    ws.broadcast("plugins.reloaded", { id: record.id, status: record.status, error: record.error ?? null }),
  );
  let status: GatewayStatus = "starting";
  const app = createGatewayApp({
    registry,
    coreMethods,
    auth,
    ws,
    logger,
    version: options.version,
    status: () => status,
    pluginCalls: (call) => ({ logger, budgetMs: configuredBudget(host.config, call) }),
  });
  attachControlUi({ app, host, ws, coreMethods, logger, env });
  return { app, ws, setStatus: (next) => (status = next) };
}

function logPluginOutcome(registry: PluginRegistry, logger: HostLogger): void {
  const ids = (status: string): string[] =>
    registry
      .listPlugins()
      .filter((p) => p.status === status)
      .map((p) => p.id);
  logger.info({ loaded: ids("loaded"), failed: ids("error") }, "plugins loaded");
}

/**
 * Starts the gateway: takes the state-dir lock, reads the config, loads every enabled plugin (each
 * failure contained and reported) and only then listens, so a gateway that answers is ready. Serves
 * `GET /health`, `POST /rpc` and WebSocket RPC on `/ws` (gateway token required) and plugin HTTP
 * routes, then starts plugin services and records itself in `<state dir>/gateway/runtime.json`.
 * @throws {@link OpenClawError} `GATEWAY_STATE_DIR_LOCKED` (another gateway runs on this state dir;
 * nothing of it is touched), `CONFIG_PARSE_FAILED`, `GATEWAY_PORT_IN_USE`.
 */
export async function startGateway(options: StartGatewayOptions): Promise<GatewayHandle> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createHostLogger();
  const startedAt = new Date().toISOString();
  const lock = await acquireStateDirLock(resolveStateDir(env), {
    logger,
    ...(options.stateLockStaleMs === undefined ? {} : { staleMs: options.stateLockStaleMs }),
  });
  let started: PluginHost | undefined;
  try {
    const host = await PluginHost.create({
      containFaults: true,
      version: options.version,
      env,
      logger,
      ...(options.workspaceDir === undefined ? {} : { workspaceDir: options.workspaceDir }),
      ...(options.registerTimeoutMs === undefined ? {} : { registerTimeoutMs: options.registerTimeoutMs }),
    });
    started = host;
    const token = await ensureGatewayToken(host.stateDir);
    logPluginOutcome(host.registry, logger);
    const network = createNetwork(host, token, options, logger);
    const bind = options.bind ?? host.config.gateway?.bind ?? DEFAULT_GATEWAY_BIND;
    const { url, port } = await listenGateway(
      network.app,
      options.port ?? host.config.gateway?.port ?? DEFAULT_GATEWAY_PORT,
      bind,
    );
    await host.services.startAll();
    void runGatewayLifecycleHooks(host.registry, "gateway_start", { port }, logger);
    await writeRuntimeInfo(host.stateDir, { url, pid: process.pid, port, bind, startedAt });
    network.setStatus("ready");
    logger.info({ url }, "gateway ready");
    return gatewayHandle({ url, port, bind, host, network, lock, logger });
  } catch (error) {
    started?.dispose();
    await lock.release();
    throw error;
  }
}

/** The handle of a listening gateway; `close` undoes `startGateway` in reverse order. */
function gatewayHandle(parts: {
  url: string;
  port: number;
  bind: string;
  host: PluginHost;
  network: GatewayNetwork;
  lock: StateDirLock;
  logger: HostLogger;
}): GatewayHandle {
  const { host, network, logger, port } = parts;
  let closing: Promise<void> | undefined;
  return {
    url: parts.url,
    port,
    bind: parts.bind,
    stateDir: host.stateDir,
    registry: host.registry,
    host,
    close(reason = "shutdown") {
      closing ??= (async () => {
        network.setStatus("stopping");
        network.ws.broadcast("gateway.stopping", { reason });
        host.approvals.cancelAll(`the gateway is stopping (${reason})`);
        await runGatewayLifecycleHooks(host.registry, "gateway_stop", { port, reason }, logger);
        await host.services.stopAll();
        await host.agent.subagentRuns.abortAll("the gateway is stopping");
        await network.ws.close();
        await network.app.close();
        await removeRuntimeInfo(host.stateDir);
        host.dispose();
        await parts.lock.release();
        logger.info({ reason }, "gateway stopped");
      })();
      return closing;
    },
  };
}
