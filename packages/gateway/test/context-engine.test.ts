// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "../src/testing/fake-openai.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

/** A context-engine plugin whose engine id ("lossless-claw") differs from its plugin id. */
const ENGINE = `
const calls: any[] = [];
let compacted = false;
export default (api: any) => {
  api.registerContextEngine("lossless-claw", () => ({
    info: { id: "lossless-claw", name: "Lossless", ownsCompaction: true },
    ingest: ({ messages, sessionKey }: any) => { calls.push({ op: "ingest", sessionKey, roles: messages.map((m: any) => m.role) }); return { ingested: true }; },
    assemble: ({ messages, tokenBudget }: any) => {
      calls.push({ op: "assemble", count: messages.length, tokenBudget });
      if (compacted) return { messages: [{ role: "user", content: "SUMMARY of " + (messages.length - 2) }, ...messages.slice(-2)], estimatedTokens: 10 };
      return { messages, estimatedTokens: messages.length > 2 ? tokenBudget + 1 : 1 };
    },
    compact: ({ messages }: any) => { calls.push({ op: "compact", count: messages.length }); compacted = true; return { ok: true, compacted: true }; },
  }));
  api.on("before_compaction", (e: any) => { calls.push({ op: "before_compaction", messageCount: e.messageCount }); });
  api.on("after_compaction", (e: any) => { calls.push({ op: "after_compaction", messageCount: e.messageCount }); });
  api.registerGatewayMethod("engine.calls", ({ respond }: any) => respond(true, calls));
};`;

let fake: FakeOpenAI;
let t: PluginGateway;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [{ id: "claw-engine", source: ENGINE, manifest: { kind: "context-engine" } }],
    config: (baseUrl) => ({
      plugins: { slots: { contextEngine: "lossless-claw" } },
      models: {
        providers: {
          fake: {
            baseUrl,
            api: "openai-completions",
            auth: "none",
            models: [{ id: "m", contextWindow: 1000 }],
          },
        },
      },
      agents: { defaults: { model: "fake/m" } },
    }),
  });
  ({ fake } = t);
});

afterAll(() => t?.close());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);

describe("context-engine slot", () => {
  it("selects the engine by engine id, compacts over budget and ingests each turn", async () => {
    expect((await rpc("plugins.status")).plugins.find((p: any) => p.id === "claw-engine").status).toBe(
      "loaded",
    );
    fake.script([{ text: "one" }, { text: "two" }, { text: "three" }]);
    await rpc("agent.run", { prompt: "first", sessionKey: "ce" });
    await rpc("agent.run", { prompt: "second", sessionKey: "ce" });
    const before = fake.requests.length;
    await rpc("agent.run", { prompt: "third", sessionKey: "ce" });
    const sent = (fake.requests[before] as any).body.messages.map((m: any) => m.content);
    expect(sent.slice(1)).toEqual(["SUMMARY of 2", "second", "two", "third"]);
    const calls = await rpc("engine.calls");
    const ops = calls.map((c: any) => c.op);
    expect(ops.filter((op: string) => op === "compact")).toHaveLength(1);
    expect(ops.indexOf("before_compaction")).toBeLessThan(ops.indexOf("compact"));
    expect(ops.indexOf("after_compaction")).toBeGreaterThan(ops.indexOf("compact"));
    expect(calls.find((c: any) => c.op === "assemble").tokenBudget).toBe(800);
    expect(calls.filter((c: any) => c.op === "ingest")[0]).toEqual({
      op: "ingest",
      sessionKey: "ce",
      roles: ["user", "assistant"],
    });
    expect((await rpc("contextEngine.info")).owner).toBe("plugin:claw-engine");
  });
});
