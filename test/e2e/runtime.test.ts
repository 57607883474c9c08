import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHome, type Home, json, openclaw, type RunningGateway, startGateway } from "./helpers.js";

let home: Home;
let gateway: RunningGateway;
let pluginDir: string;

const source = (greeting: string) => `import { definePluginEntry } from "openclaw/plugin-sdk/core";
export default definePluginEntry({
  id: "live",
  name: "Live",
  register(api) {
    api.registerGatewayMethod("live.greet", ({ respond }) => respond(true, "${greeting}"));
    api.registerHook("command:new", () => {}, { name: "live.on-new" });
    api.on("before_agent_start", () => ({ prependContext: "${greeting}" }));
  },
});
`;

beforeAll(async () => {
  home = createHome({ bundled: false });
  pluginDir = join(home.stateDir, "extensions/live");
  mkdirSync(pluginDir, { recursive: true });
  writeFileSync(
    join(pluginDir, "openclaw.plugin.json"),
    JSON.stringify({ id: "live", configSchema: { type: "object" } }),
  );
  writeFileSync(join(pluginDir, "index.ts"), source("hello"));
  const broken = join(home.stateDir, "extensions/broken");
  mkdirSync(broken, { recursive: true });
  writeFileSync(
    join(broken, "openclaw.plugin.json"),
    JSON.stringify({ id: "broken", configSchema: { type: "object" } }),
  );
  writeFileSync(join(broken, "index.ts"), `export default () => { throw new Error("cannot start"); };`);
  writeFileSync(
    join(home.stateDir, "openclaw.json"),
    JSON.stringify({ plugins: { installs: { live: { source: "path" }, broken: { source: "path" } } } }),
  );
  gateway = await startGateway(home);
});

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

describe("runtime commands against a running gateway", () => {
  it("shows live status with registrations, exiting 1 because one plugin failed", async () => {
    const result = await openclaw(home, ["plugins", "status", "--json"]);
    expect(result.code).toBe(1);
    const status = json<{
      plugins: Array<{
        id: string;
        status: string;
        error?: { code: string };
        registrations: { gatewayMethods: string[] };
      }>;
    }>(result);
    expect(status.plugins.find((p) => p.id === "live")).toMatchObject({
      status: "loaded",
      registrations: { gatewayMethods: ["live.greet"] },
    });
    expect(status.plugins.find((p) => p.id === "broken")).toMatchObject({
      status: "error",
      error: { code: "PLUGIN_REGISTER_FAILED" },
    });
    const info = await openclaw(home, ["plugins", "info", "live"]);
    expect(info.stdout).toContain("methods: live.greet");
    expect(info.stdout).toContain("(live from the gateway)");
  });

  it("reloads new code without a restart", async () => {
    expect(json(await openclaw(home, ["gateway", "call", "live.greet"]))).toBe("hello");
    writeFileSync(join(pluginDir, "index.ts"), source("bonjour"));
    const reload = await openclaw(home, ["plugins", "reload", "live"]);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stdout).toContain("Reloaded live.");
    expect(json(await openclaw(home, ["gateway", "call", "live.greet"]))).toBe("bonjour");
    const prepared = json<{ prompt: string }>(
      await openclaw(home, ["gateway", "call", "agent.prepare", "--params", '{"prompt":"q"}']),
    );
    expect(prepared.prompt).toBe("bonjour\n\nq");
  });

  it("lists plugin hooks as plugin:<id> and refuses to toggle them there", async () => {
    const list = await openclaw(home, ["hooks", "list"]);
    expect(list.stdout).toMatch(/live\.on-new\s+legacy\s+plugin:live/);
    const disable = await openclaw(home, ["hooks", "disable", "live.on-new"]);
    expect(disable.code).toBe(2);
    expect(disable.stderr).toContain("openclaw plugins disable live");
  });
});
