import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import JSON5 from "json5";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callGateway, type GatewayHandle, readGatewayToken, startGateway } from "../src/index.js";

const REDACTED = "__OPENCLAW_REDACTED__";
const SECRET = "tok-very-secret-123";

const PLUGIN = `
export default {
  id: "demo",
  register(api) {
    api.registerGatewayMethod("demo.config", ({ respond }) => respond(true, api.pluginConfig));
  },
};`;

const CONFIG = `// hand-written config
{
  plugins: {
    installs: { demo: { source: "path" } },
    entries: {
      demo: {
        enabled: true,
        config: {
          greeting: "hello", // shown to callers
          apiToken: "${SECRET}",
          level: 1,
        },
      },
    },
  },
}
`;

let root: string;
let configFile: string;
let gateway: GatewayHandle;
let token: string;

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const rpc = <T>(method: string, params?: Record<string, unknown>) =>
  callGateway<T>({
    connection: { url: gateway.url, token, via: "config" },
    method,
    ...(params ? { params } : {}),
  });

interface Snapshot {
  path: string;
  exists: boolean;
  hash: string;
  config: { plugins: { entries: { demo: { config: Record<string, unknown> } } } };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "openclaw-config-rpc-"));
  const stateDir = join(root, "state");
  const dir = join(stateDir, "extensions", "demo");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "openclaw.plugin.json"),
    JSON.stringify({
      id: "demo",
      configSchema: {
        type: "object",
        additionalProperties: false,
        properties: {
          greeting: { type: "string" },
          apiToken: { type: "string" },
          level: { type: "integer", maximum: 10 },
        },
      },
      uiHints: { apiToken: { label: "API token", sensitive: true } },
    }),
  );
  writeFileSync(join(dir, "index.js"), PLUGIN);
  configFile = join(stateDir, "openclaw.json");
  writeFileSync(configFile, CONFIG);
  gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root },
    logger: createHostLogger({ level: "silent" }),
  });
  token = (await readGatewayToken(stateDir)) as string;
});

beforeEach(() => writeFileSync(configFile, CONFIG));

afterAll(async () => {
  await gateway?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("config.get", () => {
  it("answers the path, the sha256 of the file's bytes and the config with secrets redacted", async () => {
    const snapshot = await rpc<Snapshot>("config.get");
    expect(snapshot.path).toBe(configFile);
    expect(snapshot.exists).toBe(true);
    expect(snapshot.hash).toBe(sha256(readFileSync(configFile)));
    expect(snapshot.config.plugins.entries.demo.config).toEqual({
      greeting: "hello",
      apiToken: REDACTED,
      level: 1,
    });
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);
  });
});

describe("config.patch", () => {
  it("writes the change keeping comments, answers the new hash and reloads the touched plugin", async () => {
    const { hash } = await rpc<Snapshot>("config.get");
    const result = await rpc<{ hash: string; config: Snapshot["config"]; reloaded: string[] }>(
      "config.patch",
      {
        baseHash: hash,
        set: [{ path: "plugins.entries.demo.config.greeting", value: "welcome" }],
      },
    );
    const text = readFileSync(configFile, "utf8");
    expect(text).toContain("// hand-written config");
    expect(text).toContain("// shown to callers");
    expect(JSON5.parse(text).plugins.entries.demo.config.greeting).toBe("welcome");
    expect(result.hash).toBe(sha256(text));
    expect(result.config.plugins.entries.demo.config.apiToken).toBe(REDACTED);
    expect(result.reloaded).toEqual(["demo"]);
    expect(await rpc("demo.config")).toMatchObject({ greeting: "welcome", apiToken: SECRET });
  });

  it("refuses with CONFIG_CONFLICT (HTTP 409) when the file changed since baseHash", async () => {
    const { hash } = await rpc<Snapshot>("config.get");
    const edited = CONFIG.replace("level: 1", "level: 2");
    writeFileSync(configFile, edited);
    const response = await fetch(`${gateway.url}/rpc`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        method: "config.patch",
        params: { baseHash: hash, set: [{ path: "plugins.entries.demo.config.level", value: 3 }] },
      }),
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: "CONFIG_CONFLICT" } });
    expect(readFileSync(configFile, "utf8")).toBe(edited);
  });

  it("refuses an invalid value with CONFIG_INVALID naming the dotted path, writing nothing", async () => {
    const { hash } = await rpc<Snapshot>("config.get");
    const error = await rpc("config.patch", {
      baseHash: hash,
      set: [
        { path: "plugins.entries.demo.config.level", value: 99 },
        { path: "plugins.entries.demo.config.greeting", value: "changed" },
      ],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "CONFIG_INVALID",
      details: {
        issues: [{ path: "plugins.entries.demo.config.level", message: expect.stringContaining("10") }],
      },
    });
    expect(readFileSync(configFile, "utf8")).toBe(CONFIG);
  });

  it("keeps a stored secret when the redacted placeholder is sent back", async () => {
    const { hash, config } = await rpc<Snapshot>("config.get");
    await rpc("config.patch", {
      baseHash: hash,
      set: [
        { path: "plugins.entries.demo.config", value: { ...config.plugins.entries.demo.config, level: 4 } },
      ],
    });
    const written = JSON5.parse(readFileSync(configFile, "utf8")).plugins.entries.demo.config;
    expect(written).toEqual({ greeting: "hello", apiToken: SECRET, level: 4 });
  });

  it("unsets a key and rejects malformed params with GATEWAY_BAD_REQUEST", async () => {
    const { hash } = await rpc<Snapshot>("config.get");
    await rpc("config.patch", { baseHash: hash, unset: ["plugins.entries.demo.config.level"] });
    expect(JSON5.parse(readFileSync(configFile, "utf8")).plugins.entries.demo.config).not.toHaveProperty(
      "level",
    );
    await expect(rpc("config.patch", { set: [] })).rejects.toMatchObject({ code: "GATEWAY_BAD_REQUEST" });
    await expect(
      rpc("config.patch", { baseHash: "", set: [{ path: "plugins.__proto__.x", value: 1 }] }),
    ).rejects.toMatchObject({ code: "CONFIG_PATH_INVALID" });
  });
});
