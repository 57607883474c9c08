import type { PluginRegistry, ToolRegistration } from "@openclaw/plugin-registry";
import type { AgentTool, AgentToolResult } from "@openclaw/plugin-sdk/core";
import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { callPlugin, type PluginCallOptions } from "./plugin-calls.js";

/** A tool as listed to callers. */
export interface ToolListing {
  name: string;
  pluginId: string;
  description?: string;
  optional: boolean;
  parameters?: Record<string, unknown>;
}

/** A tool the registry serves, with its owner. */
export interface ResolvedTool {
  pluginId: string;
  optional: boolean;
  tool: AgentTool;
}

/** The factory's tools, kept only under names the registration declared (no name theft). */
function ownedTools(registry: PluginRegistry, entry: ToolRegistration, built: unknown): ResolvedTool[] {
  const out: ResolvedTool[] = [];
  for (const tool of (Array.isArray(built) ? built : built ? [built] : []) as AgentTool[]) {
    if (typeof tool?.name !== "string" || !entry.names.includes(tool.name)) {
      registry.report({
        level: "error",
        code: "REGISTRY_UNDECLARED_TOOL",
        pluginId: entry.pluginId,
        message: `tool factory of ${entry.pluginId} returned a tool named ${JSON.stringify(tool?.name)}, which it did not declare (${entry.names.join(", ")}); dropped`,
        hint: "Declare every name a factory returns with registerTool(factory, { names: [...] }).",
      });
      continue;
    }
    out.push({ pluginId: entry.pluginId, optional: entry.optional, tool });
  }
  return out;
}

/**
 * Every tool the registry serves. Factories run within the `tool` budget (synchronous part
 * interrupted past it) and may only return tools under the names they declared at registration:
 * another name (e.g. another plugin's tool) is dropped with `REGISTRY_UNDECLARED_TOOL`.
 */
export async function resolveTools(
  registry: PluginRegistry,
  options: PluginCallOptions = {},
): Promise<ResolvedTool[]> {
  const out: ResolvedTool[] = [];
  for (const entry of [...registry.tools]) {
    const { tool } = entry;
    if (typeof tool !== "function") {
      out.push({ pluginId: entry.pluginId, optional: entry.optional, tool });
      continue;
    }
    try {
      const built = await callPlugin(
        registry,
        { pluginId: entry.pluginId, call: "tool", name: entry.names.join(",") },
        () => tool({}),
        options,
      );
      out.push(...ownedTools(registry, entry, built));
    } catch (error) {
      registry.report({
        level: "error",
        code: isOpenClawError(error) ? error.code : "GATEWAY_METHOD_FAILED",
        pluginId: entry.pluginId,
        message: `tool factory failed: ${errorMessage(error)}`,
      });
    }
  }
  return out;
}

/** Every tool the registry serves, with its JSON Schema parameters. */
export async function listTools(
  registry: PluginRegistry,
  options: PluginCallOptions = {},
): Promise<ToolListing[]> {
  return (await resolveTools(registry, options)).map(({ pluginId, optional, tool }) => ({
    name: tool.name,
    pluginId,
    optional,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
  }));
}

/**
 * Executes tool `name` with `params` within the `tool` budget (default 60 000 ms).
 * @throws {@link OpenClawError} `GATEWAY_TOOL_NOT_FOUND`; `PLUGIN_CALL_TIMEOUT` /
 * `PLUGIN_CALL_BLOCKED` naming plugin and tool; other errors thrown by the tool as
 * `GATEWAY_METHOD_FAILED`.
 */
export async function invokeTool(
  registry: PluginRegistry,
  name: string,
  params: Record<string, unknown>,
  options: PluginCallOptions = {},
): Promise<AgentToolResult> {
  const found = (await resolveTools(registry, options)).find((t) => t.tool.name === name);
  if (!found) {
    throw new OpenClawError("GATEWAY_TOOL_NOT_FOUND", `no tool named ${name}`, {
      hint: "Call tools.list to see the tools.",
    });
  }
  try {
    return await callPlugin(
      registry,
      { pluginId: found.pluginId, call: "tool", name },
      () => found.tool.execute(`rpc-${Date.now()}`, params),
      options,
    );
  } catch (error) {
    if (isOpenClawError(error) && error.code.startsWith("PLUGIN_CALL_")) throw error;
    throw new OpenClawError("GATEWAY_METHOD_FAILED", `tool ${name} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
