import type { IncomingMessage } from "node:http";
import { toMulaw } from "./audio-format.js";
import {
  type CarrierStreamCodec,
  decodePayload,
  field,
  type InboundStreamEvent,
  MalformedFrameError,
  parseFrame,
  type StreamMediaFormat,
  text,
} from "./carrier-codec.js";
import { SequenceReorderer } from "./sequence-reorderer.js";

/** Handshake header carrying `stream_auth_token` (Telnyx, "Stream call media over WebSocket"). */
export const TELNYX_AUTH_HEADER = "x-telnyx-streaming-auth-token";

/**
 * Telnyx media streaming (developers.telnyx.com, "Stream call media over WebSocket"): in `connected`,
 * `start {stream_id, start:{call_control_id, media_format, custom_parameters}}`, `media`, `dtmf`,
 * `mark`, `error`, `stop`; out `media`, `mark`, `clear` without a stream id. Telnyx does not
 * guarantee frame order, so frames pass a reorder buffer keyed on `sequence_number`. The per-call
 * token is the `stream_auth_token`, sent as the `x-telnyx-streaming-auth-token` handshake header (and
 * as a `token` custom parameter).
 */
export class TelnyxStreamCodec implements CarrierStreamCodec {
  readonly carrier = "telnyx" as const;
  #handshakeToken: string | undefined;
  #format: StreamMediaFormat = { encoding: "PCMU", sampleRate: 8000 };
  readonly #order = new SequenceReorderer<Record<string, unknown>>();

  handshake(request: IncomingMessage): void {
    const value = request.headers[TELNYX_AUTH_HEADER];
    this.#handshakeToken = (Array.isArray(value) ? value[0] : value) || undefined;
  }

  parse(frame: string): InboundStreamEvent[] {
    const msg = parseFrame(frame);
    if (msg.event === "connected") {
      const token = text(msg, TELNYX_AUTH_HEADER);
      if (token && !this.#handshakeToken) this.#handshakeToken = token;
      return [{ kind: "connected" }];
    }
    const seq = Number(msg.sequence_number);
    if (msg.sequence_number === undefined || !Number.isSafeInteger(seq))
      return msg.event === "stop"
        ? [...this.#order.flush(), msg].flatMap((m) => this.#decode(m))
        : this.#decode(msg);
    const ready = this.#order.push(seq, msg);
    if (msg.event === "stop") ready.push(...this.#order.flush());
    return ready.flatMap((m) => this.#decode(m));
  }

  #decode(msg: Record<string, unknown>): InboundStreamEvent[] {
    switch (msg.event) {
      case "start": {
        const start = field(msg, "start");
        const callControlId = text(start, "call_control_id");
        const streamId = text(msg, "stream_id") ?? text(start, "stream_id");
        if (!callControlId || !streamId)
          throw new MalformedFrameError("start frame without call_control_id or stream_id");
        const format = field(start, "media_format");
        this.#format = {
          encoding: text(format, "encoding") ?? "PCMU",
          sampleRate: Number(format.sample_rate ?? 8000),
        };
        const token = this.#handshakeToken ?? text(field(start, "custom_parameters"), "token");
        return [
          {
            kind: "start",
            providerCallId: callControlId,
            streamId,
            format: this.#format,
            ...(token ? { token } : {}),
          },
        ];
      }
      case "media": {
        const media = field(msg, "media");
        if (media.track !== undefined && media.track !== "inbound") return [];
        return [{ kind: "media", audio: toMulaw(decodePayload(media.payload), this.#format, true) }];
      }
      case "dtmf":
        return [{ kind: "dtmf", digit: String(field(msg, "dtmf").digit ?? "") }];
      case "mark":
        return [{ kind: "mark", name: String(field(msg, "mark").name ?? "") }];
      case "error":
        return [{ kind: "error", message: JSON.stringify(msg.payload ?? msg.error ?? "error") }];
      case "stop":
        return [{ kind: "stop" }];
      default:
        throw new MalformedFrameError(`unknown Telnyx event ${JSON.stringify(msg.event)}`);
    }
  }

  encodeMedia(audio: Buffer): string {
    return JSON.stringify({ event: "media", media: { payload: audio.toString("base64") } });
  }

  encodeMark(name: string): string {
    return JSON.stringify({ event: "mark", mark: { name } });
  }

  encodeClear(): string {
    return JSON.stringify({ event: "clear" });
  }
}
