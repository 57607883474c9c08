import type { OpenClawPluginApi, PluginHttpRoute } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import {
  createPluginApi,
  emptyRegistrationSummary,
  MAX_PLUGIN_DIAGNOSTICS,
  ownValue,
  PLUGIN_TRANSITIONS,
  type PluginRecord,
  PluginRegistry,
  setOwn,
  transition,
} from "../src/index.js";

function record(id: string): PluginRecord {
  return {
    id,
    name: id,
    origin: "global",
    source: `/plugins/${id}/index.ts`,
    rootDir: `/plugins/${id}`,
    activation: { enabled: true, source: "default", reason: "test" },
    status: "enabled",
    channels: [],
    providers: [],
    registrations: emptyRegistrationSummary(),
    diagnostics: [],
  };
}

function apiFor(
  registry: PluginRegistry,
  id: string,
  mode: "full" | "cli-metadata" = "full",
): OpenClawPluginApi {
  const r = registry.getPlugin(id) ?? record(id);
  registry.addPlugin(r);
  const noop = () => undefined;
  return createPluginApi({
    registry,
    record: r,
    config: {},
    pluginConfig: {},
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    runtime: {
      version: "0",
      config: { loadConfig: () => ({}) },
      state: { resolveStateDir: () => "/s" },
      logging: { getChildLogger: () => ({ debug: noop, info: noop, warn: noop, error: noop }) },
    },
    mode,
  });
}

const codes = (registry: PluginRegistry, id: string) =>
  registry.getPlugin(id)?.diagnostics.map((d) => d.code ?? d.level);
const handler: PluginHttpRoute["handler"] = () => true;

