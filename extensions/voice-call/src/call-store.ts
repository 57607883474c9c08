import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { isTerminalState } from "./call-state.js";
import { voiceError } from "./errors.js";
import type { CallRecord } from "./types.js";

/** Options of {@link CallStore}. */
export interface CallStoreOptions {
  /** fsync after every append (default true): a completed append survives power loss. */
  fsync?: boolean;
  /** Rewrite the file with one line per call once it holds this many lines; default 5000. */
  compactAfterLines?: number;
  /** Ended calls kept by compaction; default 1000 (most recent). */
  keepEnded?: number;
}

/** What {@link CallStore.open} found on disk. */
export interface CallStoreLoad {
  /** Latest snapshot of every call, in file order. */
  calls: CallRecord[];
  /** Bytes of an incomplete last line that were cut off (a crash mid-append). */
  repairedBytes: number;
  /** Complete lines that were not valid records (skipped). */
  skippedLines: number;
}

function isRecord(value: unknown): value is CallRecord {
  const v = value as Partial<CallRecord> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.callId === "string" &&
    typeof v.state === "string" &&
    typeof v.startedAt === "number"
  );
}

/**
 * A durable, append-only call log (`calls.jsonl`, one JSON snapshot per line). Every change appends
 * the call's whole record in a single `write` followed by `fsync`, so a crash at any byte (kill -9,
 * power loss) can only leave an incomplete last line; on open that tail is cut off and every
 * completed record is kept. The newest snapshot of a call wins. The file is compacted (rewritten to
 * one line per call, through a temp file, fsync and rename) when it grows past `compactAfterLines`.
 */
export class CallStore {
  readonly path: string;
  #fd: number | undefined;
  #lines = 0;
  readonly #latest = new Map<string, CallRecord>();
  readonly #options: Required<CallStoreOptions>;

  constructor(path: string, options: CallStoreOptions = {}) {
    this.path = path;
    this.#options = {
      fsync: options.fsync ?? true,
      compactAfterLines: options.compactAfterLines ?? 5000,
      keepEnded: options.keepEnded ?? 1000,
    };
  }

  /** `<dir>/calls.jsonl`. */
  static fileIn(dir: string): string {
    return join(dir, "calls.jsonl");
  }

  /**
   * Opens (creating if needed), repairs an incomplete tail, and loads the latest snapshot per call.
   * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` when the store cannot be created or opened.
   */
  open(): CallStoreLoad {
    let text = "";
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      if (existsSync(this.path)) text = readFileSync(this.path, "utf8");
    } catch (error) {
      throw voiceError(
        "VOICE_CONFIG_INVALID",
        `cannot open the call store ${this.path}: ${(error as Error).message}`,
        {
          cause: error,
          hint: "Check plugins.entries.voice-call.config.store and the directory's permissions.",
        },
      );
    }
    const complete = text.lastIndexOf("\n") + 1;
    const repairedBytes = Buffer.byteLength(text.slice(complete));
    let skippedLines = 0;
    this.#lines = 0;
    for (const line of text.slice(0, complete).split("\n")) {
      if (line === "") continue;
      this.#lines++;
      try {
        const record: unknown = JSON.parse(line);
        if (isRecord(record)) this.#latest.set(record.callId, record);
        else skippedLines++;
      } catch {
        skippedLines++;
      }
    }
    this.#fd = openSync(this.path, "a+", 0o600);
    if (repairedBytes > 0) {
      // Cut the torn tail so the next append starts on a fresh line.
      ftruncateSync(this.#fd, Buffer.byteLength(text.slice(0, complete)));
    }
    return { calls: [...this.#latest.values()], repairedBytes, skippedLines };
  }

  /** Appends the call's current snapshot (one line, one write, then fsync). */
  append(call: CallRecord): void {
    if (this.#fd === undefined) this.open();
    const line = Buffer.from(`${JSON.stringify(call)}\n`);
    let written = 0;
    while (written < line.length)
      written += writeSync(this.#fd as number, line, written, line.length - written);
    if (this.#options.fsync) fsyncSync(this.#fd as number);
    this.#latest.set(call.callId, structuredClone(call));
    this.#lines++;
    if (this.#lines > this.#options.compactAfterLines) this.compact();
  }

  /** Latest snapshot of one call. */
  get(callId: string): CallRecord | undefined {
    return this.#latest.get(callId);
  }

  /** Latest snapshots, oldest first. */
  all(): CallRecord[] {
    return [...this.#latest.values()];
  }

  /** Rewrites the file with one line per active call and the most recent ended ones. */
  compact(): void {
    const active = this.all().filter((c) => !isTerminalState(c.state));
    const ended = this.all()
      .filter((c) => isTerminalState(c.state))
      .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
      .slice(-this.#options.keepEnded);
    const keep = [...ended, ...active];
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, keep.map((c) => `${JSON.stringify(c)}\n`).join(""));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (this.#fd !== undefined) closeSync(this.#fd);
    renameSync(temp, this.path);
    this.#latest.clear();
    for (const c of keep) this.#latest.set(c.callId, c);
    this.#lines = keep.length;
    this.#fd = openSync(this.path, "a+", 0o600);
  }

  /** Size of the file in bytes (for `tail`). */
  size(): number {
    return this.#fd === undefined ? 0 : fstatSync(this.#fd).size;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
