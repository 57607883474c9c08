import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { OpenClawError } from "@openclaw/plugin-sdk/core";

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
  | { type: "session"; id: string; sessionKey: string; timestamp: number }
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

/** File name of a session key: percent-encoded, dots too, so no key can name a path outside the dir. */
export function sessionFileName(key: string): string {
  return `${encodeURIComponent(key).replace(/\./g, "%2E").replace(/\*/g, "%2A")}.jsonl`;
}

/**
 * Append-only JSONL transcripts, one file per session key under `<state dir>/agents/main/sessions/`.
 * Durability rules of the Voice Call store: each message is one `write` of one line followed by
 * `fsync`, so a crash can only leave a torn last line; {@link read} cuts it off at the last newline
 * **byte** (counted in bytes, so a torn multi-byte character cannot shift the cut) and keeps every
 * complete line. `reset` renames the file aside (`<name>.reset-<ms>`), never deletes it.
 */
export class SessionStore {
  readonly dir: string;

  constructor(stateDir: string, agentId = "main") {
    this.dir = join(stateDir, "agents", agentId, "sessions");
  }

  /** The transcript file of `key`. */
  fileFor(key: string): string {
    return join(this.dir, sessionFileName(checkSessionKey(key)));
  }

  /** Reads (and repairs) a transcript; a missing one is empty. */
  async read(key: string): Promise<SessionTranscript> {
    const sessionKey = checkSessionKey(key);
    const file = this.fileFor(sessionKey);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return {
        sessionKey,
        sessionId: undefined,
        file,
        entries: [],
        messages: [],
        repairedBytes: 0,
        skippedLines: 0,
      };
    }
    const complete = bytes.lastIndexOf(0x0a) + 1;
    const repairedBytes = bytes.length - complete;
    if (repairedBytes > 0) await truncate(file, complete);
    const entries: TranscriptEntry[] = [];
    let skippedLines = 0;
    for (const line of bytes.subarray(0, complete).toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        entries.push(JSON.parse(line) as TranscriptEntry);
      } catch {
        skippedLines++;
      }
    }
    const header = entries.find((e) => e.type === "session");
    return {
      sessionKey,
      sessionId: header?.id,
      file,
      entries,
      messages: entries.flatMap((e) => (e.type === "message" && e.message ? [e.message] : [])),
      repairedBytes,
      skippedLines,
    };
  }

  /** Starts the file with a `session` header when it does not exist; returns the session id. */
  async ensure(key: string): Promise<string> {
    const current = await this.read(key);
    if (current.sessionId) return current.sessionId;
    const id = randomUUID();
    await this.#appendLine(current.file, {
      type: "session",
      id,
      sessionKey: current.sessionKey,
      timestamp: Date.now(),
    });
    return id;
  }

  /** Appends one message: one write of one line, then fsync. */
  async append(
    key: string,
    message: TranscriptMessage,
    extra: { runId?: string; aborted?: boolean } = {},
  ): Promise<void> {
    await this.#appendLine(this.fileFor(key), {
      type: "message",
      id: randomUUID(),
      timestamp: Date.now(),
      ...extra,
      message,
    });
  }

  async #appendLine(file: string, entry: TranscriptEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    const handle = await open(file, "a", 0o600);
    try {
      let written = 0;
      while (written < line.length) {
        written += (await handle.write(line, written, line.length - written)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
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
   * Starts the session afresh: the transcript is renamed aside, not deleted.
   * @throws {@link OpenClawError} `AGENT_SESSION_NOT_FOUND`.
   */
  async reset(key: string): Promise<{ archivedTo: string }> {
    const file = this.fileFor(key);
    const archivedTo = `${file}.reset-${Date.now()}`;
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
