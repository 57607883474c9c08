import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { definePluginEntry, type OpenClawPluginApi } from "@openclaw/plugin-sdk/core";
import { MemoryIndex } from "./memory-index.js";
import { createMemoryGetTool, createMemorySearchTool } from "./tools.js";

/** `plugins.entries.memory-core.config`. */
export interface MemoryCoreConfig {
  workspace?: string;
  maxResults?: number;
  maxChunkChars?: number;
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/**
 * The agent workspace: plugin config `workspace`, else `agents.defaults.workspace`, else
 * `$OPENCLAW_WORKSPACE_DIR`, else `<state dir>/workspace` (the loader's rule).
 */
export function resolveMemoryWorkspace(
  api: Pick<OpenClawPluginApi, "config" | "runtime">,
  config: MemoryCoreConfig,
): string {
  const agents = api.config.agents as { defaults?: { workspace?: unknown } } | undefined;
  const fromConfig =
    config.workspace ??
    (typeof agents?.defaults?.workspace === "string" ? agents.defaults.workspace : undefined);
  const chosen =
    fromConfig ??
    process.env.OPENCLAW_WORKSPACE_DIR?.trim() ??
    join(api.runtime.state.resolveStateDir(), "workspace");
  return resolve(expandHome(chosen || join(api.runtime.state.resolveStateDir(), "workspace")));
}

function register(api: OpenClawPluginApi): void {
  const config = (api.pluginConfig ?? {}) as MemoryCoreConfig;
  const index = new MemoryIndex(resolveMemoryWorkspace(api, config), config.maxChunkChars ?? 1200);
  api.registerTool(createMemorySearchTool(index, config.maxResults ?? 6) as never);
  api.registerTool(createMemoryGetTool(index) as never);
}

/** The memory-core plugin entry (`id: "memory-core"`, `kind: "memory"`, the default memory slot). */
const memoryCorePlugin: ReturnType<typeof definePluginEntry> = definePluginEntry({
  id: "memory-core",
  name: "Memory (core)",
  description: "memory_search and memory_get over the agent workspace's Markdown memory files.",
  kind: "memory",
  register,
});

export default memoryCorePlugin;
