import { dirname, join } from "node:path";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { isTerminalState } from "./call-state.js";
import { type CallStoreIo, nodeCallStoreIo, writeFully } from "./call-store-io.js";
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
  /** File operations (default `node:fs`); tests substitute a simulated disk. */
  io?: CallStoreIo;
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

function parseLines(text: string, latest: Map<string, CallRecord>): { lines: number; skipped: number } {
  let lines = 0;
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    lines++;
    try {
      const record: unknown = JSON.parse(line);
      if (isRecord(record)) latest.set(record.callId, record);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { lines, skipped };
}

/**
 * A durable, append-only call log (`calls.jsonl`, one JSON snapshot per line). Every change appends
 * the call's whole record, continuing after short writes, then fsyncs, so an append that returned
 * survives a crash or a power cut. A failed append (full disk, I/O error) is cut back to the last
 * complete record before the error is thrown, so the next record never lands glued to a torn line;
 * a crash mid-append can only leave an incomplete last line, which `open` cuts off at the byte after
 * the last newline (counted in bytes, so invalid UTF-8 in earlier lines cannot shift it). The newest
 * snapshot of a call wins. The file is compacted (one line per call, through a temp file, fsync,
 * rename and a directory fsync) when it grows past `compactAfterLines`.
 */
export class CallStore {
  readonly path: string;
  #fd: number | undefined;
  #lines = 0;
  /** Bytes of the file up to the end of its last complete record. */
  #goodBytes = 0;
  /** A failed append could not be cut back: the next append first restores a clean line start. */
  #tornTail = false;
  /** Line count past which the next append compacts. */
  #compactAt: number;
  readonly #latest = new Map<string, CallRecord>();
  readonly #options: Required<Omit<CallStoreOptions, "io">>;
  readonly #io: CallStoreIo;

  constructor(path: string, options: CallStoreOptions = {}) {
    this.path = path;
    this.#io = options.io ?? nodeCallStoreIo;
    this.#options = {
      fsync: options.fsync ?? true,
      compactAfterLines: options.compactAfterLines ?? 5000,
      keepEnded: options.keepEnded ?? 1000,
    };
    this.#compactAt = this.#options.compactAfterLines;
  }

  /** `<dir>/calls.jsonl`. */
  static fileIn(dir: string): string {
    return join(dir, "calls.jsonl");
  }

  /**
   * Opens (creating if needed), cuts off an incomplete last line, and loads the latest snapshot per call.
   * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID` when the store cannot be created or opened.
   */
  open(): CallStoreLoad {
    let bytes: Buffer;
    try {
      this.#io.mkdir(dirname(this.path));
      const existing = this.#io.readFile(this.path);
      bytes = existing ?? Buffer.alloc(0);
      this.#fd = this.#io.open(this.path, "a+");
      // A new file's directory entry must be durable too, or its first records vanish with it.
      if (existing === undefined) this.#io.fsyncDir(dirname(this.path));
    } catch (error) {
      throw voiceError(
        "VOICE_CONFIG_INVALID",
        `cannot open the call store ${this.path}: ${errorMessage(error)}`,
        {
          cause: error,
          hint: "Check plugins.entries.voice-call.config.store and the directory's permissions.",
        },
      );
    }
    const complete = bytes.lastIndexOf(0x0a) + 1;
    const repairedBytes = bytes.length - complete;
    this.#latest.clear();
    const { lines, skipped } = parseLines(bytes.subarray(0, complete).toString("utf8"), this.#latest);
    this.#lines = lines;
    // Cut the torn tail (at a byte offset) so the next append starts on a fresh line.
    if (repairedBytes > 0) this.#io.ftruncate(this.#fd, complete);
    this.#goodBytes = complete;
    return { calls: [...this.#latest.values()], repairedBytes, skippedLines: skipped };
  }

  /**
   * Appends the call's current snapshot (one line, written fully, then fsync).
   * @throws {@link OpenClawError} `VOICE_STORE_WRITE_FAILED` when the write or fsync fails; the file is
   * cut back to its last complete record first.
   */
  append(call: CallRecord): void {
    if (this.#fd === undefined) this.open();
    const fd = this.#fd as number;
    if (this.#tornTail) this.#restoreLineStart(fd);
    const line = Buffer.from(`${JSON.stringify(call)}\n`);
    try {
      writeFully(this.#io, fd, line);
      if (this.#options.fsync) this.#io.fsync(fd);
    } catch (error) {
      this.#cutBack(fd);
      throw voiceError("VOICE_STORE_WRITE_FAILED", `cannot append to ${this.path}: ${errorMessage(error)}`, {
        cause: error,
        details: { callId: call.callId },
      });
    }
    this.#goodBytes += line.length;
    this.#latest.set(call.callId, structuredClone(call));
    this.#lines++;
    if (this.#lines > this.#compactAt) this.#compactOrPostpone();
  }

  /** A failed compaction (e.g. no room for the temp file) leaves the log as it is; retried later. */
  #compactOrPostpone(): void {
    try {
      this.compact();
    } catch {
      this.#compactAt = this.#lines + this.#options.compactAfterLines;
    }
  }

  /** Truncates back to the last complete record; remembers a torn tail when even that fails. */
  #cutBack(fd: number): void {
    try {
      this.#io.ftruncate(fd, this.#goodBytes);
      this.#tornTail = false;
    } catch {
      this.#tornTail = true;
    }
  }

  /** Before the next record: truncate the torn tail, or at least end it with a newline. */
  #restoreLineStart(fd: number): void {
    this.#cutBack(fd);
    if (!this.#tornTail) return;
    try {
      writeFully(this.#io, fd, Buffer.from("\n"));
      this.#goodBytes = this.#io.size(fd);
      this.#tornTail = false;
    } catch (error) {
      throw voiceError("VOICE_STORE_WRITE_FAILED", `cannot repair ${this.path}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  /** Latest snapshot of one call. */
  get(callId: string): CallRecord | undefined {
    return this.#latest.get(callId);
  }

  /** Latest snapshots, oldest first. */
  all(): CallRecord[] {
    return [...this.#latest.values()];
  }

  /**
   * Rewrites the file with one line per active call and the most recent ended ones (temp file, fsync,
   * rename, directory fsync: a power cut leaves either the old or the new file, whole).
   */
  compact(): void {
    const active = this.all().filter((c) => !isTerminalState(c.state));
    const ended = this.all()
      .filter((c) => isTerminalState(c.state))
      .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
      .slice(-this.#options.keepEnded);
    const keep = [...ended, ...active];
    const data = Buffer.from(keep.map((c) => `${JSON.stringify(c)}\n`).join(""));
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = this.#io.open(temp, "w");
    try {
      writeFully(this.#io, fd, data);
      this.#io.fsync(fd);
    } finally {
      this.#io.close(fd);
    }
    this.#io.rename(temp, this.path);
    this.#io.fsyncDir(dirname(this.path));
    if (this.#fd !== undefined) this.#io.close(this.#fd);
    this.#latest.clear();
    for (const c of keep) this.#latest.set(c.callId, c);
    this.#lines = keep.length;
    this.#goodBytes = data.length;
    this.#compactAt = this.#options.compactAfterLines;
    this.#fd = this.#io.open(this.path, "a+");
  }

  /** Size of the file in bytes (for `tail`). */
  size(): number {
    return this.#fd === undefined ? 0 : this.#io.size(this.#fd);
  }

  close(): void {
    if (this.#fd !== undefined) this.#io.close(this.#fd);
    this.#fd = undefined;
  }
}
