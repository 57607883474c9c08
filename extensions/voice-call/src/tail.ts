import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { voiceError } from "./errors.js";

/** Options of {@link tailCallStore}. */
export interface TailOptions {
  /** Records printed first (the last N lines). */
  since: number;
  /** Polling period in ms. */
  pollMs: number;
  /** Keep following appended records. */
  follow: boolean;
  print(text: string): void;
  /** Stops following when aborted. */
  signal?: AbortSignal;
}

/** Complete lines of `bytes` (up to the last newline) and how many bytes they span. */
function completeLines(bytes: Buffer): { lines: string[]; bytes: number } {
  const end = bytes.lastIndexOf(0x0a) + 1;
  return { lines: bytes.subarray(0, end).toString("utf8").split("\n").filter(Boolean), bytes: end };
}

function readFrom(file: string, offset: number, size: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(size - offset);
    const n = readSync(fd, chunk, 0, chunk.length, offset);
    return chunk.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Prints the last `since` records of a call store file, then (with `follow`) every record appended
 * later, one JSON line each. Offsets are counted in bytes (a line with invalid UTF-8 cannot shift
 * them); a compacted (shorter) file restarts from its beginning; a torn last line is held back until
 * it is complete.
 * @throws {@link OpenClawError} `VOICE_STORE_NOT_FOUND` when the file does not exist.
 */
export async function tailCallStore(file: string, options: TailOptions): Promise<void> {
  if (!existsSync(file)) {
    throw voiceError("VOICE_STORE_NOT_FOUND", `no call store at ${file}`, { details: { file } });
  }
  const first = completeLines(readFileSync(file));
  for (const line of first.lines.slice(-Math.max(0, options.since))) options.print(line);
  let offset = first.bytes;
  while (options.follow && !options.signal?.aborted) {
    await wait(options.pollMs, options.signal);
    const size = statSync(file).size;
    if (size < offset) offset = 0;
    if (size === offset) continue;
    const next = completeLines(readFrom(file, offset, size));
    for (const line of next.lines) options.print(line);
    offset += next.bytes;
  }
}
