// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import type { FakeOpenAI } from "../src/testing/fake-openai.js";
import { POLICY, TOOLBOX } from "./support/agent-plugins.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";
import { anthropicView, completionsView, responsesView, type WireView } from "./support/wire-views.js";

// Full agent turns over each wire API (OpenAI chat completions, OpenAI Responses, Anthropic Messages),
// against the fake model server on loopback: streaming, tool calls and their results in each API's own format, hooks,
// provider errors, missing keys, timeouts and aborts.

/** A context engine that puts an earlier-conversation summary, as a system message, before the history. */
const SUMMARIZER = `
export default (api: any) => {
  api.registerContextEngine("summarizer", () => ({
    info: { id: "summarizer", name: "Summarizer", ownsCompaction: true },
    ingest: () => ({ ingested: true }),
    assemble: ({ messages, sessionKey }: any) => ({
      messages: sessionKey.endsWith("-summary") && messages.length > 0
        ? [messages[0], { role: "system", content: "Summary: the user likes tea." }, ...messages.slice(1)]
        : messages,
      estimatedTokens: 1,
    }),
    compact: () => ({ ok: true, compacted: false }),
  }));
};`;

let t: PluginGateway;
let fake: FakeOpenAI;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [
      { id: "toolbox", source: TOOLBOX },
      { id: "policy", source: POLICY },
      { id: "summarizer", source: SUMMARIZER },
    ],
    config: (baseUrl) => ({
      models: {
        providers: {
          compat: {
            baseUrl,
            api: "openai-completions",
            apiKey: "sk-compat-fake",
            headers: { "x-team": "blue" },
            models: [{ id: "k1" }],
          },
          "compat-wrongkey": { baseUrl, api: "openai-completions", apiKey: "sk-wrong" },
          "compat-nokey": { baseUrl, api: "openai-completions" },
          responses: {
            baseUrl,
            api: "openai-responses",
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
            apiKey: "${RESP_KEY}",
            headers: { "x-team": "blue" },
            models: [{ id: "r1" }],
          },
          // Upstream (pi-ai) style: the Anthropic API root without /v1.
          claude: {
            baseUrl: baseUrl.replace(/\/v1$/, ""),
            api: "anthropic-messages",
            apiKey: "sk-ant-fake",
            headers: { "x-team": "blue" },
            models: [{ id: "c1", maxTokens: 1024 }],
          },
          "responses-wrongkey": { baseUrl, api: "openai-responses", apiKey: "sk-wrong" },
          "claude-wrongkey": { baseUrl, api: "anthropic-messages", apiKey: "sk-wrong" },
          "responses-nokey": { baseUrl, api: "openai-responses" },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
          "claude-nokey": { baseUrl, api: "anthropic-messages", apiKey: "${UNSET_ANTHROPIC_KEY}" },
        },
      },
      agents: { defaults: { toolTimeoutMs: 300, maxSteps: 4 } },
      plugins: { slots: { contextEngine: "summarizer" } },
    }),
    env: { RESP_KEY: "sk-resp-fake" },
    fake: { apiKeys: ["sk-compat-fake", "sk-resp-fake", "sk-ant-fake"] },
  });
  fake = t.fake;
});

afterAll(() => t?.close());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);

/** Waits until the policy plugin has recorded an event of `hook` for `runId`. */
async function seenFor(hook: string, runId: string): Promise<any> {
  return vi.waitFor(async () => {
    const list = ((await rpc("policy.seen"))[hook] ?? []).filter(
      (e: any) => (e.event.runId ?? e.ctx.runId) === runId,
    );
    expect(list.length).toBeGreaterThan(0);
    return list[0];
  });
}

/** Runs `agent.run` over `/ws`, collecting the run's `agent.*` events. */
async function runStreamed(params: Record<string, unknown>): Promise<{ result: any; events: any[] }> {
  const ws = new WebSocket(`${t.gateway.url.replace("http", "ws")}/ws`, {
    headers: { authorization: `Bearer ${t.token}` },
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const events: any[] = [];
  const done = new Promise<any>((resolve) =>
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === "event" && frame.payload?.runId === params.runId) events.push(frame);
      if (frame.type === "res" && frame.id === 1) resolve(frame);
    }),
  );
  ws.send(JSON.stringify({ type: "req", id: 1, method: "agent.run", params }));
  const response = await done;
  ws.close();
  expect(response.ok, JSON.stringify(response.error)).toBe(true);
  return { result: response.payload, events };
}

