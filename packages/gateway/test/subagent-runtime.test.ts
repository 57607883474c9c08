// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";
import { subagentPlugin } from "./support/subagent-plugin.js";

const PLUGIN_IDS = ["trusted", "untrusted", "listed", "star", "badlist", "busy", "victim", "crasher"];

let t: PluginGateway;
let sessionsDir: string;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: PLUGIN_IDS.map((id) => ({ id, source: subagentPlugin(id) })),
    config: (baseUrl) => ({
      models: {
        providers: {
          fake: {
            baseUrl,
            api: "openai-completions",
            apiKey: "sk-fake",
            models: [{ id: "m1" }, { id: "m2" }],
          },
        },
      },
      agents: { defaults: { model: "fake/m1", timeoutMs: 20_000 } },
      plugins: {
        entries: {
          trusted: { subagent: { allowModelOverride: true } },
          listed: { subagent: { allowModelOverride: true, allowedModels: [" fake/m2 ", ""] } },
          star: { subagent: { allowModelOverride: true, allowedModels: ["*"] } },
          badlist: { subagent: { allowModelOverride: true, allowedModels: ["no-slash", "/m1"] } },
          // allowedModels without allowModelOverride grants nothing.
          untrusted: { subagent: { allowedModels: ["*"] } },
        },
      },
    }),
  });
  sessionsDir = join(t.gateway.stateDir, "agents", "main", "sessions");
});

afterAll(() => t?.close());

/** Calls `<plugin>.<name>` and returns its value, or throws when the plugin's call failed. */
async function call(plugin: string, name: string, params: Record<string, unknown> = {}): Promise<any> {
  const answer = await t.rpc(`${plugin}.${name}`, params);
  if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value;
}

/** The code `<plugin>.<name>` failed with. */
async function codeOf(plugin: string, name: string, params: Record<string, unknown>): Promise<string> {
  const answer = await t.rpc(`${plugin}.${name}`, params);
  expect(answer.error, `${plugin}.${name} should have failed`).toBeDefined();
  return answer.error.code;
}

/** Runs one subagent turn to the end and returns the wait result and the model the fake was asked for. */
async function runToEnd(plugin: string, params: Record<string, unknown>) {
  const before = t.fake.requests.length;
  const { runId } = await call(plugin, "run", params);
  const result = await call(plugin, "wait", { runId, timeoutMs: 10_000 });
  return { result, askedModel: t.fake.requests[before]?.body.model };
}

const transcriptFile = (key: string) => join(sessionsDir, `${encodeURIComponent(key)}.jsonl`);

describe("api.runtime.agent.runEmbeddedPiAgent", () => {
  it("runs a turn with provider and model given separately and answers in upstream's shape", async () => {
    t.fake.script([{ text: "Pi says hi." }]);
    const before = t.fake.requests.length;
    const result = await call("trusted", "pi", {
      sessionKey: "pi:1",
      sessionId: "ignored-upstream-id",
      prompt: "hello",
      provider: "fake",
      model: "m2",
      runId: "pi-run-1",
      lane: "voice",
      thinkLevel: "low",
      messageProvider: "voice",
      timeoutMs: 10_000,
    });
    expect(t.fake.requests[before]?.body.model).toBe("m2");
    expect(t.fake.requests[before]?.body.messages.at(-1)).toEqual({ role: "user", content: "hello" });
    expect(result.payloads).toEqual([{ text: "Pi says hi." }]);
    expect(result.meta).toMatchObject({
      runId: "pi-run-1",
      stopReason: "stop",
      agentMeta: { provider: "fake", model: "m2", usage: { input: 11, output: 7, total: 18 } },
    });
    expect(result.meta.aborted).toBeUndefined();
    expect(result.meta.durationMs).toBeGreaterThanOrEqual(0);
    const header = JSON.parse(readFileSync(transcriptFile("pi:1"), "utf8").split("\n")[0] as string);
    expect(result.meta.agentMeta.sessionId).toBe(header.id);
  });

  it("takes a whole provider/model in model, and the default provider for a bare model id", async () => {
    t.fake.script([{ text: "a" }, { text: "b" }]);
    const before = t.fake.requests.length;
    await call("trusted", "pi", { sessionKey: "pi:2", prompt: "x", model: "fake/m2" });
    await call("trusted", "pi", { sessionKey: "pi:2", prompt: "y", model: "m2" });
    expect(t.fake.requests.slice(before).map((r) => r.body.model)).toEqual(["m2", "m2"]);
  });

  it("reports the default model and the turn budget from the config", async () => {
    expect(await call("trusted", "defaults")).toEqual({
      provider: "fake",
      model: "m1",
      timeoutMs: 20_000,
      overridden: 5,
    });
  });
});

