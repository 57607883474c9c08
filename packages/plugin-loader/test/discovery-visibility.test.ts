import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { candidateBlockReason } from "../src/control-plane/candidate-safety.js";
import { buildControlPlane } from "../src/control-plane/control-plane.js";
import { clearPluginDiscoveryCache, discoverPlugins } from "../src/control-plane/discovery.js";
import { clearPluginManifestCache } from "../src/control-plane/manifest.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
  clearPluginDiscoveryCache();
  clearPluginManifestCache();
});
afterEach(() => sb.cleanup());

describe("discovery never loses a plugin silently", () => {
  it("blocks a plugin whose package.json is malformed, with a coded diagnostic and a `why` decision", async () => {
    const dir = sb.plugin("state/extensions/broken", { id: "broken" });
    writeFileSync(join(dir, "package.json"), '{ "name": "broken", ');
    const plane = await buildControlPlane({ config: {}, env: sb.env, bundledDir: null });
    const diagnostic = plane.registry.diagnostics.find((d) => d.code === "PLUGIN_PACKAGE_INVALID");
    expect(diagnostic?.message).toContain("package.json cannot be read");
    expect(diagnostic?.hint).toContain(join(dir, "package.json"));
    expect(plane.decisions.get("broken")?.[0]).toMatchObject({ outcome: "blocked" });
  });

  it("reports an extensions root it may not read (EACCES) instead of skipping it", () => {
    const locked = join(sb.root, "locked");
    mkdirSync(join(locked, "p"), { recursive: true });
    chmodSync(locked, 0o700);
    const roots = { loadPaths: [], globalDir: locked };
    if (process.getuid?.() !== 0) {
      chmodSync(locked, 0o000);
      const result = discoverPlugins(roots, { OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1" });
      chmodSync(locked, 0o700);
      expect(result.diagnostics.map((d) => d.code)).toContain("PLUGIN_PATH_UNREADABLE");
      return;
    }
    // As root permissions are not enforced: discover as the unprivileged user `nobody` instead.
    chmodSync(sb.root, 0o755);
    const loader = fileURLToPath(new URL("../dist/control-plane/discovery.js", import.meta.url));
    const script = `import(${JSON.stringify(loader)}).then((m) => console.log(JSON.stringify(m.discoverPlugins(${JSON.stringify(roots)}, {}).diagnostics)))`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      uid: 65534,
      gid: 65534,
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    const diagnostics = JSON.parse(child.stdout) as Array<{ code?: string; message: string }>;
    expect(diagnostics).toEqual([expect.objectContaining({ code: "PLUGIN_PATH_UNREADABLE" })]);
    expect(diagnostics[0]?.message).toContain("EACCES");
  });

  it("fails closed when the real path of a candidate cannot be resolved", () => {
    const missing = join(sb.root, "gone", "index.ts");
    expect(candidateBlockReason(join(sb.root, "gone"), missing, "global")?.reason).toMatch(
      /cannot resolve the real path/,
    );
  });
});

describe("trust warnings (spec R-LOAD-18)", () => {
  it("warns once about an empty allowlist and about code loaded without provenance", async () => {
    sb.plugin("state/extensions/tracked", { id: "tracked" });
    sb.plugin("state/extensions/stray", { id: "stray" });
    const installs = {
      tracked: { source: "path" as const, installPath: join(sb.globalDir, "tracked") },
      stray: { source: "path" as const, installPath: join(sb.root, "somewhere-else") },
    };
    const plane = await buildControlPlane({
      config: { plugins: { installs } },
      env: sb.env,
      bundledDir: null,
    });
    const open = plane.registry.diagnostics.filter((d) => d.message.startsWith("plugins.allow is empty"));
    expect(open).toHaveLength(1);
    expect(open[0]?.message).toContain("tracked");
    expect(open[0]?.hint).toContain("plugins.allow");
    const provenance = (id: string) =>
      plane.registry
        .getPlugin(id)
        ?.diagnostics.some((d) => d.message.includes("without install/load-path provenance"));
    expect(provenance("stray")).toBe(true);
    expect(provenance("tracked")).toBe(false);
  });

  it("is quiet for allowlisted plugins, and tells how to turn on an untracked global plugin", async () => {
    sb.plugin("state/extensions/dropped", { id: "dropped" });
    sb.plugin("state/extensions/trusted", { id: "trusted" });
    const plane = await buildControlPlane({
      config: { plugins: { allow: ["trusted"], entries: { trusted: { enabled: true } } } },
      env: sb.env,
      bundledDir: null,
    });
    expect(plane.registry.diagnostics.some((d) => d.message.startsWith("plugins.allow is empty"))).toBe(
      false,
    );
    expect(plane.registry.getPlugin("trusted")?.diagnostics).toEqual([]);
    clearPluginDiscoveryCache();
    const open = await buildControlPlane({ config: {}, env: sb.env, bundledDir: null });
    const hint = open.registry
      .getPlugin("dropped")
      ?.diagnostics.find((d) => d.code === "PLUGIN_PROVENANCE_UNTRACKED");
    expect(hint?.message).toContain("untracked plugin");
    expect(hint?.hint).toBe("Run `openclaw plugins enable dropped` to trust and load it.");
  });
});
