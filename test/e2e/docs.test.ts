import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliBin, createHome, type Home, type RunningGateway, repoRoot, startGateway } from "./helpers.js";

/**
 * Runs every shell block marked runnable in README.md and docs/*.md, in order per file, as a reader
 * following along would: one fresh HOME and state dir per file, `openclaw` on PATH (the built CLI),
 * README blocks in the repository root (for `pnpm openclaw`), docs blocks in HOME. A block tagged
 * `runnable gateway` runs while a gateway runs on that state dir (started with the demo config when
 * there is no config yet, as `npm run demo` would). Only blocks that work offline are marked.
 */
interface Block {
  code: string;
  gateway: boolean;
  line: number;
}

const DOCS = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

function runnableBlocks(file: string): Block[] {
  const text = readFileSync(join(repoRoot, file), "utf8");
  const blocks: Block[] = [];
  for (const match of text.matchAll(/^```bash runnable( gateway)?\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split("\n").length;
    blocks.push({ code: match[2] as string, gateway: match[1] !== undefined, line });
  }
  return blocks;
}

function sandbox(): Home {
  const home = createHome();
  const bin = join(home.dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "openclaw"), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
  chmodSync(join(bin, "openclaw"), 0o755);
  home.env.PATH = `${bin}:${process.env.PATH}`;
  return home;
}

async function withGateway(home: Home, body: () => void): Promise<void> {
  if (!existsSync(join(home.stateDir, "openclaw.json"))) {
    spawnSync(process.execPath, [join(repoRoot, "scripts/demo.mjs"), "--config-only"], { env: home.env });
    // The demo's webhook port (3334) may be taken on a shared machine: any free port serves the test.
    const configPath = join(home.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.plugins.entries["voice-call"].config.serve = { port: 0 };
    writeFileSync(configPath, JSON.stringify(config));
  }
  const gateway: RunningGateway = await startGateway(home);
  try {
    body();
  } finally {
    await gateway.stop();
  }
}

const homes: Home[] = [];
afterAll(() => {
  for (const home of homes) home.cleanup();
});

describe("runnable shell blocks in the docs", () => {
  it("finds runnable blocks for every audience", () => {
    const files = DOCS.filter((f) => runnableBlocks(f).length > 0);
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        "docs/operator.md",
        "docs/plugin-authoring.md",
        "docs/integrator.md",
      ]),
    );
  });

  for (const file of DOCS) {
    const blocks = runnableBlocks(file);
    if (blocks.length === 0) continue;
    it(`${file}: every runnable block exits 0`, async () => {
      const home = sandbox();
      homes.push(home);
      const cwd = file === "README.md" ? repoRoot : home.dir;
      for (const block of blocks) {
        const run = (): void => {
          const result = spawnSync("bash", ["-euo", "pipefail", "-c", block.code], {
            cwd,
            env: home.env,
            encoding: "utf8",
            timeout: 120_000,
          });
          expect(
            result.status,
            `${file}:${block.line}\n${block.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
          ).toBe(0);
        };
        if (block.gateway) await withGateway(home, run);
        else run();
      }
    }, 300_000);
  }
});

describe("the authoring guide's TypeScript examples", () => {
  it("type-check against @openclaw/plugin-sdk alone, and its testing example passes on them", () => {
    const home = createHome({ bundled: false });
    homes.push(home);
    const dir = join(home.dir, "guide-plugin");
    const guide = readFileSync(join(repoRoot, "docs/plugin-authoring.md"), "utf8");
    const blocks = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
    const [wrapper, ...snippets] = blocks;
    const testing = snippets.filter((b) => b.includes("createTestApi"));
    const registrations = snippets.filter((b) => !b.includes("createTestApi"));
    expect(registrations.length, "one example per registration kind").toBeGreaterThanOrEqual(11);
    mkdirSync(join(dir, "node_modules/@openclaw"), { recursive: true });
    mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
    symlinkSync(join(repoRoot, "packages/plugin-sdk"), join(dir, "node_modules/@openclaw/plugin-sdk"));
    symlinkSync(join(repoRoot, "node_modules/@types/node"), join(dir, "node_modules/@types/node"));
    symlinkSync(join(repoRoot, "node_modules/vitest"), join(dir, "node_modules/vitest"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "guide-plugin", type: "module" }));
    writeFileSync(
      join(dir, "index.ts"),
      (wrapper as string).replace("    // … registrations below …\n", registrations.join("\n")),
    );
    writeFileSync(join(dir, "index.test.ts"), testing[0] as string);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: "@openclaw/plugin-sdk/tsconfig.plugin.json",
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
        files: ["index.ts", "index.test.ts"],
      }),
    );
    execFileSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], {
      stdio: "pipe",
    });
    execFileSync(process.execPath, [join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "--root", dir], {
      stdio: "pipe",
      env: { ...process.env, VITEST: undefined },
    });
  }, 120_000);
});
