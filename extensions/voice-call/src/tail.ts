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

/**
 * Prints the last `since` records of a call store file, then (with `follow`) every record appended
 * later, one JSON line each. A compacted (shorter) file restarts from its beginning; a torn last line is
 * held back until it is complete.
 * @throws {@link OpenClawError} `VOICE_CALL_NOT_FOUND` when the file does not exist.
 */
export async function tailCallStore(file: string, options: TailOptions): Promise<void> {
  if (!existsSync(file)) {
    throw voiceError("VOICE_CALL_NOT_FOUND", `no call store at ${file}`, {
      hint: "Place a call first, or pass --file <path to calls.jsonl>.",
    });
  }
  const text = readFileSync(file, "utf8");
  const complete = text.lastIndexOf("\n") + 1;
  for (const line of text.slice(0, complete).split("\n").filter(Boolean).slice(-Math.max(0, options.since)))
    options.print(line);
  let offset = Buffer.byteLength(text.slice(0, complete));
  while (options.follow && !options.signal?.aborted) {
    await new Promise((r) => setTimeout(r, options.pollMs));
    const size = statSync(file).size;
    if (size < offset) offset = 0;
    if (size === offset) continue;
    const fd = openSync(file, "r");
    try {
      const chunk = Buffer.alloc(size - offset);
      readSync(fd, chunk, 0, chunk.length, offset);
      const data = chunk.toString("utf8");
      const end = data.lastIndexOf("\n") + 1;
      for (const line of data.slice(0, end).split("\n").filter(Boolean)) options.print(line);
      offset += Buffer.byteLength(data.slice(0, end));
    } finally {
      closeSync(fd);
    }
  }
}
