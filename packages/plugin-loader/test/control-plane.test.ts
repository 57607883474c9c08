import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildControlPlane } from "../src/control-plane/control-plane.js";
import { resolveActivation } from "../src/control-plane/enablement.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
});
afterEach(() => sb.cleanup());

describe("buildControlPlane", () => {
  it("discovers config paths before workspace, global and bundled, and keeps the first copy of an id", async () => {
    const configCopy = sb.plugin("dev/dup", { id: "dup" });
    sb.plugin("state/extensions/dup", { id: "dup" });
    sb.plugin("bundled/dup", { id: "dup" });
    sb.plugin("bundled/only-bundled", {});
    const plane = await buildControlPlane({
      config: { plugins: { load: { paths: [configCopy] } } },
      env: sb.env,
      bundledDir: join(sb.root, "bundled"),
    });
    const dup = plane.registry.getPlugin("dup");
    expect(dup?.origin).toBe("config");
    expect(dup?.diagnostics.filter((d) => d.message.startsWith("duplicate plugin id"))).toHaveLength(2);
    expect(plane.registry.getPlugin("only-bundled")?.status).toBe("disabled");
  });

  it("reads JSON5 manifests and takes the id from the manifest, not the package name", async () => {
    sb.plugin("state/extensions/pkg-name", {
      manifest: `{ // comment\n id: "manifest-id", configSchema: { type: "object", }, }`,
      packageJson: { name: "@scope/pkg-name", version: "2.0.0", openclaw: { extensions: ["./index.ts"] } },
    });
    const plane = await buildControlPlane({
      config: { plugins: { installs: { "manifest-id": { source: "path" } } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(plane.registry.getPlugin("manifest-id")).toMatchObject({
      status: "enabled",
      version: "2.0.0",
      packageName: "@scope/pkg-name",
    });
  });

  it.each([
    ["missing manifest", null, "MANIFEST_NOT_FOUND"],
    ["manifest without id", { configSchema: {} }, "MANIFEST_INVALID"],
    ["manifest without configSchema", { id: "x" }, "MANIFEST_INVALID"],
    ["unparsable manifest", "{ nope", "MANIFEST_PARSE_FAILED"],
    ["schema that does not compile", { id: "x", configSchema: { type: "nonsense" } }, "MANIFEST_INVALID"],
  ])("reports a %s with a coded error and keeps other plugins", async (_label, manifest, code) => {
    sb.plugin("state/extensions/broken", { manifest: manifest as never });
    sb.plugin("state/extensions/good", {});
    const plane = await buildControlPlane({
      config: { plugins: { installs: { good: { source: "path" } } } },
      env: sb.env,
      bundledDir: null,
    });
    const broken = plane.registry.listPlugins().find((p) => p.id !== "good");
    expect(broken?.status).toBe("error");
    expect(broken?.error?.code).toBe(code);
    expect(plane.registry.getPlugin("good")?.status).toBe("enabled");
  });

  it("validates plugin config against the manifest schema and applies defaults", async () => {
    const schema = {
      type: "object",
      additionalProperties: false,
      properties: { level: { type: "string", enum: ["a", "b"], default: "a" }, n: { type: "number" } },
    };
    sb.plugin("state/extensions/valid", { manifest: { id: "valid", configSchema: schema } });
    sb.plugin("state/extensions/invalid", { manifest: { id: "invalid", configSchema: schema } });
    const plane = await buildControlPlane({
      config: {
        plugins: {
          entries: {
            valid: { enabled: true, config: { n: 1 } },
            invalid: { enabled: true, config: { level: "zzz", extra: 1 } },
          },
        },
      },
      env: sb.env,
      bundledDir: null,
    });
    expect(plane.plugins.get("valid")?.pluginConfig).toEqual({ n: 1, level: "a" });
    const invalid = plane.registry.getPlugin("invalid");
    expect(invalid?.error?.code).toBe("PLUGIN_CONFIG_INVALID");
    expect(invalid?.error?.message).toContain("plugins.entries.invalid.config.level");
    expect(invalid?.error?.message).toContain("plugins.entries.invalid.config.extra");
  });

  it("keeps the config of a disabled plugin with a warning", async () => {
    sb.plugin("state/extensions/off", {});
    const plane = await buildControlPlane({
      config: { plugins: { entries: { off: { enabled: false, config: { anything: true } } } } },
      env: sb.env,
      bundledDir: null,
    });
    const off = plane.registry.getPlugin("off");
    expect(off?.status).toBe("disabled");
    expect(off?.diagnostics.some((d) => d.level === "warn" && d.message.includes("config is present"))).toBe(
      true,
    );
  });

  it("turns every entry of a multi-entry pack into its own plugin named <package name>/<fileBase>", async () => {
    sb.plugin("state/extensions/pack", {
      id: "manifest-id",
      packageJson: { name: "pack", openclaw: { extensions: ["./one.ts", "./two.ts"] } },
      files: { "one.ts": "export default () => {}", "two.ts": "export default () => {}" },
    });
    const plane = await buildControlPlane({ config: {}, env: sb.env, bundledDir: null });
    expect(plane.registry.listPlugins().map((p) => p.id)).toEqual(["pack/one", "pack/two"]);
  });

  it("blocks an entry that escapes the plugin root through a symlink", async () => {
    sb.plugin("outside", {
      manifest: null,
      packageJson: null,
      files: { "evil.ts": "export default () => {}" },
    });
    const dir = sb.plugin("state/extensions/escape", {
      packageJson: { name: "escape", openclaw: { extensions: ["./entry.ts"] } },
      files: {},
    });
    symlinkSync(join(sb.root, "outside/evil.ts"), join(dir, "entry.ts"));
    const plane = await buildControlPlane({ config: {}, env: sb.env, bundledDir: null });
    expect(plane.registry.getPlugin("escape")).toBeUndefined();
    expect(plane.registry.diagnostics.some((d) => d.message.includes("escapes plugin root"))).toBe(true);
  });

  it("reports a missing plugins.load.paths entry", async () => {
    const plane = await buildControlPlane({
      config: { plugins: { load: { paths: [join(sb.root, "nope")] } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(plane.registry.diagnostics.map((d) => d.code)).toEqual(["PLUGIN_PATH_NOT_FOUND"]);
  });
});

describe("resolveActivation", () => {
  const subject = (origin: "config" | "workspace" | "global" | "bundled", extra = {}) => ({
    id: "p",
    origin,
    ...extra,
  });
  it.each([
    [
      "plugins.enabled false wins",
      subject("config"),
      { plugins: { enabled: false, entries: { p: { enabled: true } } } },
      false,
    ],
    [
      "deny wins over allow and enable",
      subject("global"),
      { plugins: { deny: ["p"], allow: ["p"], entries: { p: { enabled: true } } } },
      false,
    ],
    ["entry disabled", subject("config"), { plugins: { entries: { p: { enabled: false } } } }, false],
    ["workspace off by default", subject("workspace"), {}, false],
    ["workspace on when allowlisted", subject("workspace"), { plugins: { allow: ["p"] } }, true],
    ["allowlist excludes others", subject("config"), { plugins: { allow: ["q"] } }, false],
    ["bundled off by default", subject("bundled"), {}, false],
    ["bundled default-on id", { id: "talk-voice", origin: "bundled" as const }, {}, true],
    ["bundled enabledByDefault manifest", subject("bundled", { enabledByDefault: true }), {}, true],
    [
      "bundled enabled in config",
      subject("bundled"),
      { plugins: { entries: { p: { enabled: true } } } },
      true,
    ],
    ["config path on", subject("config"), {}, true],
    [
      "tracked global install on",
      subject("global"),
      { plugins: { installs: { p: { source: "path" } } } },
      true,
    ],
    ["untracked global off", subject("global"), {}, false],
    [
      "context-engine slot enables a workspace plugin",
      subject("workspace"),
      { plugins: { slots: { contextEngine: "p" } } },
      true,
    ],
  ] as const)("%s", (_label, s, config, enabled) => {
    expect(resolveActivation(s, config as never).enabled).toBe(enabled);
  });
});

describe("workspace discovery", () => {
  it("scans <workspace>/.openclaw/extensions and keeps workspace plugins off unless enabled", async () => {
    sb.plugin("ws/.openclaw/extensions/local", {});
    const workspace = join(sb.root, "ws");
    const off = await buildControlPlane({
      config: { agents: { defaults: { workspace } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(off.registry.getPlugin("local")).toMatchObject({ origin: "workspace", status: "disabled" });
    const on = await buildControlPlane({
      config: { agents: { defaults: { workspace } }, plugins: { entries: { local: { enabled: true } } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(on.registry.getPlugin("local")?.status).toBe("enabled");
  });
});

describe("withSlotSelection and bundled channels", () => {
  it("selects a single-kind memory plugin for its slot and says so", async () => {
    const { withSlotSelection } = await import("../src/index.js");
    const result = withSlotSelection({}, "mem", "memory");
    expect(result.config.plugins?.slots?.memory).toBe("mem");
    expect(result.messages).toEqual([
      'Exclusive slot "memory" switched from "memory-core (default)" to "mem".',
    ]);
    expect(withSlotSelection({}, "tool", undefined).messages).toEqual([]);
    expect(withSlotSelection({}, "dual", ["memory", "tools"]).messages).toEqual([]);
  });

  it("enables a bundled channel plugin when its channel is enabled, even past an allowlist", () => {
    const activation = resolveActivation(
      { id: "chat", origin: "bundled", channels: ["chatnet"] },
      { plugins: { allow: ["other"] }, channels: { chatnet: { enabled: true } } },
    );
    expect(activation).toMatchObject({ enabled: true, source: "explicit" });
    expect(
      resolveActivation(
        { id: "chat", origin: "bundled", channels: ["chatnet"] },
        { plugins: { deny: ["chat"] }, channels: { chatnet: { enabled: true } } },
      ).enabled,
    ).toBe(false);
  });
});

describe("bundled channel plugins in the control plane", () => {
  it("enables a bundled channel plugin whose channel is enabled in config", async () => {
    sb.plugin("bundled/chat", {
      manifest: { id: "chat", channels: ["chatnet"], configSchema: { type: "object" } },
    });
    const off = await buildControlPlane({ config: {}, env: sb.env, bundledDir: join(sb.root, "bundled") });
    expect(off.registry.getPlugin("chat")?.status).toBe("disabled");
    const on = await buildControlPlane({
      config: { channels: { chatnet: { enabled: true } } },
      env: { ...sb.env, OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1" },
      bundledDir: join(sb.root, "bundled"),
    });
    expect(on.registry.getPlugin("chat")?.activation.reason).toContain("channel chatnet enabled in config");
  });
});
