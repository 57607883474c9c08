import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { type WebSocket, WebSocketServer } from "ws";
import { parseBearerToken } from "./http/bearer-auth.js";
import { rejectOnSocket } from "./http/error-reply.js";
import { requestPathname } from "./http/request-target.js";
import { type CoreMethods, dispatchRpc } from "./rpc.js";
import { type AdmissionLimits, PendingConnections, resolveAdmissionLimits } from "./ws/admission.js";
import { type ConnectionContext, DEFAULT_MAX_BUFFERED_BYTES, WsConnection } from "./ws/connection.js";

export {
  DEFAULT_MAX_BUFFERED_BYTES,
  MAX_UNAUTHENTICATED_FRAMES,
  WS_CLOSE_AUTH_TIMEOUT,
  WS_CLOSE_POLICY_VIOLATION,
  WS_CLOSE_UNAUTHORIZED,
} from "./ws/connection.js";
export type { EventFrame, RequestFrame, ResponseFrame } from "./ws/frames.js";

/** Path of the WebSocket RPC endpoint. */
export const WS_PATH = "/ws";
/** Default largest accepted frame: 1 MiB. */
export const DEFAULT_WS_MAX_PAYLOAD_BYTES: number = 1024 * 1024;

/** Options of {@link createWsRpc}. */
export interface WsRpcOptions {
  registry: PluginRegistry;
  coreMethods: CoreMethods;
  /** True when the given token is the gateway token (compare in constant time). */
  checkToken: (token: string | undefined) => boolean;
  /** Largest accepted frame, in bytes; default 1 MiB. A larger one closes the connection with 1009. */
  maxPayloadBytes?: number;
  /**
   * Bytes that may wait unsent for one client before it is dropped; default
   * {@link DEFAULT_MAX_BUFFERED_BYTES} (8 MiB).
   */
  maxBufferedBytes?: number;
  /** Handshake deadline and cap for unauthenticated connections; default from {@link resolveAdmissionLimits}. */
  admission?: Partial<AdmissionLimits>;
  /** Where protocol errors and failures are logged; default: nowhere. */
  logger?: HostLogger;
}

/** The WebSocket side of the RPC protocol. */
export interface WsRpc {
  /**
   * Handles an HTTP upgrade for {@link WS_PATH} (answering refusals itself); returns false for
   * other paths, which the caller answers.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Sends an event frame to every authenticated client. */
  broadcast(event: string, payload?: unknown): void;
  /** Connections currently waiting to authenticate. */
  readonly pendingCount: number;
  /** Closes every connection. */
  close(): Promise<void>;
}

const silentLogger: HostLogger = {
  child: () => silentLogger,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * WebSocket RPC on `/ws`. Authenticate with `Authorization: Bearer <token>` on the upgrade, or with a
 * first frame `{ type: "req", id, method: "connect", params: { auth: { token } } }` (answered with
 * `{ ok: true, payload: { protocol: 1, methods } }`). Until then every other request gets a
 * `GATEWAY_UNAUTHORIZED` error frame; a bad token closes the socket with code 4401, no token within
 * `handshakeTimeoutMs` with 4408 (after a `GATEWAY_AUTH_TIMEOUT` frame), and an upgrade beyond
 * `maxUnauthenticated` waiting connections is refused with HTTP 503 `GATEWAY_TOO_MANY_CONNECTIONS`;
 * more than {@link MAX_UNAUTHENTICATED_FRAMES} frames before authenticating close the connection with
 * 1008, and a client with more than `maxBufferedBytes` waiting unsent (it does not read) is dropped.
 * Protocol errors close only their connection (RFC 6455 close codes from `ws`: 1009 frame too large,
 * 1002 unmasked or malformed frame). Requests run through the same dispatcher as `POST /rpc`;
 * malformed frames get `GATEWAY_BAD_REQUEST`, unencodable answers `GATEWAY_PAYLOAD_UNSERIALIZABLE`.
 */
export function createWsRpc(options: WsRpcOptions): WsRpc {
  const limits = { ...resolveAdmissionLimits(undefined), ...options.admission };
  const connections = new Map<WebSocket, WsConnection>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? DEFAULT_WS_MAX_PAYLOAD_BYTES,
  });
  // A refused handshake (bad key, version, method) gets the gateway's error shape, not ws's HTML.
  wss.on("wsClientError", (error: Error, socket: Duplex) =>
    rejectOnSocket(
      socket,
      new OpenClawError("GATEWAY_BAD_REQUEST", `WebSocket handshake refused: ${error.message}`),
    ),
  );
  const pending = new PendingConnections(limits.maxUnauthenticated);
  const upgrade = createUpgrader({ options, limits, pending, wss, connections });
  return {
    handleUpgrade(req, socket, head) {
      if (requestPathname(req.url) !== WS_PATH) return false;
      upgrade(req, socket, head);
      return true;
    },
    broadcast(event, payload) {
      for (const connection of connections.values()) connection.sendEvent(event, payload);
    },
    get pendingCount() {
      return pending.count;
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

/** What every connection shares: token check, the RPC dispatcher, method names, the deadline. */
function connectionContext(options: WsRpcOptions, limits: AdmissionLimits): ConnectionContext {
  return {
    tokenMatches: options.checkToken,
    dispatch: (frame, req, signal) =>
      dispatchRpc(
        { method: frame.method, ...(frame.params === undefined ? {} : { params: frame.params }) },
        {
          registry: options.registry,
          coreMethods: options.coreMethods,
          client: { id: String(req.socket.remoteAddress), transport: "ws" },
          signal,
        },
      ),
    methodNames: () => [...options.coreMethods.keys(), ...options.registry.gatewayMethods.keys()],
    logger: options.logger ?? silentLogger,
    handshakeTimeoutMs: limits.handshakeTimeoutMs,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
  };
}

/**
 * The `/ws` upgrade: a request with the gateway token is admitted at once; one without it takes an
 * unauthenticated slot, or is refused with 503 `GATEWAY_TOO_MANY_CONNECTIONS` when none is free.
 */
function createUpgrader(parts: {
  options: WsRpcOptions;
  limits: AdmissionLimits;
  pending: PendingConnections;
  wss: WebSocketServer;
  connections: Map<WebSocket, WsConnection>;
}): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const { options, limits, pending, wss, connections } = parts;
  const context = connectionContext(options, limits);
  return (req, socket, head) => {
    const authorized = options.checkToken(parseBearerToken(req.headers.authorization));
    const slot = authorized ? undefined : pending.tryReserve();
    if (!authorized && slot === undefined) {
      const error = new OpenClawError(
        "GATEWAY_TOO_MANY_CONNECTIONS",
        `${limits.maxUnauthenticated} WebSocket connections are already waiting to authenticate`,
      );
      rejectOnSocket(socket, error);
      return;
    }
    let attached = false;
    wss.handleUpgrade(req, socket, head, (ws) => {
      attached = true;
      connections.set(ws, new WsConnection(ws, req, context, slot));
      ws.on("close", () => connections.delete(ws));
    });
    // ws answered the handshake itself (refused, or the socket was already gone): free the slot.
    if (!attached) slot?.release();
  };
}
