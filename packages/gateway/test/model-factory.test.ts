import { describe, expect, it } from "vitest";
import type { ResolvedModel } from "../src/agent/model-catalog.js";
import { apiRootOf, createLanguageModel } from "../src/agent/model-factory.js";

const model = (api: string, baseUrl?: string): ResolvedModel => ({
  providerId: "p",
  modelId: "m1",
  ref: "p/m1",
  api,
  ...(baseUrl ? { baseUrl } : {}),
  apiKey: "k",
  headers: {},
  provider: { id: "p", config: {}, source: "config" },
});

describe("model adapters per api", () => {
  it("maps each supported api to its AI SDK adapter", async () => {
    const cases: Array<[string, string]> = [
      ["openai-completions", "p.chat"],
      ["openai-responses", "openai.responses"],
      ["anthropic-messages", "anthropic.messages"],
      ["mock", "mock"],
    ];
    for (const [api, provider] of cases) {
      const built = (await createLanguageModel(model(api, "http://127.0.0.1:9/v1"))) as {
        provider: string;
        modelId: string;
      };
      expect([api, built.provider, built.modelId]).toEqual([api, provider, "m1"]);
    }
  });

  it("refuses an unsupported api and a compatible provider without a base URL", async () => {
    await expect(createLanguageModel(model("google-generative-ai"))).rejects.toMatchObject({
      code: "AGENT_MODEL_UNSUPPORTED",
      hint: expect.stringContaining("openai-completions"),
    });
    await expect(createLanguageModel(model("openai-completions"))).rejects.toMatchObject({
      code: "AGENT_MODEL_UNKNOWN",
    });
  });

  it("uses the versioned Anthropic root whether or not the config writes /v1, and fixed defaults", () => {
    const root = (api: string, baseUrl?: string) =>
      apiRootOf({ api, providerId: "p", ...(baseUrl ? { baseUrl } : {}) });
    expect(root("anthropic-messages", "https://api.anthropic.com")).toBe("https://api.anthropic.com/v1");
    expect(root("anthropic-messages", "https://api.minimax.io/anthropic/")).toBe(
      "https://api.minimax.io/anthropic/v1",
    );
    expect(root("anthropic-messages", "http://127.0.0.1:9/v1/")).toBe("http://127.0.0.1:9/v1");
    expect(root("openai-responses", "http://127.0.0.1:9/v1/")).toBe("http://127.0.0.1:9/v1");
    // Defaults are the vendors' roots, never the SDKs' ANTHROPIC_BASE_URL / OPENAI_BASE_URL environment.
    expect(root("anthropic-messages")).toBe("https://api.anthropic.com/v1");
    expect(root("openai-responses")).toBe("https://api.openai.com/v1");
  });
});
