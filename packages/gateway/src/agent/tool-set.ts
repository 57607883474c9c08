import type { PluginRegistry } from "@openclaw/plugin-registry";
import { type AgentTool, errorMessage } from "@openclaw/plugin-sdk/core";

/** A tool offered to one agent turn, with the plugin that registered it. */
export interface ResolvedAgentTool {
  pluginId: string;
  tool: AgentTool;
}

/** Options of {@link resolveAgentTools}. */
export interface ResolveToolsOptions {
  agentId?: string;
  sessionKey?: string;
  /** Surface of the turn; `"voice"` hides the `tts` tool (a spoken reply must not speak itself). */
  messageProvider?: string;
  /** `tools.allow`: when non-empty, only tools named here (by tool name, plugin id or `group:plugins`). */
  allow?: string[];
  /** `tools.deny`: tool names or plugin ids never offered. */
  deny?: string[];
}

function allowed(list: string[] | undefined, pluginId: string, name: string): boolean {
  return (list ?? []).some((entry) => entry === name || entry === pluginId || entry === "group:plugins");
}

/**
 * The tools of one agent turn (spec R-TOOL-2): each registration's factory is called with the turn's
 * context (a throwing factory is reported and skipped; `null` skips); optional tools are offered only
 * when `tools.allow` names them; a name already taken by an earlier tool is a conflict (reported,
 * skipped); `tools.deny` removes; a non-empty `tools.allow` restricts the rest; `tts` is hidden for
 * voice turns. Problems are reported on the plugin's record, never thrown.
 */
export function resolveAgentTools(
  registry: PluginRegistry,
  options: ResolveToolsOptions = {},
): ResolvedAgentTool[] {
  const out: ResolvedAgentTool[] = [];
  const taken = new Set<string>();
  const context = {
    ...(options.agentId ? { agentId: options.agentId } : {}),
    ...(options.sessionKey ? { sessionKey: options.sessionKey } : {}),
  };
  const restrict = (options.allow ?? []).length > 0;
  for (const entry of registry.tools) {
    let built: AgentTool[];
    try {
      const value = typeof entry.tool === "function" ? entry.tool(context) : entry.tool;
      built = Array.isArray(value) ? value : value ? [value] : [];
    } catch (error) {
      registry.report({
        level: "error",
        pluginId: entry.pluginId,
        message: `tool factory failed: ${errorMessage(error)}`,
      });
      continue;
    }
    for (const tool of built) {
      if (typeof tool?.name !== "string" || typeof tool.execute !== "function") continue;
      if (entry.optional && !allowed(options.allow, entry.pluginId, tool.name)) continue;
      if (allowed(options.deny, entry.pluginId, tool.name)) continue;
      if (restrict && !allowed(options.allow, entry.pluginId, tool.name)) continue;
      if (options.messageProvider === "voice" && tool.name === "tts") continue;
      if (taken.has(tool.name)) {
        registry.report({
          level: "error",
          pluginId: entry.pluginId,
          message: `plugin tool name conflict (${entry.pluginId}): ${tool.name}`,
        });
        continue;
      }
      taken.add(tool.name);
      out.push({ pluginId: entry.pluginId, tool });
    }
  }
  return out;
}
