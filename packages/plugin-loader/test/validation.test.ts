import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildChannelCatalog } from "../src/control-plane/catalog.js";
import { buildConfigSchema } from "../src/control-plane/config-schema.js";
import { validateConfig } from "../src/control-plane/config-validation.js";
import { buildControlPlane } from "../src/control-plane/control-plane.js";
import { clearPluginDiscoveryCache } from "../src/control-plane/discovery.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
  clearPluginDiscoveryCache();
  sb.plugin("state/extensions/chat", {
    manifest: {
      id: "chat",
      name: "Chat",
      channels: ["chatnet"],
      configSchema: {
        type: "object",
        additionalProperties: false,
        properties: { apiKey: { type: "string" }, region: { type: "string", enum: ["eu", "us"] } },
      },
      uiHints: {
        apiKey: { label: "API Key", sensitive: true },
        region: { label: "Region", placeholder: "eu" },
      },
      channelConfigs: {
        chatnet: {
          schema: { type: "object", additionalProperties: false, properties: { token: { type: "string" } } },
        },
      },
    },
    packageJson: {
      name: "@acme/chat",
      openclaw: {
        extensions: ["./index.ts"],
        channel: { id: "chatnet", label: "ChatNet", order: 5 },
        install: { npmSpec: "@acme/chat", defaultChoice: "npm" },
      },
    },
  });
  sb.plugin("state/extensions/mem", {
    manifest: { id: "mem", kind: "memory", configSchema: { type: "object" } },
  });
  sb.plugin("state/extensions/tool", { manifest: { id: "tool", configSchema: { type: "object" } } });
});
afterEach(() => sb.cleanup());

async function validate(config: OpenClawConfig) {
  const plane = await buildControlPlane({ config, env: sb.env, bundledDir: null });
  return { plane, result: validateConfig(plane) };
}

const installs = {
  chat: { source: "path" as const },
  mem: { source: "path" as const },
  tool: { source: "path" as const },
};

describe("validateConfig", () => {
  it("accepts a clean config", async () => {
    const { result } = await validate({
      plugins: { installs, entries: { chat: { config: { region: "eu" } } }, slots: { memory: "mem" } },
      channels: { chatnet: { token: "t" }, defaults: {} },
    });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("rejects unknown ids in entries, allow, deny and slots with a did-you-mean", async () => {
    const { result } = await validate({
      plugins: {
        installs,
        entries: { chatt: {} },
        allow: ["chat", "ghost"],
        deny: ["nope"],
        slots: { memory: "memx", contextEngine: "lossless" },
      },
    });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ["PLUGIN_NOT_FOUND", "plugins.entries.chatt"],
      ["PLUGIN_NOT_FOUND", "plugins.allow.1"],
      ["PLUGIN_NOT_FOUND", "plugins.deny.0"],
      ["PLUGIN_NOT_FOUND", "plugins.slots.memory"],
      ["PLUGIN_NOT_FOUND", "plugins.slots.contextEngine"],
    ]);
    expect(result.errors[0]?.hint).toBe('Did you mean "chat"?');
  });

  it("accepts none, legacy and the implicit default memory slot", async () => {
    const { result } = await validate({
      plugins: { installs, slots: { memory: "none", contextEngine: "legacy" } },
    });
    expect(result.ok).toBe(true);
  });

  it("rejects a slot that selects a plugin of the wrong kind", async () => {
    const { result } = await validate({
      plugins: { installs, slots: { memory: "tool", contextEngine: "mem" } },
    });
    expect(result.errors.map((e) => e.path)).toEqual(["plugins.slots.memory", "plugins.slots.contextEngine"]);
    expect(result.errors[0]?.message).toContain('not "memory"');
  });

  it("rejects unknown channels and validates known ones against the manifest schema", async () => {
    const { result } = await validate({
      plugins: { installs },
      channels: { chatnett: {}, chatnet: { token: 1, extra: true } },
    });
    expect(result.errors.map((e) => e.path).sort()).toEqual([
      "channels.chatnet.extra",
      "channels.chatnet.token",
      "channels.chatnett",
    ]);
    expect(result.errors[0]?.hint).toBe('Did you mean "chatnet"?');
  });

  it("rejects unknown keys and wrong types in the plugins and gateway sections", async () => {
    const { result } = await validate({
      plugins: { installs, enabeld: true } as never,
      gateway: { port: "80" as never },
    });
    expect(result.errors.map((e) => e.path)).toEqual(["plugins.enabeld", "gateway.port"]);
  });

  it("checks the approvals section's caps and default wait against their ranges", async () => {
    const ok = await validate({
      plugins: { installs },
      approvals: { maxPending: 100, maxPendingPerSession: 4, defaultTimeoutMs: 30_000 },
    });
    expect(ok.result.errors).toEqual([]);
    const { result } = await validate({
      plugins: { installs },
      approvals: { maxPending: 0, maxPendingPerSession: 2.5, defaultTimeoutMs: 900_000 },
    });
    expect(result.errors.map((e) => e.path).sort()).toEqual([
      "approvals.defaultTimeoutMs",
      "approvals.maxPending",
      "approvals.maxPendingPerSession",
    ]);
  });

  it("accepts plugins.entries.<id>.subagent trust keys and rejects unknown or mistyped ones", async () => {
    const ok = await validate({
      plugins: {
        installs,
        entries: { tool: { subagent: { allowModelOverride: true, allowedModels: ["fake/m1", "*"] } } },
      },
    });
    expect(ok.result.errors).toEqual([]);
    const bad = await validate({
      plugins: {
        installs,
        entries: {
          tool: { subagent: { allowModelOverride: "yes", allowedModel: ["fake/m1"] } as never },
          mem: { subagent: { allowedModels: "fake/m1" } as never },
        },
      },
    });
    expect(bad.result.errors.map((e) => e.path).sort()).toEqual([
      "plugins.entries.mem.subagent.allowedModels",
      "plugins.entries.tool.subagent.allowModelOverride",
      "plugins.entries.tool.subagent.allowedModel",
    ]);
  });

  it("makes invalid plugin config an error with the allowed values", async () => {
    const { result } = await validate({
      plugins: { installs, entries: { chat: { config: { region: "mars" } } } },
    });
    expect(result.errors[0]).toMatchObject({ code: "PLUGIN_CONFIG_INVALID", pluginId: "chat" });
    expect(result.errors[0]?.message).toContain('allowed: "eu", "us"');
  });

  it("keeps a broken plugin nobody references a warning, and makes it an error once referenced", async () => {
    sb.plugin("state/extensions/broken", { manifest: "{ not json" });
    const unreferenced = await validate({ plugins: { installs } });
    expect(unreferenced.result.ok).toBe(true);
    expect(unreferenced.result.warnings.some((w) => w.code === "MANIFEST_PARSE_FAILED")).toBe(true);
    const referenced = await validate({ plugins: { installs, entries: { broken: { enabled: true } } } });
    expect(referenced.result.errors.some((e) => e.code === "MANIFEST_PARSE_FAILED")).toBe(true);
  });

  it("warns about config kept for a disabled plugin", async () => {
    const { result } = await validate({
      plugins: { installs, entries: { tool: { enabled: false, config: { a: 1 } } } },
    });
    expect(result.ok).toBe(true);
    expect(
      result.warnings.some((w) => w.pluginId === "tool" && w.message.includes("config is present")),
    ).toBe(true);
  });

  it("reports a referenced blocked plugin as blocked, not as missing", async () => {
    const dir = join(sb.root, "state/extensions/tool");
    const { chmodSync } = await import("node:fs");
    chmodSync(dir, 0o777);
    const { result } = await validate({ plugins: { installs, entries: { tool: { enabled: true } } } });
    expect(result.errors.find((e) => e.path === "plugins.entries.tool")).toMatchObject({
      code: "PLUGIN_BLOCKED",
    });
  });
});