describe("PluginRegistry", () => {
  it("rejects duplicate tools, gateway methods, commands and services across plugins", () => {
    const registry = new PluginRegistry({ reservedGatewayMethods: ["health"] });
    const a = apiFor(registry, "a");
    const b = apiFor(registry, "b");
    const tool = { name: "do_it", description: "d", parameters: {}, execute: async () => ({ content: [] }) };
    a.registerTool(tool);
    b.registerTool(tool);
    a.registerGatewayMethod("a.ping", () => undefined);
    b.registerGatewayMethod("a.ping", () => undefined);
    b.registerGatewayMethod("health", () => undefined);
    a.registerCommand({ name: "Hello", description: "d", handler: () => ({ text: "" }) });
    b.registerCommand({ name: "hello", description: "d", handler: () => ({ text: "" }) });
    a.registerService({ id: "svc", start: () => undefined });
    a.registerService({ id: "svc", start: () => undefined });
    b.registerService({ id: "svc", start: () => undefined });
    expect(codes(registry, "b")).toEqual([
      "REGISTRY_DUPLICATE",
      "REGISTRY_DUPLICATE",
      "REGISTRY_DUPLICATE",
      "REGISTRY_DUPLICATE",
      "REGISTRY_DUPLICATE",
    ]);
    expect(codes(registry, "a")).toEqual([]);
    expect(registry.services).toHaveLength(1);
    expect([...registry.commands.keys()]).toEqual(["hello"]);
  });

  it("enforces command name rules and reserved names", () => {
    const registry = new PluginRegistry();
    const api = apiFor(registry, "a");
    api.registerCommand({ name: "help", description: "d", handler: () => ({ text: "" }) });
    api.registerCommand({ name: "9lives", description: "d", handler: () => ({ text: "" }) });
    api.registerCommand({ name: "ok_cmd-2", description: "d", handler: () => ({ text: "" }) });
    expect(codes(registry, "a")).toEqual(["REGISTRY_INVALID_REGISTRATION", "REGISTRY_INVALID_REGISTRATION"]);
    expect(registry.commands.has("ok_cmd-2")).toBe(true);
  });

  it("requires auth on routes and rejects overlaps with a different auth", () => {
    const registry = new PluginRegistry();
    const a = apiFor(registry, "a");
    const b = apiFor(registry, "b");
    a.registerHttpRoute({ path: "/hooks", match: "prefix", auth: "plugin", handler });
    a.registerHttpRoute({ path: "x", handler } as unknown as PluginHttpRoute);
    b.registerHttpRoute({ path: "/hooks/deep", auth: "gateway", handler });
    b.registerHttpRoute({ path: "/hooks/same", auth: "plugin", handler });
    expect(codes(registry, "a")).toEqual(["REGISTRY_INVALID_REGISTRATION"]);
    expect(codes(registry, "b")).toEqual(["REGISTRY_DUPLICATE"]);
    expect(registry.httpRoutes.map((r) => r.path)).toEqual(["/hooks", "/hooks/same"]);
  });

  it("lets a plugin replace only its own route", () => {
    const registry = new PluginRegistry();
    const a = apiFor(registry, "a");
    const b = apiFor(registry, "b");
    a.registerHttpRoute({ path: "/r", auth: "plugin", handler });
    a.registerHttpRoute({ path: "/r", auth: "plugin", handler });
    b.registerHttpRoute({ path: "/r", auth: "plugin", handler, replaceExisting: true });
    const replacement: PluginHttpRoute["handler"] = () => false;
    a.registerHttpRoute({ path: "/r/", auth: "plugin", handler: replacement, replaceExisting: true });
    expect(codes(registry, "a")).toEqual(["REGISTRY_DUPLICATE"]);
    expect(codes(registry, "b")).toEqual(["REGISTRY_DUPLICATE"]);
    expect(registry.httpRoutes).toHaveLength(1);
    expect(registry.httpRoutes[0]?.handler).toBe(replacement);
  });

  it("requires explicit CLI command names and keeps core names", () => {
    const registry = new PluginRegistry({ reservedCliCommands: ["plugins"] });
    const api = apiFor(registry, "a");
    api.registerCli(() => undefined);
    api.registerCli(() => undefined, { commands: ["plugins"] });
    api.registerCli(() => undefined, { commands: ["mine"] });
    expect(codes(registry, "a")).toEqual(["REGISTRY_INVALID_REGISTRATION", "REGISTRY_DUPLICATE"]);
    expect(registry.getPlugin("a")?.registrations.cliCommands).toEqual(["mine"]);
  });

  it("warns on unknown typed hooks and reserves the legacy context engine", () => {
    const registry = new PluginRegistry();
    const api = apiFor(registry, "a");
    api.on("no_such_hook" as never, (() => undefined) as never);
    api.on("before_prompt_build", () => ({ prependContext: "x" }), { priority: 5 });
    api.registerContextEngine("legacy", () => ({}) as never);
    expect(registry.getPlugin("a")?.diagnostics.map((d) => d.level)).toEqual(["warn", "error"]);
    expect(registry.typedHooks.map((h) => [h.hookName, h.priority])).toEqual([["before_prompt_build", 5]]);
  });

  it("makes every registration but registerCli a no-op in cli-metadata mode", () => {
    const registry = new PluginRegistry();
    const api = apiFor(registry, "a", "cli-metadata");
    api.registerGatewayMethod("a.x", () => undefined);
    api.registerService({ id: "s", start: () => undefined });
    api.registerCli(() => undefined, { commands: ["a"] });
    expect(registry.gatewayMethods.size).toBe(0);
    expect(registry.services).toHaveLength(0);
    expect(registry.cliRegistrars).toHaveLength(1);
  });

  it("removes everything a plugin registered", () => {
    const registry = new PluginRegistry();
    const api = apiFor(registry, "a");
    api.registerGatewayMethod("a.x", () => undefined);
    api.registerHttpRoute({ path: "/a", auth: "gateway", handler });
    registry.removeRegistrations("a");
    expect(registry.gatewayMethods.size).toBe(0);
    expect(registry.httpRoutes).toHaveLength(0);
    expect(registry.getPlugin("a")?.registrations.gatewayMethods).toEqual([]);
  });

  it("resolves api.resolvePath against the plugin root and ~ against the home dir", () => {
    const registry = new PluginRegistry();
    registry.addPlugin(record("a"));
    const api = createPluginApi({
      registry,
      record: record("a"),
      config: {},
      pluginConfig: {},
      logger: console as never,
      runtime: {} as never,
      mode: "full",
      homeDir: "/home/u",
    });
    expect(api.resolvePath("data/x.json")).toBe("/plugins/a/data/x.json");
    expect(api.resolvePath("~/x")).toBe("/home/u/x");
    expect(api.resolvePath("/abs")).toBe("/abs");
  });
});

