import type { TranscriptEntry } from "./session-store.js";

/** What a cached transcript was read from (inode, size in bytes) and its complete, valid lines. */
interface CachedTranscript {
  ino: number;
  size: number;
  lines: string[];
  skippedLines: number;
}

const MAX_CACHED = 256;

/**
 * The transcripts a session store has read or written, so a turn does not re-read its whole session
 * file: an entry is used only while the file keeps the same inode and size (one `stat` instead of
 * open, read and close), and every append of the store extends it. Lines are kept as JSON text and
 * parsed on every {@link get}, so a caller (or a context-engine plugin handed the messages) that
 * changes what it got cannot change what later turns read. Transcripts are append-only and the gateway
 * holding the state-dir lock is their only writer; anything that replaces, truncates or grows a file
 * outside the store changes its inode or size, and the file is read afresh. At most 256 files are
 * kept (least recently used dropped).
 */
export class TranscriptCache {
  readonly #files = new Map<string, CachedTranscript>();

  /** Fresh entries of `file` if it still has this inode and size. */
  get(
    file: string,
    ino: number,
    size: number,
  ): { entries: TranscriptEntry[]; skippedLines: number } | undefined {
    const cached = this.#files.get(file);
    if (!cached || cached.ino !== ino || cached.size !== size) return undefined;
    this.#files.delete(file);
    this.#files.set(file, cached);
    return {
      entries: cached.lines.map((line) => JSON.parse(line) as TranscriptEntry),
      skippedLines: cached.skippedLines,
    };
  }

  /** Records the valid lines just read from `file` (`size`: the bytes up to its last newline). */
  set(file: string, ino: number, size: number, lines: string[], skippedLines: number): void {
    this.#files.delete(file);
    this.#files.set(file, { ino, size, lines, skippedLines });
    if (this.#files.size > MAX_CACHED) this.#files.delete(this.#files.keys().next().value as string);
  }

  /** Extends the cached transcript of `file` by one line (JSON text without its newline) this store appended. */
  appended(file: string, line: string, bytes: number): void {
    const cached = this.#files.get(file);
    if (!cached) return;
    cached.lines.push(line);
    cached.size += bytes;
  }

  /** Forgets `file` (removed, renamed aside, or a write failed part way). */
  forget(file: string): void {
    this.#files.delete(file);
  }
}
