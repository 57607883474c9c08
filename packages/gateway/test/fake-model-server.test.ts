import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../src/testing/fake-openai.js";

// The fake model server is checked against the vendors' own SDKs (their stream accumulators refuse
// events out of order or at unknown indices), not against the AI SDK adapters the product uses.

let fake: FakeOpenAI;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKeys: ["k-good"] });
  openai = new OpenAI({ baseURL: fake.baseUrl, apiKey: "k-good", maxRetries: 0 });
  // Anthropic's SDK takes the API root without /v1.
  anthropic = new Anthropic({ baseURL: fake.baseUrl.replace(/\/v1$/, ""), apiKey: "k-good", maxRetries: 0 });
});

afterAll(() => fake?.close());

const toolAnswer = {
  text: "Let me look. ",
  toolCalls: [{ name: "echo_tool", arguments: { x: 1, s: "a b" } }],
};

describe("fake model server, read by the official SDKs", () => {
  it("streams Anthropic Messages events that @anthropic-ai/sdk accumulates into the scripted message", async () => {
    fake.script([toolAnswer]);
    const stream = anthropic.messages.stream({
      model: "fake",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
    });
    const deltas: string[] = [];
    stream.on("text", (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas.join("")).toBe("Let me look. ");
    expect(deltas.length).toBeGreaterThan(1);
    expect(message.content).toEqual([
      expect.objectContaining({ type: "text", text: "Let me look. " }),
      expect.objectContaining({ type: "tool_use", name: "echo_tool", input: { x: 1, s: "a b" } }),
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 11, output_tokens: 7 });
    // The SDK pins its own API version; the fake, like the API, only requires the header.
    expect(fake.requests.at(-1)?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("answers Anthropic Messages as JSON, and fails in-band and over HTTP the way the API does", async () => {
    fake.script([
      { text: "Plain." },
      { streamError: { message: "Overloaded" }, text: "Par" },
      { status: 429 },
    ]);
    const message = await anthropic.messages.create({
      model: "fake",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.content).toEqual([expect.objectContaining({ type: "text", text: "Plain." })]);
    const streamed = anthropic.messages.stream({
      model: "fake",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
    });
    await expect(streamed.finalMessage()).rejects.toMatchObject({
      error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    await expect(
      anthropic.messages.create({
        model: "fake",
        max_tokens: 100,
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);
  });

  it("refuses Anthropic requests the API refuses: wrong key, orphan tool_result, no version, system role", async () => {
    const wrongKey = new Anthropic({
      baseURL: fake.baseUrl.replace(/\/v1$/, ""),
      apiKey: "k-bad",
      maxRetries: 0,
    });
    await expect(
      wrongKey.messages.create({
        model: "fake",
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await expect(
      anthropic.messages.create({
        model: "fake",
        max_tokens: 10,
        messages: [
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_x", content: "r" }] },
        ],
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("tool_use_id") });
    const post = async (headers: Record<string, string>, messages: unknown[]) => {
      const response = await fetch(`${fake.baseUrl}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "k-good", ...headers },
        body: JSON.stringify({ model: "fake", max_tokens: 10, messages }),
      });
      const body = (await response.json()) as { error: { type: string; message: string } };
      return [response.status, body.error.type, body.error.message];
    };
    const hi = [{ role: "user", content: "hi" }];
    expect(await post({}, hi)).toEqual([
      400,
      "invalid_request_error",
      "anthropic-version: header is required",
    ]);
    expect(
      await post({ "anthropic-version": "2023-06-01" }, [{ role: "system", content: "x" }, ...hi]),
    ).toEqual([400, "invalid_request_error", "messages.0.role: Input should be 'user' or 'assistant'"]);
  });

  it("streams Responses events that openai's ResponseStream accumulates into the scripted output", async () => {
    fake.script([toolAnswer]);
    const stream = openai.responses.stream({ model: "fake", input: "hi" });
    const types: string[] = [];
    stream.on("event", (event) => types.push(event.type));
    const response = await stream.finalResponse();
    expect(response.output_text).toBe("Let me look. ");
    expect(response.output).toEqual([
      expect.objectContaining({ type: "message", role: "assistant" }),
      expect.objectContaining({ type: "function_call", name: "echo_tool", arguments: '{"x":1,"s":"a b"}' }),
    ]);
    expect(response.usage).toMatchObject({ input_tokens: 11, output_tokens: 7, total_tokens: 18 });
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    for (const type of [
      "response.output_item.added",
      "response.output_text.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
    ]) {
      expect(types).toContain(type);
    }
  });

  it("refuses Responses input a stateless server cannot serve, and wrong keys", async () => {
    await expect(
      openai.responses.create({ model: "fake", input: [{ type: "item_reference", id: "msg_1" }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      openai.responses.create({
        model: "fake",
        input: [{ type: "function_call_output", call_id: "call_1", output: "r" }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const wrongKey = new OpenAI({ baseURL: fake.baseUrl, apiKey: "k-bad", maxRetries: 0 });
    await expect(wrongKey.responses.create({ model: "fake", input: "hi" })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
  });

  it("streams chat completion chunks that openai's ChatCompletionStream accumulates", async () => {
    fake.script([toolAnswer]);
    const stream = openai.chat.completions.stream({
      model: "fake",
      messages: [{ role: "user", content: "hi" }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    const [choice] = completion.choices;
    expect(choice?.message.content).toBe("Let me look. ");
    expect(choice?.message.tool_calls).toEqual([
      expect.objectContaining({
        function: expect.objectContaining({ name: "echo_tool", arguments: '{"x":1,"s":"a b"}' }),
      }),
    ]);
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7 });
  });

  it("stalls a stream after the scripted number of text deltas until the client leaves", async () => {
    fake.script([{ text: "one two three", stallAfter: 1 }]);
    const controller = new AbortController();
    const stream = openai.responses.stream({ model: "fake", input: "hi" }, { signal: controller.signal });
    const firstDelta = new Promise<string>((resolve) =>
      stream.on("response.output_text.delta", (e) => resolve(e.delta)),
    );
    expect(await firstDelta).toBe("one ");
    controller.abort();
    await expect(stream.finalResponse()).rejects.toThrow();
  });
});
