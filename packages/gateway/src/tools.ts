import type { HostLogger } from "@openclaw/plugin-loader";
import { formatIssues, validateWithSchema } from "@openclaw/plugin-loader";
import type { PluginRegistry, ToolRegistration } from "@openclaw/plugin-registry";
import type { AgentTool, AgentToolResult } from "@openclaw/plugin-sdk/core";
import {
  errorMessage,
  isOpenClawError,
  OpenClawError,
  type PluginHookContext,
} from "@openclaw/plugin-sdk/core";
import { DEFAULT_TOOL_TIMEOUT_MS } from "./agent/config.js";
import { runToolCall, toolResultText } from "./agent/tool-hooks.js";
import type { ApprovalQueue } from "./approvals/index.js";
import type { HookRunner } from "./hooks/hook-runner.js";
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

/**
 * The tools a registration's factory returned, kept only under the names it declared (no name
 * theft: a tool named like another plugin's is dropped and reported as `REGISTRY_UNDECLARED_TOOL`).
 */
export function keepDeclaredTools(
  registry: PluginRegistry,
  entry: ToolRegistration,
  built: unknown,
): ResolvedTool[] {
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
      out.push(...keepDeclaredTools(registry, entry, built));
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

/** Options of {@link invokeTool}. */
export interface InvokeToolOptions {
  /** Runs `before_tool_call` / `after_tool_call` around the call, as an agent turn does. */
  hooks?: HookRunner;
  /**
   * With `hooks`: where a call a plugin wants approved waits (as in an agent turn); without one such
   * a call is denied at once (`GATEWAY_APPROVAL_DENIED`).
   */
  approvals?: ApprovalQueue;
  /** Hook context (`sessionKey`, `messageProvider`…). */
  ctx?: PluginHookContext;
  /** Budget of the tool, in ms; default 60 000. */
  timeoutMs?: number;
  /** Logs a plugin failed by the call (its tool blocked the event loop). */
  logger?: HostLogger;
  /**
   * The caller's signal (its connection closed): cancels a pending approval and aborts the tool
   * (`GATEWAY_APPROVAL_DENIED` / `GATEWAY_METHOD_FAILED`).
   */
  signal?: AbortSignal;
}

/**
 * Executes tool `name` with `params`. With `hooks` the call goes through the same policy as an agent
 * turn: a blocking (or failing) `before_tool_call` stops it, params may be rewritten, and
 * `after_tool_call` sees the outcome.
 * The tool runs through the plugin budget helper (attributed to its plugin; a synchronous loop is
 * interrupted and fails the plugin).
 * A call a plugin wants approved waits for the approval (operator, timeout or abort) first.
 * @throws {@link OpenClawError} `GATEWAY_TOOL_NOT_FOUND`, `AGENT_TOOL_BLOCKED`,
 * `GATEWAY_APPROVAL_DENIED` (denied, expired or cancelled), `GATEWAY_APPROVAL_LIMIT`; a tool that throws,
 * hangs past the budget or is aborted → `GATEWAY_METHOD_FAILED` (without hooks, a timeout is
 * `PLUGIN_CALL_TIMEOUT` naming plugin and tool).
 */
export async function invokeTool(
  registry: PluginRegistry,
  name: string,
  params: Record<string, unknown>,
  options: InvokeToolOptions = {},
): Promise<AgentToolResult> {
  const calls: PluginCallOptions = {
    ...(options.logger ? { logger: options.logger } : {}),
    budgetMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
  };
  const found = (await resolveTools(registry, calls)).find((t) => t.tool.name === name);
  if (!found) {
    throw new OpenClawError("GATEWAY_TOOL_NOT_FOUND", `no tool named ${name}`, {
      hint: "Call tools.list to see the tools.",
    });
  }
  params = validToolParams(found.tool, params);
  if (!options.hooks) return executeBare(registry, found, params, calls);
  const outcome = await runToolCall({
    hooks: options.hooks,
    approvals: options.approvals,
    tool: found.tool,
    toolCallId: `rpc-${Date.now()}`,
    params,
    ctx: { messageProvider: "rpc", ...options.ctx },
    timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    owner: { registry, pluginId: found.pluginId, ...(options.logger ? { logger: options.logger } : {}) },
  });
  if (outcome.blocked) {
    const code = outcome.errorCode ?? "AGENT_TOOL_BLOCKED";
    throw new OpenClawError(code, `tool ${name}: ${toolResultText(outcome.result)}`, {
      hint:
        code === "AGENT_TOOL_BLOCKED"
          ? "A before_tool_call hook of a plugin refused this call; see `openclaw hooks list`."
          : "A plugin asked for an operator's approval; answer it with `openclaw approvals approve <id>`.",
      ...(outcome.approval ? { details: { approval: outcome.approval } } : {}),
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
  registry: PluginRegistry,
  found: ResolvedTool,
  params: Record<string, unknown>,
  calls: PluginCallOptions,
): Promise<AgentToolResult> {
  const { tool, pluginId } = found;
  try {
    return await callPlugin(
      registry,
      { pluginId, call: "tool", name: tool.name },
      () => tool.execute(`rpc-${Date.now()}`, params),
      calls,
    );
  } catch (error) {
    if (isOpenClawError(error) && error.code.startsWith("PLUGIN_CALL_")) throw error;
    throw new OpenClawError("GATEWAY_METHOD_FAILED", `tool ${tool.name} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
