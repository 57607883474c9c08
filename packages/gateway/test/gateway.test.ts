import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callGateway,
  type GatewayHandle,
  readGatewayToken,
  readRuntimeInfo,
  startGateway,
} from "../src/index.js";

const PLUGIN = `
import { definePluginEntry } from "openclaw/plugin-sdk/core";
const events: string[] = [];
export default definePluginEntry({
  id: "demo",
  name: "Demo",
  register(api) {
    api.registerGatewayMethod("demo.echo", ({ params, respond }) => respond(true, { echo: params, config: api.pluginConfig }));
    api.registerGatewayMethod("demo.events", ({ respond }) => respond(true, events));
    api.registerGatewayMethod("demo.silent", () => {});
    api.registerTool({ name: "demo_add", description: "adds", parameters: { type: "object" },
      execute: async (_id, p: { a: number; b: number }) => ({ content: [{ type: "text", text: String(p.a + p.b) }] }) });
    api.registerHttpRoute({ path: "/demo/hook", auth: "plugin", handler: (req, res) => {
      let body = ""; req.on("data", (c) => (body += c)); req.on("end", () => { res.statusCode = 200; res.end("raw:" + body); }); return true; } });
    api.registerHttpRoute({ path: "/demo/private", auth: "gateway", handler: (_req, res) => { res.end("secret"); return true; } });
    api.registerHttpRoute({ path: "/demo/crash", auth: "plugin", handler: () => { throw new Error("handler crash"); } });
    api.registerCommand({ name: "demo", description: "d", acceptsArgs: true, handler: (ctx) => ({ text: "args=" + ctx.args }) });
    api.registerService({ id: "demo-svc", start: () => { events.push("start"); }, stop: () => { events.push("stop"); } });
    api.on("gateway_start", () => { events.push("gateway_start"); });
  },
});`;

let root: string;
let gateway: GatewayHandle;
let token: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
  const stateDir = join(root, "state");
  for (const [id, source] of [
    ["demo", PLUGIN],
    ["broken", `export default { register() { throw new Error("broken on purpose"); } }`],
  ]) {
    const dir = join(stateDir, "extensions", id as string);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "openclaw.plugin.json"),
      JSON.stringify({
        id,
        configSchema: { type: "object", properties: { greeting: { type: "string", default: "hi" } } },
      }),
    );
    writeFileSync(join(dir, "index.ts"), source as string);
  }
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({ plugins: { installs: { demo: { source: "path" }, broken: { source: "path" } } } }),
  );
  gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root },
    logger: createHostLogger({ level: "silent" }),
  });
  token = (await readGatewayToken(stateDir)) as string;
});

afterAll(async () => {
  await gateway?.close();
  rmSync(root, { recursive: true, force: true });
});

const rpc = <T>(method: string, params?: Record<string, unknown>) =>
  callGateway<T>({
    connection: { url: gateway.url, token, via: "config" },
    method,
    ...(params ? { params } : {}),
  });

describe("gateway", () => {
  it("answers /health and records itself in runtime.json", async () => {
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
      status: string;
      plugins: { loaded: number; failed: number };
    };
    expect(health).toMatchObject({ status: "ready", plugins: { loaded: 1, failed: 1 } });
    expect((await readRuntimeInfo(gateway.stateDir))?.url).toBe(gateway.url);
  });

  it("refuses RPC without the token", async () => {
    const response = await fetch(`${gateway.url}/rpc`, {
      method: "POST",
      body: JSON.stringify({ method: "health" }),
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(401);
    await expect(
      callGateway({ connection: { url: gateway.url, token: "wrong", via: "config" }, method: "health" }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAUTHORIZED" });
  });

  it("serves plugin methods with validated config, and codes unknown or silent methods", async () => {
    expect(await rpc("demo.echo", { x: 1 })).toEqual({ echo: { x: 1 }, config: { greeting: "hi" } });
    await expect(rpc("nope.nothing")).rejects.toMatchObject({ code: "GATEWAY_METHOD_NOT_FOUND" });
    await expect(rpc("demo.silent")).rejects.toMatchObject({ code: "GATEWAY_METHOD_FAILED" });
    const methods = await rpc<{ plugins: Array<{ method: string }> }>("gateway.methods");
    expect(methods.plugins.map((m) => m.method)).toContain("demo.echo");
  });

  it("invokes tools and dispatches commands", async () => {
    expect(await rpc("tools.invoke", { name: "demo_add", params: { a: 2, b: 3 } })).toMatchObject({
      content: [{ text: "5" }],
    });
    await expect(rpc("tools.invoke", { name: "missing_tool" })).rejects.toMatchObject({
      code: "GATEWAY_TOOL_NOT_FOUND",
    });
    expect(await rpc("commands.dispatch", { text: "/DEMO hello" })).toMatchObject({
      handled: true,
      reply: { text: "args=hello" },
    });
    expect(await rpc("commands.dispatch", { text: "just chatting" })).toEqual({ handled: false });
  });

  it("serves plugin routes with the raw body, enforcing gateway auth where asked", async () => {
    const hook = await fetch(`${gateway.url}/demo/hook`, {
      method: "POST",
      body: "a=1&b=2",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(await hook.text()).toBe("raw:a=1&b=2");
    expect((await fetch(`${gateway.url}/demo/private`)).status).toBe(401);
    const ok = await fetch(`${gateway.url}/demo/private`, { headers: { authorization: `Bearer ${token}` } });
    expect(await ok.text()).toBe("secret");
    expect((await fetch(`${gateway.url}/demo/crash`)).status).toBe(500);
    expect((await fetch(`${gateway.url}/nowhere`)).status).toBe(404);
  });

  it("starts services and runs gateway_start, and reports the broken plugin with its code", async () => {
    await new Promise((r) => setTimeout(r, 20));
    expect(await rpc("demo.events")).toEqual(["start", "gateway_start"]);
    const status = await rpc<{ plugins: Array<{ id: string; status: string; error?: { code: string } }> }>(
      "plugins.status",
    );
    expect(status.plugins.find((p) => p.id === "broken")).toMatchObject({
      status: "error",
      error: { code: "PLUGIN_REGISTER_FAILED" },
    });
  });
});
