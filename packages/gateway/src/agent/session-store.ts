import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  truncate,
  unlink,
} from "node:fs/promises";
import { join } from "node:path";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { TranscriptCache } from "./transcript-cache.js";

/** A tool call the assistant made, as stored in the transcript. */
export interface TranscriptToolCall {
  id: string;
  name: string;
  params: unknown;
}

/** One message of a session. `content` is always text so other tools can read the file. */
export interface TranscriptMessage {
  role: "user" | "assistant" | "tool" | "system";
  content: string;
  toolCalls?: TranscriptToolCall[];
  toolCallId?: string;
  toolName?: string;
  isError?: boolean;
}

/** One line of a transcript file. */
export type TranscriptEntry =
  | {
      type: "session";
      id: string;
      sessionKey: string;
      timestamp: number;
      /** Who created the session when it was not a user surface: `plugin:<id>` for subagent runs. */
      owner?: string;
    }
  | {
      type: "message";
      id: string;
      /** ms since the epoch. */
      timestamp: number;
      runId?: string;
      /** The turn was aborted before this message was complete. */
      aborted?: boolean;
      message: TranscriptMessage;
    };

/** What {@link SessionStore.read} found. */
export interface SessionTranscript {
  sessionKey: string;
  sessionId: string | undefined;
  /** The header's `owner` (`plugin:<id>` for a session a plugin's subagent run created). */
  owner: string | undefined;
  file: string;
  entries: TranscriptEntry[];
  messages: TranscriptMessage[];
  /** Bytes of a torn last line that were cut off (a crash mid-append). */
  repairedBytes: number;
  /** Complete lines that were not valid JSON (skipped, kept on disk). */
  skippedLines: number;
}

/** One row of {@link SessionStore.list}. */
export interface SessionSummary {
  sessionKey: string;
  file: string;
  bytes: number;
  /** ms since the epoch. */
  updatedAt: number;
}

const KEY_PATTERN = /^[^\p{Cc}]{1,200}$/u;

/**
 * Checks a session key (1–200 characters, no control characters).
 * @throws {@link OpenClawError} `AGENT_INVALID_PARAMS`.
 */
export function checkSessionKey(key: string): string {
  const trimmed = key.trim();
  if (!KEY_PATTERN.test(trimmed)) {
    throw new OpenClawError(
      "AGENT_INVALID_PARAMS",
      "a session key is 1-200 characters without control characters",
      {
        hint: 'Example: --session-key "voice:15550001234".',
      },
    );
  }
  return trimmed;
}

function writeFailed(file: string, error: unknown): OpenClawError {
  return new OpenClawError(
    "AGENT_SESSION_WRITE_FAILED",
    `cannot append to the session transcript ${file}: ${(error as Error).message}`,
    {
      cause: error,
      hint: "Check free disk space and the permissions of the state directory.",
    },
  );
}

/** File name of a session key: percent-encoded, dots too, so no key can name a path outside the dir. */
export function sessionFileName(key: string): string {
  return `${encodeURIComponent(key).replace(/\./g, "%2E").replace(/\*/g, "%2A")}.jsonl`;
}

/** `O_DSYNC` where the platform has it (Linux, macOS): each `write` is then durable on return. */
const SYNCHRONOUS_WRITES = typeof constants.O_DSYNC === "number";
const APPEND_FLAGS =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (SYNCHRONOUS_WRITES ? constants.O_DSYNC : 0);

/** Appends of one turn to one transcript ({@link SessionStore.writer}). */
export interface TranscriptWriter {
  /** One durable line; resolves once it is on disk. */
  append(message: TranscriptMessage, extra?: { runId?: string; aborted?: boolean }): Promise<void>;
  /** Closes the file (later appends open it afresh). */
  close(): void;
}

function messageEntry(
  message: TranscriptMessage,
  extra: { runId?: string; aborted?: boolean },
): TranscriptEntry {
  return { type: "message", id: randomUUID(), timestamp: Date.now(), ...extra, message };
}

