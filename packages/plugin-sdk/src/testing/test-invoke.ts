import type { PluginCommandContext, PluginCommandResult } from "../command-types.js";
import type { OpenClawErrorJSON } from "../errors/openclaw-error.js";
import { errorMessage, isOpenClawError, OpenClawError } from "../errors/openclaw-error.js";
import type { PluginHookContext, PluginHookEvent, PluginHookName, PluginHookResult } from "../hook-types.js";
import type { AgentTool, AgentToolResult } from "../tool-types.js";
import type { RecordedRegistrations } from "./recorded-registrations.js";

/** What a gateway method answered: `respond(true, payload)` or `respond(false, …, error)`. */
export type GatewayAnswer =
  | { ok: true; payload: unknown }
  | { ok: false; error: OpenClawErrorJSON | { message: string } };

/**
 * Calls a registered gateway method as the gateway would (a throw is answered like the host does:
 * the thrown `OpenClawError`'s JSON, else `GATEWAY_METHOD_FAILED`).
 * @throws {@link OpenClawError} `GATEWAY_METHOD_NOT_FOUND` when no such method was registered.
 */
export async function invokeGatewayMethod(
  recorded: RecordedRegistrations,
  method: string,
  params: Record<string, unknown> = {},
): Promise<GatewayAnswer> {
  const handler = recorded.gatewayMethods.get(method);
  if (!handler) {
    throw new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `no gateway method ${method} was registered`, {
      hint: `Registered: ${[...recorded.gatewayMethods.keys()].join(", ") || "none"}.`,
    });
  }
  let answer: GatewayAnswer | undefined;
  try {
    await handler({
      params,
      client: { id: "test", transport: "internal" },
      respond: (ok, payload, error) => {
        answer ??= ok ? { ok: true, payload } : { ok: false, error: error ?? { message: "failed" } };
      },
    });
  } catch (error) {
    answer ??= {
      ok: false,
      error: isOpenClawError(error)
        ? error.toJSON()
        : new OpenClawError("GATEWAY_METHOD_FAILED", errorMessage(error)).toJSON(),
    };
  }
  return answer ?? { ok: false, error: { message: `${method} never called respond()` } };
}

/** Every tool the plugin offers for a run (factories resolved with `ctx`). */
export function resolveTools(
  recorded: RecordedRegistrations,
  ctx: { agentId?: string; sessionKey?: string } = {},
): AgentTool[] {
  return recorded.tools.flatMap((tool) => {
    if (typeof tool !== "function") return [tool as AgentTool];
    const built = tool(ctx);
    return built ? [built].flat() : [];
  });
}

/**
 * Runs a registered tool's `execute`.
 * @throws {@link OpenClawError} `GATEWAY_TOOL_NOT_FOUND` when no tool has that name.
 */
export async function invokeTool(
  recorded: RecordedRegistrations,
  name: string,
  params: Record<string, unknown>,
  toolCallId = "test-call",
): Promise<AgentToolResult> {
  const tool = resolveTools(recorded).find((t) => t.name === name);
  if (!tool) throw new OpenClawError("GATEWAY_TOOL_NOT_FOUND", `no tool ${name} was registered`);
  return tool.execute(toolCallId, params);
}

/** Runs every handler of a typed hook in the host's order (higher priority first) and returns their results. */
export async function invokeHook<K extends PluginHookName>(
  recorded: RecordedRegistrations,
  hookName: K,
  event: PluginHookEvent<K>,
  ctx: PluginHookContext = {},
): Promise<Array<PluginHookResult<K>>> {
  const handlers = recorded.typedHooks
    .filter((h) => h.hookName === hookName)
    .sort((a, b) => b.priority - a.priority);
  const results: Array<PluginHookResult<K>> = [];
  for (const h of handlers) results.push((await h.handler(event as never, ctx)) as PluginHookResult<K>);
  return results;
}

/** Runs every legacy hook registered for `eventName` with `event`; returns their results. */
export async function invokeLegacyHook(
  recorded: RecordedRegistrations,
  eventName: string,
  event: Record<string, unknown> = {},
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const h of recorded.legacyHooks.filter((l) => l.events.includes(eventName)))
    results.push(await h.handler(event));
  return results;
}

/**
 * Runs a slash command as a channel would deliver `/name args` (names match case-insensitively).
 * @throws {@link OpenClawError} `PLUGIN_NOT_FOUND` when no command has that name.
 */
export async function invokeCommand(
  recorded: RecordedRegistrations,
  name: string,
  ctx: Partial<PluginCommandContext> = {},
): Promise<PluginCommandResult> {
  const command = recorded.commands.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!command) throw new OpenClawError("PLUGIN_NOT_FOUND", `no command /${name} was registered`);
  return command.handler({
    channel: "test",
    isAuthorizedSender: true,
    commandBody: `/${name}${ctx.args ? ` ${ctx.args}` : ""}`,
    config: {},
    ...ctx,
  });
}
