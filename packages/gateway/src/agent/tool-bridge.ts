import { formatIssues, validateWithSchema } from "@openclaw/plugin-loader";
import { errorMessage } from "@openclaw/plugin-sdk/core";
import { jsonSchema, type ToolSet, tool } from "ai";
import { agentConfig, DEFAULT_TOOL_TIMEOUT_MS } from "./config.js";
import { runToolCall, toolResultText } from "./tool-hooks.js";
import type { ResolvedAgentTool } from "./tool-set.js";
import type { TurnState } from "./turn-state.js";
import type { AgentDeps, ToolCallRecord } from "./types.js";

/** Tool names every provider accepts (OpenAI's rule). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function asParams(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

/**
 * Checks a model's tool-call input against the tool's own schema (ajv, defaults applied, compiled once
 * per schema object) before any hook or the tool sees it; a failure goes back to the model as an
 * error tool result. A schema ajv cannot compile is not enforced (the tool validates for itself).
 */
function validatorFor(parameters: Record<string, unknown> | undefined) {
  return (value: unknown) => {
    if (!parameters || typeof parameters !== "object") return { success: true as const, value };
    const result = validateWithSchema(parameters, value);
    if (result.ok) return { success: true as const, value: result.value };
    if (result.issues[0]?.path === "<schema>") return { success: true as const, value };
    return {
      success: false as const,
      error: new Error(`invalid tool params: ${formatIssues(result.issues)}`),
    };
  };
}

/** A plain JSON copy of a tool's parameter schema (drops TypeBox symbols, keeps `type: "object"`). */
function schemaOf(parameters: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  let copy: Record<string, unknown>;
  try {
    copy = JSON.parse(JSON.stringify(parameters ?? {})) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  delete copy.$schema;
  return { type: "object", properties: {}, ...copy };
}

/**
 * The turn's tools as an AI SDK `ToolSet`. Each `execute` goes through {@link runToolCall} (so
 * `before_tool_call` can block or rewrite and `after_tool_call` sees the outcome), emits `agent.tool`
 * start/end events and records the call. A failed or blocked call throws its text, which the SDK hands
 * the model as an `error-text` tool result, so the turn goes on.
 */
export function buildToolSet(deps: AgentDeps, state: TurnState, tools: ResolvedAgentTool[]): ToolSet {
  const timeoutMs = agentConfig(deps.config()).agents?.defaults?.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const set: ToolSet = {};
  for (const { pluginId, tool: agentTool } of tools) {
    if (!TOOL_NAME.test(agentTool.name)) {
      deps.registry.report({
        level: "warn",
        pluginId,
        message: `tool name ${JSON.stringify(agentTool.name)} is not offered to models (letters, digits, _ and -, at most 64)`,
      });
      continue;
    }
    const schema = schemaOf(agentTool.parameters);
    if (!schema) {
      deps.registry.report({
        level: "warn",
        pluginId,
        message: `tool ${agentTool.name} is not offered to models: its parameters are not a JSON Schema (not serialisable)`,
      });
      continue;
    }
    set[agentTool.name] = tool({
      description: agentTool.description ?? "",
      inputSchema: jsonSchema(schema, { validate: validatorFor(agentTool.parameters) }),
      execute: async (input: unknown, options: { toolCallId: string; abortSignal?: AbortSignal }) => {
        const params = asParams(input);
        const base = { runId: state.runId, sessionKey: state.sessionKey };
        state.emit({
          type: "tool",
          phase: "start",
          ...base,
          toolCallId: options.toolCallId,
          toolName: agentTool.name,
          params,
        });
        const outcome = await runToolCall({
          hooks: deps.hooks,
          approvals: deps.approvals,
          tool: agentTool,
          toolCallId: options.toolCallId,
          params,
          ctx: state.ctx,
          runId: state.runId,
          signal: options.abortSignal ?? state.signal,
          timeoutMs,
          owner: { registry: deps.registry, pluginId },
        });
        state.pending.push(outcome.afterHooks);
        const record: ToolCallRecord = {
          toolCallId: options.toolCallId,
          toolName: agentTool.name,
          pluginId,
          params: outcome.params,
          resultText: toolResultText(outcome.result),
          isError: outcome.isError,
          blocked: outcome.blocked,
          durationMs: outcome.durationMs,
        };
        state.toolCalls.push(record);
        state.emit({ type: "tool", phase: "end", ...base, ...record });
        if (record.isError) throw new Error(record.resultText);
        return record.resultText;
      },
    });
  }
  return set;
}

/** Records a tool call the SDK rejected before our `execute` ran (unknown tool, unparsable input). */
export function recordRejectedCall(
  state: TurnState,
  part: { toolCallId: string; toolName: string; input?: unknown; error: unknown },
): void {
  if (state.toolCalls.some((c) => c.toolCallId === part.toolCallId)) return;
  state.toolCalls.push({
    toolCallId: part.toolCallId,
    toolName: part.toolName,
    pluginId: "",
    params: asParams(part.input),
    resultText: errorMessage(part.error),
    isError: true,
    blocked: false,
    durationMs: 0,
  });
}
