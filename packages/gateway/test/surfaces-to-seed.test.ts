// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "./support/fake-openai.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

/** A channel plugin with the seed's shape whose platform is simulated by two gateway methods. */
const ACMECHAT = `
const sent: Array<{ to: string; text: string }> = [];
export default (api: any) => {
  api.registerChannel({ plugin: {
    id: "acmechat", meta: { id: "acmechat", label: "AcmeChat", aliases: ["acme"] }, capabilities: { chatTypes: ["direct"] },
    config: { listAccountIds: () => ["default"], resolveAccount: () => ({ accountId: "default" }) },
    outbound: { deliveryMode: "direct", sendText: async ({ to, text }: any) => { sent.push({ to, text }); return { ok: true }; } },
  } });
  api.registerGatewayMethod("acme.receive", async ({ params, respond }: any) =>
    respond(true, await api.runtime.channel.dispatchInbound({ channel: "acme", ...params })));
  api.registerGatewayMethod("acme.sent", ({ respond }: any) => respond(true, sent));
  api.registerTool({ name: "weather", description: "Forecast", parameters: { type: "object", required: ["city"], properties: { city: { type: "string" }, days: { type: "integer", default: 1 } } },
    execute: async (_id: string, params: any) => ({ content: [{ type: "text", text: JSON.stringify(params) }] }) });
};`;

/** Commands and message hooks of the seed: /mystatus, a claim for "CLAIM", a content rewrite, observers. */
const POLICY = `
const seen: Record<string, any[]> = {};
export default (api: any) => {
  api.registerCommand({ name: "mystatus", description: "Show plugin status", handler: (ctx: any) => ({ text: "Plugin is running! Channel: " + ctx.channel }) });
  api.on("inbound_claim", (event: any) => event.content === "CLAIM" ? { handled: true } : undefined);
  api.on("message_received", (event: any) => { (seen.received ??= []).push(event); });
  api.on("message_sending", (event: any) => event.content.includes("forbidden") ? { cancel: true } : { content: "[policy] " + event.content });
  api.on("message_sent", (event: any) => { (seen.sent ??= []).push(event); });
  api.registerGatewayMethod("policy.seen", ({ respond }: any) => respond(true, seen));
};`;

let fake: FakeOpenAI;
let t: PluginGateway;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [
      { id: "acmechat", source: ACMECHAT, manifest: { channels: ["acmechat"] } },
      { id: "policy", source: POLICY },
    ],
    config: (baseUrl) => ({
      models: {
        providers: { fake: { baseUrl, api: "openai-completions", apiKey: "k", models: [{ id: "m1" }] } },
      },
      agents: { defaults: { model: "fake/m1" } },
    }),
  });
  ({ fake } = t);
});

afterAll(() => t?.close());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);

describe("inbound channel messages (api.runtime.channel.dispatchInbound)", () => {
  it("answers a plugin command without the agent, through the channel's outbound and the message hooks", async () => {
    const requests = fake.requests.length;
    const refused = await rpc("acme.receive", { from: "mallory", text: "/mystatus" });
    expect(refused.reply.text).toContain("requires authorization");
    const result = await rpc("acme.receive", { from: "alice", text: "/MyStatus", isAuthorizedSender: true });
    expect(result).toMatchObject({ outcome: "command", pluginId: "policy", reply: { delivered: true } });
    expect(result.reply.text).toBe("Plugin is running! Channel: acmechat");
    expect(fake.requests.length).toBe(requests);
    const sent = await rpc("acme.sent");
    expect(sent.at(-1)).toEqual({ to: "alice", text: "[policy] Plugin is running! Channel: acmechat" });
    const seen = await rpc("policy.seen");
    expect(seen.received.at(-1)).toMatchObject({ from: "alice", content: "/MyStatus", channel: "acmechat" });
  });

  it("runs an agent turn for plain text in the sender's session and sends the reply back", async () => {
    fake.script([{ text: "Hi Bob, noted." }]);
    const result = await rpc("acme.receive", { from: "bob", text: "remember milk" });
    expect(result).toMatchObject({
      outcome: "agent",
      sessionKey: "acmechat:default:bob",
      reply: { delivered: true },
    });
    const prompt = fake.requests.at(-1)?.body.messages.at(-1);
    expect(prompt).toMatchObject({ role: "user" });
    expect(JSON.stringify(prompt?.content)).toContain("remember milk");
    expect((await rpc("acme.sent")).at(-1)).toEqual({ to: "bob", text: "[policy] Hi Bob, noted." });
    const seen = await rpc("policy.seen");
    expect(seen.sent.at(-1)).toMatchObject({ to: "bob", success: true });
  });

  it("stops at a claiming plugin, and reports a reply a hook cancelled as not delivered", async () => {
    const before = (await rpc("acme.sent")).length;
    expect(await rpc("acme.receive", { from: "carol", text: "CLAIM" })).toMatchObject({
      outcome: "claimed",
      pluginId: "policy",
    });
    fake.script([{ text: "this is forbidden" }]);
    const cancelled = await rpc("acme.receive", { from: "carol", text: "say it" });
    expect(cancelled.reply).toMatchObject({ delivered: false, cancelled: true });
    expect((await rpc("acme.sent")).length).toBe(before);
  });

  it("answers with an apology, not a crash, when the model fails", async () => {
    fake.script([{ status: 500, body: "upstream down" }]);
    const result = await rpc("acme.receive", { from: "dave", text: "hello?" });
    expect(result).toMatchObject({ outcome: "failed", reply: { delivered: true } });
    expect((await rpc("health")).ok ?? true).toBe(true);
  });
});

describe("tools.invoke validates arguments against the tool's JSON Schema", () => {
  it("refuses a missing required field and a wrong type with GATEWAY_TOOL_PARAMS_INVALID, never calling the tool", async () => {
    await expect(rpc("tools.invoke", { name: "weather", params: {} })).rejects.toMatchObject({
      code: "GATEWAY_TOOL_PARAMS_INVALID",
      message: expect.stringContaining("city"),
    });
    await expect(rpc("tools.invoke", { name: "weather", params: { city: 7 } })).rejects.toMatchObject({
      code: "GATEWAY_TOOL_PARAMS_INVALID",
    });
  });

  it("passes valid params with the schema's defaults applied", async () => {
    const result = await rpc("tools.invoke", { name: "weather", params: { city: "Oslo" } });
    expect(JSON.stringify(result)).toContain('{\\"city\\":\\"Oslo\\",\\"days\\":1}');
  });
});
