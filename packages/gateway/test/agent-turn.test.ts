// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import type { GatewayHandle } from "../src/index.js";
import type { FakeOpenAI } from "../src/testing/fake-openai.js";
import { POLICY, TOOLBOX } from "./support/agent-plugins.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

let gateway: GatewayHandle;
let token: string;
let fake: FakeOpenAI;
let t: PluginGateway;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [
      { id: "toolbox", source: TOOLBOX },
      { id: "policy", source: POLICY },
    ],
    config: (baseUrl) => ({
      models: {
        providers: {
          fake: {
            baseUrl,
            api: "openai-completions",
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
            apiKey: "${FAKE_LLM_KEY}",
            models: [{ id: "m1", contextWindow: 8000 }],
          },
          keyless: { baseUrl, api: "openai-completions", models: [] },
          broken: { baseUrl, api: "google-generative-ai", apiKey: "k" },
        },
      },
      agents: { defaults: { model: "fake/m1", toolTimeoutMs: 300, maxSteps: 4 } },
    }),
    env: { FAKE_LLM_KEY: "sk-fake-123" },
  });
  ({ gateway, token, fake } = t);
});

afterAll(() => t?.close());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);

/** Waits until the policy plugin has recorded `count` events of `hook` for `runId`. */
async function seenFor(hook: string, runId: string, count = 1): Promise<any[]> {
  return vi.waitFor(async () => {
    const seen = await rpc("policy.seen");
    const list = (seen[hook] ?? []).filter((e: any) => (e.event.runId ?? e.ctx.runId) === runId);
    expect(list.length).toBeGreaterThanOrEqual(count);
    return list;
  });
}

