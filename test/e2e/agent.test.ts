// biome-ignore-all lint/suspicious/noExplicitAny: CLI JSON output is untyped in this test
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeOpenAI, startFakeOpenAI } from "@openclaw/gateway/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliResult,
  cliBin,
  createHome,
  type Home,
  json,
  openclaw,
  type RunningGateway,
  repoRoot,
  startGateway,
} from "./helpers.js";

const cacheDir = join(repoRoot, "node_modules/.cache/openclaw-corpus");

/** `npm pack`s one pinned corpus plugin into the shared cache (as corpus.test.ts does). */
function corpusTarball(spec: string): string {
  const file = `${spec
    .replace(/^@/, "")
    .replace(/\//g, "-")
    .replace(/@([^@]+)$/, "-$1")}.tgz`;
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(join(cacheDir, file))) {
    execFileSync("npm", ["pack", spec, "--silent", "--ignore-scripts", "--pack-destination", cacheDir], {
      stdio: "pipe",
    });
  }
  return join(cacheDir, file);
}

/** Runs the CLI with `input` on stdin. */
function openclawWithInput(home: Home, args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBin, ...args], { env: home.env, cwd: home.dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

let home: Home;
let gateway: RunningGateway | undefined;
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  home = createHome({ bundled: false });
  for (const spec of ["@ollama/openclaw-web-search@0.2.2", "jasper-context-compactor@0.4.1"]) {
    const result = await openclaw(home, ["plugins", "install", corpusTarball(spec)]);
    expect(result.code, result.stderr).toBe(0);
  }
  const config = JSON.parse(readFileSync(join(home.stateDir, "openclaw.json"), "utf8"));
  config.plugins.load = {
    paths: [join(repoRoot, "test/e2e/fixtures/hello-ts"), join(repoRoot, "test/e2e/fixtures/acme-provider")],
  };
  config.plugins.entries = {
    ...config.plugins.entries,
    "context-compactor": { config: { maxTokens: 40, keepRecentTokens: 10 } },
  };
  config.models = {
    providers: {
      fake: { baseUrl: fake.baseUrl, api: "openai-completions", auth: "none", models: [{ id: "m1" }] },
    },
  };
  config.agents = { defaults: { model: "fake/m1" } };
  writeFileSync(join(home.stateDir, "openclaw.json"), JSON.stringify(config, null, 2));
  mkdirSync(join(home.stateDir, "skills/greeter"), { recursive: true });
  writeFileSync(
    join(home.stateDir, "skills/greeter/SKILL.md"),
    "---\nname: greeter\ndescription: Greet people warmly.\n---\nAlways call hello_greet first.\n",
  );
  gateway = await startGateway(home);
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  home?.cleanup();
});

