import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { LanguageModel } from "ai";
import { createMockModel } from "./mock-model.js";
import type { ResolvedModel } from "./model-catalog.js";

/** The `api` values this host speaks. */
export const SUPPORTED_MODEL_APIS: readonly string[] = [
  "openai-completions",
  "openai-responses",
  "anthropic-messages",
  "mock",
];

function requireBaseUrl(model: ResolvedModel): string | undefined {
  if (model.baseUrl) return model.baseUrl.replace(/\/$/, "");
  if (model.api === "openai-completions") {
    throw new OpenClawError(
      "AGENT_MODEL_UNKNOWN",
      `models.providers.${model.providerId}.baseUrl is not set`,
      {
        hint: "An openai-completions provider needs its API root, e.g. http://127.0.0.1:11434/v1.",
      },
    );
  }
  return undefined;
}

const MODEL_CACHE_SIZE = 32;
const modelCache = new Map<string, LanguageModel>();

/**
 * The Vercel AI SDK model for a resolved reference, reused across turns while its provider settings
 * (api, base URL, key, headers) stay the same: building one costs more than a turn's own bookkeeping
 * (the OpenAI-compatible adapter compiles its zod chunk schemas per instance). The adapters keep no
 * per-request state. At most 32 are kept (least recently used dropped); `mock` models are never
 * reused (their scripts are per model). Throws what {@link createLanguageModel} throws.
 */
export async function languageModelFor(model: ResolvedModel): Promise<LanguageModel> {
  if (model.api === "mock") return createLanguageModel(model);
  const key = JSON.stringify([
    model.api,
    model.providerId,
    model.modelId,
    model.baseUrl,
    model.apiKey,
    model.headers,
  ]);
  const cached = modelCache.get(key);
  if (cached) {
    modelCache.delete(key);
    modelCache.set(key, cached);
    return cached;
  }
  const created = await createLanguageModel(model);
  modelCache.set(key, created);
  if (modelCache.size > MODEL_CACHE_SIZE) modelCache.delete(modelCache.keys().next().value as string);
  return created;
}

/**
 * Builds the Vercel AI SDK model for a resolved reference. Adapters per `api` (design note §4):
 * `openai-completions` → `@ai-sdk/openai-compatible`, `openai-responses` → `@ai-sdk/openai`
 * (`.responses`), `anthropic-messages` → `@ai-sdk/anthropic`, `mock` → the built-in scripted model.
 * The OpenAI and Anthropic adapters are imported on first use only.
 * @throws {@link OpenClawError} `AGENT_MODEL_UNSUPPORTED` for any other `api`.
 */
export async function createLanguageModel(model: ResolvedModel): Promise<LanguageModel> {
  const baseURL = requireBaseUrl(model);
  const common = {
    ...(baseURL ? { baseURL } : {}),
    ...(model.apiKey ? { apiKey: model.apiKey } : {}),
    headers: model.headers,
  };
  switch (model.api) {
    case "openai-completions": {
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      return createOpenAICompatible({
        name: model.providerId,
        baseURL: baseURL as string,
        ...common,
        includeUsage: true,
      })(model.modelId);
    }
    case "openai-responses": {
      const { createOpenAI } = await import("@ai-sdk/openai");
      return createOpenAI({ ...common, apiKey: model.apiKey ?? "" }).responses(model.modelId);
    }
    case "anthropic-messages": {
      const { createAnthropic } = await import("@ai-sdk/anthropic");
      return createAnthropic({ ...common, apiKey: model.apiKey ?? "" })(model.modelId);
    }
    case "mock":
      return createMockModel(model);
    default:
      throw new OpenClawError(
        "AGENT_MODEL_UNSUPPORTED",
        `models.providers.${model.providerId}.api "${model.api}" is not supported`,
        {
          hint: `Use one of: ${SUPPORTED_MODEL_APIS.filter((a) => a !== "mock").join(", ")} (most local and hosted servers speak openai-completions).`,
        },
      );
  }
}