describe("agent turn against a fake OpenAI-compatible server", () => {
  it("prompt hooks change the streamed request; the key comes from the env reference", async () => {
    fake.script([{ text: "Hello there." }]);
    const before = fake.requests.length;
    const result = await rpc("agent.run", { prompt: "hi", sessionKey: "t-prompt" });
    expect(result).toMatchObject({
      text: "Hello there.",
      aborted: false,
      model: "fake/m1",
      stopReason: "stop",
    });
    expect(result.usage).toEqual({ input: 11, output: 7, total: 18 });
    const request = fake.requests[before] as any;
    expect(request.body.stream).toBe(true);
    expect(request.headers.authorization).toBe("Bearer sk-fake-123");
    expect(request.body.messages[0]).toMatchObject({ role: "system" });
    expect(request.body.messages[0].content).toMatch(/^POLICY: be polite\./);
    expect(request.body.messages.at(-1)).toEqual({ role: "user", content: "[ctx]\n\nhi" });
    expect(request.body.tools.map((t: any) => t.function.name)).toContain("echo_tool");
  });

  it("runs a tool call with rewritten params; after_tool_call, llm_output and agent_end see real values", async () => {
    fake.script([{ toolCalls: [{ name: "echo_tool", arguments: { x: 1 } }] }, { text: "Echo done." }]);
    const before = fake.requests.length;
    const result = await rpc("agent.run", { prompt: "echo please", sessionKey: "t-tool" });
    expect(result.text).toBe("Echo done.");
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        toolName: "echo_tool",
        params: { x: 1, rewritten: true },
        resultText: '{"x":1,"rewritten":true}',
        isError: false,
      }),
    ]);
    const second = fake.requests[before + 1] as any;
    expect(second.body.messages.at(-1)).toMatchObject({ role: "tool", content: '{"x":1,"rewritten":true}' });
    const [after] = await seenFor("after_tool_call", result.runId);
    expect(after.event).toMatchObject({
      toolName: "echo_tool",
      params: { x: 1, rewritten: true },
      result: { content: [{ type: "text", text: '{"x":1,"rewritten":true}' }] },
    });
    expect(after.event.durationMs).toBeGreaterThanOrEqual(0);
    const [output] = await seenFor("llm_output", result.runId);
    expect(output.event).toMatchObject({
      provider: "fake",
      model: "m1",
      assistantTexts: ["Echo done."],
      usage: { input: 22, output: 14, total: 36 },
    });
    const [end] = await seenFor("agent_end", result.runId);
    expect(end.event.success).toBe(true);
    expect(end.event.messages.map((m: any) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    const [input] = await seenFor("llm_input", result.runId);
    expect(input.event).toMatchObject({
      provider: "fake",
      model: "m1",
      prompt: "[ctx]\n\necho please",
      imagesCount: 0,
    });
  });

  it("a blocking or failing before_tool_call stops the tool in a turn and in tools.invoke", async () => {
    fake.script([
      {
        toolCalls: [
          { name: "danger_tool", arguments: {} },
          { name: "fail_tool", arguments: {} },
        ],
      },
      { text: "Could not." },
    ]);
    const result = await rpc("agent.run", { prompt: "do danger", sessionKey: "t-block" });
    expect(result.toolCalls.map((c: any) => [c.toolName, c.blocked])).toEqual([
      ["danger_tool", true],
      ["fail_tool", true],
    ]);
    expect(result.toolCalls[0].resultText).toContain("danger is off limits");
    expect(result.toolCalls[1].resultText).toContain("policy engine down");
    await expect(rpc("tools.invoke", { name: "danger_tool" })).rejects.toMatchObject({
      code: "AGENT_TOOL_BLOCKED",
    });
    await expect(rpc("tools.invoke", { name: "fail_tool" })).rejects.toMatchObject({
      code: "AGENT_TOOL_BLOCKED",
    });
    expect(await rpc("tools.invoke", { name: "echo_tool", params: { x: 2 } })).toEqual({
      content: [{ type: "text", text: '{"x":2,"rewritten":true}' }],
    });
    expect((await rpc("toolbox.state")).executed).not.toContain("danger_tool");
    expect((await rpc("toolbox.state")).executed).not.toContain("fail_tool");
  });

  it("checks the model's tool params against the tool's schema before hooks or the tool", async () => {
    fake.script([
      { toolCalls: [{ name: "echo_tool", arguments: { x: "not a number" } }] },
      { text: "Fixed." },
    ]);
    const before = fake.requests.length;
    const seenBefore = ((await rpc("policy.seen")).before_tool_call ?? []).length;
    const result = await rpc("agent.run", { prompt: "bad params", sessionKey: "t-schema" });
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        toolName: "echo_tool",
        isError: true,
        resultText: expect.stringContaining("invalid tool params: x: must be number"),
      }),
    ]);
    expect((fake.requests[before + 1] as any).body.messages.at(-1).content).toContain("must be number");
    expect(((await rpc("policy.seen")).before_tool_call ?? []).length).toBe(seenBefore);
  });

  it("a throwing and a hanging tool become error tool results; the turn still answers", async () => {
    fake.script([
      {
        toolCalls: [
          { name: "throw_tool", arguments: {} },
          { name: "hang_tool", arguments: {} },
        ],
      },
      { text: "Both failed." },
    ]);
    const before = fake.requests.length;
    const result = await rpc("agent.run", { prompt: "try", sessionKey: "t-toolfail" });
    expect(result.text).toBe("Both failed.");
    expect(result.toolCalls.map((c: any) => [c.toolName, c.isError])).toEqual([
      ["throw_tool", true],
      ["hang_tool", true],
    ]);
    expect(result.toolCalls[1].resultText).toMatch(/hang_tool did not (?:finish|settle) within 300 ms/);
    const tools = (fake.requests[before + 1] as any).body.messages.filter((m: any) => m.role === "tool");
    expect(tools.map((m: any) => m.content)).toEqual([
      expect.stringContaining("kaput"),
      expect.stringMatching(/did not (?:finish|settle)/),
    ]);
  });

  it("continues a session: the second turn sends the first turn's messages", async () => {
    fake.script([{ text: "First answer." }, { text: "Second answer." }]);
    await rpc("agent.run", { prompt: "one", sessionKey: "t-session" });
    const before = fake.requests.length;
    await rpc("agent.run", { prompt: "two", sessionKey: "t-session" });
    const roles = (fake.requests[before] as any).body.messages.map((m: any) => `${m.role}:${m.content}`);
    expect(roles.slice(1)).toEqual(["user:one", "assistant:First answer.", "user:[ctx]\n\ntwo"]);
    const shown = await rpc("sessions.show", { sessionKey: "t-session" });
    expect(shown.messages.map((m: any) => m.content)).toEqual([
      "one",
      "First answer.",
      "two",
      "Second answer.",
    ]);
    expect((await rpc("sessions.list")).sessions.map((s: any) => s.sessionKey)).toContain("t-session");
    await rpc("sessions.reset", { sessionKey: "t-session" });
    await expect(rpc("sessions.show", { sessionKey: "t-session" })).rejects.toMatchObject({
      code: "AGENT_SESSION_NOT_FOUND",
    });
  });

  it("times out cleanly with AGENT_TIMEOUT, leaves a whole transcript and keeps serving", async () => {
    fake.script([{ text: "too late", delayMs: 10_000 }]);
    const started = Date.now();
    await expect(
      rpc("agent.run", { prompt: "slow", sessionKey: "t-timeout", timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: "AGENT_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(5000);
    const file = readFileSync((await rpc("sessions.show", { sessionKey: "t-timeout" })).file, "utf8");
    expect(file.endsWith("\n")).toBe(true);
    for (const line of file.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    const [end] = await vi.waitFor(async () => {
      const list = ((await rpc("policy.seen")).agent_end ?? []).filter(
        (e: any) => e.ctx.sessionKey === "t-timeout",
      );
      expect(list.length).toBe(1);
      return list;
    });
    expect(end.event).toMatchObject({
      success: false,
      error: expect.stringContaining("did not finish within 200 ms"),
    });
    expect((await rpc("health")).ok).toBe(true);
  });

  it("agent.abort ends a running turn with aborted: true", async () => {
    fake.script([{ text: "never", delayMs: 10_000 }]);
    const running = rpc("agent.run", { prompt: "wait", sessionKey: "t-abort", runId: "run-abort-1" });
    await vi.waitFor(async () =>
      expect(fake.requests.at(-1)?.body.messages.at(-1)?.content).toBe("[ctx]\n\nwait"),
    );
    expect(await rpc("agent.abort", { runId: "run-abort-1" })).toEqual({ aborted: true });
    expect(await running).toMatchObject({ aborted: true, stopReason: "aborted", runId: "run-abort-1" });
  });

  it("stops a model that loops on tool calls with AGENT_STEP_LIMIT", async () => {
    fake.script(
      Array.from({ length: 6 }, () => ({ toolCalls: [{ name: "echo_tool", arguments: { x: 9 } }] })),
    );
    await expect(rpc("agent.run", { prompt: "loop", sessionKey: "t-loop" })).rejects.toMatchObject({
      code: "AGENT_STEP_LIMIT",
    });
  });

  it("lets the first before_model_resolve override pick the model", async () => {
    const result = await rpc("agent.run", { prompt: "use-echo please", sessionKey: "t-override" });
    expect(result).toMatchObject({ model: "mock/echo", text: "[ctx]\n\nuse-echo please" });
  });

  it("runs turns of one session one after another", async () => {
    fake.script([{ text: "slow first", delayMs: 300 }, { text: "second" }]);
    const first = rpc("agent.run", { prompt: "A", sessionKey: "t-serial" });
    await vi.waitFor(() => expect(fake.requests.at(-1)?.body.messages.at(-1)?.content).toBe("[ctx]\n\nA"));
    const second = rpc("agent.run", { prompt: "B", sessionKey: "t-serial" });
    await Promise.all([first, second]);
    const shown = await rpc("sessions.show", { sessionKey: "t-serial" });
    expect(shown.messages.map((m: any) => m.content)).toEqual(["A", "slow first", "B", "second"]);
  });

  it("reports bad model input as coded errors", async () => {
    fake.script([{ status: 500, body: '{"error":{"message":"overloaded"}}' }]);
    await expect(rpc("agent.run", { prompt: "x", sessionKey: "t-bad" })).rejects.toMatchObject({
      code: "AGENT_PROVIDER_ERROR",
      message: expect.stringContaining("HTTP 500"),
    });
    await expect(rpc("agent.run", { prompt: "x", model: "nope/m" })).rejects.toMatchObject({
      code: "AGENT_MODEL_UNKNOWN",
    });
    await expect(rpc("agent.run", { prompt: "x", model: "fake/m9" })).rejects.toMatchObject({
      code: "AGENT_MODEL_UNKNOWN",
    });
    await expect(rpc("agent.run", { prompt: "x", model: "keyless/any" })).rejects.toMatchObject({
      code: "AGENT_AUTH_MISSING",
    });
    await expect(rpc("agent.run", { prompt: "x", model: "broken/any" })).rejects.toMatchObject({
      code: "AGENT_MODEL_UNSUPPORTED",
    });
    await expect(rpc("agent.run", { prompt: "  " })).rejects.toMatchObject({ code: "AGENT_INVALID_PARAMS" });
  });

  it("streams agent.delta, agent.tool and agent.end over /ws", async () => {
    fake.script([
      { toolCalls: [{ name: "echo_tool", arguments: { x: 3 } }] },
      { text: "Streamed reply here." },
    ]);
    const ws = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((resolve) => ws.once("open", resolve));
    const events: any[] = [];
    const done = new Promise<any>((resolve) =>
      ws.on("message", (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === "event" && frame.payload?.runId === "run-ws-1") events.push(frame);
        if (frame.type === "res") resolve(frame);
      }),
    );
    ws.send(
      JSON.stringify({
        type: "req",
        id: 1,
        method: "agent.run",
        params: { prompt: "stream", sessionKey: "t-ws", runId: "run-ws-1" },
      }),
    );
    expect((await done).ok).toBe(true);
    ws.close();
    const names = events.map((e) => (e.event === "agent.tool" ? `tool:${e.payload.phase}` : e.event));
    expect(names[0]).toBe("tool:start");
    expect(names[1]).toBe("tool:end");
    expect(names.at(-1)).toBe("agent.end");
    expect(
      events
        .filter((e) => e.event === "agent.delta")
        .map((e) => e.payload.text)
        .join(""),
    ).toBe("Streamed reply here.");
  });

  it("serves api.runtime.llm.complete and api.runtime.agent.runEmbeddedAgent to plugins", async () => {
    fake.script([{ text: "A summary." }]);
    const before = fake.requests.length;
    expect(
      await rpc("policy.complete", {
        messages: [{ role: "user", content: "sum up" }],
        maxTokens: 50,
        system: "Be short.",
      }),
    ).toMatchObject({ text: "A summary.", content: "A summary." });
    expect((fake.requests[before] as any).body).toMatchObject({
      max_tokens: 50,
      messages: [
        { role: "system", content: "Be short." },
        { role: "user", content: "sum up" },
      ],
    });
    fake.script([{ text: "Voice reply." }]);
    const embedded = await rpc("policy.embedded", {
      sessionKey: "voice:15550001234",
      prompt: "hello",
      extraSystemPrompt: "You are on a phone call.",
      messageProvider: "voice",
    });
    expect(embedded.result).toMatchObject({
      text: "Voice reply.",
      aborted: false,
      sessionKey: "voice:15550001234",
    });
    expect(embedded.deltas.join("")).toBe("Voice reply.");
    expect((fake.requests.at(-1) as any).body.messages[0].content).toMatch(/You are on a phone call\.$/);
  });

  it("channels.send runs message_sending (rewrite, cancel) and message_sent", async () => {
    expect(await rpc("channels.send", { channel: "outbox", to: "bob", text: "hello" })).toMatchObject({
      ok: true,
    });
    expect((await rpc("toolbox.state")).outbox).toContain("bob:HELLO");
    await expect(
      rpc("channels.send", { channel: "outbox", to: "bob", text: "the secret" }),
    ).rejects.toMatchObject({ code: "GATEWAY_MESSAGE_CANCELLED" });
    expect((await rpc("toolbox.state")).outbox).not.toContain("bob:THE SECRET");
    await vi.waitFor(async () =>
      expect((await rpc("policy.seen")).message_sent?.[0]?.event).toMatchObject({
        to: "bob",
        content: "HELLO",
        success: true,
      }),
    );
  });
});
