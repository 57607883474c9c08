// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { Writable } from "node:stream";
import type { HostLogger } from "@openclaw/plugin-loader";
import { PluginRegistry } from "@openclaw/plugin-registry";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authProfilesPath, writeAuthProfiles } from "../src/agent/auth-profiles.js";
import { completeText } from "../src/agent/llm-complete.js";
import { ModelCatalog } from "../src/agent/model-catalog.js";
import type { RecordedRequest } from "../src/testing/fake-openai.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

// Which credential goes on the wire, and how, for each auth profile type; expired OAuth credentials;
// AI SDK warnings routed to the gateway's logger; `models.status` naming credential sources.

const HOUR = 3_600_000;
const OAUTH_ACCESS = "sk-ant-oat01-access-fake";
const SETUP_TOKEN = "setup-token-without-known-prefix";
const OAT_AS_KEY = "sk-ant-oat01-written-as-api-key";
const ANTHROPIC_KEY = "sk-ant-api03-fake";
const COMPAT_TOKEN = "compat-bearer-token";
const SECRETS = [OAUTH_ACCESS, SETUP_TOKEN, OAT_AS_KEY, ANTHROPIC_KEY, COMPAT_TOKEN, "refresh-secret"];

interface LogLine {
  level: number;
  msg?: string;
  model?: string;
  adapter?: string;
}

/** A pino logger (what the gateway runs with) whose JSON lines are collected in `lines`. */
function collectingLogger(lines: LogLine[]): HostLogger {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: "warn" }, sink) as unknown as HostLogger;
}

const logLines: LogLine[] = [];
let t: PluginGateway;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [],
    logger: collectingLogger(logLines),
    config: (baseUrl) => {
      const root = baseUrl.replace(/\/v1$/, "");
      const claude = (extra: Record<string, unknown> = {}) => ({
        baseUrl: root,
        api: "anthropic-messages",
        models: [{ id: "c1", maxTokens: 256 }],
        ...extra,
      });
      return {
        models: {
          providers: {
            "claude-oauth": claude({ headers: { "Anthropic-Beta": "prompt-caching-2024-07-31" } }),
            "claude-token": claude(),
            "claude-key": claude(),
            "claude-expired": claude(),
            "claude-rotated": claude(),
            "claude-oat-key": claude({ apiKey: OAT_AS_KEY }),
            "compat-token": { baseUrl, api: "openai-completions", models: [{ id: "k1" }] },
            // No models[] and no maxTokens: the Anthropic adapter warns that it limits max_tokens.
            "claude-warn": { baseUrl: root, api: "anthropic-messages", apiKey: ANTHROPIC_KEY },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
            "env-set": { baseUrl, api: "openai-completions", apiKey: "${COMPAT_KEY_ENV}" },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an env reference, written literally
            "env-unset": { baseUrl, api: "openai-completions", apiKey: "${NOT_SET_ANYWHERE}" },
            local: { baseUrl, api: "openai-completions", auth: "none" },
            nothing: { baseUrl, api: "openai-completions" },
          },
        },
        agents: { defaults: { model: "claude-oauth/c1" } },
      };
    },
    env: { COMPAT_KEY_ENV: "compat-env-key" },
    fake: {
      apiKeys: [ANTHROPIC_KEY, COMPAT_TOKEN, "compat-env-key"],
      anthropicOAuthTokens: [OAUTH_ACCESS, SETUP_TOKEN, OAT_AS_KEY],
    },
  });
  await writeAuthProfiles(authProfilesPath(t.stateDir), {
    "claude-oauth:default": {
      type: "oauth",
      provider: "claude-oauth",
      access: OAUTH_ACCESS,
      refresh: "refresh-secret",
      expires: Date.now() + 2 * HOUR,
    },
    "claude-token:setup": { type: "token", provider: "claude-token", token: SETUP_TOKEN },
    "claude-key:default": { type: "api_key", provider: "claude-key", key: ANTHROPIC_KEY },
    "claude-expired:default": {
      type: "oauth",
      provider: "claude-expired",
      access: OAUTH_ACCESS,
      refresh: "refresh-secret",
      expires: Date.now() - HOUR,
    },
    "claude-rotated:old": {
      type: "oauth",
      provider: "claude-rotated",
      access: "sk-ant-oat01-stale",
      expires: Date.now() - HOUR,
    },
    "claude-rotated:setup": { type: "token", provider: "claude-rotated", token: SETUP_TOKEN },
    "compat-token:default": { type: "token", provider: "compat-token", token: COMPAT_TOKEN },
  });
});

afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);

/** Runs one turn on `model` and returns the request the fake received for it. */
async function turnRequest(model: string, sessionKey: string): Promise<RecordedRequest> {
  const before = t.fake.requests.length;
  t.fake.script([{ text: "hello" }]);
  const result = await rpc("agent.run", { prompt: "hi", model, sessionKey });
  expect(result.text).toBe("hello");
  expect(t.fake.requests.length).toBe(before + 1);
  return t.fake.requests.at(-1) as RecordedRequest;
}

const betasOf = (request: RecordedRequest) =>
  String(request.headers["anthropic-beta"] ?? "")
    .split(",")
    .filter((b) => b !== "");

describe("credentials on the wire", () => {
  it("the fake refuses an OAuth token as x-api-key or as Bearer without the OAuth beta, as Anthropic does", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${t.fake.baseUrl}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", ...headers },
        body: JSON.stringify({ model: "c1", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
      }).then(async (r) => [r.status, ((await r.json()) as any).error?.message]);
    expect(await post({ "x-api-key": OAUTH_ACCESS })).toEqual([401, "invalid x-api-key"]);
    expect(await post({ authorization: `Bearer ${OAUTH_ACCESS}` })).toEqual([
      401,
      "OAuth authentication is currently not supported.",
    ]);
    expect(
      await post({ authorization: `Bearer ${OAUTH_ACCESS}`, "anthropic-beta": "oauth-2025-04-20" }),
    ).toEqual([200, undefined]);
  });

  it("an oauth profile goes to Anthropic as Authorization: Bearer with the OAuth betas, merged with the provider's", async () => {
    const request = await turnRequest("claude-oauth/c1", "oauth");
    expect(request.headers.authorization).toBe(`Bearer ${OAUTH_ACCESS}`);
    expect(request.headers["x-api-key"]).toBeUndefined();
    expect(betasOf(request)).toEqual(
      expect.arrayContaining(["oauth-2025-04-20", "claude-code-20250219", "prompt-caching-2024-07-31"]),
    );
    expect(new Set(betasOf(request)).size).toBe(betasOf(request).length);
  });

  it("a token profile (claude setup-token) goes as Bearer whatever its prefix", async () => {
    const request = await turnRequest("claude-token/c1", "token");
    expect(request.headers.authorization).toBe(`Bearer ${SETUP_TOKEN}`);
    expect(request.headers["x-api-key"]).toBeUndefined();
    expect(betasOf(request)).toContain("oauth-2025-04-20");
  });

  it("an api_key profile goes as x-api-key, without OAuth betas", async () => {
    const request = await turnRequest("claude-key/c1", "key");
    expect(request.headers["x-api-key"]).toBe(ANTHROPIC_KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(betasOf(request)).not.toContain("oauth-2025-04-20");
  });

  it("an sk-ant-oat token written as apiKey is sent as Bearer, as upstream's Anthropic client does", async () => {
    const request = await turnRequest("claude-oat-key/c1", "oat-key");
    expect(request.headers.authorization).toBe(`Bearer ${OAT_AS_KEY}`);
    expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("a token profile of an OpenAI-compatible provider goes as Authorization: Bearer", async () => {
    const request = await turnRequest("compat-token/k1", "compat");
    expect(request.headers.authorization).toBe(`Bearer ${COMPAT_TOKEN}`);
  });

  it("an expired OAuth credential is AGENT_AUTH_EXPIRED naming the login command; nothing is sent", async () => {
    const before = t.fake.requests.length;
    const failure = await rpc("agent.run", {
      prompt: "hi",
      model: "claude-expired/c1",
      sessionKey: "exp",
    }).then(
      () => undefined,
      (error) => error,
    );
    expect(failure).toMatchObject({
      code: "AGENT_AUTH_EXPIRED",
      message: expect.stringContaining("claude-expired:default (oauth)"),
      hint: expect.stringContaining("openclaw models auth login --provider claude-expired"),
    });
    expect(JSON.stringify(failure)).not.toContain(OAUTH_ACCESS);
    expect(t.fake.requests.length).toBe(before);
  });

  it("an expired profile is skipped when the provider has a valid one", async () => {
    const request = await turnRequest("claude-rotated/c1", "rotated");
    expect(request.headers.authorization).toBe(`Bearer ${SETUP_TOKEN}`);
  });
});

describe("AI SDK warnings", () => {
  it("go to the gateway's logger once per distinct warning per model, never to the console", async () => {
    const consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    );
    const stdout = vi.spyOn(process.stdout, "write");
    const sdkWarnings = () => logLines.filter((l) => l.msg?.startsWith("AI SDK warning"));
    const before = sdkWarnings().length;
    await turnRequest("claude-warn/unknown-model", "warn-1");
    await turnRequest("claude-warn/unknown-model", "warn-2");
    // pino writes asynchronously through the stream; wait for the line rather than sleeping.
    await vi.waitFor(() => expect(sdkWarnings().length).toBeGreaterThan(before));
    const logged = sdkWarnings().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 40,
      model: "claude-warn/unknown-model",
      adapter: "anthropic.messages",
      msg: expect.stringMatching(
        /model claude-warn\/unknown-model: .*max output tokens have been limited to 4096/,
      ),
    });
    // Another model's same kind of warning is its own line.
    await turnRequest("claude-warn/another-unknown", "warn-3");
    await vi.waitFor(() => expect(sdkWarnings().slice(before)).toHaveLength(2));
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    expect(stdout.mock.calls.filter(([chunk]) => String(chunk).includes("AI SDK"))).toEqual([]);
  });
});

