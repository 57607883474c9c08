import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHostLogger, type HostLogger, type PathEnv } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { createCoreMethods } from "./core-methods.js";
import { ensureGatewayToken, removeRuntimeInfo, writeRuntimeInfo } from "./gateway-files.js";
import { runGatewayLifecycleHooks } from "./lifecycle-hooks.js";
import { PluginHost } from "./plugin-host.js";
import { matchPluginRoutes, routeFailureMessage, servePluginRoutes } from "./plugin-http.js";
import { dispatchRpc, type RpcRequest } from "./rpc.js";
import { createWsRpc, WS_PATH } from "./ws-rpc.js";

/** Default TCP port of the gateway. */
export const DEFAULT_GATEWAY_PORT = 18789;
/** Default bind address: loopback only. */
export const DEFAULT_GATEWAY_BIND = "127.0.0.1";
/** Paths core serves itself; plugin routes never shadow them. */
export const CORE_HTTP_PATHS: readonly string[] = ["/health", "/rpc", WS_PATH];

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

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts the gateway: reads the config, loads every enabled plugin (each failure contained and
 * reported) and only then listens, so a gateway that answers is ready. Serves `GET /health`,
 * `POST /rpc` and WebSocket RPC on `/ws` (gateway token required) and plugin HTTP routes, then
 * starts plugin services and records itself in `<state dir>/gateway/runtime.json`.
 * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED`, `GATEWAY_PORT_IN_USE`.
 */
export async function startGateway(options: StartGatewayOptions): Promise<GatewayHandle> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createHostLogger();
  const startedAt = Date.now();
  const host = await PluginHost.create({
    version: options.version,
    env,
    logger,
    ...(options.workspaceDir === undefined ? {} : { workspaceDir: options.workspaceDir }),
    ...(options.registerTimeoutMs === undefined ? {} : { registerTimeoutMs: options.registerTimeoutMs }),
  });
  const { registry, stateDir } = host;
  const token = await ensureGatewayToken(stateDir);
  const count = (status: string): number => registry.listPlugins().filter((p) => p.status === status).length;
  logger.info(
    {
      loaded: registry
        .listPlugins()
        .filter((p) => p.status === "loaded")
        .map((p) => p.id),
      failed: registry
        .listPlugins()
        .filter((p) => p.status === "error")
        .map((p) => p.id),
    },
    "plugins loaded",
  );

  const coreMethods = createCoreMethods({
    registry,
    controlPlane: () => host.controlPlane,
    config: () => host.config,
    hooks: host.hooks,
    agent: host.agent,
    stateDir,
    reloadPlugin: (id) => host.reload(id),
    startedAt,
    version: options.version,
  });
  const isAuthorized = (req: IncomingMessage): boolean => tokenMatches(token, bearerToken(req));
  const ws = createWsRpc({ registry, coreMethods, checkToken: (given) => tokenMatches(token, given) });
  host.agent.on("event", (name: string, payload: unknown) => ws.broadcast(name, payload));
  host.on("plugins.reloaded", (record) =>
    ws.broadcast("plugins.reloaded", { id: record.id, status: record.status, error: record.error ?? null }),
  );
  let status: "starting" | "ready" | "stopping" = "starting";

  const app = Fastify({
    // Request lines stay out of the log; fastify's own warnings and errors still come through.
    loggerInstance: (logger as unknown as { child(b: object, o: object): FastifyBaseLogger }).child(
      {},
      { level: "warn" },
    ),
    serverFactory: (handler) =>
      createServer((req, res) => {
        const pathname = new URL(req.url ?? "/", "http://gateway").pathname;
        const routes = CORE_HTTP_PATHS.includes(pathname) ? [] : matchPluginRoutes(registry, pathname);
        if (routes.length === 0) {
          handler(req, res);
          return;
        }
        void servePluginRoutes({
          registry,
          routes,
          req,
          res,
          isAuthorized,
          onError: (route, error) =>
            logger.error({ plugin: route.pluginId }, routeFailureMessage(route, error)),
        });
      }),
  });
  app.server.on("upgrade", (req, socket, head) => {
    if (!ws.handleUpgrade(req, socket, head)) socket.destroy();
  });

  app.get("/health", async () => ({
    ok: status !== "stopping",
    status,
    version: options.version,
    plugins: { loaded: count("loaded"), failed: count("error") },
  }));

  app.post("/rpc", async (request, reply) => {
    if (!isAuthorized(request.raw)) {
      const error = new OpenClawError("GATEWAY_UNAUTHORIZED", "missing or wrong gateway token", {
        hint: "Send Authorization: Bearer <token>; the token is in <state dir>/gateway/token.",
      });
      return reply.code(401).send({ ok: false, error: error.toJSON() });
    }
    const response = await dispatchRpc(request.body as RpcRequest, {
      registry,
      coreMethods,
      client: { id: request.ip, transport: "http" },
    });
    if (!response.ok) return reply.code(new OpenClawError(response.error.code, "").status).send(response);
    return response;
  });

  const port = options.port ?? host.config.gateway?.port ?? DEFAULT_GATEWAY_PORT;
  const bind = options.bind ?? host.config.gateway?.bind ?? DEFAULT_GATEWAY_BIND;
  try {
    await app.listen({ port, host: bind });
  } catch (error) {
    await app.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new OpenClawError("GATEWAY_PORT_IN_USE", `port ${port} on ${bind} is already in use`, {
        cause: error,
        hint: "Stop the other process, or start the gateway with --port <free port>.",
      });
    }
    throw new OpenClawError(
      "GATEWAY_PORT_IN_USE",
      `cannot listen on ${bind}:${port}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const address = app.server.address() as AddressInfo;
  const hostName = bind.includes(":") ? `[${bind}]` : bind === "0.0.0.0" ? "127.0.0.1" : bind;
  const url = `http://${hostName}:${address.port}`;

  await host.services.startAll();
  void runGatewayLifecycleHooks(registry, "gateway_start", { port: address.port }, logger);
  await writeRuntimeInfo(stateDir, {
    url,
    pid: process.pid,
    port: address.port,
    bind,
    startedAt: new Date(startedAt).toISOString(),
  });
  status = "ready";
  logger.info({ url }, "gateway ready");

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    bind,
    stateDir,
    registry,
    host,
    close(reason = "shutdown") {
      closing ??= (async () => {
        status = "stopping";
        ws.broadcast("gateway.stopping", { reason });
        await runGatewayLifecycleHooks(registry, "gateway_stop", { port: address.port, reason }, logger);
        await host.services.stopAll();
        await ws.close();
        await app.close();
        await removeRuntimeInfo(stateDir);
        logger.info({ reason }, "gateway stopped");
      })();
      return closing;
    },
  };
}
