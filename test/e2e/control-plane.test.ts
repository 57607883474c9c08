import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHome, type Home, json, openclaw } from "./helpers.js";

let home: Home;
let configText: string;

function plugin(dir: string, id: string, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "openclaw.plugin.json"),
    JSON.stringify({
      id,
      configSchema: {
        type: "object",
        additionalProperties: false,
        properties: { level: { type: "integer" } },
      },
      ...extra,
    }),
  );
  writeFileSync(
    join(dir, "index.ts"),
    `export default (api: any) => api.registerGatewayMethod("${id}.ping", ({ respond }: any) => respond(true, "pong"));\n`,
  );
  return dir;
}

beforeAll(() => {
  home = createHome({ bundled: false });
  const global = join(home.stateDir, "extensions");
  const bundled = join(home.dir, "bundled");
  home.env.OPENCLAW_BUNDLED_PLUGINS_DIR = bundled;
  plugin(join(home.dir, "dev/from-path"), "from-path");
  plugin(join(home.dir, "ws/.openclaw/extensions/ws-on"), "ws-on");
  plugin(join(home.dir, "ws/.openclaw/extensions/ws-off"), "ws-off");
  plugin(join(global, "installed"), "installed", {
    uiHints: { level: { label: "Level", placeholder: "3" } },
  });
  plugin(join(global, "dup"), "dup");
  plugin(join(bundled, "dup"), "dup");
  plugin(join(bundled, "bundled-off"), "bundled-off");
  plugin(join(home.dir, "store/linked"), "linked");
  symlinkSync(join(home.dir, "store/linked"), join(global, "linked"));
  chmodSync(plugin(join(global, "open"), "open"), 0o777);
  plugin(join(global, "parked"), "parked");
  plugin(join(global, "bad-config"), "bad-config");
  configText = `{
  // every origin, and every kind of problem
  agents: { defaults: { workspace: ${JSON.stringify(join(home.dir, "ws"))} } },
  plugins: {
    load: { paths: [${JSON.stringify(join(home.dir, "dev/from-path"))}] },
    installs: {
      installed: { source: "path" }, dup: { source: "path" }, linked: { source: "path" },
      parked: { source: "path" }, "bad-config": { source: "path" },
    },
    entries: {
      "ws-on": { enabled: true },
      parked: { enabled: false, config: { level: 2 } },
      "bad-config": { config: { level: "high" } },
      ghost: { enabled: true },
    },
  },
}
`;
  writeFileSync(join(home.stateDir, "openclaw.json"), configText);
});

afterAll(() => {
  chmodSync(join(home.stateDir, "extensions/open"), 0o755);
  home?.cleanup();
});

type Listed = {
  id: string;
  origin: string;
  status: string;
  activation: { reason: string };
  error?: { code: string };
};

describe("the control plane through the CLI", () => {
  it("lists plugins from every origin with their status", async () => {
    const report = json<{ plugins: Listed[]; diagnostics: Array<{ code: string }> }>(
      await openclaw(home, ["plugins", "list", "--json"]),
    );
    const by = Object.fromEntries(report.plugins.map((p) => [p.id, p]));
    expect(by["from-path"]).toMatchObject({ origin: "config", status: "enabled" });
    expect(by["ws-on"]).toMatchObject({ origin: "workspace", status: "enabled" });
    expect(by["ws-off"]).toMatchObject({ origin: "workspace", status: "disabled" });
    expect(by.installed).toMatchObject({ origin: "global", status: "enabled" });
    expect(by.dup).toMatchObject({ origin: "global", status: "enabled" });
    expect(by["bundled-off"]).toMatchObject({ origin: "bundled", status: "disabled" });
    expect(by.linked).toMatchObject({ origin: "global", status: "enabled" });
    expect(by.parked).toMatchObject({ status: "disabled" });
    expect(by["bad-config"]).toMatchObject({ status: "error", error: { code: "PLUGIN_CONFIG_INVALID" } });
    expect(by.open).toBeUndefined();
    expect(report.diagnostics.map((d) => d.code)).toContain("PLUGIN_BLOCKED");
    const human = await openclaw(home, ["plugins", "list"]);
    for (const line of human.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it("explains duplicates and blocked candidates with plugins why", async () => {
    const dup = await openclaw(home, ["plugins", "why", "dup"]);
    expect(dup.stdout).toMatch(/\* winner\s+global/);
    expect(dup.stdout).toMatch(/- shadowed\s+bundled/);
    const open = json<{ status: string; candidates: Array<{ outcome: string; rule: string }> }>(
      await openclaw(home, ["plugins", "why", "open", "--json"]),
    );
    expect(open.status).toBe("blocked");
    expect(open.candidates[0]?.rule).toContain("world-writable");
    const typo = await openclaw(home, ["plugins", "why", "dupp"]);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toContain('Did you mean "dup"?');
  });

  it("reports every problem with plugins doctor and config validate, exiting non-zero", async () => {
    const doctor = await openclaw(home, ["plugins", "doctor", "--json"]);
    expect(doctor.code).toBe(1);
    const result = json<{
      errors: Array<{ code: string; path: string }>;
      warnings: Array<{ code: string; pluginId?: string }>;
    }>(doctor);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual(
      expect.arrayContaining([
        ["PLUGIN_NOT_FOUND", "plugins.entries.ghost"],
        ["PLUGIN_CONFIG_INVALID", "plugins.entries.bad-config"],
      ]),
    );
    expect(result.warnings.some((w) => w.pluginId === "parked")).toBe(true);
    expect(result.warnings.some((w) => w.code === "PLUGIN_BLOCKED")).toBe(true);
    const validate = await openclaw(home, ["config", "validate"]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      "error [PLUGIN_NOT_FOUND] plugins.entries.ghost: plugin not found: ghost",
    );
  });

  it("refuses to enable an unknown id and writes nothing", async () => {
    const result = await openclaw(home, ["plugins", "enable", "instaled"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Did you mean "installed"?');
    expect(readFileSync(join(home.stateDir, "openclaw.json"), "utf8")).toBe(configText);
  });

  it("prints the config schema with plugin schemas and uiHints merged", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema document
    const schema = json<{ properties: any; "x-uiHints": Record<string, unknown> }>(
      await openclaw(home, ["config", "schema"]),
    );
    expect(
      schema.properties.plugins.properties.entries.properties.installed.properties.config.properties.level,
    ).toMatchObject({
      type: "integer",
      title: "Level",
      examples: ["3"],
    });
    expect(schema["x-uiHints"]["plugins.entries.installed.config.level"]).toEqual({
      label: "Level",
      placeholder: "3",
    });
  });
});