describe("openclaw agent", () => {
  it("calls a plugin tool through the built-in mock model with no network", async () => {
    const result = await openclaw(home, [
      "agent",
      "--model",
      "mock/scripted",
      "--session-key",
      "demo",
      "--json",
      "--message",
      'hello_greet {"name":"Ada"}',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const payload = json<any>(result);
    expect(payload.toolCalls).toEqual([
      expect.objectContaining({
        toolName: "hello_greet",
        params: { name: "Ada" },
        resultText: "Hello, Ada!",
        isError: false,
      }),
    ]);
    expect(payload.text).toBe("hello_greet returned: Hello, Ada!");
    const streamed = await openclaw(home, [
      "agent",
      "--model",
      "mock/echo",
      "--stream",
      "--message",
      "streamed words arrive",
    ]);
    expect(streamed.stdout).toBe("streamed words arrive\n");
    const shown = await openclaw(home, ["sessions", "show", "demo"]);
    expect(shown.stdout).toContain("tool hello_greet: Hello, Ada!");
    expect((await openclaw(home, ["sessions", "list"])).stdout).toMatch(/^demo /m);
  });

  it("reaches ollama_web_search from the model's tool call; its network failure comes back as a tool result", async () => {
    const result = await openclaw(home, [
      "agent",
      "--model",
      "mock/scripted",
      "--json",
      "--message",
      'ollama_web_search {"query":"openclaw plugins"}',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [call] = json<any>(result).toolCalls;
    expect(call).toMatchObject({
      toolName: "ollama_web_search",
      pluginId: "openclaw-web-search",
      params: { query: "openclaw plugins" },
      isError: true,
    });
    expect(call.resultText).toMatch(/fetch failed|ECONNREFUSED|timed out/);
    expect(json<any>(result).text).toContain("ollama_web_search returned:");
  });

  it("lets jasper-context-compactor compact a long session through api.runtime.llm.complete", async () => {
    fake.script([
      { text: "Lighthouses guided ships along dangerous coasts for centuries." },
      { text: "The Pharos of Alexandria was the most famous ancient lighthouse." },
      { text: "SUMMARY-OF-EARLIER-TURNS" },
      { text: "Fresnel lenses came later." },
    ]);
    for (const message of [
      "Tell me about the history of lighthouses in detail.",
      "Which ancient lighthouse was the most famous one?",
    ]) {
      expect((await openclaw(home, ["agent", "--session-key", "long", "--message", message])).code).toBe(0);
    }
    const before = fake.requests.length;
    const result = await openclaw(home, [
      "agent",
      "--session-key",
      "long",
      "--json",
      "--message",
      "And the lenses?",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [summary, turn] = fake.requests.slice(before) as any[];
    expect(summary.body.stream).toBeFalsy();
    expect(summary.body.messages[0].content).toContain("Summarize this conversation concisely");
    expect(summary.body.messages[0].content).toContain("[USER]: Tell me about the history of lighthouses");
    expect(summary.body.max_tokens).toBe(1000);
    const last = turn.body.messages.at(-1).content;
    expect(last).toContain("<compacted-context>");
    expect(last).toContain("SUMMARY-OF-EARLIER-TURNS");
    expect(last.endsWith("And the lenses?")).toBe(true);
    expect(json<any>(result).text).toBe("Fresnel lenses came later.");
  });

  it("offers plugin and state-dir skills to the model; skills list and plugins info show them", async () => {
    const listed = json<any>(await openclaw(home, ["skills", "list", "--json"]));
    expect(listed.skills).toEqual([
      expect.objectContaining({
        name: "acme-models",
        source: "plugin",
        pluginId: "acme-provider",
        eligible: true,
      }),
      expect.objectContaining({ name: "greeter", source: "state", eligible: true }),
    ]);
    expect((await openclaw(home, ["plugins", "info", "acme-provider"])).stdout).toMatch(
      /skills: +acme-models/,
    );
    fake.script([{ text: "Hi!" }]);
    const before = fake.requests.length;
    await openclaw(home, ["agent", "--session-key", "skills", "--message", "hi"]);
    const request = fake.requests[before] as any;
    expect(request.body.messages[0].content).toContain(
      "<name>greeter</name><description>Greet people warmly.</description>",
    );
    expect(request.body.tools.map((t: any) => t.function.name)).toContain("read_skill");
  });

  it("models auth login runs the provider's auth[].run, stores the key 0600 without echoing it, and the key reaches the model", async () => {
    const key = "sk-acme-secret-42";
    const login = await openclawWithInput(
      home,
      ["models", "auth", "login", "--provider", "acme", "--set-default"],
      `${fake.baseUrl}\n${key}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain("Logged in to acme (api-key): acme:default");
    expect(login.stdout).toContain("Default model: acme/acme-1");
    expect(login.stdout + login.stderr).not.toContain(key);
    const profiles = join(home.stateDir, "agents/main/agent/auth-profiles.json");
    expect(statSync(profiles).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(profiles, "utf8")).profiles["acme:default"]).toMatchObject({
      type: "api_key",
      provider: "acme",
      key,
    });
    const config = JSON.parse(readFileSync(join(home.stateDir, "openclaw.json"), "utf8"));
    expect(config.models.providers.acme).toMatchObject({ baseUrl: fake.baseUrl, api: "openai-completions" });
    expect(config.auth.profiles["acme:default"]).toEqual({ provider: "acme", mode: "api_key" });
    expect(config.agents.defaults.model).toBe("acme/acme-1");
    expect(JSON.stringify(config)).not.toContain(key);
    expect((await openclaw(home, ["plugins", "reload", "acme-provider"])).code).toBe(0);
    fake.script([{ text: "Acme answers." }]);
    const before = fake.requests.length;
    const turn = await openclaw(home, ["agent", "--session-key", "acme", "--message", "hello acme"]);
    expect(turn.stdout.trim()).toBe("Acme answers.");
    expect(fake.requests[before]?.headers.authorization).toBe(`Bearer ${key}`);
    expect(fake.requests[before]?.body.model).toBe("acme-1");
    const models = await openclaw(home, ["models", "list"]);
    expect(models.stdout).toContain("acme (config) api=openai-completions auth=profile acme:default");
    expect(models.stdout).not.toContain(key);
  });

  it("reports a missing --message once, as a usage error, without calling the gateway", async () => {
    const result = await openclaw(home, ["agent"]);
    expect(result.code).toBe(2);
    expect(result.stderr.match(/error \[/g)).toHaveLength(1);
    expect(result.stderr).toContain("error [CLI_USAGE]: Missing required argument: message");
  });

  it("refuses a malformed auth result and writes nothing", async () => {
    const before = readFileSync(join(home.stateDir, "openclaw.json"), "utf8");
    const result = await openclawWithInput(
      home,
      ["models", "auth", "login", "--provider", "acme", "--method", "broken"],
      "",
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("AGENT_AUTH_FAILED");
    expect(readFileSync(join(home.stateDir, "openclaw.json"), "utf8")).toBe(before);
  });
});
