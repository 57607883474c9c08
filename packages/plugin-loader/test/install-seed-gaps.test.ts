import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateConfig } from "../src/control-plane/config-validation.js";
import { buildControlPlane } from "../src/control-plane/control-plane.js";
import { clearPluginDiscoveryCache } from "../src/control-plane/discovery.js";
import { clearPluginManifestCache } from "../src/control-plane/manifest.js";
import { installPlugin } from "../src/install/install.js";
import { uninstallPlugin } from "../src/install/uninstall.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
  clearPluginDiscoveryCache();
  clearPluginManifestCache();
});
afterEach(() => sb.cleanup());

const schema = { type: "object", additionalProperties: false, properties: {} };

/** An npm registry on loopback that knows no package at all (every request is a 404). */
async function emptyRegistry(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe("installing what the seeds describe", () => {
  it("installs a multi-entry pack as its <name>/<fileBase> plugins, enabled and valid", async () => {
    const src = sb.plugin("src/my-pack", {
      id: "my-pack",
      packageJson: {
        name: "my-pack",
        version: "1.0.0",
        openclaw: { extensions: ["./src/safety.ts", "./src/tools.ts"] },
      },
      files: { "src/safety.ts": "export default () => {};\n", "src/tools.ts": "export default () => {};\n" },
    });
    const result = await installPlugin({ source: src, extensionsDir: sb.globalDir, config: {} });
    expect(result.pluginIds).toEqual(["my-pack/safety", "my-pack/tools"]);
    expect(result.config.plugins?.entries).toEqual({
      "my-pack/safety": { enabled: true },
      "my-pack/tools": { enabled: true },
    });
    expect(result.config.plugins?.installs?.["my-pack"]?.plugins).toEqual([
      "my-pack/safety",
      "my-pack/tools",
    ]);
    const plane = await buildControlPlane({ config: result.config, env: sb.env, bundledDir: null });
    expect(plane.registry.getPlugin("my-pack/safety")?.status).toBe("enabled");
    expect(plane.registry.getPlugin("my-pack/tools")?.status).toBe("enabled");
    expect(validateConfig(plane).errors).toEqual([]);
    const removed = await uninstallPlugin({
      id: "my-pack",
      config: result.config,
      extensionsDir: sb.globalDir,
    });
    expect(removed.removedConfig).toEqual(
      expect.arrayContaining(["plugins.entries.my-pack/safety", "plugins.entries.my-pack/tools"]),
    );
    expect(removed.config.plugins?.entries?.["my-pack/safety"]).toBeUndefined();
  });

  it("installs a single plugin file with the manifest beside it", async () => {
    const dir = join(sb.root, "loose");
    mkdirSync(dir);
    writeFileSync(join(dir, "voice-memo.ts"), "export default function register() {}\n");
    writeFileSync(
      join(dir, "openclaw.plugin.json"),
      JSON.stringify({ id: "voice-memo", configSchema: schema }),
    );
    const result = await installPlugin({
      source: join(dir, "voice-memo.ts"),
      extensionsDir: sb.globalDir,
      config: {},
    });
    expect(result.id).toBe("voice-memo");
    const plane = await buildControlPlane({ config: result.config, env: sb.env, bundledDir: null });
    expect(plane.registry.getPlugin("voice-memo")?.status).toBe("enabled");
    expect(plane.registry.getPlugin("voice-memo")?.source).toBe(
      join(sb.globalDir, "voice-memo", "voice-memo.ts"),
    );
  });

  it("refuses a single file with no manifest beside it", async () => {
    writeFileSync(join(sb.root, "bare.ts"), "export default () => {};\n");
    await expect(
      installPlugin({ source: join(sb.root, "bare.ts"), extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_PACKAGE_INVALID" });
  });

  it("refuses a package this host cannot run before writing anything, and installs it with force", async () => {
    const src = sb.plugin("src/future", {
      id: "future",
      packageJson: {
        name: "future",
        version: "1.0.0",
        openclaw: { extensions: ["./index.ts"], install: { minHostVersion: ">=9999.1.1" } },
      },
      files: {
        "index.ts": 'import { x } from "openclaw/plugin-sdk/channel-core";\nexport default () => x;\n',
      },
    });
    const error = await installPlugin({ source: src, extensionsDir: sb.globalDir, config: {} }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "PLUGIN_SDK_SUBPATH_MISSING" });
    expect(error.message).toContain("openclaw/plugin-sdk/channel-core");
    expect(error.message).toContain(">=9999.1.1");
    expect(error.hint).toContain("--force");
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(sb.globalDir)).toEqual([]);
    const forced = await installPlugin({ source: src, extensionsDir: sb.globalDir, config: {}, force: true });
    expect(forced.id).toBe("future");
  });

  it("falls back to the bundled copy when the registry lacks the package, and for a bare bundled id", async () => {
    const bundledDir = join(sb.root, "bundled");
    sb.plugin("bundled/voice-call", {
      id: "voice-call",
      packageJson: {
        name: "@openclaw/voice-call",
        version: "0.1.0",
        openclaw: { extensions: ["./index.ts"] },
      },
    });
    const registry = await emptyRegistry();
    try {
      const env = {
        ...process.env,
        npm_config_registry: registry.url,
        npm_config_cache: join(sb.root, "npm-cache"),
      };
      const viaNpm = await installPlugin({
        source: "@openclaw/voice-call",
        extensionsDir: sb.globalDir,
        config: {},
        env,
        bundledDir,
      });
      expect(viaNpm.bundled?.reason).toContain("npm registry has no @openclaw/voice-call");
      expect(viaNpm.config.plugins).toEqual({ entries: { "voice-call": { enabled: true } } });
      const bare = await installPlugin({
        source: "voice-call",
        extensionsDir: sb.globalDir,
        config: {},
        env,
        bundledDir,
      });
      expect(bare.bundled?.reason).toContain("is a bundled plugin");
      await expect(
        installPlugin({
          source: "@openclaw/not-bundled",
          extensionsDir: sb.globalDir,
          config: {},
          env,
          bundledDir,
        }),
      ).rejects.toMatchObject({ code: "INSTALL_PACKAGE_NOT_FOUND" });
    } finally {
      registry.server.close();
    }
  }, 120_000);

  it("refuses to uninstall a bundled plugin and keeps its config (credentials included)", async () => {
    sb.plugin("bundled/voice-call", { id: "voice-call" });
    const config = {
      plugins: { entries: { "voice-call": { enabled: true, config: { twilio: { authToken: "secret" } } } } },
    };
    await expect(
      uninstallPlugin({
        id: "voice-call",
        config,
        extensionsDir: sb.globalDir,
        bundledDir: join(sb.root, "bundled"),
      }),
    ).rejects.toMatchObject({
      code: "INSTALL_BUNDLED_PLUGIN",
      hint: expect.stringContaining("plugins disable voice-call"),
    });
    expect(config.plugins.entries["voice-call"].config.twilio.authToken).toBe("secret");
  });
});
