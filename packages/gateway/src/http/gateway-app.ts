import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { OpenClawError, statusOf } from "@openclaw/plugin-sdk/core";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { PluginCallOptions } from "../plugin-calls.js";
import { matchPluginRoutes, routeFailureMessage, servePluginRoutes } from "../plugin-http.js";
import { type CoreMethods, dispatchRpc, type RpcRequest } from "../rpc.js";
import { encodeJson } from "../rpc-encoding.js";
import type { WsRpc } from "../ws-rpc.js";
import type { GatewayAuth } from "./bearer-auth.js";
import {
  errorBodyJson,
  fastifyErrorOptions,
  installErrorShape,
  rejectOnSocket,
  sendErrorResponse,
} from "./error-reply.js";
import { requestPathname } from "./request-target.js";

/** Paths core serves itself; plugin routes never shadow them. */
export const CORE_HTTP_PATHS: readonly string[] = ["/health", "/rpc", "/ws"];

/** Lifecycle phase reported by `GET /health`. */
export type GatewayStatus = "starting" | "ready" | "stopping";

/** What the gateway's HTTP side serves. */
export interface GatewayAppOptions {
  registry: PluginRegistry;
  coreMethods: CoreMethods;
  auth: GatewayAuth;
  ws: WsRpc;
  logger: HostLogger;
  version: string;
  status(): GatewayStatus;
  /** Budget and failure logging of plugin methods and routes (default: the built-in budgets). */
  pluginCalls?: (call: "method" | "route") => PluginCallOptions;
}

const JSON_TYPE = "application/json; charset=utf-8";

/**
 * The raw Node request handler in front of fastify: a target the URL parser rejects gets 400
 * `GATEWAY_BAD_REQUEST`; a path a plugin route matches (and core does not own) goes to the plugin
 * with the body stream untouched; everything else to fastify.
 */
function frontHandler(
  options: GatewayAppOptions,
  fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const pathname = requestPathname(req.url);
    if (pathname === undefined) {
      sendErrorResponse(
        res,
        new OpenClawError("GATEWAY_BAD_REQUEST", "the request target is not a valid URL"),
      );
      return;
    }
    const routes = CORE_HTTP_PATHS.includes(pathname) ? [] : matchPluginRoutes(options.registry, pathname);
    if (routes.length === 0) {
      fastifyHandler(req, res);
      return;
    }
    void servePluginRoutes({
      registry: options.registry,
      routes,
      req,
      res,
      isAuthorized: options.auth.isAuthorized,
      ...(options.pluginCalls ? { calls: options.pluginCalls("route") } : {}),
      onError: (route, error) =>
        options.logger.error({ plugin: route.pluginId }, routeFailureMessage(route, error)),
    });
  };
}

/**
 * Routes WebSocket upgrades: `/ws` to the RPC server, a target the URL parser rejects to 400, any
 * other path to 404 — each refusal in the one error shape. The upgrade socket no longer has Node's
 * HTTP error listener, so one is attached first: a reset mid-handshake is not an uncaught exception.
 */
function routeUpgrades(server: Server, ws: WsRpc, logger: HostLogger): void {
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", (error) => logger.debug({ err: error }, "upgrade socket error"));
    const pathname = requestPathname(req.url);
    if (pathname === undefined) {
      rejectOnSocket(
        socket,
        new OpenClawError("GATEWAY_BAD_REQUEST", "the request target is not a valid URL"),
      );
      return;
    }
    if (ws.handleUpgrade(req, socket, head)) return;
    rejectOnSocket(
      socket,
      new OpenClawError("GATEWAY_ROUTE_NOT_FOUND", `no WebSocket endpoint at ${pathname}`),
    );
  });
}

/**
 * A signal aborted when the HTTP connection closes before the response was sent (the caller gave up
 * or its process died), so a waiting method (an approval, an agent turn) stops for nobody.
 */
function callerGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("the HTTP caller disconnected"));
  });
  return controller.signal;
}

/** `GET /health` and `POST /rpc`. */
function registerCoreRoutes(app: FastifyInstance, options: GatewayAppOptions): void {
  const count = (status: string): number =>
    options.registry.listPlugins().filter((p) => p.status === status).length;
  app.get("/health", async () => ({
    ok: options.status() !== "stopping",
    status: options.status(),
    version: options.version,
    plugins: { loaded: count("loaded"), failed: count("error") },
  }));
  app.post("/rpc", async (request, reply) => {
    if (!options.auth.isAuthorized(request.raw)) {
      const error = new OpenClawError("GATEWAY_UNAUTHORIZED", "missing or wrong gateway token", {
        hint: "Send Authorization: Bearer <token>; the token is in <state dir>/gateway/token.",
      });
      return reply.code(error.status).type(JSON_TYPE).send(errorBodyJson(error));
    }
    const response = await dispatchRpc(request.body as RpcRequest, {
      registry: options.registry,
      coreMethods: options.coreMethods,
      client: { id: request.ip, transport: "http" },
      signal: callerGone(reply.raw),
      ...(options.pluginCalls ? { pluginCalls: options.pluginCalls("method") } : {}),
    });
    const encoded = encodeJson(response);
    if (!encoded.ok)
      return reply.code(encoded.error.status).type(JSON_TYPE).send(errorBodyJson(encoded.error));
    const status = response.ok ? 200 : statusOf(response.error.code);
    return reply.code(status).type(JSON_TYPE).send(encoded.json);
  });
}

/**
 * The gateway's fastify app on its own Node server: core routes, plugin routes, WebSocket upgrades,
 * and every error — fastify's own 400/404/413/415/500, Node's `clientError`, refused upgrades — in
 * the one shape `{ ok: false, error: { code, message, hint? } }`. `POST /rpc` accepts JSON only.
 */
/**
 * Limits for clients that send slowly or never stop connecting (the gateway may be bound beyond
 * loopback): request headers within {@link HEADERS_TIMEOUT_MS}, the whole request within
 * {@link REQUEST_TIMEOUT_MS} (both answer 408 in the error shape through `clientError`; responses, such
 * as a long `agent.run`, are not limited), at most {@link MAX_CONNECTIONS} sockets at once (Node closes further ones at once).
 */
export function limitSlowClients(server: Server): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.maxConnections = MAX_CONNECTIONS;
}

/** Request headers must arrive within this, in ms (Node's default is 60 000). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** The whole request must arrive within this, in ms (Node's default is 300 000). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Concurrent sockets the gateway's HTTP server keeps; Node closes further ones at once. */
export const MAX_CONNECTIONS = 1024;

export function createGatewayApp(options: GatewayAppOptions): FastifyInstance {
  const app = Fastify({
    // Request lines stay out of the log; fastify's own warnings and errors still come through.
    loggerInstance: (options.logger as unknown as { child(b: object, o: object): FastifyBaseLogger }).child(
      {},
      { level: "warn" },
    ),
    ...fastifyErrorOptions,
    serverFactory: (handler) => {
      const server = createServer(frontHandler(options, handler));
      // Node answers an Expect other than 100-continue with a bare 417 unless someone listens.
      server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) =>
        sendErrorResponse(
          res,
          new OpenClawError(
            "GATEWAY_EXPECTATION_FAILED",
            `cannot meet Expect: ${String(req.headers.expect)}`,
          ),
        ),
      );
      limitSlowClients(server);
      return server;
    },
  });
  app.removeContentTypeParser("text/plain");
  installErrorShape(app, options.logger);
  routeUpgrades(app.server, options.ws, options.logger);
  registerCoreRoutes(app, options);
  return app;
}
