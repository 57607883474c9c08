// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import type { HostLogger } from "@openclaw/plugin-loader";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authProfilesPath, readAuthProfiles, writeAuthProfiles } from "../src/agent/auth-profiles.js";
import type { RecordedRequest } from "../src/testing/fake-openai.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

// An expired OAuth auth profile refreshed through its provider plugin's refreshOAuth hook: the new
// token on the wire and on disk, one refresh for concurrent turns, failures coded with the file kept.

const HOUR = 3_600_000;
const OLD_ACCESS = "sk-ant-oat01-old-access";
const OLD_REFRESH = "refresh-token-old-secret";
const newAccess = (provider: string) => `sk-ant-oat01-new-for-${provider}`;
const NEW_REFRESH = "refresh-token-next-secret";

// The plugin counts its calls per provider on globalThis (plugins run in the gateway's process) and
// behaves by provider id: `r-throws` throws an error quoting the refresh token, `r-garbage` returns
// no access token, `r-hangs` never settles, the others return a fresh credential.
const REFRESHER = `
import { definePluginEntry } from "openclaw/plugin-sdk/core";
const calls: Record<string, number> = ((globalThis as any).__oauthRefreshCalls ??= {});
const refreshing = (id: string) => async (cred: any) => {
  calls[id] = (calls[id] ?? 0) + 1;
  if (id === "r-throws") throw new Error("token endpoint said invalid_grant for " + cred.refresh + " / " + cred.access);
  if (id === "r-garbage") return { type: "oauth", expires: Date.now() + 3600000 };
  if (id === "r-hangs") return new Promise(() => undefined);
  return { ...cred, access: "sk-ant-oat01-new-for-" + id, refresh: "${NEW_REFRESH}", expires: Date.now() + 3600000 };
};
export default definePluginEntry({
  id: "refresher",
  name: "Refresher",
  register(api) {
    for (const id of ["r-ok", "r-soon", "r-concurrent", "r-throws", "r-garbage", "r-hangs"]) {
      api.registerProvider({ id, label: id, auth: [], refreshOAuth: refreshing(id) });
    }
    api.registerProvider({ id: "r-nohook", label: "no hook", auth: [] });
  },
});`;

const PROVIDERS = ["r-ok", "r-soon", "r-concurrent", "r-throws", "r-garbage", "r-hangs", "r-nohook"];
const logText: string[] = [];
let t: PluginGateway;
let path: string;

function collectingLogger(): HostLogger {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logText.push(String(chunk));
      done();
    },
  });
  return pino({ level: "info" }, sink) as unknown as HostLogger;
}

const callsOf = (provider: string): number => (globalThis as any).__oauthRefreshCalls?.[provider] ?? 0;
const profileOf = async (provider: string) => (await readAuthProfiles(path)).profiles[`${provider}:default`];

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [{ id: "refresher", source: REFRESHER }],
    logger: collectingLogger(),
    config: (baseUrl) => {
      const root = baseUrl.replace(/\/v1$/, "");
      const claude = { baseUrl: root, api: "anthropic-messages", models: [{ id: "c1", maxTokens: 256 }] };
      return {
        models: { providers: Object.fromEntries(PROVIDERS.map((id) => [id, claude])) },
        plugins: { callBudgetsMs: { oauthRefresh: 500 } },
      };
    },
    fake: { anthropicOAuthTokens: [OLD_ACCESS, ...PROVIDERS.map(newAccess)] },
  });
  path = authProfilesPath(t.stateDir);
  await writeAuthProfiles(
    path,
    Object.fromEntries(
      PROVIDERS.map((provider) => [
        `${provider}:default`,
        {
          type: "oauth",
          provider,
          access: OLD_ACCESS,
          refresh: OLD_REFRESH,
          accountId: "acct-kept",
          // r-soon has not expired yet but expires within the 60 s skew.
          expires: provider === "r-soon" ? Date.now() + 30_000 : Date.now() - HOUR,
        },
      ]),
    ),
  );
});

afterAll(() => t?.close());

async function turn(provider: string, sessionKey: string): Promise<RecordedRequest> {
  const result = await t.rpc("agent.run", { prompt: "hi", model: `${provider}/c1`, sessionKey });
  expect(result.text).toBe("hello");
  return t.fake.requests.at(-1) as RecordedRequest;
}

