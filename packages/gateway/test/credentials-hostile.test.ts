import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { authProfilesPath } from "../src/agent/auth-profiles.js";
import type { ProviderModelConfig } from "../src/agent/config.js";
import { describeCredential, resolveCredential } from "../src/agent/credentials.js";

const SECRET = "PLANTEDSECRET0123456789";
const anthropic = { api: "anthropic-messages", baseUrl: "http://127.0.0.1:9" } as ProviderModelConfig;

function stateWith(text: string): string {
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-cred-"));
  const path = authProfilesPath(stateDir);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return stateDir;
}

/** Everything an error could show: message, wire JSON, hint and the cause chain. */
function shown(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    parts.push(String(e.message), JSON.stringify(e));
  }
  return parts.join("\n");
}

describe("auth-profiles.json written by a careless operator", () => {
  it("a key pasted without quotes is CONFIG_PARSE_FAILED and the error never quotes the key", async () => {
    const stateDir = stateWith(`{"profiles":{"anthropic:x":{"type":"api_key","key":${SECRET}}}}`);
    const error = await resolveCredential("anthropic", anthropic, { env: {}, stateDir }).catch((e) => e);
    expect(error).toMatchObject({ code: "CONFIG_PARSE_FAILED" });
    expect(shown(error)).not.toContain(SECRET.slice(0, 6));
  });

  it("a profile that is null, or profiles that are not an object, are CONFIG_PARSE_FAILED, not a TypeError", async () => {
    for (const text of ['{"profiles":{"anthropic:x":null}}', '{"profiles":"abc"}', "null", "[]"]) {
      const stateDir = stateWith(text);
      for (const inspect of [describeCredential, resolveCredential]) {
        await expect(inspect("anthropic", anthropic, { env: {}, stateDir })).rejects.toMatchObject({
          code: "CONFIG_PARSE_FAILED",
        });
      }
    }
  });

  it("an absurd numeric expires is reported as AGENT_AUTH_EXPIRED with a printable date, not a RangeError", async () => {
    const stateDir = stateWith(
      JSON.stringify({ profiles: { "anthropic:x": { type: "token", token: SECRET, expires: -1e300 } } }),
    );
    const error = await resolveCredential("anthropic", anthropic, { env: {}, stateDir }).catch((e) => e);
    expect(error).toMatchObject({ code: "AGENT_AUTH_EXPIRED" });
    expect(shown(error)).not.toContain(SECRET);
    const status = await describeCredential("anthropic", anthropic, { env: {}, stateDir });
    expect(status).toMatchObject({ source: "profile", expired: true });
    expect(() => new Date((status as { expiresAt: number }).expiresAt).toISOString()).not.toThrow();
  });

  it("an expires written as a date string is honoured, not ignored", async () => {
    const stateDir = stateWith(
      JSON.stringify({
        profiles: { "anthropic:x": { type: "token", token: SECRET, expires: "2000-01-01T00:00:00Z" } },
      }),
    );
    const now = () => Date.parse("2026-01-01T00:00:00Z");
    expect(await describeCredential("anthropic", anthropic, { env: {}, stateDir, now })).toMatchObject({
      expired: true,
      expiresAt: Date.parse("2000-01-01T00:00:00Z"),
    });
    await expect(resolveCredential("anthropic", anthropic, { env: {}, stateDir, now })).rejects.toMatchObject(
      {
        code: "AGENT_AUTH_EXPIRED",
      },
    );
  });
});
