import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { AgentTool, AgentToolResult } from "@openclaw/plugin-sdk/core";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";

/** A tool as listed to callers. */
export interface ToolListing {
  name: string;
  pluginId: string;
  description?: string;
  optional: boolean;
  parameters?: Record<string, unknown>;
}

function resolveTools(
  registry: PluginRegistry,
): Array<{ pluginId: string; optional: boolean; tool: AgentTool }> {
  const out: Array<{ pluginId: string; optional: boolean; tool: AgentTool }> = [];
  for (const entry of registry.tools) {
    if (typeof entry.tool !== "function") {
      out.push({ pluginId: entry.pluginId, optional: entry.optional, tool: entry.tool });
      continue;
    }
    try {
      const built = entry.tool({});
      for (const tool of Array.isArray(built) ? built : built ? [built] : []) {
        out.push({ pluginId: entry.pluginId, optional: entry.optional, tool });
      }
    } catch (error) {
      registry.report({
        level: "error",
        pluginId: entry.pluginId,
        message: `tool factory failed: ${errorMessage(error)}`,
      });
    }
  }
  return out;
}

/** Every tool the registry serves, with its JSON Schema parameters. */
export function listTools(registry: PluginRegistry): ToolListing[] {
  return resolveTools(registry).map(({ pluginId, optional, tool }) => ({
    name: tool.name,
    pluginId,
    optional,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
  }));
}

/**
 * Executes tool `name` with `params`.
 * @throws {@link OpenClawError} `GATEWAY_TOOL_NOT_FOUND`; errors thrown by the tool propagate as
 * `GATEWAY_METHOD_FAILED`.
 */
export async function invokeTool(
  registry: PluginRegistry,
  name: string,
  params: Record<string, unknown>,
): Promise<AgentToolResult> {
  const found = resolveTools(registry).find((t) => t.tool.name === name);
  if (!found) {
    throw new OpenClawError("GATEWAY_TOOL_NOT_FOUND", `no tool named ${name}`, {
      hint: "Call tools.list to see the tools.",
    });
  }
  try {
    return await found.tool.execute(`rpc-${Date.now()}`, params);
  } catch (error) {
    throw new OpenClawError("GATEWAY_METHOD_FAILED", `tool ${name} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
