import { isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { type LanguageModel, stepCountIs, streamText, type ToolSet } from "ai";
import { prepareAgentRun } from "../hooks/prompt-hooks.js";
import { agentConfig, DEFAULT_MAX_STEPS, DEFAULT_SYSTEM_PROMPT } from "./config.js";
import { type ActiveContextEngine, assembleContext, resolveContextEngine } from "./context-engine.js";
import type { ResolvedModel } from "./model-catalog.js";
import { toProviderError } from "./model-errors.js";
import { languageModelFor } from "./model-factory.js";
import { fitPromptToApi, toModelMessages } from "./model-messages.js";
import { applyPersistHooks } from "./persist-hooks.js";
import { withSdkWarnings } from "./sdk-warnings.js";
import type { TranscriptMessage, TranscriptToolCall } from "./session-store.js";
import { createReadSkillTool, READ_SKILL_TOOL, skillsPromptSection } from "./skills.js";
import { buildToolSet, recordRejectedCall } from "./tool-bridge.js";
import { resolveAgentTools } from "./tool-set.js";
import { turnModelRef } from "./turn-model.js";
import { createTurnState, type TurnState } from "./turn-state.js";
import type { AgentDeps, AgentTurnParams, AgentTurnResult } from "./types.js";

/** Everything a turn needs once the prompt hooks ran. */
interface PreparedTurn {
  model: ResolvedModel;
  languageModel: LanguageModel;
  engine: ActiveContextEngine;
  system: string;
  prompt: string;
  history: TranscriptMessage[];
  tools: ToolSet;
}

/**
 * Queues one message through the persistence hooks for the transcript (one write + fsync each, in
 * order). The returned promise settles when this message is on disk; the user message is written
 * while the model request is already under way, so its fsync costs the turn no time.
 */
function persist(
  deps: AgentDeps,
  state: TurnState,
  message: TranscriptMessage,
  aborted = false,
): Promise<void> {
  const final = applyPersistHooks(deps, message, state.ctx);
  if (!final) return state.writes;
  state.written.push(final);
  const extra = { runId: state.runId, ...(aborted ? { aborted } : {}) };
  const writer = state.writer;
  state.writes = state.writes.then(async () =>
    writer ? (await writer).append(final, extra) : deps.sessions.append(state.sessionKey, final, extra),
  );
  return state.writes;
}

/** Steps 1–3 of the design note: model resolve hook, session load, prompt hooks, model, tools. */
async function prepareTurn(
  deps: AgentDeps,
  params: AgentTurnParams,
  state: TurnState,
): Promise<PreparedTurn> {
  const defaults = agentConfig(deps.config()).agents?.defaults ?? {};
  const skills = await deps.skills();
  const extras = {
    sessionKey: state.sessionKey,
    runId: state.runId,
    model: "",
    context: { sessionFile: "", messages: [] as unknown[] },
  };
  let model: ResolvedModel | undefined;
  let engine: ActiveContextEngine | undefined;
  let history: TranscriptMessage[] = [];
  const prepared = await prepareAgentRun(deps.hooks, {
    prompt: params.prompt,
    systemPrompt: [defaults.systemPrompt ?? DEFAULT_SYSTEM_PROMPT, skillsPromptSection(skills)]
      .filter((s) => s !== "")
      .join("\n\n"),
    agentId: "main",
    sessionKey: state.sessionKey,
    hookContext: state.ctx,
    eventExtras: extras,
    loadMessages: async (override) => {
      model = await deps.catalog.resolve(turnModelRef(deps, params.model, override));
      extras.model = model.ref;
      const transcript = await deps.sessions.open(
        state.sessionKey,
        params.sessionOwner ? { owner: params.sessionOwner } : {},
      );
      state.sessionId = transcript.sessionId;
      state.ctx.sessionId = state.sessionId;
      // Opened while the prompt is being prepared, so each of the turn's appends is a single write.
      state.writer = deps.sessions.writer(state.sessionKey);
      state.writer.catch(() => undefined);
      extras.context.sessionFile = transcript.file;
      engine = await resolveContextEngine(deps.registry, deps.config().plugins?.slots?.contextEngine);
      const tokenBudget = Math.floor((model.definition?.contextWindow ?? 32_000) * 0.8);
      history = (
        await assembleContext({
          active: engine,
          hooks: deps.hooks,
          logger: deps.logger,
          messages: transcript.messages,
          sessionKey: state.sessionKey,
          tokenBudget,
          ctx: state.ctx,
        })
      ).messages;
      extras.context.messages = history;
      return history;
    },
  });
  const resolved = model as unknown as ResolvedModel;
  const tools = resolveAgentTools(deps.registry, {
    agentId: "main",
    sessionKey: state.sessionKey,
    ...(params.messageProvider ? { messageProvider: params.messageProvider } : {}),
    ...agentConfig(deps.config()).tools,
  });
  if (skills.some((s) => s.eligible) && !tools.some((t) => t.tool.name === READ_SKILL_TOOL)) {
    tools.push({ pluginId: "core", tool: createReadSkillTool(skills) as never });
  }
  return {
    model: resolved,
    languageModel: await languageModelFor(resolved),
    engine: engine as unknown as ActiveContextEngine,
    system: [prepared.systemPrompt, params.extraSystemPrompt ?? ""]
      .filter((s) => s.trim() !== "")
      .join("\n\n"),
    prompt: prepared.prompt,
    history,
    tools: buildToolSet(deps, state, tools),
  };
}

/** Writes one finished model step: the assistant message, then each tool result in call order. */
async function persistStep(
  deps: AgentDeps,
  state: TurnState,
  text: string,
  calls: TranscriptToolCall[],
): Promise<void> {
  if (text !== "" || calls.length > 0) {
    await persist(deps, state, {
      role: "assistant",
      content: text,
      ...(calls.length ? { toolCalls: calls } : {}),
    });
  }
  for (const call of calls) {
    const record = state.toolCalls.find((c) => c.toolCallId === call.id);
    if (!record) continue;
    await persist(deps, state, {
      role: "tool",
      content: record.resultText,
      toolCallId: call.id,
      toolName: record.toolName,
      isError: record.isError,
    });
  }
}

/** Step 5: the model stream; text deltas out, each finished step into the transcript. */
async function streamTurn(deps: AgentDeps, state: TurnState, turn: PreparedTurn): Promise<void> {
  const defaults = agentConfig(deps.config()).agents?.defaults ?? {};
  const maxSteps = defaults.maxSteps ?? DEFAULT_MAX_STEPS;
  const stream = streamText({
    model: turn.languageModel,
    ...fitPromptToApi(turn.model.api, {
      system: turn.system,
      messages: toModelMessages(turn.history, turn.prompt),
    }),
    // System messages in the history come from the context engine (plugin code), never from a
    // user's text; unset, the SDK would print a warning with console.warn on every such turn.
    allowSystemInMessages: true,
    tools: turn.tools,
    stopWhen: stepCountIs(maxSteps),
    abortSignal: state.signal,
    maxRetries: defaults.maxRetries ?? 0,
    ...(turn.model.definition?.maxTokens ? { maxOutputTokens: turn.model.definition.maxTokens } : {}),
    onError: () => undefined,
  });
  let stepText = "";
  let calls: TranscriptToolCall[] = [];
  let steps = 0;
  let lastFinish = "stop";
  try {
    for await (const part of stream.fullStream) {
      if (part.type === "text-delta") {
        stepText += part.text;
        state.text += part.text;
        state.emit({ type: "delta", runId: state.runId, sessionKey: state.sessionKey, text: part.text });
      } else if (part.type === "tool-call")
        calls.push({ id: part.toolCallId, name: part.toolName, params: part.input });
      else if (part.type === "tool-error") recordRejectedCall(state, part);
      else if (part.type === "finish-step") {
        if (stepText !== "") state.assistantTexts.push(stepText);
        await persistStep(deps, state, stepText, calls);
        [stepText, calls, steps, lastFinish] = ["", [], steps + 1, part.finishReason];
      } else if (part.type === "finish") {
        const u = part.totalUsage;
        state.usage = {
          input: u.inputTokens ?? 0,
          output: u.outputTokens ?? 0,
          total: u.totalTokens ?? (u.inputTokens ?? 0) + (u.outputTokens ?? 0),
        };
      } else if (part.type === "error") throw part.error;
    }
  } finally {
    if (stepText !== "" && state.signal.aborted)
      await persist(deps, state, { role: "assistant", content: stepText }, true).catch(() => undefined);
  }
  if (state.signal.aborted) throw state.signal.reason ?? new Error("aborted");
  state.stopReason = lastFinish === "length" ? "length" : "stop";
  if (lastFinish === "tool-calls" && steps >= maxSteps) {
    throw new OpenClawError("AGENT_STEP_LIMIT", `the model was still calling tools after ${maxSteps} steps`, {
      hint: "Raise agents.defaults.maxSteps, or check the tool results for a loop.",
      details: { runId: state.runId, steps },
    });
  }
}

/** Turns whatever ended the turn into a coded error (or `undefined` for a caller's abort). */
function classify(
  error: unknown,
  state: TurnState,
  model: Pick<ResolvedModel, "providerId" | "apiKey" | "authToken"> | undefined,
): OpenClawError | undefined {
  if (state.timeout.aborted) {
    state.stopReason = "timeout";
    return new OpenClawError("AGENT_TIMEOUT", `the agent turn did not finish within ${state.timeoutMs} ms`, {
      hint: "Raise timeoutMs (agents.defaults.timeoutMs), or check the model server and slow tools.",
      details: { runId: state.runId },
    });
  }
  if (state.signal.aborted) {
    state.stopReason = "aborted";
    return undefined;
  }
  state.stopReason = isOpenClawError(error, "AGENT_STEP_LIMIT") ? "step-limit" : "error";
  if (isOpenClawError(error)) return error;
  return toProviderError(error, model?.providerId ?? "unknown", [model?.apiKey, model?.authToken]);
}

/** Step 6: `llm_output` then `agent_end` (parallel, not awaited), context-engine ingest, `agent.end`. */
function finishTurn(
  deps: AgentDeps,
  state: TurnState,
  turn: PreparedTurn | undefined,
  error: OpenClawError | undefined,
): Promise<void> {
  const usage = state.usage ?? { input: 0, output: 0, total: 0 };
  const aborted = state.stopReason === "aborted";
  const agentEnd = {
    hookName: "agent_end" as const,
    event: {
      messages: state.written,
      success: !error && !aborted,
      ...(error ? { error: error.message } : aborted ? { error: "aborted" } : {}),
      durationMs: Math.round(performance.now() - state.started),
    },
  };
  if (!turn) {
    state.pending.push(...deps.hooks.runParallelAll([agentEnd], state.ctx));
  } else {
    const lastAssistant = [...state.written].reverse().find((m) => m.role === "assistant");
    const llmOutput = {
      hookName: "llm_output" as const,
      event: {
        runId: state.runId,
        sessionId: state.sessionId,
        provider: turn.model.providerId,
        model: turn.model.modelId,
        assistantTexts: state.assistantTexts,
        ...(lastAssistant ? { lastAssistant } : {}),
        usage: { ...usage, cacheRead: 0, cacheWrite: 0 },
      },
    };
    state.pending.push(...deps.hooks.runParallelAll([llmOutput, agentEnd], state.ctx));
    state.pending.push(
      Promise.resolve().then(() =>
        turn.engine.engine.ingest({ messages: state.written, sessionKey: state.sessionKey } as {
          messages: unknown[];
        }),
      ),
    );
  }
  state.emit({
    type: "end",
    runId: state.runId,
    sessionKey: state.sessionKey,
    ok: !error,
    text: state.text,
    aborted,
    stopReason: state.stopReason,
    ...(state.usage ? { usage: state.usage } : {}),
    ...(error ? { error: { code: error.code, message: error.message } } : {}),
  });
  return Promise.allSettled(state.pending).then(() => undefined);
}

/**
 * Runs one agent turn, in the hook order of the design note §4: `before_model_resolve` → session
 * load (context engine) → `before_prompt_build` → `before_agent_start` → model and tools →
 * `llm_input` (parallel, not awaited) → model stream with `before_tool_call` / tool /
 * `after_tool_call` around each call and `tool_result_persist` / `before_message_write` on every
 * transcript write → `llm_output`, then `agent_end` (parallel, not awaited; `result.settled`).
 * A caller's abort resolves with `aborted: true`; everything else that goes wrong is thrown coded:
 * `AGENT_INVALID_PARAMS`, `AGENT_MODEL_UNKNOWN`, `AGENT_MODEL_UNSUPPORTED`, `AGENT_AUTH_MISSING`,
 * `AGENT_AUTH_EXPIRED`, `AGENT_PROVIDER_ERROR`, `AGENT_TIMEOUT`, `AGENT_STEP_LIMIT`, `CONFIG_INVALID` (context engine).
 * Every message written before the failure stays in the transcript; none is half-written.
 */
export async function runAgentTurn(deps: AgentDeps, params: AgentTurnParams): Promise<AgentTurnResult> {
  const state = createTurnState(deps, params);
  let turn: PreparedTurn | undefined;
  let error: OpenClawError | undefined;
  try {
    turn = await prepareTurn(deps, params, state);
    void persist(deps, state, { role: "user", content: params.prompt }).catch(() => undefined);
    state.pending.push(
      deps.hooks.runParallel(
        "llm_input",
        {
          runId: state.runId,
          sessionId: state.sessionId,
          provider: turn.model.providerId,
          model: turn.model.modelId,
          systemPrompt: turn.system,
          prompt: turn.prompt,
          historyMessages: turn.history,
          imagesCount: 0,
          tools: Object.keys(turn.tools),
        },
        state.ctx,
      ),
    );
    const ready = turn;
    await withSdkWarnings(deps.logger, ready.model.ref, () => streamTurn(deps, state, ready));
    await state.writes;
  } catch (thrown) {
    error = classify(thrown, state, turn?.model);
    // Whatever was queued is on disk (or failed) before the caller hears of the failure.
    await state.writes.catch(() => undefined);
  }
  state.writer?.then(
    (writer) => writer.close(),
    () => undefined,
  );
  const settled = finishTurn(deps, state, turn, error);
  if (error) {
    settled.catch(() => undefined);
    throw error;
  }
  return {
    text: state.text,
    aborted: state.stopReason === "aborted",
    runId: state.runId,
    sessionKey: state.sessionKey,
    sessionId: state.sessionId,
    model: turn?.model.ref ?? "",
    stopReason: state.stopReason,
    toolCalls: state.toolCalls,
    ...(state.usage ? { usage: state.usage } : {}),
    settled,
  };
}
