import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { errorMessage, type PluginLogger, statusOf } from "@openclaw/plugin-sdk/core";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { voiceErrors } from "../errors.js";
import {
  type CarrierStreamCodec,
  type InboundStreamEvent,
  MalformedFrameError,
  type StreamCarrier,
} from "./carriers/carrier-codec.js";
import { createStreamCodec } from "./carriers/create-codec.js";
import { MediaStreamSession } from "./media-stream-session.js";
import { PacingClock } from "./pacing-clock.js";

/**
 * WebSocket close codes of the media-stream endpoint (RFC 6455 §7.4.1). Refusals before the upgrade
 * are plain HTTP: 404 (other path), 403 (carrier handshake authentication failed), 503
 * (`maxConnections` reached).
 */
export const STREAM_CLOSE: {
  readonly NORMAL: 1000;
  readonly GOING_AWAY: 1001;
  readonly UNSUPPORTED_DATA: 1003;
  readonly INVALID_PAYLOAD: 1007;
  readonly POLICY_VIOLATION: 1008;
  readonly MESSAGE_TOO_BIG: 1009;
  readonly TRY_AGAIN_LATER: 1013;
} = {
  /** The call ended or the carrier sent `stop`. */
  NORMAL: 1000,
  /** The gateway is stopping. */
  GOING_AWAY: 1001,
  /** A binary frame (every carrier sends JSON text). */
  UNSUPPORTED_DATA: 1003,
  /** A frame that is not the carrier's documented JSON (bad JSON, bad base64, unknown event, start without ids). */
  INVALID_PAYLOAD: 1007,
  /** No `start` in time, unknown or ended call, missing or forged token, a second `start`. */
  POLICY_VIOLATION: 1008,
  /** A frame over 64 KiB (closed by `ws`). */
  MESSAGE_TOO_BIG: 1009,
  /** Too many sockets waiting for their `start` (in total or from one address). */
  TRY_AGAIN_LATER: 1013,
} as const;

/** Largest inbound frame, in bytes (a 20 ms frame is ~300 bytes of JSON; Telnyx allows up to 30 s chunks out, not in). */
export const MAX_STREAM_FRAME_BYTES: number = 64 * 1024;

/**
 * Wake-up slot of the endpoint's shared pacing clock, in ms. Frames leave up to one slot after they
 * are due (always the same offset for a given stream, so no added jitter; well inside the 60 ms the
 * carriers buffer), and the event loop wakes at most 200 times a second for pacing whatever the
 * number of streams (the bench measured about 10% less CPU per frame than with 1 ms slots).
 */
export const PACING_SLOT_MS = 5;

/** Admission limits (`streaming.*`). */
export interface StreamLimits {
  preStartTimeoutMs: number;
  maxPendingConnections: number;
  maxPendingConnectionsPerIp: number;
  maxConnections: number;
}

/** What {@link MediaStreamServerOptions.authorize} decides for a `start` frame. */
export type StreamAuthorization = { ok: true; callId: string } | { ok: false; reason: string };

/** Inputs of {@link MediaStreamServer}. */
export interface MediaStreamServerOptions {
  carrier: StreamCarrier;
  /** Exact upgrade path (`streaming.streamPath`). */
  path: string;
  limits: StreamLimits;
  logger: PluginLogger;
  /** Checks the stream's call and token: the call must be active and the token the one issued for it. */
  authorize(start: Extract<InboundStreamEvent, { kind: "start" }>): StreamAuthorization;
  /** Called with each accepted session, before any of its media is delivered. */
  onSession(session: MediaStreamSession): void;
  /** Called once when an accepted session's socket closes; `stopped` when the carrier sent `stop`. */
  onSessionEnd(session: MediaStreamSession, stopped: boolean): void;
  /** The client address used for per-IP limits (default: the socket's remote address). */
  clientIp?(request: IncomingMessage): string;
  /**
   * The carrier's handshake authentication (Twilio signature, Telnyx auth-token header): a returned
   * reason refuses the upgrade with HTTP 403 and logs `VOICE_STREAM_UNAUTHORIZED` with it.
   */
  authenticateUpgrade?(request: IncomingMessage): string | undefined;
  /** Tunes sessions (tests, bench). */
  sessionOptions?: { leadMs?: number; markGraceMs?: number };
}

