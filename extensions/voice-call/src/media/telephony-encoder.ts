import { voiceError } from "../errors.js";
import { encodeMulaw, readPcm16, TELEPHONY_SAMPLE_RATE } from "./g711.js";

/** Taps of the anti-aliasing low-pass filter (odd, so its delay is a whole number of samples). */
const TAPS = 63;
/** −6 dB point of the low-pass, in Hz: the top of the telephone band (300–3400 Hz). */
const CUTOFF_HZ = 3400;

/** Blackman-windowed sinc low-pass taps for `rate`, normalised to unit gain at DC. */
function lowPassTaps(rate: number): Float64Array {
  const taps = new Float64Array(TAPS);
  const fc = CUTOFF_HZ / rate;
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const n = i - mid;
    const sinc = n === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * n) / (Math.PI * n);
    const window =
      0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (TAPS - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (TAPS - 1));
    taps[i] = sinc * window;
    sum += taps[i] as number;
  }
  for (let i = 0; i < TAPS; i++) taps[i] = (taps[i] as number) / sum;
  return taps;
}

/**
 * Turns a stream of 16-bit little-endian mono PCM at `inputRate` (8, 16, 24, 32 or 48 kHz: a whole
 * multiple of 8 kHz) into 8 kHz G.711 µ-law, chunk by chunk. Higher rates pass a 63-tap Blackman
 * windowed-sinc low-pass (−6 dB at 3.4 kHz) and are decimated M:1; filter history, decimation phase
 * and an odd trailing byte carry across chunks, so chunking does not change the output. Unlike the
 * original's linear interpolation, tones above 4 kHz do not alias into the band.
 * @throws `OpenClawError` `VOICE_TTS_FAILED` for a rate that is not a multiple of 8000 Hz.
 */
export class TelephonyEncoder {
  readonly #factor: number;
  readonly #taps: Float64Array | undefined;
  #history = new Float64Array(TAPS - 1);
  #skip = 0;
  #oddByte: number | undefined;

  constructor(readonly inputRate: number) {
    const factor = inputRate / TELEPHONY_SAMPLE_RATE;
    if (!Number.isInteger(factor) || factor < 1 || factor > 6) {
      throw voiceError("VOICE_TTS_FAILED", `cannot convert ${inputRate} Hz PCM to 8 kHz telephony audio`, {
        hint: "Use a TTS output format at 8, 16, 24, 32 or 48 kHz.",
      });
    }
    this.#factor = factor;
    this.#taps = factor > 1 ? lowPassTaps(inputRate) : undefined;
  }

  /** Converts the next chunk of PCM bytes; returns the µ-law bytes it completes (maybe none). */
  push(chunk: Uint8Array): Buffer {
    let bytes = chunk;
    if (this.#oddByte !== undefined) {
      bytes = Buffer.concat([Buffer.of(this.#oddByte), chunk]);
      this.#oddByte = undefined;
    }
    if (bytes.byteLength % 2 === 1) {
      this.#oddByte = bytes[bytes.byteLength - 1];
      bytes = bytes.subarray(0, bytes.byteLength - 1);
    }
    const samples = readPcm16(bytes);
    return encodeMulaw(this.#taps ? this.#decimate(samples, this.#taps) : samples);
  }

  #decimate(samples: Int16Array, taps: Float64Array): Int16Array {
    const history = this.#history;
    const x = new Float64Array(history.length + samples.length);
    x.set(history);
    x.set(samples, history.length);
    const out: number[] = [];
    let k = history.length + this.#skip;
    for (; k < x.length; k += this.#factor) {
      let acc = 0;
      for (let t = 0; t < TAPS; t++) acc += (taps[t] as number) * (x[k - t] as number);
      out.push(Math.max(-32768, Math.min(32767, Math.round(acc))));
    }
    this.#skip = k - x.length;
    this.#history = x.slice(x.length - (TAPS - 1));
    return Int16Array.from(out);
  }
}
