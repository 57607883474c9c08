import { formatIssues, validateWithSchema } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { AgentTool, AgentToolResult } from "@openclaw/plugin-sdk/core";
import { errorMessage, OpenClawError, type PluginHookContext } from "@openclaw/plugin-sdk/core";
import { DEFAULT_TOOL_TIMEOUT_MS } from "./agent/config.js";
import { runToolCall, toolResultText } from "./agent/tool-hooks.js";
import type { HookRunner } from "./hooks/hook-runner.js";

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

/** Options of {@link invokeTool}. */
export interface InvokeToolOptions {
  /** Runs `before_tool_call` / `after_tool_call` around the call, as an agent turn does. */
  hooks?: HookRunner;
  /** Hook context (`sessionKey`, `messageProvider`…). */
  ctx?: PluginHookContext;
  /** Budget of the tool, in ms; default 60 000. */
  timeoutMs?: number;
}

/**
 * Executes tool `name` with `params`. With `hooks` the call goes through the same policy as an agent
 * turn: a blocking (or failing) `before_tool_call` stops it, params may be rewritten, and
 * `after_tool_call` sees the outcome.
 * @throws {@link OpenClawError} `GATEWAY_TOOL_NOT_FOUND`, `AGENT_TOOL_BLOCKED`; a tool that throws,
 * hangs past the budget or is aborted → `GATEWAY_METHOD_FAILED`.
 */
export async function invokeTool(
  registry: PluginRegistry,
  name: string,
  params: Record<string, unknown>,
  options: InvokeToolOptions = {},
): Promise<AgentToolResult> {
  const found = resolveTools(registry).find((t) => t.tool.name === name);
  if (!found) {
    throw new OpenClawError("GATEWAY_TOOL_NOT_FOUND", `no tool named ${name}`, {
      hint: "Call tools.list to see the tools.",
    });
  }
  params = validToolParams(found.tool, params);
  if (!options.hooks) return executeBare(found.tool, name, params);
  const outcome = await runToolCall({
    hooks: options.hooks,
    tool: found.tool,
    toolCallId: `rpc-${Date.now()}`,
    params,
    ctx: { messageProvider: "rpc", ...options.ctx },
    timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
  });
  if (outcome.blocked) {
    throw new OpenClawError("AGENT_TOOL_BLOCKED", `tool ${name}: ${toolResultText(outcome.result)}`, {
      hint: "A before_tool_call hook of a plugin refused this call; see `openclaw hooks list`.",
    });
  }
  if (outcome.isError) {
    throw new OpenClawError(
      "GATEWAY_METHOD_FAILED",
      `tool ${name} failed: ${toolResultText(outcome.result).replace(/^Error: /, "")}`,
    );
  }
  return outcome.result;
}

/**
 * `params` checked against the tool's JSON Schema (`parameters`), with schema defaults applied, so a
 * caller of `tools.invoke` cannot hand a tool what its schema forbids (the agent's model calls are
 * held to the same schema by the model transport).
 * @throws {@link OpenClawError} `GATEWAY_TOOL_PARAMS_INVALID` naming every problem.
 */
function validToolParams(tool: AgentTool, params: Record<string, unknown>): Record<string, unknown> {
  const schema = tool.parameters as Record<string, unknown> | undefined;
  if (schema === undefined || typeof schema !== "object") return params;
  const result = validateWithSchema(schema, params);
  if (result.ok) return result.value as Record<string, unknown>;
  throw new OpenClawError(
    "GATEWAY_TOOL_PARAMS_INVALID",
    `invalid params for tool ${tool.name}: ${formatIssues(result.issues)}`,
    {
      hint: "Call tools.list to see the tool's parameter schema.",
      details: { issues: result.issues },
    },
  );
}

async function executeBare(
  tool: AgentTool,
  name: string,
  params: Record<string, unknown>,
): Promise<AgentToolResult> {
  try {
    return await tool.execute(`rpc-${Date.now()}`, params);
  } catch (error) {
    throw new OpenClawError("GATEWAY_METHOD_FAILED", `tool ${name} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
