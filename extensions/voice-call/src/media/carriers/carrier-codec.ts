import type { IncomingMessage } from "node:http";

/** Carriers whose media streams this plugin speaks. */
export type StreamCarrier = "twilio" | "telnyx" | "plivo";

/** Audio format a carrier declares in its `start` frame. */
export interface StreamMediaFormat {
  /** As the carrier writes it (`audio/x-mulaw`, `PCMU`, `PCMA`, `audio/x-l16`, `L16`…). */
  encoding: string;
  /** Hz. */
  sampleRate: number;
}

/** One inbound media-stream frame, normalised across carriers. */
export type InboundStreamEvent =
  | { kind: "connected" }
  | {
      kind: "start";
      /** The carrier's call id (Twilio CallSid, Telnyx call_control_id, Plivo CallUUID). */
      providerCallId: string;
      /** The carrier's stream id (Twilio streamSid, Telnyx stream_id, Plivo streamId). */
      streamId: string;
      /** Per-call token as the carrier relayed it (custom parameter, extra header or handshake header). */
      token?: string;
      format: StreamMediaFormat;
    }
  /** Caller audio as 8 kHz µ-law (any length; the session cuts 20 ms frames). */
  | { kind: "media"; audio: Buffer }
  | { kind: "dtmf"; digit: string }
  /** The carrier played everything before the named mark/checkpoint. */
  | { kind: "mark"; name: string }
  /** The carrier confirmed a clear (Plivo `clearedAudio`). */
  | { kind: "cleared" }
  | { kind: "stop" }
  | { kind: "error"; message: string };

/** A frame that breaks the carrier's documented shape; the server closes the socket with 1007. */
export class MalformedFrameError extends Error {
  override readonly name = "MalformedFrameError";
}

/**
 * One carrier's media-stream wire protocol, for one connection (it holds the stream id and, for
 * Telnyx, the reorder buffer). Inbound audio is converted to 8 kHz µ-law when the carrier sends
 * PCMA or 8 kHz L16; outbound audio is always 8 kHz µ-law (we ask every carrier for it).
 */
export interface CarrierStreamCodec {
  readonly carrier: StreamCarrier;
  /** Remembers what the WebSocket handshake carried (Telnyx sends its auth token as a header). */
  handshake(request: IncomingMessage): void;
  /**
   * Parses one text frame into zero or more events (Telnyx may hold a frame back until the gap
   * before it fills).
   * @throws {@link MalformedFrameError} for a frame that is not the documented JSON.
   */
  parse(text: string): InboundStreamEvent[];
  /** A frame that plays 8 kHz µ-law `audio` (no file header). */
  encodeMedia(audio: Buffer): string;
  /** A frame asking the carrier to report back once everything sent before it has played. */
  encodeMark(name: string): string;
  /** A frame discarding the audio the carrier has buffered (barge-in). */
  encodeClear(): string;
}

/** Parses a JSON object frame or throws {@link MalformedFrameError}. */
export function parseFrame(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedFrameError("frame is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new MalformedFrameError("frame is not a JSON object");
  return value as Record<string, unknown>;
}

/** The object at `value[key]`, or `{}`. */
export function field(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const inner = value[key];
  return typeof inner === "object" && inner !== null && !Array.isArray(inner)
    ? (inner as Record<string, unknown>)
    : {};
}

/** A non-empty string at `value[key]`, else undefined. */
export function text(value: Record<string, unknown>, key: string): string | undefined {
  const inner = value[key];
  return typeof inner === "string" && inner !== "" ? inner : undefined;
}

/**
 * Decodes a base64 media payload (RFC 4648 §4 alphabet, padded), rejecting anything that is not
 * base64. Hot path (one call per 20 ms frame per stream): instead of a regular expression over the
 * text, the decoded length is checked, because Node's decoder skips characters outside the alphabet
 * and stops at inner padding (either makes the output shorter than 3/4 of the text); the URL-safe
 * `-` and `_`, which Node also reads, are refused explicitly.
 * @throws {@link MalformedFrameError} when `payload` is not a padded base64 string.
 */
export function decodePayload(payload: unknown): Buffer {
  if (typeof payload !== "string" || payload.length % 4 !== 0)
    throw new MalformedFrameError("media payload is not base64");
  const padding = payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0;
  const audio = Buffer.from(payload, "base64");
  if (audio.length !== (payload.length / 4) * 3 - padding || payload.includes("-") || payload.includes("_"))
    throw new MalformedFrameError("media payload is not base64");
  return audio;
}
