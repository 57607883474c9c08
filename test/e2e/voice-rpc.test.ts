import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVoiceCallHome, type Home, type RunningGateway, startGateway } from "./helpers.js";

let home: Home;
let gateway: RunningGateway;
let token: string | undefined;

beforeAll(async () => {
  home = createVoiceCallHome({ provider: "mock", maxDurationSeconds: 1, mock: { answerDelayMs: 200 } });
  gateway = await startGateway(home);
});

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

/** One RPC over `POST /rpc` with the gateway token, as any client would send it. */
async function rpc<T>(method: string, params: Record<string, unknown>): Promise<T> {
  token ??= readFileSync(join(home.stateDir, "gateway/token"), "utf8").trim();
  const response = await fetch(`${gateway.url}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ method, params }),
  });
  const body = (await response.json()) as { ok: boolean; payload: T; error?: { code: string } };
  if (!body.ok) throw new Error(`${method} failed: ${body.error?.code}`);
  return body.payload;
}

describe("voice call over the gateway RPC", () => {
  it("goes through its states and ends as timeout at maxDurationSeconds", async () => {
    const { callId } = await rpc<{ callId: string }>("voicecall.initiate", {
      to: "+15550001234",
      message: "Over RPC",
      mode: "conversation",
    });
    const seen: string[] = [];
    let endReason: string | undefined;
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !endReason) {
      const { call } = await rpc<{ call: { state: string; endReason?: string } }>("voicecall.status", {
        callId,
      });
      if (seen.at(-1) !== call.state) seen.push(call.state);
      endReason = call.endReason;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(endReason).toBe("timeout");
    expect(seen.at(-1)).toBe("timeout");
    // Each live state the mock carrier reports is observed in forward order.
    const order = ["initiated", "ringing", "answered", "speaking", "timeout"];
    expect(seen.filter((s) => order.includes(s))).toEqual(order.filter((s) => seen.includes(s)));
    expect(seen).toEqual(expect.arrayContaining(["ringing", "speaking", "timeout"]));
  });

  it("answers missing and malformed params with coded errors", async () => {
    await expect(rpc("voicecall.status", {})).rejects.toThrow("VOICE_INVALID_PARAMS");
    await expect(
      rpc("voicecall.initiate", { to: "+15550001234", message: "x", mode: "chat" }),
    ).rejects.toThrow("VOICE_INVALID_PARAMS");
    await expect(rpc("voicecall.initiate", { to: "555", message: "x" })).rejects.toThrow(
      "VOICE_INVALID_NUMBER",
    );
  });
});
