import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";

const SOURCE_EXTENSIONS = new Set([".ts", ".js", ".mts", ".cts", ".mjs", ".cjs", ".tsx", ".jsx"]);
const SDK_SPECIFIER = /["'`](?:@openclaw|openclaw)\/plugin-sdk(?:\/([A-Za-z0-9][A-Za-z0-9_-]*))?["'`]/g;
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

function* sourceFiles(dir: string, budget: { files: number }): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (budget.files <= 0) return;
    if (entry.name === "node_modules" || entry.name === ".git") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path, budget);
    else if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name)) && !entry.name.endsWith(".d.ts")) {
      budget.files--;
      yield path;
    }
  }
}

/**
 * Every `openclaw/plugin-sdk/<sub>` (or `@openclaw/plugin-sdk/<sub>`) subpath that the plugin's own
 * source files (outside `node_modules`) import, sorted. The root import is reported as `""`.
 * Reads at most 2000 files of at most 4 MiB each.
 */
export async function scanSdkImports(rootDir: string): Promise<string[]> {
  return scanSdkImportsSync(rootDir);
}

/** Synchronous form of {@link scanSdkImports} (many small reads are faster without the thread pool). */
export function scanSdkImportsSync(rootDir: string): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(rootDir, { files: MAX_FILES })) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    if (text.length > MAX_FILE_BYTES || !text.includes("plugin-sdk")) continue;
    for (const match of text.matchAll(SDK_SPECIFIER)) found.add(match[1] ?? "");
  }
  return [...found].sort();
}
