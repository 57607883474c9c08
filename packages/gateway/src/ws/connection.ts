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
/** Close code (RFC 6455 §7.4.1, policy violation) for a client that keeps sending frames unauthenticated. */
export const WS_CLOSE_POLICY_VIOLATION = 1008;
/** Frames a connection may send before it has authenticated; one more closes it with 1008. */
export const MAX_UNAUTHENTICATED_FRAMES = 16;
/** How long a refused unauthenticated peer has to answer the close frame before its socket is destroyed (ms). */
export const REFUSED_CLOSE_GRACE_MS = 1000;
/** Default of the bytes that may wait unsent for one client before it is dropped: 8 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES: number = 8 * 1024 * 1024;

/** What one connection needs from the WebSocket server. */
export interface ConnectionContext {
  tokenMatches(token: string | undefined): boolean;
  /**
   * Runs one authenticated request through the RPC dispatcher; `signal` aborts when the socket
   * closes (a waiting `agent.run` or approval stops for a client that is gone).
   */
  dispatch(frame: RequestFrame, req: IncomingMessage, signal: AbortSignal): Promise<RpcResponse>;
  methodNames(): string[];
  logger: HostLogger;
  handshakeTimeoutMs: number;
  /**
   * Bytes that may wait unsent for this client (`ws.bufferedAmount`, beyond what the kernel holds);
   * a client that reads slower than it is answered or sent events is dropped past it.
   */
  maxBufferedBytes: number;
}

/** One `/ws` connection: authentication state, event sequence, and frame handling. */
export class WsConnection {
  #seq = 0;
  #unauthenticatedFrames = 0;
  #authenticated: boolean;
  #deadline: NodeJS.Timeout | undefined;
  /** Aborted when the socket closes: the signal of every request of this connection. */
  readonly #gone = new AbortController();

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
    ws.on("close", () => {
      this.#leavePending();
      this.#gone.abort(new Error("the WebSocket client disconnected"));
    });
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
    if (this.ws.readyState !== this.ws.OPEN) return true;
    if (this.ws.bufferedAmount > this.ctx.maxBufferedBytes) {
      // A client that does not read would otherwise grow the gateway's memory without bound; the
      // close frame would queue behind the same backlog, so the socket is dropped.
      this.ctx.logger.warn(
        { bufferedBytes: this.ws.bufferedAmount, remote: this.req.socket.remoteAddress },
        "WebSocket client does not read its frames; connection dropped",
      );
      this.#leavePending();
      this.ws.terminate();
      return true;
    }
    this.ws.send(text);
    return true;
  }

  /**
   * Counts a frame sent before authenticating; past {@link MAX_UNAUTHENTICATED_FRAMES} the connection
   * is closed with 1008 (an unauthenticated peer gets a bounded amount of work, not a stream of answers).
   * @returns false when the connection was closed.
   */
  #admitUnauthenticatedFrame(): boolean {
    this.#unauthenticatedFrames += 1;
    if (this.#unauthenticatedFrames <= MAX_UNAUTHENTICATED_FRAMES) return true;
    this.#refuse(WS_CLOSE_POLICY_VIOLATION, "authenticate first");
    return false;
  }

  #startDeadline(): void {
    this.#deadline = setTimeout(() => {
      if (this.#authenticated) return;
      const error = new OpenClawError(
        "GATEWAY_AUTH_TIMEOUT",
        `not authenticated within ${this.ctx.handshakeTimeoutMs} ms`,
      );
      this.#send(errorFrame(null, error));
      this.#refuse(WS_CLOSE_AUTH_TIMEOUT, "authentication timeout");
    }, this.ctx.handshakeTimeoutMs);
    this.#deadline.unref();
  }

  /**
   * Closes an unauthenticated connection with `code`. Its slot is freed at once, so the socket is
   * destroyed {@link REFUSED_CLOSE_GRACE_MS} later even if the peer never answers the close frame
   * (`ws` would keep reading whatever it sends for 30 s, outside the cap).
   */
  #refuse(code: number, reason: string): void {
    this.#leavePending();
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), REFUSED_CLOSE_GRACE_MS).unref();
  }

  #leavePending(): void {
    clearTimeout(this.#deadline);
    this.slot?.release();
    this.slot = undefined;
  }

  async #onMessage(data: RawData): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (!this.#authenticated && !this.#admitUnauthenticatedFrame()) return;
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
    this.#send(responseFrame(frame.id, await this.ctx.dispatch(frame, this.req, this.#gone.signal)));
  }

  #connect(frame: RequestFrame): void {
    const token = (frame.params?.auth as { token?: unknown } | undefined)?.token;
    if (!this.#authenticated && !this.ctx.tokenMatches(typeof token === "string" ? token : undefined)) {
      this.#send(errorFrame(frame.id, new OpenClawError("GATEWAY_UNAUTHORIZED", "bad gateway token")));
      this.#refuse(WS_CLOSE_UNAUTHORIZED, "unauthorized");
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