interface Connection {
  ip: string;
  codec: CarrierStreamCodec;
  session?: MediaStreamSession;
  stopped: boolean;
  timer?: NodeJS.Timeout;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The media-stream WebSocket endpoint on the voice-call webhook server (`ws`, `noServer`, exact
 * `streaming.streamPath`). The carrier's handshake authentication, where it has one, runs before
 * anything else is spent on the socket: HTTP 403 when it fails. Admission as the original (spec
 * voice-call.md §7.2): HTTP 503 above
 * `maxConnections`; close 1013 above `maxPendingConnections` in total or
 * `maxPendingConnectionsPerIp` per address; close 1008 without an accepted `start` within
 * `preStartTimeoutMs`. A `start` must name an active call and carry its token (checked even with
 * `skipSignatureVerification`). Malformed frames close with 1007, binary frames with 1003.
 */
export class MediaStreamServer {
  readonly #options: MediaStreamServerOptions;
  readonly #wss: WebSocketServer;
  readonly #connections = new Map<WebSocket, Connection>();
  /** Sockets still waiting for their `start`, in total and per client address. */
  #pendingTotal = 0;
  readonly #pendingByIp = new Map<string, number>();
  /** One pacing timer for every session of this endpoint. */
  readonly #clock: PacingClock;
  readonly #attached: Array<{
    server: Server;
    listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  }> = [];

