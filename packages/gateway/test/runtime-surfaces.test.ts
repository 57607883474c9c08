// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { callGateway, type GatewayHandle, readGatewayToken, startGateway } from "../src/index.js";

const SURFACES = `
import { definePluginEntry } from "openclaw/plugin-sdk/core";
const sent: string[] = [];
export default definePluginEntry({
  id: "surfaces",
  name: "Surfaces",
  register(api) {
    api.registerChannel({ plugin: {
      id: "acmechat",
      meta: { id: "acmechat", label: "AcmeChat", aliases: ["acme"] },
      capabilities: { chatTypes: ["direct"] },
      config: {
        listAccountIds: (cfg: any) => Object.keys(cfg.channels?.acmechat?.accounts ?? {}),
        resolveAccount: () => { throw new Error("never called by status"); },
        inspectAccount: (cfg: any, id?: string) => ({ accountId: id ?? "default", enabled: true, configured: true, tokenStatus: "available" }),
      },
      outbound: { deliveryMode: "direct", sendText: async ({ to, text }) => { sent.push(to + ":" + text); return { ok: true, messageId: "m" + sent.length }; } },
    } });
    api.registerProvider({
      id: "acme-llm", label: "Acme", auth: [{ id: "key", label: "API key", kind: "api_key", run: async () => ({ profiles: [] }) }],
      wizard: { onboarding: { choiceId: "acme", choiceLabel: "Acme", methodId: "nope" } },
      discovery: { order: "late", run: async () => ({ provider: { baseUrl: "http://127.0.0.1:1/v1" } }) },
    });
    api.registerProvider({ id: "fast-llm", label: "Fast", auth: [], discovery: { order: "simple", run: async () => null } });
    api.registerContextEngine("lossless", () => ({
      info: { id: "lossless", name: "Lossless", ownsCompaction: true },
      ingest: () => ({ ingested: true }), assemble: ({ messages }) => ({ messages, estimatedTokens: 0 }), compact: () => ({ ok: true, compacted: false }),
    }));
    api.registerHook("command:new", (event) => { sent.push("hook:" + String(event.type)); }, { name: "surfaces.command-new", description: "on /new" });
    api.registerCommand({ name: "surf", nativeNames: { discord: "surfing" }, description: "d", handler: () => ({ text: "surfed" }) });
    api.on("before_prompt_build", () => ({ prependSystemContext: "Be brief." }), { priority: 1 });
    api.registerGatewayMethod("surfaces.sent", ({ respond }) => respond(true, sent));
  },
});`;

const reloadable = (version: string) =>
  `export default (api: any) => api.registerGatewayMethod("live.version", ({ respond }: any) => respond(true, "${version}"));`;

let root: string;
let stateDir: string;
let gateway: GatewayHandle;
let token: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "openclaw-surfaces-"));
  stateDir = join(root, "state");
  const write = (id: string, source: string, kind?: string) => {
    const dir = join(stateDir, "extensions", id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "openclaw.plugin.json"),
      JSON.stringify({ id, configSchema: { type: "object" }, ...(kind ? { kind } : {}) }),
    );
    writeFileSync(join(dir, "index.ts"), source);
  };
  write("surfaces", SURFACES, "context-engine");
  write("live", reloadable("v1"));
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({
      plugins: {
        installs: { surfaces: { source: "path" }, live: { source: "path" } },
        slots: { contextEngine: "surfaces" },
      },
      channels: { acmechat: { accounts: { work: {} } } },
    }),
  );
  gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: {
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_BUNDLED_PLUGINS_DIR: "",
      HOME: root,
      OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1",
    },
    logger: createHostLogger({ level: "silent" }),
  });
  token = (await readGatewayToken(stateDir)) as string;
});

afterAll(async () => {
  await gateway?.close();
  rmSync(root, { recursive: true, force: true });
});

const rpc = <T = any>(method: string, params?: Record<string, unknown>) =>
  callGateway<T>({
    connection: { url: gateway.url, token, via: "config" },
    method,
    ...(params ? { params } : {}),
  });

