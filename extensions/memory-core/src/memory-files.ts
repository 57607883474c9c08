import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

/** A Markdown memory file and what identifies its current content. */
export interface MemoryFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the workspace, `/`-separated (what tools show and accept). */
  relPath: string;
  mtimeMs: number;
  /** Size in bytes. */
  size: number;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) out.push(path);
  }
}

/** The memory files of a workspace: `MEMORY.md` (or `memory.md`) and every `memory/**\/*.md`. */
export async function listMemoryFiles(workspace: string): Promise<MemoryFile[]> {
  const paths: string[] = [];
  for (const name of ["MEMORY.md", "memory.md"]) {
    const path = join(workspace, name);
    if (
      await stat(path)
        .then((s) => s.isFile())
        .catch(() => false)
    ) {
      paths.push(path);
      break;
    }
  }
  await walk(join(workspace, "memory"), paths);
  const files: MemoryFile[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info)
      files.push({
        path,
        relPath: relative(workspace, path).split(sep).join("/"),
        mtimeMs: info.mtimeMs,
        size: info.size,
      });
  }
  return files;
}

/**
 * Resolves a tool-supplied path to a memory file inside the workspace, or `undefined` when it names
 * anything else (another directory, a non-Markdown file, `..` tricks).
 */
export function resolveMemoryPath(workspace: string, relPath: string): string | undefined {
  const root = resolve(workspace);
  const path = resolve(root, relPath);
  const rel = relative(root, path).split(sep).join("/");
  if (rel.startsWith("..") || !rel.toLowerCase().endsWith(".md")) return undefined;
  return rel === "MEMORY.md" || rel === "memory.md" || rel.startsWith("memory/") ? path : undefined;
}
