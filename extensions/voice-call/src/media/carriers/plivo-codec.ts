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

/** Reads `token` from Plivo's `extra_headers` string (`"token=abc;x=y"`, alphanumeric keys and values). */
export function tokenFromExtraHeaders(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  for (const pair of value.split(/[;,]/)) {
    const [key, ...rest] = pair.split("=");
    if (key?.trim() === "token") return rest.join("=").trim() || undefined;
  }
  return undefined;
}

/**
 * Plivo Audio Streams (plivo.com/docs/voice/xml/the-stream-element, "Audio Streaming" events): in
 * `start {start:{callId, streamId, mediaFormat}, extra_headers}`, `media`, `dtmf`, `playedStream`,
 * `clearedAudio`, `stop` (no `connected`); out `playAudio` (µ-law 8 kHz), `checkpoint`, `clearAudio`.
 * The per-call token arrives in `extra_headers` (`extraHeaders="token=…"` on `<Stream>`).
 */
export class PlivoStreamCodec implements CarrierStreamCodec {
  readonly carrier = "plivo" as const;
  #streamId = "";
  #format: StreamMediaFormat = { encoding: "audio/x-mulaw", sampleRate: 8000 };

  handshake(_request: IncomingMessage): void {}

  parse(frame: string): InboundStreamEvent[] {
    const msg = parseFrame(frame);
    switch (msg.event) {
      case "start": {
        const start = field(msg, "start");
        const callId = text(start, "callId");
        const streamId = text(start, "streamId") ?? text(msg, "streamId");
        if (!callId || !streamId) throw new MalformedFrameError("start frame without callId or streamId");
        this.#streamId = streamId;
        const format = field(start, "mediaFormat");
        this.#format = {
          encoding: text(format, "encoding") ?? "audio/x-mulaw",
          sampleRate: Number(format.sampleRate ?? 8000),
        };
        const token = tokenFromExtraHeaders(msg.extra_headers ?? start.extra_headers);
        return [
          {
            kind: "start",
            providerCallId: callId,
            streamId,
            format: this.#format,
            ...(token ? { token } : {}),
          },
        ];
      }
      case "media":
        return [
          { kind: "media", audio: toMulaw(decodePayload(field(msg, "media").payload), this.#format, false) },
        ];
      case "dtmf":
        return [{ kind: "dtmf", digit: String(field(msg, "dtmf").digit ?? "") }];
      case "playedStream":
        return [{ kind: "mark", name: String(msg.name ?? "") }];
      case "clearedAudio":
        return [{ kind: "cleared" }];
      case "stop":
        return [{ kind: "stop" }];
      default:
        throw new MalformedFrameError(`unknown Plivo event ${JSON.stringify(msg.event)}`);
    }
  }

  encodeMedia(audio: Buffer): string {
    return JSON.stringify({
      event: "playAudio",
      media: { contentType: "audio/x-mulaw", sampleRate: 8000, payload: audio.toString("base64") },
    });
  }

  encodeMark(name: string): string {
    return JSON.stringify({ event: "checkpoint", streamId: this.#streamId, name });
  }

  encodeClear(): string {
    return JSON.stringify({ event: "clearAudio", streamId: this.#streamId });
  }
}
