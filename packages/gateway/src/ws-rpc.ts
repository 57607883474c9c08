import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { OpenClawError, type OpenClawErrorJSON } from "@openclaw/plugin-sdk/core";
import { type WebSocket, WebSocketServer } from "ws";
import { type CoreMethods, dispatchRpc } from "./rpc.js";

/** Path of the WebSocket RPC endpoint. */
export const WS_PATH = "/ws";
/** Close code sent when authentication fails. */
export const WS_CLOSE_UNAUTHORIZED = 4401;

/** A frame the client sends: `{ type: "req", id, method, params? }`. */
export interface RequestFrame {
  type: "req";
  id: string | number;
  method: string;
  params?: Record<string, unknown>;
}

/** A frame the server sends in reply: `{ type: "res", id, ok, payload? , error? }`. */
export interface ResponseFrame {
  type: "res";
  id: string | number | null;
  ok: boolean;
  payload?: unknown;
  error?: OpenClawErrorJSON;
}

/** A frame the server pushes: `{ type: "event", event, payload, seq }`. */
export interface EventFrame {
  type: "event";
  event: string;
  payload?: unknown;
  /** Increases by one per event on this connection. */
  seq: number;
}

/** Options of {@link createWsRpc}. */
export interface WsRpcOptions {
  registry: PluginRegistry;
  coreMethods: CoreMethods;
  /** True when the given token is the gateway token. */
  checkToken: (token: string | undefined) => boolean;
  /** Largest accepted frame, in bytes; default 1 MiB. */
  maxPayloadBytes?: number;
}

/** The WebSocket side of the RPC protocol. */
export interface WsRpc {
  /** Handles an HTTP upgrade for {@link WS_PATH}; returns false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Sends an event frame to every authenticated client. */
  broadcast(event: string, payload?: unknown): void;
  /** Closes every connection. */
  close(): Promise<void>;
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? "").trim());
  return match?.[1]?.trim();
}

/**
 * WebSocket RPC on `/ws`. Authenticate with `Authorization: Bearer <token>` on the upgrade, or with a
 * first frame `{ type: "req", id, method: "connect", params: { auth: { token } } }` (answered with
 * `{ ok: true, payload: { protocol: 1, methods } }`). Until then every other request gets a
 * `GATEWAY_UNAUTHORIZED` error frame; a bad token closes the socket with code 4401. Requests run
 * through the same dispatcher as `POST /rpc`; malformed frames get `GATEWAY_BAD_REQUEST`.
 */
export function createWsRpc(options: WsRpcOptions): WsRpc {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 1024 * 1024 });
  const authed = new Map<WebSocket, { seq: number }>();
  const send = (ws: WebSocket, frame: ResponseFrame | EventFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const methodNames = (): string[] => [
    ...options.coreMethods.keys(),
    ...options.registry.gatewayMethods.keys(),
  ];

  wss.on("connection", (ws: WebSocket, req: IncomingMessage) => {
    if (options.checkToken(bearer(req))) authed.set(ws, { seq: 0 });
    ws.on("close", () => authed.delete(ws));
    ws.on("message", async (data) => {
      let frame: RequestFrame;
      try {
        frame = JSON.parse(String(data)) as RequestFrame;
      } catch {
        send(ws, {
          type: "res",
          id: null,
          ok: false,
          error: new OpenClawError("GATEWAY_BAD_REQUEST", "frame is not JSON").toJSON(),
        });
        return;
      }
      const id = typeof frame?.id === "string" || typeof frame?.id === "number" ? frame.id : null;
      if (frame?.type !== "req" || id === null || typeof frame.method !== "string") {
        send(ws, {
          type: "res",
          id,
          ok: false,
          error: new OpenClawError(
            "GATEWAY_BAD_REQUEST",
            'expected { "type": "req", "id", "method", "params"? }',
          ).toJSON(),
        });
        return;
      }
      if (frame.method === "connect") {
        const token = (frame.params?.auth as { token?: unknown } | undefined)?.token;
        if (!authed.has(ws) && !options.checkToken(typeof token === "string" ? token : undefined)) {
          send(ws, {
            type: "res",
            id,
            ok: false,
            error: new OpenClawError("GATEWAY_UNAUTHORIZED", "bad gateway token").toJSON(),
          });
          ws.close(WS_CLOSE_UNAUTHORIZED, "unauthorized");
          return;
        }
        authed.set(ws, authed.get(ws) ?? { seq: 0 });
        send(ws, { type: "res", id, ok: true, payload: { protocol: 1, methods: methodNames() } });
        return;
      }
      if (!authed.has(ws)) {
        send(ws, {
          type: "res",
          id,
          ok: false,
          error: new OpenClawError("GATEWAY_UNAUTHORIZED", "authenticate first", {
            hint: 'Send { "type": "req", "id": 1, "method": "connect", "params": { "auth": { "token": "…" } } }.',
          }).toJSON(),
        });
        return;
      }
      const response = await dispatchRpc(
        { method: frame.method, ...(frame.params === undefined ? {} : { params: frame.params }) },
        {
          registry: options.registry,
          coreMethods: options.coreMethods,
          client: { id: String(req.socket.remoteAddress), transport: "ws" },
        },
      );
      send(
        ws,
        response.ok
          ? { type: "res", id, ok: true, payload: response.payload }
          : { type: "res", id, ok: false, error: response.error },
      );
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      if (new URL(req.url ?? "/", "http://gateway").pathname !== WS_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      return true;
    },
    broadcast(event, payload) {
      for (const [ws, state] of authed) {
        state.seq += 1;
        send(ws, { type: "event", event, payload, seq: state.seq });
      }
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
