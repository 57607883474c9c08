import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCoreMethods, dispatchRpc, PluginHost } from "../src/index.js";

// A bounded soak: thousands of reloads and failing hook calls must leave memory and the size of
// `plugins.status` bounded (the original grew by 60 MB and a 13 MB status over 100k failing calls).

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MB = 1024 * 1024;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

let root: string;
let host: PluginHost;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "openclaw-soak-"));
  const stateDir = join(root, "state");
  const dir = join(stateDir, "extensions", "flaky");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "openclaw.plugin.json"),
    JSON.stringify({ id: "flaky", configSchema: { type: "object" } }),
  );
  writeFileSync(
    join(dir, "index.js"),
    `export default { register(api) {
  api.registerGatewayMethod("flaky.ping", ({ respond }) => respond(true, "pong"));
  api.on("message_received", () => { throw new Error("always fails, with a long message ".repeat(8)); });
} };\n`,
  );
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({ plugins: { installs: { flaky: { source: "path" } } } }),
  );
  host = await PluginHost.create({
    version: "0.0.0-soak",
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root },
    logger: createHostLogger({ level: "silent" }),
  });
});

afterAll(() => {
  host?.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function statusSize(): Promise<number> {
  const coreMethods = createCoreMethods({
    registry: host.registry,
    controlPlane: () => host.controlPlane,
    config: () => host.config,
    hooks: host.hooks,
    reloadPlugin: (id: string) => host.reload(id),
    startedAt: Date.now(),
    version: "0",
    agent: host.agent,
  } as never);
  const response = await dispatchRpc(
    { method: "plugins.status" },
    { registry: host.registry, coreMethods, client: { id: "soak", transport: "internal" } },
  );
  return JSON.stringify(response).length;
}

describe("plugin soak", () => {
  it("10 000 failing hook calls keep the plugin's diagnostics, heap and plugins.status bounded", async () => {
    await host.hooks.runParallel("message_received", { content: "warm-up" });
    const before = heapAfterGc();
    for (let i = 0; i < 10_000; i++) await host.hooks.runParallel("message_received", { content: `m${i}` });
    const grown = heapAfterGc() - before;
    const record = host.registry.getPlugin("flaky");
    expect(record?.diagnostics.length).toBeLessThanOrEqual(50);
    expect(record?.diagnosticStats?.byCode.PLUGIN_HOOK_FAILED).toBeGreaterThanOrEqual(10_000);
    expect(await statusSize()).toBeLessThan(64 * 1024);
    expect(grown).toBeLessThan(8 * MB);
  }, 60_000);

  it("1000 reloads swap generations without growing the registry or the heap", async () => {
    for (let i = 0; i < 50; i++) await host.reload("flaky");
    const before = heapAfterGc();
    for (let i = 0; i < 1000; i++) await host.reload("flaky");
    const grown = heapAfterGc() - before;
    expect(host.registry.gatewayMethods.size).toBe(1);
    expect(host.registry.typedHooks).toHaveLength(1);
    expect(host.registry.getPlugin("flaky")?.status).toBe("loaded");
    expect(grown).toBeLessThan(16 * MB);
  }, 120_000);
});
