import { readFile } from "node:fs/promises";
import MiniSearch from "minisearch";
import { listMemoryFiles, type MemoryFile } from "./memory-files.js";

/** One searchable piece of a memory file (a heading section or a paragraph run). */
export interface MemoryChunk {
  id: string;
  relPath: string;
  /** 1-based first and last line. */
  startLine: number;
  endLine: number;
  heading: string;
  text: string;
}

/** One hit of {@link MemoryIndex.search}. */
export interface MemoryHit {
  path: string;
  startLine: number;
  endLine: number;
  score: number;
  snippet: string;
}

/** Splits Markdown into chunks at headings, and at blank lines once a chunk exceeds `maxChars`. */
export function chunkMarkdown(relPath: string, text: string, maxChars: number): MemoryChunk[] {
  const lines = text.split(/\r?\n/);
  const chunks: MemoryChunk[] = [];
  let start = 0;
  let heading = "";
  const flush = (end: number): void => {
    const body = lines.slice(start, end).join("\n").trim();
    if (body !== "")
      chunks.push({
        id: `${relPath}#${start + 1}`,
        relPath,
        startLine: start + 1,
        endLine: end,
        heading,
        text: body,
      });
    start = end;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const isHeading = /^#{1,6}\s/.test(line);
    const size = lines.slice(start, i).join("\n").length;
    if ((isHeading && i > start) || (line.trim() === "" && size >= maxChars)) flush(i);
    if (isHeading) heading = line.replace(/^#+\s*/, "").trim();
  }
  flush(lines.length);
  return chunks;
}

/**
 * A full-text index (MiniSearch: BM25 with prefix and fuzzy matching) over a workspace's memory
 * files, refreshed incrementally: each `refresh` stats the files and re-reads only those whose
 * mtime or size changed, dropping the chunks of changed and deleted files.
 * Embeddings are not used; semantic search would need an embedding provider
 * (`registerMemoryEmbeddingProvider`) and a vector store beside this index.
 */
export class MemoryIndex {
  readonly #search = new MiniSearch<MemoryChunk>({
    fields: ["text", "heading", "relPath"],
    storeFields: ["relPath", "startLine", "endLine", "text"],
    searchOptions: { boost: { heading: 2 }, prefix: true, fuzzy: 0.2 },
  });
  readonly #files = new Map<string, { mtimeMs: number; size: number; ids: string[] }>();

  constructor(
    readonly workspace: string,
    private readonly maxChunkChars = 1200,
  ) {}

  /** Brings the index up to date; returns how many files were (re)indexed and removed. */
  async refresh(): Promise<{ indexed: number; removed: number; files: number }> {
    const files = await listMemoryFiles(this.workspace);
    const seen = new Set(files.map((f) => f.relPath));
    let removed = 0;
    for (const [relPath, entry] of this.#files) {
      if (seen.has(relPath)) continue;
      this.#search.discardAll(entry.ids);
      this.#files.delete(relPath);
      removed++;
    }
    let indexed = 0;
    for (const file of files) if (await this.#index(file)) indexed++;
    return { indexed, removed, files: files.length };
  }

  async #index(file: MemoryFile): Promise<boolean> {
    const known = this.#files.get(file.relPath);
    if (known && known.mtimeMs === file.mtimeMs && known.size === file.size) return false;
    const text = await readFile(file.path, "utf8").catch(() => undefined);
    if (known) this.#search.discardAll(known.ids);
    if (text === undefined) {
      this.#files.delete(file.relPath);
      return false;
    }
    const chunks = chunkMarkdown(file.relPath, text, this.maxChunkChars);
    this.#search.addAll(chunks);
    this.#files.set(file.relPath, { mtimeMs: file.mtimeMs, size: file.size, ids: chunks.map((c) => c.id) });
    return true;
  }

  /** Refreshes, then returns the best `limit` chunks for `query`. */
  async search(query: string, limit: number): Promise<MemoryHit[]> {
    await this.refresh();
    return this.#search
      .search(query)
      .slice(0, limit)
      .map((r) => ({
        path: r.relPath as string,
        startLine: r.startLine as number,
        endLine: r.endLine as number,
        score: Math.round(r.score * 1000) / 1000,
        snippet: (r.text as string).slice(0, 700),
      }));
  }
}
