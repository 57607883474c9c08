import { alawToMulaw, encodeMulaw, readPcm16 } from "../g711.js";
import { MalformedFrameError, type StreamMediaFormat } from "./carrier-codec.js";

/**
 * Converts inbound carrier audio to 8 kHz µ-law. µ-law passes through; A-law is transcoded; 8 kHz
 * L16 is encoded (`bigEndian` for RTP-style L16, as Telnyx sends it). Other formats are refused: we
 * ask every carrier for µ-law 8 kHz, so anything else is a misconfigured stream.
 */
export function toMulaw(audio: Buffer, format: StreamMediaFormat, bigEndianL16: boolean): Buffer {
  const encoding = format.encoding.toLowerCase();
  if (encoding.includes("mulaw") || encoding === "pcmu" || encoding.includes("ulaw")) return audio;
  if (format.sampleRate !== 8000)
    throw new MalformedFrameError(`unsupported media format ${format.encoding}@${format.sampleRate}`);
  if (encoding.includes("alaw") || encoding === "pcma") return alawToMulaw(audio);
  if (encoding.includes("l16")) return encodeMulaw(readPcm16(audio, bigEndianL16));
  throw new MalformedFrameError(`unsupported media encoding ${format.encoding}`);
}