describe("buildConfigSchema", () => {
  it("embeds plugin schemas and merges uiHints", async () => {
    const { plane } = await validate({ plugins: { installs } });
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema document
    const schema = buildConfigSchema(plane) as any;
    const chat = schema.properties.plugins.properties.entries.properties.chat;
    expect(chat.properties.config.properties.apiKey).toMatchObject({ title: "API Key", writeOnly: true });
    expect(chat.properties.config.properties.region.examples).toEqual(["eu"]);
    expect(schema.properties.channels.properties.chatnet.properties.token).toEqual({ type: "string" });
    expect(schema["x-uiHints"]["plugins.entries.chat.config.apiKey"]).toEqual({
      label: "API Key",
      sensitive: true,
    });
    expect(schema["x-uiHints"]["plugins.entries.chat.enabled"]).toEqual({ label: "Enable Chat" });
  });
});

describe("buildChannelCatalog", () => {
  it("merges discovered channel metadata with external catalogs, discovered first", async () => {
    const { plane } = await validate({ plugins: { installs } });
    const file = join(sb.root, "catalog.json");
    writeFileSync(
      file,
      JSON.stringify({
        entries: [
          { name: "@other/chat", openclaw: { channel: { id: "chatnet", label: "Impostor" } } },
          {
            name: "@acme/talk",
            openclaw: {
              channel: { id: "talk", label: "Talk", order: 1 },
              install: { npmSpec: "@acme/talk" },
            },
          },
        ],
      }),
    );
    const catalog = buildChannelCatalog(plane, {
      ...sb.env,
      OPENCLAW_PLUGIN_CATALOG_PATHS: `${file};${join(sb.root, "missing.json")}`,
    });
    expect(catalog.entries.map((e) => [e.channel.id, e.name, e.source === "discovered"])).toEqual([
      ["talk", "@acme/talk", false],
      ["chatnet", "@acme/chat", true],
    ]);
    expect(catalog.problems).toHaveLength(1);
  });

  it("reads the well-known catalog paths under the state dir", async () => {
    mkdirSync(join(sb.stateDir, "mpm"), { recursive: true });
    writeFileSync(
      join(sb.stateDir, "mpm/plugins.json"),
      JSON.stringify({ entries: [{ name: "x", openclaw: { channel: { id: "x" } } }] }),
    );
    const { plane } = await validate({ plugins: { installs } });
    expect(buildChannelCatalog(plane, sb.env).entries.map((e) => e.channel.id)).toContain("x");
  });
});
