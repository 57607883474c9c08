import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheLifetimeMs } from "../src/control-plane/caches.js";
import { buildControlPlane } from "../src/control-plane/control-plane.js";
import { clearPluginDiscoveryCache, discoverPlugins } from "../src/control-plane/discovery.js";
import { checkHostCompat } from "../src/control-plane/host-compat.js";
import { clearPluginManifestCache } from "../src/control-plane/manifest.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
  clearPluginDiscoveryCache();
  clearPluginManifestCache();
});
afterEach(() => sb.cleanup());

const workspaceConfig = (extra: Record<string, unknown> = {}) => ({
  agents: { defaults: { workspace: join(sb.root, "ws") } },
  plugins: { installs: { dup: { source: "path" as const } }, ...extra },
});

describe("id precedence", () => {
  it("lets an enabled workspace copy shadow the global and bundled copies", async () => {
    sb.plugin("ws/.openclaw/extensions/dup", { id: "dup" });
    sb.plugin("state/extensions/dup", { id: "dup" });
    sb.plugin("bundled/dup", { id: "dup" });
    const plane = await buildControlPlane({
      config: workspaceConfig({ entries: { dup: { enabled: true } } }),
      env: sb.env,
      bundledDir: join(sb.root, "bundled"),
    });
    expect(plane.registry.getPlugin("dup")?.origin).toBe("workspace");
    expect(plane.decisions.get("dup")?.map((d) => [d.origin, d.outcome])).toEqual([
      ["workspace", "winner"],
      ["global", "shadowed"],
      ["bundled", "shadowed"],
    ]);
  });

  it("does not let a disabled-by-default workspace copy shadow anything", async () => {
    sb.plugin("ws/.openclaw/extensions/dup", { id: "dup" });
    sb.plugin("state/extensions/dup", { id: "dup" });
    const plane = await buildControlPlane({ config: workspaceConfig(), env: sb.env, bundledDir: null });
    expect(plane.registry.getPlugin("dup")).toMatchObject({ origin: "global", status: "enabled" });
    const [skipped, winner] = plane.decisions.get("dup") ?? [];
    expect(skipped).toMatchObject({ origin: "workspace", outcome: "skipped" });
    expect(skipped?.rule).toContain("does not shadow the global copy");
    expect(winner?.rule).toContain("a disabled workspace copy does not shadow it");
  });

  it("counts the same directory reached twice once, without a duplicate warning", async () => {
    const dir = sb.plugin("state/extensions/dup", { id: "dup" });
    const plane = await buildControlPlane({
      config: { plugins: { load: { paths: [dir] } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(plane.decisions.get("dup")).toHaveLength(1);
    expect(plane.registry.getPlugin("dup")?.diagnostics).toEqual([]);
  });

  it("follows a symlinked plugin dir into a package store with realpath containment", async () => {
    const store = sb.plugin("store/node_modules/.pnpm/x@1/node_modules/linked", { id: "linked" });
    symlinkSync(store, join(sb.globalDir, "linked"));
    const plane = await buildControlPlane({
      config: { plugins: { installs: { linked: { source: "path" } } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(plane.registry.getPlugin("linked")?.status).toBe("enabled");
  });

  it("blocks world-writable plugin dirs with the chmod remedy, and explains it in decisions", async () => {
    const dir = sb.plugin("state/extensions/open", { id: "open" });
    chmodSync(dir, 0o777);
    const plane = await buildControlPlane({ config: {}, env: sb.env, bundledDir: null });
    expect(plane.registry.getPlugin("open")).toBeUndefined();
    const diagnostic = plane.registry.diagnostics.find((d) => d.code === "PLUGIN_BLOCKED");
    expect(diagnostic?.message).toContain("world-writable");
    expect(diagnostic?.hint).toContain("chmod o-w");
    expect(plane.decisions.get("open")?.[0]).toMatchObject({ outcome: "blocked" });
  });
});

describe("host compatibility", () => {
  it.each([
    [{ minHostVersion: ">=2026.4.10" }, "2026.9.6", undefined],
    [{ minHostVersion: ">=2026.4.10" }, "2026.4.9", "requires OpenClaw >=2026.4.10"],
    [{ minHostVersion: "2026.4.10" }, "2026.9.6", "invalid openclaw.install.minHostVersion"],
    [{ peerRange: ">=0.1.0" }, "0.1.0", undefined],
    [{ peerRange: ">=0.2.0" }, "0.2.0-beta.1", "requires OpenClaw >=0.2.0"],
    [{ peerRange: ">=0.2.0-beta.0" }, "0.2.0-beta.1", undefined],
    [{ peerRange: "^1.0.0" }, "1.4.0-rc.1", undefined],
    [{ peerRange: "not a range" }, "1.0.0", "invalid peerDependencies.openclaw"],
  ] as const)("%j on host %s", (requirements, host, problem) => {
    const result = checkHostCompat(requirements, host);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result?.message).toContain(problem);
  });

  it("marks an incompatible plugin with PLUGIN_HOST_INCOMPATIBLE before running it", async () => {
    sb.plugin("state/extensions/future", {
      id: "future",
      packageJson: {
        name: "future",
        peerDependencies: { openclaw: ">=2099.1.0" },
        openclaw: { extensions: ["./index.ts"] },
      },
    });
    const plane = await buildControlPlane({
      config: { plugins: { installs: { future: { source: "path" } } } },
      env: sb.env,
      bundledDir: null,
      hostVersion: "0.1.0",
    });
    expect(plane.registry.getPlugin("future")?.error?.code).toBe("PLUGIN_HOST_INCOMPATIBLE");
  });
});

describe("exclusive slots", () => {
  const memory = (id: string, kind: string | string[] = "memory") =>
    sb.plugin(`state/extensions/${id}`, {
      manifest: { id, kind, configSchema: { type: "object" } },
    });
  const installs = (...ids: string[]) =>
    Object.fromEntries(ids.map((id) => [id, { source: "path" as const }]));

  it("loads only the memory plugin the slot selects, and none with none", async () => {
    memory("mem-a");
    memory("mem-b");
    memory("dual", ["memory", "tools"]);
    const selected = await buildControlPlane({
      config: { plugins: { installs: installs("mem-a", "mem-b", "dual"), slots: { memory: "mem-b" } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(selected.registry.getPlugin("mem-a")?.activation.reason).toContain('memory slot set to "mem-b"');
    expect(selected.registry.getPlugin("mem-b")?.status).toBe("enabled");
    expect(selected.registry.getPlugin("dual")?.status).toBe("enabled");
    const none = await buildControlPlane({
      config: { plugins: { installs: installs("mem-a", "mem-b", "dual"), slots: { memory: "None" } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(none.slots.memory).toBeNull();
    expect(none.registry.getPlugin("mem-b")?.status).toBe("disabled");
  });

  it("keeps context engines off unless selected; legacy is the default", async () => {
    memory("lossless", "context-engine");
    const off = await buildControlPlane({
      config: { plugins: { installs: installs("lossless") } },
      env: sb.env,
      bundledDir: null,
    });
    expect(off.slots.contextEngine).toBe("legacy");
    expect(off.registry.getPlugin("lossless")?.status).toBe("disabled");
    const on = await buildControlPlane({
      config: { plugins: { installs: installs("lossless"), slots: { contextEngine: "lossless" } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(on.registry.getPlugin("lossless")?.status).toBe("enabled");
  });
});

describe("caches", () => {
  it("reads the four environment variables", () => {
    expect(cacheLifetimeMs({}, "A_MS", "A_OFF")).toBe(1000);
    expect(cacheLifetimeMs({ A_MS: "250" }, "A_MS", "A_OFF")).toBe(250);
    expect(cacheLifetimeMs({ A_MS: "0" }, "A_MS", "A_OFF")).toBe(0);
    expect(cacheLifetimeMs({ A_MS: "" }, "A_MS", "A_OFF")).toBe(0);
    expect(cacheLifetimeMs({ A_MS: "soon" }, "A_MS", "A_OFF")).toBe(1000);
    expect(cacheLifetimeMs({ A_MS: "250", A_OFF: "1" }, "A_MS", "A_OFF")).toBe(0);
  });

  it("serves discovery from the cache until cleared or disabled, keyed by load-path order", async () => {
    const roots = { loadPaths: [], globalDir: sb.globalDir };
    expect(discoverPlugins(roots, sb.env).candidates).toHaveLength(0);
    sb.plugin("state/extensions/late", {});
    expect(discoverPlugins(roots, sb.env).candidates).toHaveLength(0);
    expect(
      discoverPlugins(roots, { ...sb.env, OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1" }).candidates,
    ).toHaveLength(1);
    clearPluginDiscoveryCache();
    expect(discoverPlugins(roots, sb.env).candidates).toHaveLength(1);
  });

  it("never serves an edited manifest stale", async () => {
    const dir = sb.plugin("state/extensions/edit", {
      manifest: { id: "edit", name: "Old", configSchema: {} },
    });
    const config = { plugins: { installs: { edit: { source: "path" as const } } } };
    const env = { ...sb.env, OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1" };
    expect(
      (await buildControlPlane({ config, env, bundledDir: null })).registry.getPlugin("edit")?.name,
    ).toBe("Old");
    writeFileSync(
      join(dir, "openclaw.plugin.json"),
      JSON.stringify({ id: "edit", name: "New name", configSchema: {} }),
    );
    expect(
      (await buildControlPlane({ config, env, bundledDir: null })).registry.getPlugin("edit")?.name,
    ).toBe("New name");
  });
});

describe("discovery details", () => {
  it("skips backups, disabled dirs, node_modules and test files", async () => {
    for (const dir of ["a.bak", "b.backup-1", "c.disabled", "node_modules"])
      sb.plugin(`state/extensions/${dir}`, { id: dir });
    mkdirSync(join(sb.globalDir, "x"), { recursive: true });
    writeFileSync(join(sb.globalDir, "thing.test.ts"), "");
    const result = discoverPlugins(
      { loadPaths: [], globalDir: sb.globalDir },
      { OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1" },
    );
    expect(result.candidates).toEqual([]);
  });
});
