import type { IncomingMessage } from "node:http";
import type { HostLogger } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { RawData, WebSocket } from "ws";
import type { RpcResponse } from "../rpc.js";
import type { PendingSlot } from "./admission.js";
import {
  type EventFrame,
  encodeFrame,
  errorFrame,
  parseRequestFrame,
  type RequestFrame,
  type ResponseFrame,
  responseFrame,
} from "./frames.js";

/** Close code sent when authentication fails (a wrong token). */
export const WS_CLOSE_UNAUTHORIZED = 4401;
/** Close code sent when a client does not authenticate within the handshake deadline. */
export const WS_CLOSE_AUTH_TIMEOUT = 4408;

/** What one connection needs from the WebSocket server. */
export interface ConnectionContext {
  tokenMatches(token: string | undefined): boolean;
  /** Runs one authenticated request through the RPC dispatcher. */
  dispatch(frame: RequestFrame, req: IncomingMessage): Promise<RpcResponse>;
  methodNames(): string[];
  logger: HostLogger;
  handshakeTimeoutMs: number;
}

/** One `/ws` connection: authentication state, event sequence, and frame handling. */
export class WsConnection {
  #seq = 0;
  #authenticated: boolean;
  #deadline: NodeJS.Timeout | undefined;

  /**
   * @param slot the reserved unauthenticated slot, or `undefined` when the upgrade carried the token.
   */
  constructor(
    readonly ws: WebSocket,
    private readonly req: IncomingMessage,
    private readonly ctx: ConnectionContext,
    private slot: PendingSlot | undefined,
  ) {
    this.#authenticated = slot === undefined;
    if (!this.#authenticated) this.#startDeadline();
    // ws closes the connection itself on a protocol error (1002, 1009, …); the listener keeps the
    // error from being thrown as an uncaught exception.
    ws.on("error", (error) => ctx.logger.debug({ err: error }, "WebSocket client error"));
    ws.on("close", () => this.#leavePending());
    ws.on("message", (data) => {
      this.#onMessage(data).catch((error: unknown) =>
        ctx.logger.error({ err: error }, "WebSocket message handling failed"),
      );
    });
  }

  /** True once the client presented the gateway token. */
  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** Sends an event frame if authenticated; `seq` counts per connection. */
  sendEvent(event: string, payload: unknown): void {
    if (!this.#authenticated) return;
    this.#seq += 1;
    const frame: EventFrame = { type: "event", event, payload, seq: this.#seq };
    if (!this.#send(frame))
      this.ctx.logger.warn({ event }, "event payload cannot be encoded as JSON; skipped");
  }

  #send(frame: ResponseFrame | EventFrame): boolean {
    const text = encodeFrame(frame);
    if (text === undefined) return false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
    return true;
  }

  #startDeadline(): void {
    this.#deadline = setTimeout(() => {
      if (this.#authenticated) return;
      const error = new OpenClawError(
        "GATEWAY_AUTH_TIMEOUT",
        `not authenticated within ${this.ctx.handshakeTimeoutMs} ms`,
      );
      this.#send(errorFrame(null, error));
      this.#leavePending();
      this.ws.close(WS_CLOSE_AUTH_TIMEOUT, "authentication timeout");
    }, this.ctx.handshakeTimeoutMs);
    this.#deadline.unref();
  }

  #leavePending(): void {
    clearTimeout(this.#deadline);
    this.slot?.release();
    this.slot = undefined;
  }

  async #onMessage(data: RawData): Promise<void> {
    const parsed = parseRequestFrame(data);
    if ("reply" in parsed) {
      this.#send(parsed.reply);
      return;
    }
    const { frame } = parsed;
    if (frame.method === "connect") {
      this.#connect(frame);
      return;
    }
    if (!this.#authenticated) {
      const error = new OpenClawError("GATEWAY_UNAUTHORIZED", "authenticate first", {
        hint: 'Send { "type": "req", "id": 1, "method": "connect", "params": { "auth": { "token": "…" } } }.',
      });
      this.#send(errorFrame(frame.id, error));
      return;
    }
    this.#send(responseFrame(frame.id, await this.ctx.dispatch(frame, this.req)));
  }

  #connect(frame: RequestFrame): void {
    const token = (frame.params?.auth as { token?: unknown } | undefined)?.token;
    if (!this.#authenticated && !this.ctx.tokenMatches(typeof token === "string" ? token : undefined)) {
      this.#send(errorFrame(frame.id, new OpenClawError("GATEWAY_UNAUTHORIZED", "bad gateway token")));
      this.#leavePending();
      this.ws.close(WS_CLOSE_UNAUTHORIZED, "unauthorized");
      return;
    }
    this.#authenticated = true;
    this.#leavePending();
    this.#send({
      type: "res",
      id: frame.id,
      ok: true,
      payload: { protocol: 1, methods: this.ctx.methodNames() },
    });
  }
}
