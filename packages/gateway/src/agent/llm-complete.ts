import type { HostLogger } from "@openclaw/plugin-loader";
import { type LlmCompleteParams, type LlmCompleteResult, OpenClawError } from "@openclaw/plugin-sdk/core";
import { generateText, type ModelMessage } from "ai";
import { agentConfig } from "./config.js";
import type { ModelCatalog } from "./model-catalog.js";
import { toProviderError } from "./model-errors.js";
import { languageModelFor } from "./model-factory.js";
import { fitPromptToApi } from "./model-messages.js";
import { withSdkWarnings } from "./sdk-warnings.js";

function toMessages(params: LlmCompleteParams): ModelMessage[] {
  if (Array.isArray(params.messages) && params.messages.length > 0) {
    return params.messages.map((m, i) => {
      if (typeof m?.content !== "string" || !["system", "user", "assistant"].includes(m.role)) {
        throw new OpenClawError(
          "AGENT_INVALID_PARAMS",
          `messages[${i}] must be { role: "system"|"user"|"assistant", content: string }`,
        );
      }
      return { role: m.role, content: m.content } as ModelMessage;
    });
  }
  if (typeof params.prompt === "string" && params.prompt.trim() !== "")
    return [{ role: "user", content: params.prompt }];
  throw new OpenClawError("AGENT_INVALID_PARAMS", "llm.complete needs a prompt or messages", {
    hint: 'Example: api.runtime.llm.complete({ prompt: "Summarise …" })',
  });
}

/**
 * `api.runtime.llm.complete`: one model call, no tools, hooks or session. Returns `{ text, content,
 * usage }` (`content` mirrors `text` for plugins written against that name).
 * @throws {@link OpenClawError} `AGENT_INVALID_PARAMS`, `AGENT_MODEL_UNKNOWN`, `AGENT_MODEL_UNSUPPORTED`,
 * `AGENT_AUTH_MISSING`, `AGENT_PROVIDER_ERROR`, `AGENT_ABORTED`.
 */
export async function completeText(
  deps: {
    catalog: ModelCatalog;
    config: () => import("@openclaw/plugin-sdk/core").OpenClawConfig;
    /** Takes the AI SDK's warnings (see {@link withSdkWarnings}). */
    logger: HostLogger;
  },
  params: LlmCompleteParams,
): Promise<LlmCompleteResult> {
  const messages = toMessages(params ?? {});
  const model = await deps.catalog.resolve(params.model);
  const languageModel = await languageModelFor(model);
  try {
    const result = await withSdkWarnings(deps.logger, model.ref, () =>
      generateText({
        model: languageModel,
        ...fitPromptToApi(model.api, { ...(params.system ? { system: params.system } : {}), messages }),
        // A plugin's own system messages (trusted code); unset, the SDK prints a console warning.
        allowSystemInMessages: true,
        ...(params.maxTokens ? { maxOutputTokens: params.maxTokens } : {}),
        ...(params.signal ? { abortSignal: params.signal } : {}),
        maxRetries: agentConfig(deps.config()).agents?.defaults?.maxRetries ?? 0,
      }),
    );
    const u = result.usage;
    return {
      text: result.text,
      content: result.text,
      usage: {
        input: u.inputTokens ?? 0,
        output: u.outputTokens ?? 0,
        total: u.totalTokens ?? (u.inputTokens ?? 0) + (u.outputTokens ?? 0),
      },
    };
  } catch (error) {
    if (params.signal?.aborted) {
      throw new OpenClawError("AGENT_ABORTED", "the completion was aborted by its caller", { cause: error });
    }
    throw toProviderError(error, model.providerId);
  }
}
