import type {
  BeforeAgentStartResult,
  BeforeModelResolveResult,
  BeforePromptBuildResult,
} from "@openclaw/plugin-sdk/core";
import type { HandlerOutcome, HookRunner } from "./hook-runner.js";

/** Input of {@link prepareAgentRun}: one agent turn before the model is called. */
export interface AgentRunInput {
  /** The user's prompt. */
  prompt: string;
  /** The system prompt before plugins shape it. */
  systemPrompt?: string;
  messages?: unknown[];
  model?: string;
  provider?: string;
  agentId?: string;
  sessionKey?: string;
  /**
   * Loads the session after `before_model_resolve` decided the model (design note §4 step 2); its
   * messages replace `messages` for `before_prompt_build` and `before_agent_start`.
   */
  loadMessages?: (resolved: { model?: string; provider?: string }) => Promise<unknown[]>;
  /** Extra fields of the `before_prompt_build` / `before_agent_start` event (e.g. `sessionKey`, `context`). */
  eventExtras?: Record<string, unknown>;
  /** Extra fields of the hook context (`runId`, `messageProvider`, …). */
  hookContext?: Record<string, unknown>;
}

/** What the prompt hooks decided for one run. */
export interface PreparedAgentRun {
  model?: string;
  provider?: string;
  systemPrompt: string;
  prompt: string;
  /** Which plugin contributed which field, in application order. */
  contributions: Array<{ pluginId: string; hook: string; fields: string[] }>;
  /** Handlers that failed or timed out (their results were ignored). */
  failures: Array<Extract<HandlerOutcome, { ok: false }>>;
}

const PROMPT_FIELDS = [
  "systemPrompt",
  "prependContext",
  "prependSystemContext",
  "appendSystemContext",
] as const;

function defined<T extends object>(value: unknown): Partial<T> {
  return typeof value === "object" && value !== null ? (value as Partial<T>) : {};
}

/**
 * Runs the prompt-construction hooks of one agent turn, with the documented precedence:
 * - `before_model_resolve` (before session load): the first defined `modelOverride` /
 *   `providerOverride` in priority order wins;
 * - `before_prompt_build`: the first defined `systemPrompt` wins; `prependContext`,
 *   `prependSystemContext` and `appendSystemContext` concatenate in priority order;
 * - legacy `before_agent_start` is the fallback for both: its values apply after the new hooks'
 *   (new hooks win the overrides; its context fields are appended after theirs).
 * `plugins.entries.<id>.hooks.allowPromptInjection: false` skips that plugin's `before_prompt_build`
 * and strips prompt fields from its `before_agent_start` (model/provider overrides survive).
 * The prompt is then built as: `prependContext` before the user prompt; `systemPrompt` replaces the
 * system prompt; `prependSystemContext` + system prompt + `appendSystemContext`.
 */
export async function prepareAgentRun(runner: HookRunner, input: AgentRunInput): Promise<PreparedAgentRun> {
  const ctx = {
    ...input.hookContext,
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.sessionKey ? { sessionKey: input.sessionKey } : {}),
  };
  const contributions: PreparedAgentRun["contributions"] = [];
  const failures: PreparedAgentRun["failures"] = [];
  let model: string | undefined;
  let provider: string | undefined;
  let systemOverride: string | undefined;
  const prependContext: string[] = [];
  const prependSystem: string[] = [];
  const appendSystem: string[] = [];

  const take = (
    pluginId: string,
    hook: string,
    value: Partial<BeforeAgentStartResult>,
    allowPrompt: boolean,
  ): void => {
    const fields: string[] = [];
    if (value.modelOverride !== undefined && model === undefined) {
      model = value.modelOverride;
      fields.push("modelOverride");
    }
    if (value.providerOverride !== undefined && provider === undefined) {
      provider = value.providerOverride;
      fields.push("providerOverride");
    }
    if (allowPrompt) {
      if (value.systemPrompt !== undefined && systemOverride === undefined) {
        systemOverride = value.systemPrompt;
        fields.push("systemPrompt");
      }
      for (const [key, list] of [
        ["prependContext", prependContext],
        ["prependSystemContext", prependSystem],
        ["appendSystemContext", appendSystem],
      ] as const) {
        const text = value[key];
        if (typeof text === "string" && text !== "") {
          list.push(text);
          fields.push(key);
        }
      }
    }
    if (fields.length > 0) contributions.push({ pluginId, hook, fields });
  };
  const collect = (hook: string, outcomes: HandlerOutcome[], allow: (pluginId: string) => boolean): void => {
    for (const outcome of outcomes) {
      if (!outcome.ok) failures.push(outcome);
      else
        take(outcome.pluginId, hook, defined<BeforeAgentStartResult>(outcome.value), allow(outcome.pluginId));
    }
  };

  collect(
    "before_model_resolve",
    await runner.runSequential("before_model_resolve", { prompt: input.prompt }, ctx),
    () => false,
  );
  const messages = input.loadMessages
    ? await input.loadMessages({
        ...((model ?? input.model) ? { model: model ?? input.model } : {}),
        ...((provider ?? input.provider) ? { provider: provider ?? input.provider } : {}),
      })
    : (input.messages ?? []);
  const promptEvent = { ...input.eventExtras, prompt: input.prompt, messages };
  collect(
    "before_prompt_build",
    await runner.runSequential("before_prompt_build", promptEvent, ctx, (hook) =>
      runner.allowsPromptInjection(hook.pluginId),
    ),
    () => true,
  );
  collect(
    "before_agent_start",
    await runner.runSequential("before_agent_start", promptEvent, ctx),
    (pluginId) => runner.allowsPromptInjection(pluginId),
  );

  const base = systemOverride ?? input.systemPrompt ?? "";
  const systemPrompt = [...prependSystem, base, ...appendSystem].filter((part) => part !== "").join("\n\n");
  const prompt = [...prependContext, input.prompt].join("\n\n");
  return {
    ...((model ?? input.model) ? { model: model ?? input.model } : {}),
    ...((provider ?? input.provider) ? { provider: provider ?? input.provider } : {}),
    systemPrompt,
    prompt,
    contributions,
    failures,
  };
}

/** Field names a `before_prompt_build` result may carry (for docs and validation). */
export const PROMPT_RESULT_FIELDS: readonly (keyof BeforePromptBuildResult)[] = PROMPT_FIELDS;
/** Field names a `before_model_resolve` result may carry. */
export const MODEL_RESULT_FIELDS: readonly (keyof BeforeModelResolveResult)[] = [
  "modelOverride",
  "providerOverride",
];
