import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./helpers.js";

/**
 * The pinned list of real published plugins: `shared/corpus/plugins.txt` beside the checkout, or
 * `$OPENCLAW_CORPUS_LIST` (a git worktree elsewhere).
 */
export const corpusList: string =
  process.env.OPENCLAW_CORPUS_LIST ?? join(repoRoot, "../shared/corpus/plugins.txt");
const cacheDir = join(repoRoot, "node_modules/.cache/openclaw-corpus");

/** Fetches every pinned plugin with `npm pack` into a cache outside the repo's tracked files. */
export function fetchCorpus(): string[] {
  const specs = readFileSync(corpusList, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  mkdirSync(cacheDir, { recursive: true });
  return specs.map((spec) => {
    const file = `${spec
      .replace(/^@/, "")
      .replace(/\//g, "-")
      .replace(/@([^@]+)$/, "-$1")}.tgz`;
    if (!existsSync(join(cacheDir, file))) {
      execFileSync("npm", ["pack", spec, "--silent", "--ignore-scripts", "--pack-destination", cacheDir], {
        stdio: "pipe",
      });
    }
    return join(cacheDir, file);
  });
}
