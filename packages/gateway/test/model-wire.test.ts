import { createHostLogger } from "@openclaw/plugin-loader";
import { PluginRegistry } from "@openclaw/plugin-registry";
import { describe, expect, it } from "vitest";
import { completeText } from "../src/agent/llm-complete.js";
import { ModelCatalog } from "../src/agent/model-catalog.js";
import { startFakeOpenAI } from "../src/testing/fake-openai.js";

describe("llm.complete on each wire api", () => {
  it("speaks OpenAI chat completions, OpenAI Responses and Anthropic Messages to the same fake", async () => {
    const fake = await startFakeOpenAI();
    try {
      const providers = {
        compat: { baseUrl: fake.baseUrl, api: "openai-completions", apiKey: "k-compat" },
        responses: { baseUrl: fake.baseUrl, api: "openai-responses", apiKey: "k-responses" },
        claude: { baseUrl: fake.baseUrl, api: "anthropic-messages", apiKey: "k-claude" },
      };
      const config = () => ({ models: { providers } });
      const logger = createHostLogger({ level: "silent" });
      const catalog = new ModelCatalog({
        registry: new PluginRegistry(),
        config,
        env: {},
        stateDir: "/nonexistent",
        logger,
      });
      const seen: Array<[string | undefined, string, string]> = [];
      for (const id of Object.keys(providers)) {
        fake.script([{ text: `hello from ${id}` }]);
        const result = await completeText(
          { catalog, config, logger },
          { model: `${id}/m1`, prompt: "hi", system: "Be short." },
        );
        expect(result).toMatchObject({
          text: `hello from ${id}`,
          content: `hello from ${id}`,
          usage: { input: 11, output: 7 },
        });
        const request = fake.requests.at(-1);
        seen.push([
          request?.path,
          String(request?.headers.authorization ?? request?.headers["x-api-key"]),
          JSON.stringify(request?.body),
        ]);
      }
      expect(seen.map(([path, key]) => [path, key])).toEqual([
        ["/v1/chat/completions", "Bearer k-compat"],
        ["/v1/responses", "Bearer k-responses"],
        ["/v1/messages", "k-claude"],
      ]);
      for (const [, , body] of seen) expect(body).toContain("Be short.");
    } finally {
      await fake.close();
    }
  });
});
