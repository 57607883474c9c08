// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { closeSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

/** The planted key: it must never come back in any answer, event or log line. */
const KEY = "sk-planted-7f3a9c1e5b2d4f60a8e1";
const logFile = join(tmpdir(), `openclaw-leak-${process.pid}-${Date.now()}.log`);
let logFd: number;
let t: PluginGateway;

beforeAll(async () => {
  logFd = openSync(logFile, "w");
  t = await startPluginGateway({
    plugins: [],
    logger: createHostLogger({ level: "debug", fd: logFd }),
    config: (baseUrl) => ({
      models: {
        providers: { fake: { baseUrl, api: "openai-completions", apiKey: KEY, models: [{ id: "m1" }] } },
      },
      agents: { defaults: { model: "fake/m1" } },
    }),
  });
});

afterAll(async () => {
  await t?.close();
  closeSync(logFd);
});

describe("a provider that echoes the API key in its error answer", () => {
  it("never shows the key in the RPC error, agent.end events, models.status or the log", async () => {
    const ws = new WebSocket(`${t.gateway.url.replace("http", "ws")}/ws`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    await new Promise((resolve) => ws.once("open", resolve));
    const frames: string[] = [];
    ws.on("message", (data) => frames.push(String(data)));
    const echo = (status: number) => ({
      status,
      body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}. Bearer ${KEY}` } }),
    });
    t.fake.script([echo(401)]);
    const answer = await t.rpc("agent.run", { prompt: "hi", sessionKey: "leak" }).catch((e: any) => e);
    const shown = JSON.stringify(answer) + String(answer?.message);
    expect(shown).toContain("[redacted]");
    expect(shown).not.toContain(KEY);
    const status = await t.rpc("models.status");
    expect(JSON.stringify(status)).not.toContain(KEY);
    await t.rpc("agent.run", { prompt: "after", sessionKey: "leak-end" }).catch(() => undefined);
    ws.close();
    expect(frames.join("\n")).not.toContain(KEY);
    expect(frames.some((f) => f.includes("agent.end"))).toBe(true);
    expect(readFileSync(logFile, "utf8")).not.toContain(KEY);
  });
});
