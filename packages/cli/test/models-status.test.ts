import { type GatewayHandle, startGateway } from "@openclaw/gateway";
import { authProfilesPath, writeAuthProfiles } from "@openclaw/gateway/auth";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "./cli-harness.js";

// `openclaw models status` against a running gateway: the default model's state, then per provider
// which credential is in effect (config key, env reference, auth profile and its type, none) and
// when a token expires, without ever printing a secret.

const HOUR = 3_600_000;
const ACCESS = "sk-ant-oat01-cli-access";
const REFRESH = "cli-refresh-secret";
const CONFIG_KEY = "sk-config-literal-key";
const ENV_KEY = "env-key-value";

let sandbox: Sandbox;
let gateway: GatewayHandle;
let cliEnv: Record<string, string>;

async function writeProfiles(expires: number): Promise<void> {
  await writeAuthProfiles(authProfilesPath(sandbox.stateDir), {
    "claude:default": { type: "oauth", provider: "claude", access: ACCESS, refresh: REFRESH, expires },
  });
}

beforeAll(async () => {
  sandbox = createSandbox({
    withPlugin: false,
    config: {
      models: {
        providers: {
          claude: { baseUrl: "http://127.0.0.1:9", api: "anthropic-messages", models: [{ id: "c1" }] },
          keyed: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", apiKey: CONFIG_KEY },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
          fromenv: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", apiKey: "${MY_KEY}" },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
          unsetenv: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", apiKey: "${NOPE_KEY}" },
          local: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", auth: "none" },
          bare: { baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions" },
        },
      },
      agents: { defaults: { model: "claude/c1" } },
    },
  });
  await writeProfiles(Date.now() + 2 * HOUR + 60_000);
  gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: { ...(sandbox.env as Record<string, string>), MY_KEY: ENV_KEY },
    logger: createHostLogger({ level: "silent" }),
  });
  cliEnv = { OPENCLAW_GATEWAY_URL: gateway.url };
});

afterAll(async () => {
  await gateway?.close();
  sandbox?.cleanup();
});

function expectNoSecret(text: string): void {
  for (const secret of [ACCESS, REFRESH, CONFIG_KEY, ENV_KEY]) expect(text).not.toContain(secret);
}

describe("openclaw models status", () => {
  it("prints the default model, then each provider's credential source, type and expiry", async () => {
    await writeProfiles(Date.now() + 2 * HOUR + 60_000);
    const run = await sandbox.run(["models", "status"], cliEnv);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("default model claude/c1: ready (anthropic-messages)");
    expect(lines[1]).toBe("credentials:");
    const line = (id: string) => lines.find((l) => l.trimStart().startsWith(`${id} `)) ?? "";
    expect(line("claude")).toMatch(
      /auth profile claude:default of type oauth, sent as Bearer token, expires \d{4}-\d\d-\d\dT\S+Z \(in 2 h( \d+ min)?\)/,
    );
    expect(line("keyed")).toContain("config key (models.providers.keyed.apiKey), sent as API key");
    expect(line("fromenv")).toContain("env reference $MY_KEY (set), sent as API key");
    expect(line("unsetenv")).toContain("env reference $NOPE_KEY (NOT SET in the gateway's environment)");
    expect(line("local")).toContain("no credential needed");
    expect(line("mock")).toContain("no credential needed");
    expect(line("bare")).toContain(
      "missing (set models.providers.bare.apiKey or run `openclaw models auth login --provider bare`)",
    );
    expectNoSecret(run.stdout + run.stderr);
  });

  it("--json carries the same facts, without secrets", async () => {
    await writeProfiles(Date.now() + HOUR);
    const run = await sandbox.run(["models", "status", "--json"], cliEnv);
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as {
      providers: Array<{ id: string; credential: Record<string, unknown> }>;
    };
    const claude = status.providers.find((p) => p.id === "claude");
    expect(claude?.credential).toMatchObject({
      source: "profile",
      profileType: "oauth",
      scheme: "bearer",
      expired: false,
    });
    expectNoSecret(run.stdout);
  });

  it("an expired OAuth profile of the default model exits 1 with AGENT_AUTH_EXPIRED and the login hint", async () => {
    await writeProfiles(Date.now() - 3 * HOUR);
    const run = await sandbox.run(["models", "status"], cliEnv);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^default model claude\/c1: AGENT_AUTH_EXPIRED auth profile claude:default \(oauth\)/,
    );
    expect(lines[1]).toContain("hint: Log in again with `openclaw models auth login --provider claude`");
    expect(run.stdout).toMatch(
      /claude\s+auth profile claude:default of type oauth, sent as Bearer token, EXPIRED \S+ \(3 h ago\): run `openclaw models auth login --provider claude`/,
    );
    expectNoSecret(run.stdout + run.stderr);
  });
});
