// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in these tests
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger, type HostLogger } from "@openclaw/plugin-loader";
import { callGateway, type GatewayHandle, readGatewayToken, startGateway } from "../../src/index.js";
import {
  type FakeModelServerOptions,
  type FakeOpenAI,
  startFakeOpenAI,
} from "../../src/testing/fake-openai.js";

/** An inline test plugin: its id, its TypeScript source, and extra manifest keys. */
export interface TestPlugin {
  id: string;
  source: string;
  manifest?: Record<string, unknown>;
}

/** A gateway on a temp state dir with inline plugins and a fake OpenAI-compatible model. */
export interface PluginGateway {
  gateway: GatewayHandle;
  fake: FakeOpenAI;
  token: string;
  /** The gateway's state dir (`auth-profiles.json` lives under it). */
  stateDir: string;
  rpc<T = any>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Writes every plugin into `<state>/extensions/<id>` (tracked by an install record), writes the config
 * `config(fakeBaseUrl)` returns, and starts an in-process gateway on a random loopback port.
 */
export async function startPluginGateway(options: {
  plugins: TestPlugin[];
  config: (fakeBaseUrl: string) => Record<string, unknown>;
  env?: Record<string, string>;
  /** Options of the fake model server (e.g. the API keys it accepts). */
  fake?: FakeModelServerOptions;
  /** The gateway's logger; default a silent one. */
  logger?: HostLogger;
}): Promise<PluginGateway> {
  const fake = await startFakeOpenAI(options.fake);
  const root = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
  const stateDir = join(root, "state");
  mkdirSync(stateDir, { recursive: true });
  for (const { id, source, manifest } of options.plugins) {
    const dir = join(stateDir, "extensions", id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "openclaw.plugin.json"),
      JSON.stringify({ id, configSchema: { type: "object" }, ...manifest }),
    );
    writeFileSync(join(dir, "index.ts"), source);
  }
  const config = options.config(fake.baseUrl);
  const plugins = (config.plugins ?? {}) as Record<string, unknown>;
  const installs = Object.fromEntries(options.plugins.map(({ id }) => [id, { source: "path" }]));
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({ ...config, plugins: { ...plugins, installs } }),
  );
  const gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root, ...options.env },
    logger: options.logger ?? createHostLogger({ level: "silent" }),
  });
  const token = (await readGatewayToken(stateDir)) as string;
  return {
    gateway,
    fake,
    token,
    stateDir,
    rpc: (method, params) =>
      callGateway({
        connection: { url: gateway.url, token, via: "config" },
        method,
        ...(params ? { params } : {}),
      }),
    async close() {
      await gateway.close();
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
