import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildControlPlane,
  createHostLogger,
  createPluginRuntime,
  loadPlugins,
  validateConfig,
} from "@openclaw/plugin-loader";
import type { AgentTool, OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { afterEach, describe, expect, it } from "vitest";
import { chunkMarkdown, createMemoryGetTool, MemoryIndex } from "../src/index.js";

const extensionsDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
let workspace: string | undefined;

function makeWorkspace(files: Record<string, string>): string {
  workspace = mkdtempSync(join(tmpdir(), "openclaw-memory-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, rel)), { recursive: true });
    writeFileSync(join(workspace, rel), text);
  }
  return workspace;
}

afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

describe("memory index", () => {
  it("chunks Markdown at headings with 1-based line ranges", () => {
    const chunks = chunkMarkdown(
      "MEMORY.md",
      "# People\nAda likes tea.\n\n# Projects\nClaw ships in May.\n",
      1200,
    );
    expect(chunks.map((c) => [c.heading, c.startLine, c.endLine])).toEqual([
      ["People", 1, 3],
      ["Projects", 4, 6],
    ]);
  });

  it("re-reads only changed files and forgets deleted ones", async () => {
    const dir = makeWorkspace({
      "MEMORY.md": "# Preferences\nAda prefers green tea in the morning.\n",
      "memory/2026-11-30.md": "# Standup\nShip the voice gateway on Friday.\n",
      "notes/ignored.md": "green tea is not memory here\n",
    });
    const index = new MemoryIndex(dir);
    expect(await index.refresh()).toEqual({ indexed: 2, removed: 0, files: 2 });
    expect((await index.search("green tea", 5)).map((h) => h.path)).toEqual(["MEMORY.md"]);
    expect(await index.refresh()).toEqual({ indexed: 0, removed: 0, files: 2 });
    writeFileSync(join(dir, "memory/2026-11-30.md"), "# Standup\nGreen tea supply ran out.\n");
    utimesSync(join(dir, "memory/2026-11-30.md"), new Date(), new Date(Date.now() + 5000));
    expect(await index.refresh()).toEqual({ indexed: 1, removed: 0, files: 2 });
    expect((await index.search("voice gateway", 5)).map((h) => h.path)).toEqual([]);
    rmSync(join(dir, "MEMORY.md"));
    const hits = await index.search("green tea", 5);
    expect(hits.map((h) => [h.path, h.startLine])).toEqual([["memory/2026-11-30.md", 1]]);
  });

  it("memory_get reads line ranges of memory files only", async () => {
    const dir = makeWorkspace({ "MEMORY.md": "a\nb\nc\n", "secret.md": "no" });
    const get = createMemoryGetTool(new MemoryIndex(dir));
    expect((await get.execute("1", { path: "MEMORY.md", from: 2, lines: 1 })).details).toEqual({
      path: "MEMORY.md",
      from: 2,
      text: "b",
    });
    await expect(get.execute("2", { path: "secret.md" })).rejects.toThrow("not a memory file");
    await expect(get.execute("3", { path: "../etc/passwd.md" })).rejects.toThrow("not a memory file");
  });
});

describe("memory-core as the bundled memory slot", () => {
  async function plane(config: OpenClawConfig, stateDir: string) {
    return buildControlPlane({
      config,
      env: { OPENCLAW_STATE_DIR: stateDir, HOME: stateDir },
      bundledDir: extensionsDir,
    });
  }

  it('validates plugins.slots.memory "memory-core" and "none", rejects an unknown id', async () => {
    const state = makeWorkspace({});
    for (const memory of ["memory-core", "none"]) {
      const issues = validateConfig(await plane({ plugins: { slots: { memory } } }, state)).errors;
      expect(issues.filter((i) => i.path === "plugins.slots.memory")).toEqual([]);
    }
    const bad = validateConfig(await plane({ plugins: { slots: { memory: "memory-nope" } } }, state)).errors;
    expect(bad.some((i) => i.path === "plugins.slots.memory")).toBe(true);
    const off = await plane({ plugins: { slots: { memory: "none" } } }, state);
    expect(off.plugins.get("memory-core")?.record.activation.enabled).toBe(false);
  });

  it("loads by default and serves memory_search over agents.defaults.workspace", async () => {
    const dir = makeWorkspace({
      "state/.keep": "",
      "ws/MEMORY.md": "# Owner\nThe owner's name is Grace Hopper.\n",
    });
    const config: OpenClawConfig = { agents: { defaults: { workspace: join(dir, "ws") } } };
    const cp = await plane(config, join(dir, "state"));
    expect(cp.plugins.get("memory-core")?.record.activation.enabled).toBe(true);
    const logger = createHostLogger({ level: "silent" });
    const runtime = createPluginRuntime({
      version: "0.0.0",
      stateDir: join(dir, "state"),
      logger,
      loadConfig: () => config,
    });
    const registry = await loadPlugins({
      controlPlane: cp,
      mode: "full",
      logger,
      runtime,
      onlyPluginIds: ["memory-core"],
    });
    const search = registry.tools.map((t) => t.tool as AgentTool).find((t) => t.name === "memory_search");
    const result = await search?.execute("1", { query: "owner name" });
    expect(result?.details).toEqual({
      results: [
        expect.objectContaining({
          path: "MEMORY.md",
          startLine: 1,
          snippet: expect.stringContaining("Grace Hopper"),
        }),
      ],
    });
  });
});
