import * as alawmulawModule from "alawmulaw";

type G711 = typeof alawmulawModule;
/** `alawmulaw` is a UMD bundle: Node's ESM loader exposes it as `default`, bundlers as named exports. */
const g711: G711 = (alawmulawModule as unknown as { default?: G711 }).default ?? alawmulawModule;

/** Samples per second of telephony audio (G.711). */
export const TELEPHONY_SAMPLE_RATE = 8000;
/** Length of one media frame, in ms. */
export const FRAME_MS = 20;
/** Bytes of one 20 ms frame of 8 kHz µ-law (one byte per sample). */
export const FRAME_BYTES: number = (TELEPHONY_SAMPLE_RATE * FRAME_MS) / 1000;
/** µ-law byte of digital silence (ITU-T G.711: 0xFF encodes +0). */
export const MULAW_SILENCE = 0xff;

/** Encodes 16-bit linear PCM samples to G.711 µ-law bytes (via `alawmulaw`, bit-exact with ITU-T G.711). */
export function encodeMulaw(samples: Int16Array): Buffer {
  const bytes = g711.mulaw.encode(samples);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes G.711 µ-law bytes to 16-bit linear PCM samples. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  return g711.mulaw.decode(bytes);
}

/** Transcodes G.711 A-law bytes to µ-law bytes (same rate, same length). */
export function alawToMulaw(bytes: Uint8Array): Buffer {
  return encodeMulaw(g711.alaw.decode(bytes));
}

/**
 * Reads 16-bit linear PCM from bytes. `bigEndian` for L16 as carried in RTP (RFC 3551; Telnyx L16),
 * little-endian otherwise (WAV, OpenAI `pcm`, ElevenLabs `pcm_*`). A trailing odd byte is ignored.
 */
export function readPcm16(bytes: Uint8Array, bigEndian = false): Int16Array {
  const count = Math.floor(bytes.byteLength / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, !bigEndian);
  return out;
}
