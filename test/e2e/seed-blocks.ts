import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./helpers.js";

/** One fenced code block of a seed document, read at test time (never copied into the repo). */
export interface SeedBlock {
  /** `000`, `002` or `003`. */
  seed: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Fence language (`ts`, `json`, `json5`, `bash`, or `""`). */
  lang: string;
  code: string;
  /** `seed 002 line 1199 (ts)`, for test names. */
  label: string;
}

const seedsDir = join(repoRoot, "../shared/seeds");

/** Every fenced code block of the seeds named by their number prefix. */
export function seedBlocks(seeds: readonly string[]): SeedBlock[] {
  const files = readdirSync(seedsDir).filter((name) => seeds.some((s) => name.startsWith(`${s}_`)));
  return files.flatMap((file) => {
    const seed = file.slice(0, 3);
    const lines = readFileSync(join(seedsDir, file), "utf8").split("\n");
    const blocks: SeedBlock[] = [];
    let open: { line: number; lang: string; body: string[] } | undefined;
    lines.forEach((text, index) => {
      const fence = /^```(\w*)\s*$/.exec(text);
      if (fence && open === undefined) open = { line: index + 1, lang: fence[1] ?? "", body: [] };
      else if (fence && open !== undefined) {
        const code = `${open.body.join("\n")}\n`;
        blocks.push({
          seed,
          line: open.line,
          lang: open.lang,
          code,
          label: `seed ${seed} line ${open.line} (${open.lang || "plain"})`,
        });
        open = undefined;
      } else open?.body.push(text);
    });
    return blocks;
  });
}

/**
 * The plugin module for a TypeScript example: the example itself when it is a module (`export
 * default`); a fragment that uses `api` is placed inside `export default function register(api)`.
 * `prelude` defines what a fragment leaves to the reader (e.g. the seed's `saveMode`).
 */
export function pluginModule(code: string, prelude = ""): string {
  if (/^export default/m.test(code)) return `${prelude}${code}`;
  return `${prelude}export default function register(api) {\n${code}}\n`;
}

/**
 * The plugin module for a fragment that awaits at top level (the runtime-helper examples): it runs
 * when the gateway method `seed.run` is called, which answers with `result` / `text` as bound.
 */
export function runnableModule(code: string, bindings: string[]): string {
  const answer = `{ ${bindings.join(", ")} }`;
  return `export default function register(api) {
  api.registerGatewayMethod("seed.run", async ({ respond }) => {
${code}    respond(true, ${answer});
  });
}
`;
}
