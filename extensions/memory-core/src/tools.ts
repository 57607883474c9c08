import { readFile } from "node:fs/promises";
import type { AgentTool } from "@openclaw/plugin-sdk/core";
import { resolveMemoryPath } from "./memory-files.js";
import type { MemoryIndex } from "./memory-index.js";

function text(value: unknown) {
  return { content: [{ type: "text" as const, text: JSON.stringify(value, null, 2) }], details: value };
}

/** `memory_search`: full-text search over the memory files; returns paths, line ranges and snippets. */
export function createMemorySearchTool(
  index: MemoryIndex,
  maxResults: number,
): AgentTool<{ query?: string; maxResults?: number }> {
  return {
    name: "memory_search",
    label: "Memory search",
    description:
      "Search MEMORY.md and memory/*.md (prior decisions, preferences, people, dates) before answering questions about them. Returns path, lines and a snippet per hit; read more with memory_get.",
    parameters: {
      type: "object",
      properties: {
        query: { type: "string", description: "What to look for" },
        maxResults: { type: "integer", minimum: 1, maximum: 50 },
      },
      required: ["query"],
    },
    async execute(_id, params) {
      const query = typeof params.query === "string" ? params.query.trim() : "";
      if (query === "") throw new Error("query is required");
      const limit = Math.min(Math.max(Number(params.maxResults ?? maxResults) || maxResults, 1), 50);
      return text({ results: await index.search(query, limit) });
    },
  };
}

/** `memory_get`: reads lines of one memory file (path relative to the workspace). */
export function createMemoryGetTool(
  index: MemoryIndex,
): AgentTool<{ path?: string; from?: number; lines?: number }> {
  return {
    name: "memory_get",
    label: "Memory get",
    description:
      "Read a memory file (MEMORY.md or memory/…md), optionally from a 1-based line for a number of lines.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "Path relative to the workspace, as memory_search returns it" },
        from: { type: "integer", minimum: 1 },
        lines: { type: "integer", minimum: 1 },
      },
      required: ["path"],
    },
    async execute(_id, params) {
      const rel = typeof params.path === "string" ? params.path : "";
      const path = resolveMemoryPath(index.workspace, rel);
      if (!path)
        throw new Error(
          `${rel || "(empty)"} is not a memory file (MEMORY.md or memory/*.md in the workspace)`,
        );
      const content = await readFile(path, "utf8").catch(() => {
        throw new Error(`memory file ${rel} does not exist`);
      });
      const all = content.split(/\r?\n/);
      const from = Math.max(Number(params.from ?? 1) || 1, 1);
      const count = params.lines === undefined ? all.length : Math.max(Number(params.lines) || 1, 1);
      return text({ path: rel, from, text: all.slice(from - 1, from - 1 + count).join("\n") });
    },
  };
}
