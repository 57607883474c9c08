import { isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { agentConfig, DEFAULT_MODEL_REF } from "../agent/config.js";
import type { CredentialStatus } from "../agent/credentials.js";
import type { AgentTurnParams } from "../agent/types.js";
import type { CoreMethodContext, MethodTable } from "./context.js";
import { optionalString, requireString } from "./params.js";

/** Names of the agent methods (also in `CORE_METHOD_NAMES`). */
export const AGENT_METHOD_NAMES: readonly string[] = [
  "agent.run",
  "agent.abort",
  "sessions.list",
  "sessions.show",
  "sessions.reset",
  "models.list",
  "models.status",
  "skills.list",
];

function turnParams(params: Record<string, unknown>): AgentTurnParams {
  const prompt = optionalString(params, "prompt") ?? optionalString(params, "message");
  if (!prompt)
    throw new OpenClawError("AGENT_INVALID_PARAMS", "params.prompt is required (a non-empty string)");
  const out: AgentTurnParams = {
    prompt,
    messageProvider: optionalString(params, "messageProvider") ?? "rpc",
  };
  for (const key of ["sessionKey", "model", "extraSystemPrompt", "runId"] as const) {
    const value = optionalString(params, key);
    if (value !== undefined) out[key] = value;
  }
  if (params.timeoutMs !== undefined) {
    if (typeof params.timeoutMs !== "number")
      throw new OpenClawError("AGENT_INVALID_PARAMS", "params.timeoutMs must be a number (ms)");
    out.timeoutMs = params.timeoutMs;
  }
  return out;
}

/** The one-word credential label of `models.list` (`config`, `env NAME`, `profile <id>`, …). */
function credentialLabel(status: CredentialStatus): string {
  switch (status.source) {
    case "none":
      return "none needed";
    case "env":
      return `env ${status.envVar}${status.set ? "" : " (unset)"}`;
    case "profile":
      return `profile ${status.profileId}${status.expired ? " (expired)" : ""}`;
    default:
      return status.source;
  }
}

/** `agent.run`, `agent.abort`, `sessions.*`, `models.*` and `skills.list`. */
export function addAgentMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { agent } = ctx;
  methods.set("agent.run", async ({ params, respond, signal }) => {
    // A caller that goes away (socket or HTTP connection closed) aborts its turn, as agent.abort does.
    const turn = { ...turnParams(params), ...(signal ? { signal } : {}) };
    const { settled: _settled, ...result } = await agent.run(turn);
    respond(true, result);
  });
  methods.set("agent.abort", ({ params, respond }) =>
    respond(true, { aborted: agent.abort(requireString(params, "runId")) }),
  );
  methods.set("sessions.list", async ({ respond }) =>
    respond(true, { sessions: await agent.sessions.list() }),
  );
  methods.set("sessions.show", async ({ params, respond }) => {
    const key = requireString(params, "sessionKey");
    const transcript = await agent.sessions.read(key);
    if (transcript.entries.length === 0) {
      throw new OpenClawError("AGENT_SESSION_NOT_FOUND", `no session "${key}"`, {
        hint: "Run `openclaw sessions list`.",
      });
    }
    respond(true, transcript);
  });
  methods.set("sessions.reset", async ({ params, respond }) =>
    respond(true, await agent.sessions.reset(requireString(params, "sessionKey"))),
  );
  methods.set("models.list", async ({ respond }) => {
    const providers = await agent.catalog.providers();
    const rows = await Promise.all(
      providers.map(async (p) => ({
        id: p.id,
        source: p.source,
        ...(p.pluginId ? { pluginId: p.pluginId } : {}),
        api: p.config.api ?? "openai-completions",
        baseUrl: p.config.baseUrl ?? null,
        auth: credentialLabel(await agent.catalog.credentialOf(p)),
        models: (p.config.models ?? []).map((m) => ({ ref: `${p.id}/${m.id}`, ...m })),
      })),
    );
    respond(true, {
      defaultModel: agentConfig(ctx.config()).agents?.defaults?.model ?? DEFAULT_MODEL_REF,
      providers: rows,
    });
  });
  methods.set("models.status", async ({ respond }) => {
    const ref = agentConfig(ctx.config()).agents?.defaults?.model ?? DEFAULT_MODEL_REF;
    const providers = await Promise.all(
      (await agent.catalog.providers()).map(async (p) => ({
        id: p.id,
        source: p.source,
        api: p.config.api ?? "openai-completions",
        credential: await agent.catalog.credentialOf(p),
      })),
    );
    try {
      const model = await agent.catalog.resolve(ref);
      respond(true, {
        defaultModel: ref,
        ok: true,
        provider: model.providerId,
        api: model.api,
        baseUrl: model.baseUrl ?? null,
        keyConfigured: model.apiKey !== undefined || model.authToken !== undefined,
        providers,
      });
    } catch (error) {
      if (!isOpenClawError(error)) throw error;
      respond(true, { defaultModel: ref, ok: false, error: error.toJSON(), providers });
    }
  });
  methods.set("skills.list", async ({ respond }) => respond(true, await agent.skills()));
}
