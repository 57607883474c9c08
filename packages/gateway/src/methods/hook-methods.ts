import {
  errorMessage,
  isOpenClawError,
  OpenClawError,
  PLUGIN_HOOK_NAMES,
  type PluginHookName,
} from "@openclaw/plugin-sdk/core";
import { type AgentRunInput, prepareAgentRun } from "../hooks/prompt-hooks.js";
import { callPlugin } from "../plugin-calls.js";
import { type CoreMethodContext, callOptions, type MethodTable } from "./context.js";
import { optionalObject, optionalString, requireString } from "./params.js";

/** Hooks whose first `{ handled: true }` result wins. */
const CLAIMING: ReadonlySet<string> = new Set([
  "before_agent_reply",
  "inbound_claim",
  "before_dispatch",
  "reply_dispatch",
]);

/** `hooks.list` and `hooks.run` (typed hooks under their budgets). */
function addTypedHookMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry, hooks } = ctx;
  methods.set("hooks.list", ({ respond }) =>
    respond(true, {
      hooks: [
        ...registry.hooks.map((h) => ({
          name: h.name,
          kind: "legacy",
          source: `plugin:${h.pluginId}`,
          pluginId: h.pluginId,
          events: h.events,
          description: h.description,
          managedBy: "plugin",
        })),
        ...registry.typedHooks.map((h) => ({
          name: h.hookName,
          kind: "typed",
          source: `plugin:${h.pluginId}`,
          pluginId: h.pluginId,
          priority: h.priority,
          managedBy: "plugin",
        })),
      ],
    }),
  );
  methods.set("hooks.run", async ({ params, respond }) => {
    const hookName = requireString(params, "hookName");
    if (!(PLUGIN_HOOK_NAMES as readonly string[]).includes(hookName)) {
      throw new OpenClawError("GATEWAY_BAD_REQUEST", `unknown typed hook: ${hookName}`, {
        hint: `Known hooks: ${PLUGIN_HOOK_NAMES.join(", ")}`,
      });
    }
    const event = optionalObject(params, "event");
    const name = hookName as PluginHookName;
    if (CLAIMING.has(name)) {
      respond(true, await hooks.runClaiming(name, event));
      return;
    }
    respond(true, { outcomes: await hooks.runSequential(name, event) });
  });
}

/** `hooks.emit`: legacy hooks for an event, each under the `legacyHook` budget. */
function addLegacyHookMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry } = ctx;
  methods.set("hooks.emit", async ({ params, respond }) => {
    const event = requireString(params, "event");
    const [type] = event.split(":");
    const payload = { type: event, ...optionalObject(params, "payload") };
    const results: Array<{ name: string; pluginId: string; ok: boolean; error?: string }> = [];
    for (const hook of registry.hooks.filter(
      (h) => h.events.includes(event) || h.events.includes(type as string),
    )) {
      try {
        await callPlugin(
          registry,
          { pluginId: hook.pluginId, call: "legacyHook", name: hook.name },
          () => hook.handler(payload),
          callOptions(ctx, "legacyHook"),
        );
        results.push({ name: hook.name, pluginId: hook.pluginId, ok: true });
      } catch (error) {
        registry.report({
          level: "error",
          code:
            isOpenClawError(error) && error.code === "PLUGIN_CALL_TIMEOUT"
              ? "PLUGIN_HOOK_TIMEOUT"
              : "PLUGIN_HOOK_FAILED",
          pluginId: hook.pluginId,
          message: `hook ${hook.name} failed: ${errorMessage(error)}`,
        });
        results.push({ name: hook.name, pluginId: hook.pluginId, ok: false, error: errorMessage(error) });
      }
    }
    respond(true, { event, results });
  });
}

/** `agent.prepare`: the prompt hooks of one turn. */
function addPromptMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { hooks } = ctx;
  methods.set("agent.prepare", async ({ params, respond }) => {
    const input: AgentRunInput = { prompt: requireString(params, "prompt") };
    for (const key of ["systemPrompt", "model", "provider", "agentId", "sessionKey"] as const) {
      const value = optionalString(params, key);
      if (value !== undefined) input[key] = value;
    }
    if (Array.isArray(params.messages)) input.messages = params.messages;
    respond(true, await prepareAgentRun(hooks, input));
  });
}

/** `hooks.list`, `hooks.run`, `hooks.emit` (legacy hooks) and `agent.prepare` (the prompt hooks). */
export function addHookMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  addTypedHookMethods(methods, ctx);
  addLegacyHookMethods(methods, ctx);
  addPromptMethods(methods, ctx);
}
