import type {
  BeforeAgentStartResult,
  BeforeModelResolveResult,
  BeforePromptBuildResult,
} from "@openclaw/plugin-sdk/core";
import { errorMessage } from "@openclaw/plugin-sdk/core";
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
  /** The hook context (`runId`, `messageProvider`, …); it is used as is, not copied. */
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

/** Accumulates hook results with the precedence rules of {@link prepareAgentRun}. */
class PromptMerge {
  model: string | undefined;
  provider: string | undefined;
  #systemOverride: string | undefined;
  readonly #prependContext: string[] = [];
  readonly #prependSystem: string[] = [];
  readonly #appendSystem: string[] = [];
  readonly contributions: PreparedAgentRun["contributions"] = [];
  readonly failures: PreparedAgentRun["failures"] = [];

  /** Adds each outcome of `hook`; prompt fields only from plugins `allow` admits. */
  collect(hook: string, outcomes: HandlerOutcome[], allow: (pluginId: string) => boolean): void {
    for (const outcome of outcomes) {
      if (!outcome.ok) this.failures.push(outcome);
      else {
        try {
          this.#take(
            outcome.pluginId,
            hook,
            defined<BeforeAgentStartResult>(outcome.value),
            allow(outcome.pluginId),
          );
        } catch (error) {
          // A result whose getters throw: the plugin's contribution is dropped, the turn goes on.
          const message = `${hook} of plugin ${outcome.pluginId} returned a result that cannot be read: ${errorMessage(error)}`;
          this.failures.push({ pluginId: outcome.pluginId, ok: false, reason: "error", message });
        }
      }
    }
  }

  #take(pluginId: string, hook: string, value: Partial<BeforeAgentStartResult>, allowPrompt: boolean): void {
    const fields: string[] = [];
    // Only strings: a number or object here would break model resolution of every turn.
    const { modelOverride, providerOverride } = value;
    if (typeof modelOverride === "string" && this.model === undefined) {
      this.model = modelOverride;
      fields.push("modelOverride");
    }
    if (typeof providerOverride === "string" && this.provider === undefined) {
      this.provider = providerOverride;
      fields.push("providerOverride");
    }
    if (allowPrompt) fields.push(...this.#takePrompt(value));
    if (fields.length > 0) this.contributions.push({ pluginId, hook, fields });
  }

  #takePrompt(value: Partial<BeforeAgentStartResult>): string[] {
    const fields: string[] = [];
    if (value.systemPrompt !== undefined && this.#systemOverride === undefined) {
      this.#systemOverride = value.systemPrompt;
      fields.push("systemPrompt");
    }
    for (const [key, list] of [
      ["prependContext", this.#prependContext],
      ["prependSystemContext", this.#prependSystem],
      ["appendSystemContext", this.#appendSystem],
    ] as const) {
      const text = value[key];
      if (typeof text === "string" && text !== "") {
        list.push(text);
        fields.push(key);
      }
    }
    return fields;
  }

  /** The model/provider choice so far (hook override, else the input's). */
  choice(input: AgentRunInput): { model?: string; provider?: string } {
    const model = this.model ?? input.model;
    const provider = this.provider ?? input.provider;
    return { ...(model ? { model } : {}), ...(provider ? { provider } : {}) };
  }

  result(input: AgentRunInput): PreparedAgentRun {
    const base = this.#systemOverride ?? input.systemPrompt ?? "";
    const systemPrompt = [...this.#prependSystem, base, ...this.#appendSystem]
      .filter((part) => part !== "")
      .join("\n\n");
    const prompt = [...this.#prependContext, input.prompt].join("\n\n");
    return {
      ...this.choice(input),
      systemPrompt,
      prompt,
      contributions: this.contributions,
      failures: this.failures,
    };
  }
}

/**
 * Runs the prompt-construction hooks of one agent turn, with the documented precedence:
 * - `before_model_resolve` (before session load): the first string `modelOverride` /
 *   `providerOverride` in priority order wins (a non-string is ignored; a result whose getters
 *   throw is a failure of its plugin, and the turn goes on);
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
  // The caller's context object itself, so fields it learns later (the session id) reach later hooks.
  const ctx = Object.assign(input.hookContext ?? {}, {
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.sessionKey ? { sessionKey: input.sessionKey } : {}),
  });
  const merge = new PromptMerge();
  merge.collect(
    "before_model_resolve",
    await runner.runSequential("before_model_resolve", { prompt: input.prompt }, ctx),
    () => false,
  );
  const messages = input.loadMessages
    ? await input.loadMessages(merge.choice(input))
    : (input.messages ?? []);
  const promptEvent = { ...input.eventExtras, prompt: input.prompt, messages };
  merge.collect(
    "before_prompt_build",
    await runner.runSequential("before_prompt_build", promptEvent, ctx, (hook) =>
      runner.allowsPromptInjection(hook.pluginId),
    ),
    () => true,
  );
  merge.collect(
    "before_agent_start",
    await runner.runSequential("before_agent_start", promptEvent, ctx),
    (pluginId) => runner.allowsPromptInjection(pluginId),
  );
  return merge.result(input);
}

/** Field names a `before_prompt_build` result may carry (for docs and validation). */
export const PROMPT_RESULT_FIELDS: readonly (keyof BeforePromptBuildResult)[] = PROMPT_FIELDS;
/** Field names a `before_model_resolve` result may carry. */
export const MODEL_RESULT_FIELDS: readonly (keyof BeforeModelResolveResult)[] = [
  "modelOverride",
  "providerOverride",
];