describe("runtime surfaces through the gateway", () => {
  it("lists channels, inspects accounts read-only, and sends through an alias", async () => {
    expect((await rpc("channels.list")).channels).toEqual([
      expect.objectContaining({
        id: "acmechat",
        pluginId: "surfaces",
        aliases: ["acme"],
        deliveryMode: "direct",
      }),
    ]);
    expect((await rpc("channels.status", { channel: "acme" })).channels[0].accounts).toEqual([
      { accountId: "work", enabled: true, configured: true, tokenStatus: "available" },
    ]);
    expect(await rpc("channels.send", { channel: "ACME", to: "bob", text: "hi" })).toEqual({
      ok: true,
      messageId: "m1",
    });
    await expect(rpc("channels.send", { channel: "nope", to: "x", text: "y" })).rejects.toMatchObject({
      code: "GATEWAY_METHOD_NOT_FOUND",
    });
  });

  it("validates provider wizard metadata and runs discovery in phase order", async () => {
    const { providers } = await rpc("providers.list");
    expect(providers[0].wizard.onboarding.methodId).toBeUndefined();
    const status = await rpc("plugins.status");
    const diagnostics = status.plugins.find((p: { id: string }) => p.id === "surfaces").diagnostics;
    expect(diagnostics.some((d: { message: string }) => d.message.includes('methodId "nope"'))).toBe(true);
    const { results } = await rpc("providers.discover");
    expect(results.map((r: { providerId: string; phase: string }) => `${r.phase}:${r.providerId}`)).toEqual([
      "simple:fast-llm",
      "late:acme-llm",
    ]);
  });

  it("resolves the context engine selected by plugins.slots.contextEngine", async () => {
    expect(await rpc("contextEngine.info")).toEqual({
      selected: "surfaces",
      owner: "plugin:surfaces",
      info: { id: "lossless", name: "Lossless", ownsCompaction: true },
    });
  });

  it("lists plugin hooks as plugin:<id>, emits legacy hooks, and runs prompt hooks", async () => {
    const { hooks } = await rpc("hooks.list");
    expect(hooks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "surfaces.command-new", kind: "legacy", source: "plugin:surfaces" }),
        expect.objectContaining({ name: "before_prompt_build", kind: "typed", source: "plugin:surfaces" }),
      ]),
    );
    expect((await rpc("hooks.emit", { event: "command:new" })).results).toEqual([
      { name: "surfaces.command-new", pluginId: "surfaces", ok: true },
    ]);
    expect((await rpc("agent.prepare", { prompt: "q", systemPrompt: "You help." })).systemPrompt).toBe(
      "Be brief.\n\nYou help.",
    );
  });

  it("dispatches a command by its native alias", async () => {
    expect(await rpc("commands.dispatch", { text: "/surfing" })).toMatchObject({
      handled: true,
      command: "surf",
      reply: { text: "surfed" },
    });
  });

  it("reloads a plugin's code live and tells WebSocket clients", async () => {
    expect(await rpc("live.version")).toBe("v1");
    const ws = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const frames: any[] = [];
    ws.on("message", (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once("open", resolve));
    writeFileSync(join(stateDir, "extensions/live/index.ts"), reloadable("v2"));
    const record = await rpc("plugins.reload", { id: "live" });
    expect(record.status).toBe("loaded");
    expect(await rpc("live.version")).toBe("v2");
    await new Promise((r) => setTimeout(r, 50));
    expect(frames).toContainEqual({
      type: "event",
      event: "plugins.reloaded",
      payload: { id: "live", status: "loaded", error: null },
      seq: 1,
    });
    ws.close();
  });

  it("speaks the WebSocket protocol: connect, request/response, coded error frames", async () => {
    const ws = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`);
    const replies: any[] = [];
    const next = () =>
      new Promise<any>((resolve) => ws.once("message", (d) => resolve(JSON.parse(String(d)))));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(JSON.stringify({ type: "req", id: 1, method: "health" }));
    replies.push(await next());
    ws.send(JSON.stringify({ type: "req", id: 2, method: "connect", params: { auth: { token } } }));
    replies.push(await next());
    ws.send(JSON.stringify({ type: "req", id: 3, method: "surfaces.sent" }));
    replies.push(await next());
    ws.send("not json");
    replies.push(await next());
    ws.send(JSON.stringify({ type: "req", id: 4, method: "no.such" }));
    replies.push(await next());
    expect(replies[0]).toMatchObject({ id: 1, ok: false, error: { code: "GATEWAY_UNAUTHORIZED" } });
    expect(replies[1]).toMatchObject({ id: 2, ok: true, payload: { protocol: 1 } });
    expect(replies[1].payload.methods).toContain("surfaces.sent");
    expect(replies[2]).toMatchObject({ type: "res", id: 3, ok: true });
    expect(replies[3]).toMatchObject({ id: null, ok: false, error: { code: "GATEWAY_BAD_REQUEST" } });
    expect(replies[4]).toMatchObject({ id: 4, ok: false, error: { code: "GATEWAY_METHOD_NOT_FOUND" } });
    ws.close();
    const bad = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`);
    await new Promise((resolve) => bad.once("open", resolve));
    const closed = new Promise<number>((resolve) => bad.once("close", (code) => resolve(code)));
    bad.send(JSON.stringify({ type: "req", id: 1, method: "connect", params: { auth: { token: "wrong" } } }));
    expect(await closed).toBe(4401);
  });
});
