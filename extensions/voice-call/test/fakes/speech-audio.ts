import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Real speech for media tests: `espeak-ng` says `text` into a WAV, `sox` converts it to headerless
 * 8 kHz mono G.711 µ-law (`sox in.wav -r 8000 -c 1 -e mu-law -t raw out.ulaw`). Both come from
 * Debian (installed by `.ci/run`). `silenceMs` of µ-law silence (0xFF) is appended.
 */
export function speechUlaw(text: string, silenceMs = 800): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "voice-speech-"));
  try {
    const wav = join(dir, "speech.wav");
    const raw = join(dir, "speech.ulaw");
    execFileSync("espeak-ng", ["-v", "en-us", "-s", "170", "-w", wav, text]);
    execFileSync("sox", [wav, "-r", "8000", "-c", "1", "-e", "mu-law", "-t", "raw", raw]);
    return Buffer.concat([readFileSync(raw), Buffer.alloc((silenceMs / 1000) * 8000, 0xff)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits µ-law audio into 20 ms frames (160 bytes; the last one padded with silence). */
export function frames20ms(audio: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < audio.length; i += 160) {
    const frame = Buffer.alloc(160, 0xff);
    audio.copy(frame, 0, i, Math.min(i + 160, audio.length));
    out.push(frame);
  }
  return out;
}