function transcriptOf(
  sessionKey: string,
  file: string,
  entries: TranscriptEntry[],
  repairedBytes: number,
  skippedLines: number,
): SessionTranscript {
  const header = entries.find((e) => e.type === "session");
  return {
    sessionKey,
    sessionId: header?.type === "session" ? header.id : undefined,
    owner: header?.type === "session" ? header.owner : undefined,
    file,
    entries,
    messages: entries.flatMap((e) => (e.type === "message" && e.message ? [e.message] : [])),
    repairedBytes,
    skippedLines,
  };
}

/**
 * Append-only JSONL transcripts, one file per session key under `<state dir>/agents/main/sessions/`.
 * Durability rules of the Voice Call store: each message is one `write` of one line, durable before
 * the append resolves (`O_DSYNC`, else `fsync`), so a crash can only leave a torn last line; {@link read} cuts it off at the last newline
 * **byte** (counted in bytes, so a torn multi-byte character cannot shift the cut) and keeps every
 * complete line. `reset` renames the file aside (`<name>.reset-<ms>`), never deletes it.
 */
export class SessionStore {
  readonly dir: string;
  #dirReady: Promise<unknown> | undefined;
  readonly #cache = new TranscriptCache();

  constructor(stateDir: string, agentId = "main") {
    this.dir = join(stateDir, "agents", agentId, "sessions");
  }

  /** The transcript file of `key`. */
  fileFor(key: string): string {
    return join(this.dir, sessionFileName(checkSessionKey(key)));
  }

