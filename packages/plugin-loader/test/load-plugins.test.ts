import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildControlPlane } from "../src/control-plane/control-plane.js";
import { createHostLogger } from "../src/host/host-logger.js";
import { loadPlugins } from "../src/runtime/load-plugins.js";
import { createPluginRuntime } from "../src/runtime/plugin-runtime.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
});
afterEach(() => sb.cleanup());

const logger = createHostLogger({ level: "silent" });

async function load(ids: string[], registerTimeoutMs?: number) {
  const config = {
    plugins: { installs: Object.fromEntries(ids.map((id) => [id, { source: "path" as const }])) },
  };
  const controlPlane = await buildControlPlane({ config, env: sb.env, bundledDir: null });
  const runtime = createPluginRuntime({
    version: "0.0.0",
    stateDir: sb.stateDir,
    logger,
    loadConfig: () => config,
  });
  return loadPlugins({
    controlPlane,
    mode: "full",
    logger,
    runtime,
    ...(registerTimeoutMs ? { registerTimeoutMs } : {}),
  });
}

describe("loadPlugins", () => {
  it("loads a TypeScript plugin that imports openclaw/plugin-sdk/core and shares the host's OpenClawError", async () => {
    sb.plugin("state/extensions/ts-plugin", {
      files: {
        "index.ts": `
import { definePluginEntry, OpenClawError } from "openclaw/plugin-sdk/core";
type Params = { name: string };
export default definePluginEntry({
  id: "ts-plugin",
  name: "TS Plugin",
  register(api) {
    api.registerGatewayMethod("ts-plugin.error", () => { throw new OpenClawError("VOICE_CALL_NOT_FOUND", "nope"); });
    api.registerTool({ name: "greet", description: "greets", parameters: {}, execute: async (_id, p: Params) => ({ content: [{ type: "text", text: "hi " + p.name }] }) });
  },
});`,
      },
    });
    const registry = await load(["ts-plugin"]);
    expect(registry.getPlugin("ts-plugin")?.status).toBe("loaded");
    const handler = registry.gatewayMethods.get("ts-plugin.error")?.handler;
    let thrown: unknown;
    try {
      await handler?.({ params: {}, respond: () => undefined, client: { id: "t", transport: "internal" } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OpenClawError);
  });

  it("accepts both export shapes and @openclaw/plugin-sdk imports", async () => {
    sb.plugin("state/extensions/fn", {
      files: {
        "index.ts": `export default function (api: any) { api.registerCommand({ name: "fn", description: "d", handler: () => ({ text: "ok" }) }); }`,
      },
    });
    sb.plugin("state/extensions/obj", {
      files: {
        "index.js": `const { emptyPluginConfigSchema } = require("@openclaw/plugin-sdk");
module.exports = { id: "obj", configSchema: emptyPluginConfigSchema(), register(api) { api.registerService({ id: "obj-svc", start() {} }); } };`,
      },
      packageJson: { name: "obj", openclaw: { extensions: ["./index.js"] } },
    });
    const registry = await load(["fn", "obj"]);
    expect(registry.getPlugin("fn")?.registrations.commands).toEqual(["fn"]);
    expect(registry.getPlugin("obj")?.registrations.services).toEqual(["obj-svc"]);
  });

  it.each([
    [
      "throws in register",
      `export default { register() { throw new Error("boom"); } }`,
      "PLUGIN_REGISTER_FAILED",
    ],
    [
      "throws while importing",
      `throw new Error("top-level boom"); export default () => {};`,
      "PLUGIN_IMPORT_FAILED",
    ],
    ["exports nothing usable", `export default 42;`, "PLUGIN_EXPORT_INVALID"],
    ["exports a different id", `export default { id: "other", register() {} };`, "PLUGIN_ID_MISMATCH"],
    [
      "imports a missing npm package",
      `import "left-pad-that-does-not-exist"; export default () => {};`,
      "PLUGIN_DEPENDENCY_MISSING",
    ],
    [
      "imports SDK subpaths the host lacks",
      `import { x } from "openclaw/plugin-sdk/channel-core"; import { y } from "openclaw/plugin-sdk/account-helpers"; export default () => {};`,
      "PLUGIN_SDK_SUBPATH_MISSING",
    ],
    [
      "never settles its async register",
      `export default { register() { return new Promise(() => {}); } }`,
      "PLUGIN_REGISTER_TIMEOUT",
    ],
    [
      "loops forever synchronously in register",
      `export default { register() { for (;;) {} } }`,
      "PLUGIN_CALL_BLOCKED",
    ],
  ])("contains a plugin that %s and loads the others", async (_label, source, code) => {
    sb.plugin("state/extensions/bad", { files: { "index.ts": source } });
    sb.plugin("state/extensions/good", {
      files: {
        "index.ts": `export default (api: any) => api.registerGatewayMethod("good.ping", ({ respond }: any) => respond(true, "pong"));`,
      },
    });
    const registry = await load(["bad", "good"], 300);
    expect(registry.getPlugin("bad")?.status).toBe("error");
    expect(registry.getPlugin("bad")?.error?.code).toBe(code);
    expect(registry.getPlugin("good")?.status).toBe("loaded");
    expect(registry.gatewayMethods.has("good.ping")).toBe(true);
  });

  it("names every missing SDK subpath", async () => {
    sb.plugin("state/extensions/newer", {
      files: {
        "index.ts": `import "openclaw/plugin-sdk/channel-core"; import "./lib.js"; export default () => {};`,
        "lib.js": `export * from "openclaw/plugin-sdk/account-helpers";`,
      },
    });
    const registry = await load(["newer"]);
    expect(registry.getPlugin("newer")?.error?.message).toMatch(
      /openclaw\/plugin-sdk\/account-helpers, openclaw\/plugin-sdk\/channel-core/,
    );
  });

  it("drops what a plugin registered before its register threw", async () => {
    sb.plugin("state/extensions/half", {
      files: {
        "index.ts": `export default (api: any) => { api.registerGatewayMethod("half.x", () => {}); throw new Error("late"); };`,
      },
    });
    const registry = await load(["half"]);
    expect(registry.gatewayMethods.has("half.x")).toBe(false);
  });

  it("revokes the api of a plugin whose register timed out: later registrations are refused", async () => {
    sb.plugin("state/extensions/late", {
      files: {
        "index.ts": `export default { register(api: any) {
  return new Promise((resolve) => setTimeout(() => {
    api.registerGatewayMethod("late.x", ({ respond }: any) => respond(true, "served"));
    api.registerHttpRoute({ path: "/late", auth: "plugin", handler: () => true });
    resolve(undefined);
  }, 150));
} };`,
      },
    });
    const registry = await load(["late"], 50);
    expect(registry.getPlugin("late")?.error?.code).toBe("PLUGIN_REGISTER_TIMEOUT");
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (registry.getPlugin("late")?.diagnostics.some((d) => d.code === "PLUGIN_API_REVOKED")) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    expect(registry.gatewayMethods.has("late.x")).toBe(false);
    expect(registry.httpRoutes).toHaveLength(0);
    const revoked = registry.getPlugin("late")?.diagnostics.filter((d) => d.code === "PLUGIN_API_REVOKED");
    expect(revoked).toHaveLength(1);
  });

  it("awaits an async register within the budget", async () => {
    sb.plugin("state/extensions/slow", {
      files: {
        "index.ts": `export default { async register(api: any) { await new Promise((r) => setTimeout(r, 20)); api.registerGatewayMethod("slow.x", () => {}); } };`,
      },
    });
    const registry = await load(["slow"]);
    expect(registry.gatewayMethods.has("slow.x")).toBe(true);
  });
});

describe("scanSdkImports", () => {
  it("finds SDK imports in hidden build directories too", async () => {
    const { scanSdkImports } = await import("../src/control-plane/sdk-imports.js");
    const dir = sb.plugin("scan", {
      files: {
        "dist/.setup/chunk.mjs": `import "openclaw/plugin-sdk/channel-core";`,
        "node_modules/x/i.js": `import "openclaw/plugin-sdk/ignored";`,
      },
    });
    expect(await scanSdkImports(dir)).toEqual(["channel-core"]);
  });
});