describe("AI SDK warnings of llm.complete", () => {
  it("are logged with the model ref through the caller's logger, not printed", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const lines: LogLine[] = [];
    const logger = collectingLogger(lines);
    const config = () => ({
      models: {
        providers: {
          claude: { baseUrl: t.fake.baseUrl, api: "anthropic-messages", apiKey: ANTHROPIC_KEY },
        },
      },
    });
    const catalog = new ModelCatalog({
      registry: new PluginRegistry(),
      config,
      env: {},
      stateDir: t.stateDir,
      logger,
    });
    t.fake.script([{ text: "done" }, { text: "again" }]);
    for (const prompt of ["one", "two"]) {
      await completeText({ catalog, config, logger }, { model: "claude/complete-unknown", prompt });
    }
    await vi.waitFor(() => expect(lines.length).toBeGreaterThan(0));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        model: "claude/complete-unknown",
        msg: expect.stringContaining("max output tokens have been limited to 4096"),
      }),
    ]);
    expect(warn).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });
});

describe("models.status", () => {
  it("names each provider's credential source, profile type, wire scheme and expiry, never a secret", async () => {
    const status = await rpc("models.status");
    expect(status).toMatchObject({ ok: true, defaultModel: "claude-oauth/c1", keyConfigured: true });
    const byId = Object.fromEntries(status.providers.map((p: any) => [p.id, p.credential]));
    expect(byId["claude-oauth"]).toEqual({
      source: "profile",
      profileId: "claude-oauth:default",
      profileType: "oauth",
      scheme: "bearer",
      expiresAt: expect.any(Number),
      expired: false,
    });
    expect(byId["claude-expired"]).toMatchObject({ source: "profile", profileType: "oauth", expired: true });
    expect(byId["claude-token"]).toEqual({
      source: "profile",
      profileId: "claude-token:setup",
      profileType: "token",
      scheme: "bearer",
      expired: false,
    });
    expect(byId["claude-key"]).toMatchObject({
      source: "profile",
      profileType: "api_key",
      scheme: "api-key",
    });
    expect(byId["claude-oat-key"]).toEqual({ source: "config", scheme: "bearer" });
    expect(byId["env-set"]).toEqual({
      source: "env",
      envVar: "COMPAT_KEY_ENV",
      set: true,
      scheme: "api-key",
    });
    expect(byId["env-unset"]).toEqual({ source: "env", envVar: "NOT_SET_ANYWHERE", set: false });
    expect(byId.local).toEqual({ source: "none" });
    expect(byId.mock).toEqual({ source: "none" });
    expect(byId.nothing).toEqual({ source: "missing" });
    const text = JSON.stringify(status);
    for (const secret of [...SECRETS, "compat-env-key"]) expect(text).not.toContain(secret);
  });

  it("models.list labels the same sources", async () => {
    const list = await rpc("models.list");
    const auth = Object.fromEntries(list.providers.map((p: any) => [p.id, p.auth]));
    expect(auth).toMatchObject({
      "claude-oauth": "profile claude-oauth:default",
      "claude-expired": "profile claude-expired:default (expired)",
      "claude-oat-key": "config",
      "env-set": "env COMPAT_KEY_ENV",
      "env-unset": "env NOT_SET_ANYWHERE (unset)",
      local: "none needed",
      nothing: "missing",
    });
  });
});
