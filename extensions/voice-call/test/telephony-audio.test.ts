import { describe, expect, it } from "vitest";
import { decodeMulaw, encodeMulaw } from "../src/media/g711.js";
import { TelephonyEncoder } from "../src/media/telephony-encoder.js";
import { prefetch } from "../src/tts/prefetch.js";
import { SentenceSegmenter } from "../src/tts/sentence-segmenter.js";
import { tonePcm } from "./fakes/fake-tts.js";

/** G.711 µ-law as the original plugin wrote it by hand (spec voice-call.md §7.6): the oracle. */
function referenceMulaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + 132;
  let exponent = 0;
  for (let bit = 14; bit >= 8; bit--) {
    if (magnitude & (1 << bit)) {
      exponent = bit - 7;
      break;
    }
  }
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

/** RMS of the 1 kHz-free part: correlate with a tone of `hz` (8 kHz samples). */
function toneLevel(samples: Int16Array, hz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < samples.length; i++) {
    re += (samples[i] as number) * Math.cos((2 * Math.PI * hz * i) / 8000);
    im += (samples[i] as number) * Math.sin((2 * Math.PI * hz * i) / 8000);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

describe("telephony audio", () => {
  it("µ-law encoding equals the G.711 reference on all 65,536 int16 values", () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < 65536; i++) all[i] = i - 32768;
    const encoded = encodeMulaw(all);
    for (let i = 0; i < 65536; i++) expect(encoded[i], `sample ${i - 32768}`).toBe(referenceMulaw(i - 32768));
  });

  it("0.5 s of 24 kHz PCM becomes 4000 µ-law bytes", () => {
    expect(new TelephonyEncoder(24_000).push(tonePcm(24_000, 0.5, { 1000: 8000 })).length).toBe(4000);
  });

  it("keeps 1 kHz and suppresses a 6 kHz tone below 1% instead of aliasing it to 2 kHz", () => {
    const out = decodeMulaw(
      new TelephonyEncoder(24_000).push(tonePcm(24_000, 1, { 1000: 8000, 6000: 8000 })),
    );
    const steady = out.subarray(400);
    const kept = toneLevel(steady, 1000);
    expect(kept).toBeGreaterThan(7000);
    expect(toneLevel(steady, 2000) / kept).toBeLessThan(0.01);
  });

  it("gives the same output however the PCM is chunked (odd byte counts included)", () => {
    const pcm = tonePcm(16_000, 0.3, { 440: 6000, 3000: 3000 });
    const whole = new TelephonyEncoder(16_000).push(pcm);
    const chunked = new TelephonyEncoder(16_000);
    const parts: Buffer[] = [];
    for (let i = 0; i < pcm.length; i += 333) parts.push(chunked.push(pcm.subarray(i, i + 333)));
    expect(Buffer.concat(parts).equals(whole)).toBe(true);
  });

  it("refuses a rate that is not a multiple of 8 kHz with a coded error", () => {
    expect(() => new TelephonyEncoder(22_050)).toThrow(expect.objectContaining({ code: "VOICE_TTS_FAILED" }));
  });

  it("segments streamed text into sentences as they complete", () => {
    const seg = new SentenceSegmenter();
    expect(seg.push("Hello there! It is ")).toEqual(["Hello there!"]);
    expect(seg.push("noon. Dr. Smith is ")).toEqual(["It is noon."]);
    expect(seg.push("in.\nBye")).toEqual(["Dr. Smith is in."]);
    expect(seg.flush()).toBe("Bye");
    expect(seg.flush()).toBe("");
  });

  it("prefetch consumes ahead and re-throws the source's error where it happened", async () => {
    let pulled = 0;
    async function* source() {
      pulled++;
      yield 1;
      pulled++;
      yield 2;
      throw new Error("boom");
    }
    const stream = prefetch(Promise.resolve(source()));
    await expect.poll(() => pulled).toBe(2);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of stream) seen.push(v);
      })(),
    ).rejects.toThrow("boom");
    expect(seen).toEqual([1, 2]);
  });
});
