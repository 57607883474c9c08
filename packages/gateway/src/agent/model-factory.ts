import type { LanguageModelV3 } from "@ai-sdk/provider";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { defaultSettingsMiddleware, type LanguageModel, wrapLanguageModel } from "ai";
import { anthropicAuthSettings } from "./anthropic-auth.js";
import { createMockModel } from "./mock-model.js";
import type { ResolvedModel } from "./model-catalog.js";

/** The `api` values this host speaks. */
export const SUPPORTED_MODEL_APIS: readonly string[] = [
  "openai-completions",
  "openai-responses",
  "anthropic-messages",
  "mock",
];

/** API roots used when a provider sets no `baseUrl` (never the SDKs' `*_BASE_URL` environment). */
const DEFAULT_API_ROOTS: Record<string, string> = {
  "openai-responses": "https://api.openai.com/v1",
  "anthropic-messages": "https://api.anthropic.com/v1",
};

/**
 * The API root an adapter posts to (`<root>/chat/completions`, `<root>/responses`, `<root>/messages`).
 * An `anthropic-messages` root without a trailing `/v1` gets one: upstream configs write the
 * Anthropic root the way Anthropic's SDK takes it (`https://api.anthropic.com`,
 * `https://api.minimax.io/anthropic`), while `@ai-sdk/anthropic` expects the versioned root.
 * @throws {@link OpenClawError} `AGENT_MODEL_UNKNOWN` when an `openai-completions` provider has no `baseUrl`.
 */
export function apiRootOf(model: Pick<ResolvedModel, "api" | "baseUrl" | "providerId">): string | undefined {
  const configured = model.baseUrl?.trim().replace(/\/+$/, "");
  if (!configured) {
    if (model.api === "openai-completions") {
      throw new OpenClawError(
        "AGENT_MODEL_UNKNOWN",
        `models.providers.${model.providerId}.baseUrl is not set`,
        {
          hint: "An openai-completions provider needs its API root, e.g. http://127.0.0.1:11434/v1.",
        },
      );
    }
    return DEFAULT_API_ROOTS[model.api];
  }
  if (model.api === "anthropic-messages" && !/\/v1$/.test(configured)) return `${configured}/v1`;
  return configured;
}

/**
 * The runtime keeps the transcript and sends the whole history every request, so Responses calls
 * are stateless (`store: false`): prior output goes back as full items, never as `item_reference`s
 * to responses the server may not have kept (servers other than OpenAI's, zero-retention accounts).
 */
function statelessResponses(model: LanguageModelV3): LanguageModel {
  return wrapLanguageModel({
    model,
    middleware: defaultSettingsMiddleware({ settings: { providerOptions: { openai: { store: false } } } }),
  });
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
    model.authToken,
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
 * (`.responses`, stateless: `store: false`), `anthropic-messages` → `@ai-sdk/anthropic` (API root
 * per {@link apiRootOf}; an `authToken` goes as Bearer with the OAuth betas, see
 * {@link anthropicAuthSettings}), `mock` → the built-in scripted model. The OpenAI adapters send
 * `apiKey` or `authToken` as `Authorization: Bearer`.
 * The OpenAI and Anthropic adapters are imported on first use only.
 * @throws {@link OpenClawError} `AGENT_MODEL_UNSUPPORTED` for any other `api`.
 */
export async function createLanguageModel(model: ResolvedModel): Promise<LanguageModel> {
  const baseURL = apiRootOf(model);
  // The OpenAI APIs send keys and tokens alike as `Authorization: Bearer`.
  const bearer = model.apiKey ?? model.authToken;
  const common = {
    ...(baseURL ? { baseURL } : {}),
    ...(bearer ? { apiKey: bearer } : {}),
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
      return statelessResponses(createOpenAI({ ...common, apiKey: bearer ?? "" }).responses(model.modelId));
    }
    case "anthropic-messages": {
      const { createAnthropic } = await import("@ai-sdk/anthropic");
      return createAnthropic({
        ...(baseURL ? { baseURL } : {}),
        ...anthropicAuthSettings(model),
      })(model.modelId);
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
