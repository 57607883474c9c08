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

/**
 * Twilio Media Streams over `<Connect><Stream>` (twilio.com/docs/voice/media-streams/websocket-messages):
 * in `connected`, `start {start:{streamSid, callSid, customParameters, mediaFormat}}`, `media
 * {media:{track, payload}}`, `dtmf`, `mark`, `stop`; out `media`, `mark`, `clear`, each with `streamSid`.
 * The per-call token comes from `<Parameter name="token">` (`start.customParameters.token`), because
 * Twilio strips query strings from stream URLs.
 */
export class TwilioStreamCodec implements CarrierStreamCodec {
  readonly carrier = "twilio" as const;
  #streamSid = "";
  #sidJson = '""';
  #format: StreamMediaFormat = { encoding: "audio/x-mulaw", sampleRate: 8000 };

  handshake(_request: IncomingMessage): void {}

  parse(frame: string): InboundStreamEvent[] {
    const msg = parseFrame(frame);
    switch (msg.event) {
      case "connected":
        return [{ kind: "connected" }];
      case "start": {
        const start = field(msg, "start");
        const streamSid = text(start, "streamSid") ?? text(msg, "streamSid");
        const callSid = text(start, "callSid");
        if (!streamSid || !callSid) throw new MalformedFrameError("start frame without streamSid or callSid");
        this.#streamSid = streamSid;
        this.#sidJson = JSON.stringify(streamSid);
        const format = field(start, "mediaFormat");
        this.#format = {
          encoding: text(format, "encoding") ?? "audio/x-mulaw",
          sampleRate: Number(format.sampleRate ?? 8000),
        };
        const token = text(field(start, "customParameters"), "token");
        return [
          {
            kind: "start",
            providerCallId: callSid,
            streamId: streamSid,
            format: this.#format,
            ...(token ? { token } : {}),
          },
        ];
      }
      case "media": {
        const media = field(msg, "media");
        if (media.track !== undefined && media.track !== "inbound") return [];
        return [{ kind: "media", audio: toMulaw(decodePayload(media.payload), this.#format, false) }];
      }
      case "dtmf":
        return [{ kind: "dtmf", digit: String(field(msg, "dtmf").digit ?? "") }];
      case "mark":
        return [{ kind: "mark", name: String(field(msg, "mark").name ?? "") }];
      case "stop":
        return [{ kind: "stop" }];
      default:
        throw new MalformedFrameError(`unknown Twilio event ${JSON.stringify(msg.event)}`);
    }
  }

  encodeMedia(audio: Buffer): string {
    // Hot path (50 frames/s per call): a template instead of JSON.stringify; base64 needs no escaping, the
    // stream id was JSON-encoded once at start.
    return `{"event":"media","streamSid":${this.#sidJson},"media":{"payload":"${audio.toString("base64")}"}}`;
  }

  encodeMark(name: string): string {
    return JSON.stringify({ event: "mark", streamSid: this.#streamSid, mark: { name } });
  }

  encodeClear(): string {
    return JSON.stringify({ event: "clear", streamSid: this.#streamSid });
  }
}