  constructor(options: MediaStreamServerOptions) {
    this.#options = options;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_STREAM_FRAME_BYTES,
      perMessageDeflate: false,
    });
    this.#clock = new PacingClock({
      slotMs: PACING_SLOT_MS,
      onTaskError: (error) =>
        options.logger.warn("media stream pacing failed", { error: errorMessage(error) }),
    });
  }

  /** Open sockets, pending and active. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Handles upgrades of `server` on the stream path; other paths get 404. */
  attach(server: Server): void {
    const listener = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.handleUpgrade(request, socket, head);
    server.on("upgrade", listener);
    this.#attached.push({ server, listener });
  }

  /** Upgrades one request (exact path, connection limit), then admits the socket as pending. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const pathname = new URL(request.url ?? "/", "http://placeholder").pathname.replace(/\/+$/, "") || "/";
    if (pathname !== this.#options.path) {
      refuseUpgrade(socket, 404, "Not Found");
      return;
    }
    const refusal = this.#options.authenticateUpgrade?.(request);
    if (refusal !== undefined) {
      this.#options.logger.warn("media stream upgrade refused", {
        code: voiceErrors.codes.VOICE_STREAM_UNAUTHORIZED,
        reason: refusal,
      });
      refuseUpgrade(socket, statusOf(voiceErrors.codes.VOICE_STREAM_UNAUTHORIZED), "Forbidden");
      return;
    }
    if (this.#connections.size >= this.#options.limits.maxConnections) {
      this.#options.logger.warn("media stream refused: maxConnections reached", {
        max: this.#options.limits.maxConnections,
      });
      refuseUpgrade(socket, 503, "Service Unavailable");
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#admit(ws, request));
  }

  #countPending(ip: string, delta: 1 | -1): void {
    this.#pendingTotal += delta;
    const count = (this.#pendingByIp.get(ip) ?? 0) + delta;
    if (count > 0) this.#pendingByIp.set(ip, count);
    else this.#pendingByIp.delete(ip);
  }

  #admit(ws: WebSocket, request: IncomingMessage): void {
    const ip = this.#options.clientIp?.(request) ?? request.socket.remoteAddress ?? "unknown";
    const { limits } = this.#options;
    if (
      this.#pendingTotal >= limits.maxPendingConnections ||
      (this.#pendingByIp.get(ip) ?? 0) >= limits.maxPendingConnectionsPerIp
    ) {
      ws.close(STREAM_CLOSE.TRY_AGAIN_LATER, "Too many pending media stream connections");
      return;
    }
    const codec = createStreamCodec(this.#options.carrier);
    codec.handshake(request);
    const connection: Connection = { ip, codec, stopped: false };
    connection.timer = setTimeout(
      () => ws.close(STREAM_CLOSE.POLICY_VIOLATION, "Start timeout"),
      limits.preStartTimeoutMs,
    );
    this.#connections.set(ws, connection);
    this.#countPending(ip, 1);
    ws.on("message", (data: RawData, isBinary: boolean) => this.#onMessage(ws, connection, data, isBinary));
    ws.on("error", (error) =>
      this.#options.logger.warn("media stream socket error", { error: errorMessage(error) }),
    );
    ws.on("close", () => this.#onClose(ws, connection));
  }

  #onMessage(ws: WebSocket, connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      ws.close(STREAM_CLOSE.UNSUPPORTED_DATA, "Binary frames are not supported");
      return;
    }
    let events: InboundStreamEvent[];
    try {
      events = connection.codec.parse(data.toString());
    } catch (error) {
      const malformed = error instanceof MalformedFrameError;
      this.#options.logger.warn("media stream frame refused", { error: errorMessage(error) });
      ws.close(
        malformed ? STREAM_CLOSE.INVALID_PAYLOAD : 1011,
        malformed ? "Malformed frame" : "Internal error",
      );
      return;
    }
    for (const event of events) {
      if (ws.readyState !== ws.OPEN) return;
      if (event.kind === "start") this.#onStart(ws, connection, event);
      else if (event.kind === "stop") {
        connection.stopped = true;
        ws.close(STREAM_CLOSE.NORMAL, "Stream stopped");
      } else if (event.kind === "error") {
        this.#options.logger.warn("carrier reported a media stream error", { message: event.message });
      } else if (connection.session) connection.session.handle(event);
      else if (event.kind !== "connected") {
        ws.close(STREAM_CLOSE.POLICY_VIOLATION, "Media before start");
        return;
      }
    }
  }

  #onStart(
    ws: WebSocket,
    connection: Connection,
    start: Extract<InboundStreamEvent, { kind: "start" }>,
  ): void {
    if (connection.session) {
      ws.close(STREAM_CLOSE.POLICY_VIOLATION, "Duplicate start");
      return;
    }
    const verdict = this.#options.authorize(start);
    if (!verdict.ok) {
      this.#options.logger.warn("media stream refused", { reason: verdict.reason });
      ws.close(
        STREAM_CLOSE.POLICY_VIOLATION,
        verdict.reason === "unknown call" ? "Unknown call" : "Unauthorized",
      );
      return;
    }
    clearTimeout(connection.timer);
    this.#countPending(connection.ip, -1);
    connection.session = new MediaStreamSession({
      callId: verdict.callId,
      providerCallId: start.providerCallId,
      streamId: start.streamId,
      codec: connection.codec,
      clock: this.#clock,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      ...this.#options.sessionOptions,
    });
    this.#options.onSession(connection.session);
  }

  #onClose(ws: WebSocket, connection: Connection): void {
    clearTimeout(connection.timer);
    if (!this.#connections.delete(ws)) return;
    if (!connection.session) {
      this.#countPending(connection.ip, -1);
      return;
    }
    connection.session.close();
    this.#options.onSessionEnd(connection.session, connection.stopped);
  }

  /** Closes the socket of a session (call ended). */
  closeSession(session: MediaStreamSession, reason = "Call ended"): void {
    for (const [ws, connection] of this.#connections) {
      if (connection.session === session) ws.close(STREAM_CLOSE.NORMAL, reason);
    }
  }

  /** Closes every socket (1001) and detaches from the HTTP servers. */
  async close(): Promise<void> {
    for (const { server, listener } of this.#attached.splice(0)) server.off("upgrade", listener);
    for (const ws of this.#connections.keys()) ws.close(STREAM_CLOSE.GOING_AWAY, "Gateway stopping");
    for (const ws of this.#connections.keys()) setTimeout(() => ws.terminate(), 1000).unref();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#clock.stop();
  }
}