describe("api.runtime.subagent", () => {
  it("run → waitForRun → getSessionMessages shows both turns → deleteSession removes them", async () => {
    t.fake.script([{ text: "First answer." }, { text: "Second answer." }]);
    const first = await runToEnd("trusted", { sessionKey: "sub:1", message: "one" });
    expect(first.result).toMatchObject({ status: "ok", text: "First answer.", model: "fake/m1" });
    const second = await runToEnd("trusted", { sessionKey: "sub:1", message: "two" });
    expect(second.result).toMatchObject({ status: "ok", text: "Second answer." });
    const { messages } = await call("trusted", "messages", { sessionKey: "sub:1" });
    expect(messages.map((m: any) => [m.role, m.content])).toEqual([
      ["user", "one"],
      ["assistant", "First answer."],
      ["user", "two"],
      ["assistant", "Second answer."],
    ]);
    expect(await call("trusted", "getSession", { sessionKey: "sub:1", limit: 2 })).toEqual({
      messages: messages.slice(-2),
    });
    const header = JSON.parse(readFileSync(transcriptFile("sub:1"), "utf8").split("\n")[0] as string);
    expect(header).toMatchObject({ type: "session", owner: "plugin:trusted" });
    expect(await call("trusted", "delete", { sessionKey: "sub:1" })).toBe("deleted");
    expect(existsSync(transcriptFile("sub:1"))).toBe(false);
    expect(await call("trusted", "messages", { sessionKey: "sub:1" })).toEqual({ messages: [] });
    expect(await call("trusted", "delete", { sessionKey: "sub:1" })).toBe("deleted");
  });

  it("refuses provider/model overrides without allowModelOverride, before any request or session", async () => {
    const before = t.fake.requests.length;
    expect(await codeOf("untrusted", "run", { sessionKey: "o:1", message: "m", model: "fake/m2" })).toBe(
      "AGENT_SUBAGENT_OVERRIDE_FORBIDDEN",
    );
    expect(await codeOf("untrusted", "run", { sessionKey: "o:1", message: "m", provider: "fake" })).toBe(
      "AGENT_SUBAGENT_OVERRIDE_FORBIDDEN",
    );
    expect(t.fake.requests.length).toBe(before);
    expect(existsSync(transcriptFile("o:1"))).toBe(false);
    t.fake.script([{ text: "default model" }]);
    const plain = await runToEnd("untrusted", { sessionKey: "o:1", message: "m" });
    expect(plain).toMatchObject({ result: { status: "ok", text: "default model" }, askedModel: "m1" });
  });

  it("honours overrides with allowModelOverride; allowedModels limits them; * allows any", async () => {
    expect(
      await runToEnd("trusted", { sessionKey: "o:2", message: "m", provider: "fake", model: "m2" }),
    ).toMatchObject({ result: { status: "ok", model: "fake/m2" }, askedModel: "m2" });
    expect(await codeOf("listed", "run", { sessionKey: "o:3", message: "m", model: "fake/m1" })).toBe(
      "AGENT_SUBAGENT_MODEL_NOT_ALLOWED",
    );
    // A bare model id resolves against the default provider before the allowlist check.
    expect(await runToEnd("listed", { sessionKey: "o:3", message: "m", model: "m2" })).toMatchObject({
      askedModel: "m2",
    });
    for (const model of ["fake/m1", "fake/m2"]) {
      expect(await runToEnd("star", { sessionKey: "o:4", message: "m", model })).toMatchObject({
        result: { status: "ok", model },
      });
    }
    // An allowlist whose entries are all invalid allows none.
    expect(await codeOf("badlist", "run", { sessionKey: "o:5", message: "m", model: "fake/m1" })).toBe(
      "AGENT_SUBAGENT_MODEL_NOT_ALLOWED",
    );
  });

  it("waitForRun answers timeout while the run goes on, then the outcome; other plugins' runs are invisible", async () => {
    t.fake.script([{ text: "slow answer", delayMs: 800 }]);
    const { runId } = await call("trusted", "run", { sessionKey: "w:1", message: "take your time" });
    const early = await call("trusted", "wait", { runId, timeoutMs: 20 });
    expect(early).toMatchObject({ status: "timeout" });
    expect(early.startedAt).toBeTypeOf("number");
    expect(await codeOf("untrusted", "wait", { runId })).toBe("AGENT_RUN_NOT_FOUND");
    expect(await codeOf("trusted", "wait", { runId: "no-such-run" })).toBe("AGENT_RUN_NOT_FOUND");
    expect(await call("trusted", "wait", { runId })).toMatchObject({ status: "ok", text: "slow answer" });
  });

  it("dedupes runs by idempotencyKey and refuses channel delivery and malformed params", async () => {
    t.fake.script([{ text: "once" }]);
    const a = await call("trusted", "run", { sessionKey: "i:1", message: "m", idempotencyKey: "k1" });
    const b = await call("trusted", "run", { sessionKey: "i:1", message: "m", idempotencyKey: "k1" });
    expect(b.runId).toBe(a.runId);
    expect(await call("trusted", "wait", { runId: a.runId })).toMatchObject({ status: "ok", text: "once" });
    expect(await call("trusted", "messages", { sessionKey: "i:1" })).toMatchObject({
      messages: [{ role: "user" }, { role: "assistant", content: "once" }],
    });
    for (const bad of [{ deliver: true }, { model: 7 }, { message: " " }, { sessionKey: "a\u0000b" }]) {
      expect(await codeOf("trusted", "run", { sessionKey: "i:2", message: "m", ...bad })).toBe(
        "AGENT_INVALID_PARAMS",
      );
    }
    expect(existsSync(transcriptFile("i:2"))).toBe(false);
  });

  it("lets a plugin delete only the sessions its own runs created", async () => {
    t.fake.script([{ text: "mine" }, { text: "user turn" }]);
    await runToEnd("trusted", { sessionKey: "own:1", message: "m" });
    await t.rpc("agent.run", { prompt: "hi", sessionKey: "own:user" });
    expect(await codeOf("untrusted", "delete", { sessionKey: "own:1" })).toBe("AGENT_SESSION_FORBIDDEN");
    expect(await codeOf("trusted", "delete", { sessionKey: "own:user" })).toBe("AGENT_SESSION_FORBIDDEN");
    expect(existsSync(transcriptFile("own:1"))).toBe(true);
    expect(existsSync(transcriptFile("own:user"))).toBe(true);
    expect(await call("untrusted", "messages", { sessionKey: "own:user" })).toMatchObject({
      messages: [{ role: "user", content: "hi" }, { role: "assistant" }],
    });
  });

  it("bounds a plugin's queued and running runs; deleteSession aborts the runs on it", async () => {
    t.fake.script(Array.from({ length: 8 }, () => ({ text: "never", delayMs: 60_000 })));
    const before = t.fake.requests.length;
    const runs = [];
    for (let i = 0; i < 8; i++) runs.push(await call("busy", "run", { sessionKey: `b:${i}`, message: "m" }));
    expect(await codeOf("busy", "run", { sessionKey: "b:9", message: "m" })).toBe("AGENT_SUBAGENT_BUSY");
    await vi.waitFor(() => expect(t.fake.requests.length).toBe(before + 8));
    // Another plugin has its own budget.
    t.fake.script([{ text: "free" }]);
    expect((await runToEnd("trusted", { sessionKey: "b:other", message: "m" })).result.status).toBe("ok");
    for (let i = 0; i < 8; i++) await call("busy", "delete", { sessionKey: `b:${i}` });
    for (const { runId } of runs) {
      expect(await call("busy", "wait", { runId, timeoutMs: 0 })).toMatchObject({
        status: "error",
        code: "AGENT_ABORTED",
      });
    }
    expect(existsSync(transcriptFile("b:0"))).toBe(false);
    t.fake.script([{ text: "room again" }]);
    expect((await runToEnd("busy", { sessionKey: "b:9", message: "m" })).result.status).toBe("ok");
  });

  it("aborts a plugin's runs when it is disabled", async () => {
    t.fake.script([{ text: "never", delayMs: 60_000 }]);
    const before = t.fake.requests.length;
    const { runId } = await call("victim", "run", { sessionKey: "v:1", message: "m" });
    await vi.waitFor(() => expect(t.fake.requests.length).toBe(before + 1));
    expect(await call("victim", "wait", { runId, timeoutMs: 0 })).toMatchObject({ status: "timeout" });
    const configPath = join(t.gateway.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.plugins.entries.victim = { enabled: false };
    writeFileSync(configPath, JSON.stringify(config));
    expect(await t.rpc("plugins.reload", { id: "victim" })).toMatchObject({ status: "disabled" });
    expect(t.gateway.host.agent.subagentRuns.find("victim", runId)?.outcome).toMatchObject({
      status: "error",
      code: "AGENT_ABORTED",
      error: "the run was aborted (the plugin is disabled)",
    });
  });

  it("aborts a plugin's runs when it fails at runtime", async () => {
    t.fake.script([{ text: "never", delayMs: 60_000 }]);
    const before = t.fake.requests.length;
    const { runId } = await call("crasher", "run", { sessionKey: "c:1", message: "m" });
    await vi.waitFor(() => expect(t.fake.requests.length).toBe(before + 1));
    await call("crasher", "crash");
    await vi.waitFor(() =>
      expect(t.gateway.host.agent.subagentRuns.find("crasher", runId)?.outcome).toMatchObject({
        status: "error",
        code: "AGENT_ABORTED",
        error: "the run was aborted (the plugin failed)",
      }),
    );
    expect(t.gateway.registry.getPlugin("crasher")?.status).toBe("error");
  });
});
