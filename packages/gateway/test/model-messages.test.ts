import type { ModelMessage } from "ai";
import { describe, expect, it } from "vitest";
import { fitPromptToApi } from "../src/agent/model-messages.js";

const messages: ModelMessage[] = [
  { role: "user", content: "hello" },
  { role: "system", content: "Summary: tea." },
  { role: "assistant", content: "Hi." },
  { role: "system", content: "Be brief." },
  { role: "user", content: "next" },
];

describe("fitPromptToApi", () => {
  it("moves every system message of an Anthropic prompt, in order, after the system prompt", () => {
    expect(fitPromptToApi("anthropic-messages", { system: "You help.", messages })).toEqual({
      system: "You help.\n\nSummary: tea.\n\nBe brief.",
      messages: [
        { role: "user", content: "hello" },
        { role: "assistant", content: "Hi." },
        { role: "user", content: "next" },
      ],
    });
    expect(fitPromptToApi("anthropic-messages", { messages }).system).toBe("Summary: tea.\n\nBe brief.");
  });

  it("keeps system messages in place for the OpenAI APIs", () => {
    for (const api of ["openai-completions", "openai-responses"]) {
      expect(fitPromptToApi(api, { system: "You help.", messages })).toEqual({
        system: "You help.",
        messages,
      });
    }
  });
});