/** The session file's lines, each parsed (a torn or half-written line fails the test). */
function sessionLines(file: string): any[] {
  const raw = readFileSync(file, "utf8");
  expect(raw.endsWith("\n")).toBe(true);
  return raw
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

const cases: Array<{ view: WireView; provider: string; model: string }> = [
  { view: completionsView, provider: "compat", model: "k1" },
  { view: responsesView, provider: "responses", model: "r1" },
  { view: anthropicView, provider: "claude", model: "c1" },
];

describe.each(cases)("agent turn over $view.api", ({ view, provider, model }) => {
  const ref = `${provider}/${model}`;
  const key = (name: string) => `${provider}-${name}`;

  it("calls a plugin tool, sends its result back in the API's format and streams the answer", async () => {
    fake.script([
      { text: "Let me check. ", toolCalls: [{ name: "echo_tool", arguments: { x: 1 } }] },
      { text: "Echo done, all good." },
    ]);
    const before = fake.requests.length;
    const runId = `${key("tool")}-run`;
    const { result, events } = await runStreamed({
      prompt: "echo please",
      sessionKey: key("tool"),
      model: ref,
      runId,
    });
    expect(result).toMatchObject({
      text: "Let me check. Echo done, all good.",
      model: ref,
      stopReason: "stop",
    });
    const deltas = events.filter((e) => e.event === "agent.delta").map((e) => e.payload.text);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join("")).toBe(result.text);
    expect(result.toolCalls).toEqual([
      expect.objectContaining({ toolName: "echo_tool", params: { x: 1, rewritten: true }, isError: false }),
    ]);

    const [first, second] = fake.requests.slice(before);
    expect(fake.requests.length - before).toBe(2);
    for (const request of [first, second] as const) {
      expect(request?.path).toBe(view.path);
      expect(request?.body.stream).toBe(true);
      expect(request?.body.model).toBe(model);
    }
    const firstRequest = first as NonNullable<typeof first>;
    const secondRequest = second as NonNullable<typeof second>;
    expect(view.system(firstRequest)).toMatch(/^POLICY: be polite\./);
    expect(view.transcript(firstRequest)).toEqual(["user:[ctx]\n\necho please"]);
    expect(view.toolNames(firstRequest)).toContain("echo_tool");
    // The second request replays the first answer in full: its text, the call and the tool's result.
    expect(view.transcript(secondRequest)).toEqual([
      "user:[ctx]\n\necho please",
      "assistant:Let me check. ",
      "call:echo_tool",
      'result:{"x":1,"rewritten":true}',
    ]);
    const [exchange] = view.exchanges(secondRequest);
    expect(exchange).toMatchObject({ name: "echo_tool", input: { x: 1 }, isError: false });
    expect(exchange?.resultCallId).toBe(exchange?.callId);
    expect(exchange?.callId).toBe(result.toolCalls[0].toolCallId);

    const output = await seenFor("llm_output", result.runId);
    expect(output.event).toMatchObject({
      provider,
      model,
      assistantTexts: ["Let me check. ", "Echo done, all good."],
      usage: { input: 22, output: 14, total: 36 },
    });
    expect((await seenFor("agent_end", result.runId)).event.success).toBe(true);
  });

  it("sends the provider's auth headers and the configured extra headers", async () => {
    fake.script([{ text: "Hi." }]);
    await rpc("agent.run", { prompt: "hi", sessionKey: key("headers"), model: ref });
    const request = fake.requests.at(-1) as NonNullable<ReturnType<typeof fake.requests.at>>;
    expect(request.headers["x-team"]).toBe("blue");
    if (view.api === "anthropic-messages") {
      expect(request.headers).toMatchObject({
        "x-api-key": "sk-ant-fake",
        "anthropic-version": "2023-06-01",
      });
      expect(request.headers.authorization).toBeUndefined();
      expect(request.body.max_tokens).toBe(1024);
    } else {
      expect(request.headers.authorization).toBe(
        `Bearer sk-${provider === "compat" ? "compat" : "resp"}-fake`,
      );
    }
  });

  it("a blocking before_tool_call stops one of two parallel calls; each result answers its own call", async () => {
    fake.script([
      {
        toolCalls: [
          { name: "danger_tool", arguments: {} },
          { name: "echo_tool", arguments: { x: 2 } },
        ],
      },
      { text: "One of two." },
    ]);
    const before = fake.requests.length;
    const result = await rpc("agent.run", { prompt: "do danger", sessionKey: key("block"), model: ref });
    expect(result.text).toBe("One of two.");
    expect(result.toolCalls.map((c: any) => [c.toolName, c.blocked])).toEqual([
      ["danger_tool", true],
      ["echo_tool", false],
    ]);
    expect((await rpc("toolbox.state")).executed).not.toContain("danger_tool");
    const exchanges = view.exchanges(fake.requests[before + 1] as NonNullable<(typeof fake.requests)[0]>);
    expect(exchanges.map((e) => [e.name, e.resultCallId === e.callId])).toEqual([
      ["danger_tool", true],
      ["echo_tool", true],
    ]);
    expect(exchanges[0]?.output).toContain("danger is off limits");
    expect(exchanges[1]?.output).toBe('{"x":2,"rewritten":true}');
    // Anthropic flags failed results; the Responses API has no such field (the text says it).
    if (view.api === "anthropic-messages") expect(exchanges.map((e) => e.isError)).toEqual([true, false]);
  });

  it("continues a session whose history holds a tool call and its result", async () => {
    fake.script([
      { toolCalls: [{ name: "echo_tool", arguments: { x: 5 } }] },
      { text: "Five echoed." },
      { text: "Still here." },
    ]);
    await rpc("agent.run", { prompt: "first", sessionKey: key("history"), model: ref });
    const before = fake.requests.length;
    const result = await rpc("agent.run", { prompt: "second", sessionKey: key("history"), model: ref });
    expect(result.text).toBe("Still here.");
    const request = fake.requests[before] as NonNullable<(typeof fake.requests)[0]>;
    expect(view.transcript(request)).toEqual([
      "user:first",
      "call:echo_tool",
      'result:{"x":5,"rewritten":true}',
      "assistant:Five echoed.",
      "user:[ctx]\n\nsecond",
    ]);
  });

  it("a system message in the assembled history reaches the model where the API allows it", async () => {
    fake.script([{ text: "First." }, { text: "Tea, then." }]);
    await rpc("agent.run", { prompt: "hello", sessionKey: key("summary"), model: ref });
    const result = await rpc("agent.run", {
      prompt: "what do I like?",
      sessionKey: key("summary"),
      model: ref,
    });
    expect(result.text).toBe("Tea, then.");
    const request = fake.requests.at(-1) as NonNullable<(typeof fake.requests)[0]>;
    expect(view.system(request)).toMatch(/POLICY: be polite\.[\s\S]*Summary: the user likes tea\./);
    expect(view.transcript(request)).toEqual([
      "user:hello",
      "assistant:First.",
      "user:[ctx]\n\nwhat do I like?",
    ]);
    if (view.api === "anthropic-messages") expect(request.headers["anthropic-beta"]).toBeUndefined();
  });

  it("provider HTTP errors and broken streams become AGENT_PROVIDER_ERROR with a hint", async () => {
    const expectations: Array<[string, any, RegExp, RegExp]> = [
      ["401", { status: 401 }, /HTTP 401/, /API key/],
      ["429", { status: 429, headers: { "retry-after": "7" } }, /HTTP 429/, /rate limit/i],
      ["500", { status: 500 }, /HTTP 500/, /server/],
      ["malformed", { rawSse: "event: bogus\ndata: {not json\n\n" }, /could not parse/, /\.api names/],
      [
        "in-stream",
        { streamError: { message: "Overloaded right now" }, text: "Partial " },
        /Overloaded right now/,
        /mid-answer/,
      ],
    ];
    for (const [name, reply, message, hint] of expectations) {
      fake.script([reply]);
      const error = await rpc("agent.run", { prompt: "x", sessionKey: key(`err-${name}`), model: ref }).then(
        () => undefined,
        (e) => e,
      );
      expect(error, name).toMatchObject({ code: "AGENT_PROVIDER_ERROR" });
      expect(error.message, name).toMatch(message);
      expect(error.message, name).not.toMatch(/\[object Object\]/);
      expect(error.hint, name).toMatch(hint);
      const shown = await rpc("sessions.show", { sessionKey: key(`err-${name}`) });
      expect(sessionLines(shown.file).map((l) => l.message?.role ?? l.type)).toEqual(["session", "user"]);
    }
  });

  it("a wrong API key is the provider's 401, reported without the key", async () => {
    const error = await rpc("agent.run", { prompt: "x", model: `${provider}-wrongkey/any` }).catch((e) => e);
    expect(error).toMatchObject({ code: "AGENT_PROVIDER_ERROR", message: expect.stringMatching(/HTTP 401/) });
    expect(error.hint).toMatch(/API key/);
    expect(JSON.stringify(error)).not.toContain("sk-wrong");
  });

  it("a missing API key is AGENT_AUTH_MISSING with a hint, before any request", async () => {
    const before = fake.requests.length;
    const error = await rpc("agent.run", { prompt: "x", model: `${provider}-nokey/any` }).catch((e) => e);
    expect(error.code).toBe("AGENT_AUTH_MISSING");
    expect(error.hint).toMatch(
      view.api === "anthropic-messages" ? /UNSET_ANTHROPIC_KEY/ : /models auth login/,
    );
    expect(fake.requests.length).toBe(before);
  });

  it("a turn that times out mid-answer ends AGENT_TIMEOUT and leaves a consistent session file", async () => {
    fake.script([{ text: "partial answer that never ends", stallAfter: 2 }, { text: "Recovered." }]);
    const error = await rpc("agent.run", {
      prompt: "slow",
      sessionKey: key("timeout"),
      model: ref,
      timeoutMs: 400,
    }).catch((e) => e);
    expect(error.code).toBe("AGENT_TIMEOUT");
    const shown = await rpc("sessions.show", { sessionKey: key("timeout") });
    const lines = sessionLines(shown.file);
    expect(lines[0].type).toBe("session");
    expect(lines.slice(1).map((l) => [l.message.role, l.message.content, l.aborted ?? false])).toEqual([
      ["user", "slow", false],
      ["assistant", "partial answer ", true],
    ]);
    // The next turn of the session sends that history and the provider accepts it.
    const next = await rpc("agent.run", { prompt: "again", sessionKey: key("timeout"), model: ref });
    expect(next.text).toBe("Recovered.");
    expect(view.transcript(fake.requests.at(-1) as NonNullable<(typeof fake.requests)[0]>)).toEqual([
      "user:slow",
      "assistant:partial answer ",
      "user:[ctx]\n\nagain",
    ]);
  });

  it("agent.abort mid-answer resolves aborted: true and keeps the session whole", async () => {
    fake.script([{ text: "one two three four", stallAfter: 1 }]);
    const runId = `${key("abort")}-run`;
    const running = rpc("agent.run", { prompt: "wait", sessionKey: key("abort"), model: ref, runId });
    await vi.waitFor(async () => {
      const shown = await rpc("sessions.show", { sessionKey: key("abort") }).catch(() => ({ messages: [] }));
      expect(shown.messages.length).toBeGreaterThan(0);
      expect(fake.requests.at(-1)?.body.model).toBe(model);
    });
    expect(await rpc("agent.abort", { runId })).toEqual({ aborted: true });
    expect(await running).toMatchObject({ aborted: true, stopReason: "aborted" });
    const shown = await rpc("sessions.show", { sessionKey: key("abort") });
    const roles = sessionLines(shown.file)
      .slice(1)
      .map((l) => l.message.role);
    expect(roles[0]).toBe("user");
    expect(roles.every((r) => r === "user" || r === "assistant")).toBe(true);
    expect((await rpc("health")).ok).toBe(true);
  });
});