describe("plugin lifecycle", () => {
  it("allows only the documented transitions", () => {
    const r = record("a");
    r.status = "discovered";
    transition(r, "enabled");
    transition(r, "registering");
    transition(r, "loaded");
    expect(() => transition(r, "registering")).toThrow(
      expect.objectContaining({ code: "REGISTRY_LIFECYCLE_VIOLATION" }),
    );
    expect(PLUGIN_TRANSITIONS.disabled).toEqual([]);
  });

  it("fails a plugin through one path: first failure kept, registrations removed, api revoked, listeners told once", () => {
    const registry = new PluginRegistry();
    const api = apiFor(registry, "a");
    api.registerGatewayMethod("a.x", () => undefined);
    const failures: string[] = [];
    registry.onPluginFailed((r, f) => failures.push(`${r.id}:${f.code}`));
    expect(registry.fail("a", { code: "PLUGIN_UNCAUGHT_ERROR", message: "first", phase: "runtime" })).toBe(
      true,
    );
    expect(registry.fail("a", { code: "PLUGIN_CALL_BLOCKED", message: "second", phase: "runtime" })).toBe(
      false,
    );
    expect(registry.getPlugin("a")?.error).toMatchObject({ code: "PLUGIN_UNCAUGHT_ERROR", message: "first" });
    expect(registry.gatewayMethods.size).toBe(0);
    expect(failures).toEqual(["a:PLUGIN_UNCAUGHT_ERROR"]);
    api.registerGatewayMethod("a.late", () => undefined);
    api.registerHttpRoute({ path: "/late", auth: "plugin", handler });
    expect(registry.gatewayMethods.size).toBe(0);
    expect(registry.httpRoutes).toHaveLength(0);
    expect(codes(registry, "a")?.filter((c) => c === "PLUGIN_API_REVOKED")).toHaveLength(1);
  });

  it("stages a new generation and commits it, or drops it leaving the old one untouched", () => {
    const registry = new PluginRegistry();
    apiFor(registry, "b").registerGatewayMethod("b.y", () => undefined);
    const oldApi = apiFor(registry, "a");
    oldApi.registerGatewayMethod("a.v1", () => undefined);
    const dropped = registry.stage("a");
    dropped.addPlugin(record("a"));
    apiFor(dropped, "a").registerGatewayMethod("b.y", () => undefined);
    expect(dropped.getPlugin("a")?.diagnostics.map((d) => d.code)).toEqual(["REGISTRY_DUPLICATE"]);
    expect([...registry.gatewayMethods.keys()].sort()).toEqual(["a.v1", "b.y"]);
    const staging = registry.stage("a");
    staging.addPlugin(record("a"));
    const newApi = apiFor(staging, "a");
    newApi.registerGatewayMethod("a.v2", () => undefined);
    registry.commit(staging, "a");
    expect([...registry.gatewayMethods.keys()].sort()).toEqual(["a.v2", "b.y"]);
    oldApi.registerGatewayMethod("a.old-late", () => undefined);
    newApi.registerGatewayMethod("a.new-late", () => undefined);
    expect(registry.gatewayMethods.has("a.old-late")).toBe(false);
    expect(registry.gatewayMethods.has("a.new-late")).toBe(true);
  });

  it("keeps a bounded ring of diagnostics with counters", () => {
    const registry = new PluginRegistry();
    registry.addPlugin(record("a"));
    for (let i = 0; i < 10_000; i++) {
      registry.report({ level: "error", code: "PLUGIN_HOOK_FAILED", pluginId: "a", message: `fail ${i}` });
    }
    const r = registry.getPlugin("a");
    expect(r?.diagnostics).toHaveLength(MAX_PLUGIN_DIAGNOSTICS);
    expect(r?.diagnostics.at(-1)?.message).toBe("fail 9999");
    expect(r?.diagnosticStats).toMatchObject({ total: 10_000, dropped: 10_000 - MAX_PLUGIN_DIAGNOSTICS });
    expect(r?.diagnosticStats?.byCode.PLUGIN_HOOK_FAILED).toBe(10_000);
    registry.report({ level: "error", pluginId: "a", message: "x".repeat(1_000_000) });
    expect(r?.diagnostics.at(-1)?.message.length).toBeLessThan(2100);
  });

  it("rejects routes that differ only in case as duplicates", () => {
    const registry = new PluginRegistry();
    const api = apiFor(registry, "a");
    api.registerHttpRoute({ path: "/Hook", auth: "plugin", handler });
    api.registerHttpRoute({ path: "/hook", auth: "plugin", handler });
    expect(registry.httpRoutes.map((r) => r.path)).toEqual(["/Hook"]);
    expect(registry.getPlugin("a")?.diagnostics[0]).toMatchObject({
      code: "REGISTRY_DUPLICATE",
      message: expect.stringMatching(/differs only in case/),
    });
  });

  it("treats __proto__ as a plain plugin id and config key", () => {
    const registry = new PluginRegistry();
    apiFor(registry, "__proto__").registerGatewayMethod("proto.x", () => undefined);
    expect(registry.getPlugin("__proto__")?.registrations.gatewayMethods).toEqual(["proto.x"]);
    const entries: Record<string, { enabled?: boolean }> = {};
    setOwn(entries, "__proto__", { enabled: false });
    expect(Object.getPrototypeOf(entries)).toBe(Object.prototype);
    expect(ownValue(entries, "__proto__")).toEqual({ enabled: false });
    expect(ownValue({}, "toString")).toBeUndefined();
    const roundTrip = JSON.parse(JSON.stringify(entries)) as object;
    expect(Object.getOwnPropertyDescriptor(roundTrip, "__proto__")?.value).toEqual({ enabled: false });
  });
});