  /**
   * Reads (and repairs) a transcript; a missing one is empty. A transcript this store already read or
   * wrote is served from memory while the file keeps its inode and size ({@link TranscriptCache}).
   */
  async read(key: string): Promise<SessionTranscript> {
    const sessionKey = checkSessionKey(key);
    const file = this.fileFor(sessionKey);
    const info = await stat(file).catch(() => undefined);
    const cached = info && this.#cache.get(file, info.ino, info.size);
    if (cached) return transcriptOf(sessionKey, file, cached.entries, 0, cached.skippedLines);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      this.#cache.forget(file);
      return transcriptOf(sessionKey, file, [], 0, 0);
    }
    const complete = bytes.lastIndexOf(0x0a) + 1;
    const repairedBytes = bytes.length - complete;
    if (repairedBytes > 0) await truncate(file, complete);
    const entries: TranscriptEntry[] = [];
    const lines: string[] = [];
    let skippedLines = 0;
    for (const line of bytes.subarray(0, complete).toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        entries.push(JSON.parse(line) as TranscriptEntry);
        lines.push(line);
      } catch {
        skippedLines++;
      }
    }
    if (info) this.#cache.set(file, info.ino, complete, lines, skippedLines);
    return transcriptOf(sessionKey, file, entries, repairedBytes, skippedLines);
  }

  /**
   * Reads the transcript and starts it with a `session` header when it has none (recording `owner`
   * there); the returned transcript carries the session id either way. An existing session keeps
   * its owner.
   */
  async open(
    key: string,
    options: { owner?: string } = {},
  ): Promise<SessionTranscript & { sessionId: string }> {
    const current = await this.read(key);
    if (current.sessionId) return current as SessionTranscript & { sessionId: string };
    const header = {
      type: "session" as const,
      id: randomUUID(),
      sessionKey: current.sessionKey,
      timestamp: Date.now(),
      ...(options.owner ? { owner: options.owner } : {}),
    };
    await this.#appendLine(current.file, header);
    return {
      ...current,
      sessionId: header.id,
      owner: options.owner,
      entries: [header, ...current.entries],
    };
  }

  /** Starts the file with a `session` header when it does not exist; returns the session id. */
  async ensure(key: string, options: { owner?: string } = {}): Promise<string> {
    return (await this.open(key, options)).sessionId;
  }

  /** Appends one message: one durable write of one line (see `#appendLine`). */
  async append(
    key: string,
    message: TranscriptMessage,
    extra: { runId?: string; aborted?: boolean } = {},
  ): Promise<void> {
    await this.#appendLine(this.fileFor(key), messageEntry(message, extra));
  }

  /**
   * Opens `key`'s transcript for the appends of one turn: each append is then a single `O_DSYNC`
   * write on the already-open file (one thread-pool round trip on the turn's path). Appends must be
   * awaited one after another (their order is the file's order); `close()` when the turn is over.
   * @throws {@link OpenClawError} `AGENT_SESSION_WRITE_FAILED`.
   */
  async writer(key: string): Promise<TranscriptWriter> {
    const file = this.fileFor(key);
    const handle = await this.#openForAppend(file);
    let closed = false;
    return {
      append: async (message, extra = {}) => {
        if (closed) return this.append(key, message, extra);
        await this.#writeLine(file, handle, messageEntry(message, extra));
      },
      close: () => {
        if (!closed) handle.close().catch(() => undefined);
        closed = true;
      },
    };
  }

  async #openForAppend(file: string): Promise<FileHandle> {
    this.#dirReady ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).catch((error) => {
      this.#dirReady = undefined;
      throw error;
    });
    try {
      await this.#dirReady;
      return await open(file, APPEND_FLAGS, 0o600);
    } catch (error) {
      throw writeFailed(file, error);
    }
  }

  /**
   * Writes one line, durable before this resolves. Where the platform has `O_DSYNC` the file is
   * opened with it, so the write itself returns only once the data and the size needed to read it
   * back are on disk (what `write` + `fdatasync` give): one thread-pool round trip instead of two
   * (`write`, `fsync`), which a busy event loop made slow. Elsewhere: `write` + `fsync`.
   */
  async #writeLine(file: string, handle: FileHandle, entry: TranscriptEntry): Promise<void> {
    const json = JSON.stringify(entry);
    const line = Buffer.from(`${json}\n`);
    try {
      let written = 0;
      while (written < line.length) {
        written += (await handle.write(line, written, line.length - written)).bytesWritten;
      }
      if (!SYNCHRONOUS_WRITES) await handle.sync();
      this.#cache.appended(file, json, line.length);
    } catch (error) {
      this.#cache.forget(file);
      throw writeFailed(file, error);
    }
  }

  /** One durable line on a file opened for it; closing is not on the caller's path. */
  async #appendLine(file: string, entry: TranscriptEntry): Promise<void> {
    const handle = await this.#openForAppend(file);
    try {
      await this.#writeLine(file, handle, entry);
    } finally {
      handle.close().catch(() => undefined);
    }
  }

  /** Every session with a transcript, most recently updated first. */
  async list(): Promise<SessionSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const rows: SessionSummary[] = [];
    for (const name of names.filter((n) => n.endsWith(".jsonl"))) {
      const file = join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (!info) continue;
      let sessionKey: string;
      try {
        sessionKey = decodeURIComponent(name.slice(0, -".jsonl".length));
      } catch {
        continue;
      }
      rows.push({ sessionKey, file, bytes: info.size, updatedAt: info.mtimeMs });
    }
    return rows.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /**
   * Removes a session's transcript file (`archive: true` renames it aside instead, like
   * {@link reset}). A missing session is not an error: `deleted` is then `false`.
   */
  async remove(
    key: string,
    options: { archive?: boolean } = {},
  ): Promise<{ deleted: boolean; archivedTo?: string }> {
    const file = this.fileFor(key);
    this.#cache.forget(file);
    try {
      if (!options.archive) {
        await unlink(file);
        return { deleted: true };
      }
      const archivedTo = `${file}.reset-${Date.now()}`;
      await rename(file, archivedTo);
      return { deleted: true, archivedTo };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { deleted: false };
      throw new OpenClawError(
        "AGENT_SESSION_WRITE_FAILED",
        `cannot remove the session transcript ${file}: ${(error as Error).message}`,
        { cause: error, hint: "Check the permissions of the state directory." },
      );
    }
  }

  /**
   * Starts the session afresh: the transcript is renamed aside, not deleted.
   * @throws {@link OpenClawError} `AGENT_SESSION_NOT_FOUND`.
   */
  async reset(key: string): Promise<{ archivedTo: string }> {
    const file = this.fileFor(key);
    const archivedTo = `${file}.reset-${Date.now()}`;
    this.#cache.forget(file);
    try {
      await rename(file, archivedTo);
    } catch {
      throw new OpenClawError("AGENT_SESSION_NOT_FOUND", `no session "${key}"`, {
        hint: "Run `openclaw sessions list`.",
      });
    }
    return { archivedTo };
  }
}