async function failure(provider: string, sessionKey: string): Promise<any> {
  const before = t.fake.requests.length;
  const error = await t.rpc("agent.run", { prompt: "hi", model: `${provider}/c1`, sessionKey }).then(
    () => undefined,
    (e) => e,
  );
  expect(t.fake.requests.length).toBe(before);
  return error;
}

describe("OAuth refresh through the provider plugin", () => {
  it("an expired oauth profile is refreshed: the request carries the new token and the file holds it", async () => {
    t.fake.script([{ text: "hello" }]);
    const request = await turn("r-ok", "ok");
    expect(request.headers.authorization).toBe(`Bearer ${newAccess("r-ok")}`);
    expect(callsOf("r-ok")).toBe(1);
    const stored = await profileOf("r-ok");
    expect(stored).toMatchObject({
      type: "oauth",
      provider: "r-ok",
      access: newAccess("r-ok"),
      refresh: NEW_REFRESH,
      accountId: "acct-kept",
    });
    expect(stored?.expires).toBeGreaterThan(Date.now());
    // The next turn uses the stored credential without refreshing again.
    t.fake.script([{ text: "hello" }]);
    expect((await turn("r-ok", "ok-2")).headers.authorization).toBe(`Bearer ${newAccess("r-ok")}`);
    expect(callsOf("r-ok")).toBe(1);
  });

  it("an oauth profile expiring within the skew is refreshed before the request", async () => {
    t.fake.script([{ text: "hello" }]);
    expect((await turn("r-soon", "soon")).headers.authorization).toBe(`Bearer ${newAccess("r-soon")}`);
    expect(callsOf("r-soon")).toBe(1);
  });

  it("two concurrent turns cause one refresh call and both send the new token", async () => {
    t.fake.script([{ text: "hello" }, { text: "hello" }]);
    const before = t.fake.requests.length;
    const runs = ["c-1", "c-2"].map((sessionKey) =>
      t.rpc("agent.run", { prompt: "hi", model: "r-concurrent/c1", sessionKey }),
    );
    expect((await Promise.all(runs)).map((r: any) => r.text)).toEqual(["hello", "hello"]);
    expect(callsOf("r-concurrent")).toBe(1);
    const sent = t.fake.requests.slice(before).map((r) => r.headers.authorization);
    expect(sent).toEqual([`Bearer ${newAccess("r-concurrent")}`, `Bearer ${newAccess("r-concurrent")}`]);
  });

  it("a refresh that throws is AGENT_AUTH_REFRESH_FAILED naming the login; file unchanged; no secret leaks", async () => {
    const fileBefore = readFileSync(path, "utf8");
    const error = await failure("r-throws", "throws");
    expect(error).toMatchObject({
      code: "AGENT_AUTH_REFRESH_FAILED",
      message: expect.stringContaining("invalid_grant"),
      hint: expect.stringContaining("openclaw models auth login --provider r-throws"),
    });
    expect(callsOf("r-throws")).toBe(1);
    expect(readFileSync(path, "utf8")).toBe(fileBefore);
    const seen = JSON.stringify(error) + logText.join("");
    for (const secret of [OLD_ACCESS, OLD_REFRESH]) expect(seen).not.toContain(secret);
    expect(logText.join("")).toContain("AGENT_AUTH_REFRESH_FAILED");
  });

  it("a refresh returning no access token is AGENT_AUTH_REFRESH_FAILED; file unchanged", async () => {
    const fileBefore = readFileSync(path, "utf8");
    const error = await failure("r-garbage", "garbage");
    expect(error).toMatchObject({
      code: "AGENT_AUTH_REFRESH_FAILED",
      message: expect.stringContaining("no access token"),
    });
    expect(readFileSync(path, "utf8")).toBe(fileBefore);
  });

  it("a refresh that outlives plugins.callBudgetsMs.oauthRefresh is AGENT_AUTH_REFRESH_FAILED", async () => {
    const error = await failure("r-hangs", "hangs");
    expect(error).toMatchObject({
      code: "AGENT_AUTH_REFRESH_FAILED",
      message: expect.stringContaining("PLUGIN_CALL_TIMEOUT"),
    });
    expect((await profileOf("r-hangs"))?.access).toBe(OLD_ACCESS);
  });

  it("a provider without a refreshOAuth hook still refuses the expired profile with AGENT_AUTH_EXPIRED", async () => {
    const error = await failure("r-nohook", "nohook");
    expect(error).toMatchObject({
      code: "AGENT_AUTH_EXPIRED",
      hint: expect.stringContaining("openclaw models auth login --provider r-nohook"),
    });
  });
});
