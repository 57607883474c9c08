import { afterEach, describe, expect, it } from "vitest";
import { resolveVoiceCallConfig, type VoiceCallRuntime } from "../src/index.js";
import { startTestRuntime, waitForCall } from "./test-runtime.js";

let runtime: VoiceCallRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

async function start(config: Record<string, unknown>): Promise<VoiceCallRuntime> {
  runtime = await startTestRuntime({ mock: { autoAnswer: false }, ...config });
  return runtime;
}

const post = (url: string, body: unknown, init: RequestInit = {}) =>
  fetch(url, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
    ...init,
  });

describe("webhook server", () => {
  it("drives a call through its states from carrier webhooks, ignoring replays", async () => {
    const rt = await start({ skipSignatureVerification: true });
    const call = await rt.manager.initiateCall({ to: "+15550001234", message: "Hi", mode: "conversation" });
    const answered = { event: { type: "call.answered", callId: call.callId } };
    expect((await post(rt.webhookUrl, { event: { type: "call.ringing", callId: call.callId } })).status).toBe(
      200,
    );
    expect((await post(rt.webhookUrl, answered)).status).toBe(200);
    expect(rt.manager.getCall(call.callId)).toMatchObject({
      state: "speaking",
      answeredAt: expect.any(Number),
    });
    const speech = {
      event: { type: "call.speech", callId: call.callId, transcript: "yes please", isFinal: true },
    };
    await post(rt.webhookUrl, speech);
    await post(rt.webhookUrl, speech);
    expect(rt.manager.getCall(call.callId)?.transcript.map((t) => t.text)).toEqual(["Hi", "yes please"]);
    await post(rt.webhookUrl, { event: { type: "call.ended", callId: call.callId, reason: "hangup-user" } });
    expect(rt.manager.getCall(call.callId)).toMatchObject({ state: "hangup-user", endReason: "hangup-user" });
  });

  it("answers 404 for lookalike paths, 405 for other methods, 413 for oversized bodies, 400 for bad bodies", async () => {
    const rt = await start({ skipSignatureVerification: true });
    expect((await post(`${rt.webhookUrl}-evil`, {})).status).toBe(404);
    expect((await fetch(rt.webhookUrl)).status).toBe(405);
    const { request } = await import("node:http");
    const status = await new Promise<number | string>((resolve) => {
      const req = request(rt.webhookUrl, { method: "POST" }, (res) => resolve(res.statusCode ?? 0));
      req.on("error", (error) => resolve(String(error)));
      req.end(Buffer.alloc(1024 * 1024 + 1, "x"));
    });
    expect(status).toBe(413);
    expect((await post(rt.webhookUrl, "{not json")).status).toBe(400);
  });

  it("rejects unsigned webhooks unless skipSignatureVerification, which is refused off loopback", async () => {
    const rt = await start({});
    expect((await post(rt.webhookUrl, { event: { type: "call.ringing", callId: "x" } })).status).toBe(401);
    expect(() =>
      resolveVoiceCallConfig({ skipSignatureVerification: true, serve: { bind: "0.0.0.0" } }, {}),
    ).toThrowError(
      expect.objectContaining({ code: "VOICE_CONFIG_INVALID", message: expect.stringContaining("loopback") }),
    );
  });

  it("applies the inbound policy: allowlisted callers are answered and greeted, others rejected", async () => {
    const rt = await start({
      skipSignatureVerification: true,
      inboundPolicy: "allowlist",
      allowFrom: ["+15550009999"],
      inboundGreeting: "Welcome!",
    });
    const ring = (from: string, id: string) => ({
      event: {
        type: "call.ringing",
        callId: id,
        providerCallId: id,
        direction: "inbound",
        from,
        to: "+15550000000",
      },
    });
    await post(rt.webhookUrl, ring("+15550001111", "stranger"));
    expect(rt.manager.getCall("stranger")).toBeUndefined();
    await post(rt.webhookUrl, ring("+15550009999", "friend"));
    const call = rt.manager.getCall("friend");
    expect(call).toMatchObject({ direction: "inbound", state: "ringing", from: "+15550009999" });
    await post(rt.webhookUrl, {
      event: { type: "call.answered", callId: "friend", providerCallId: "friend" },
    });
    const greeted = await waitForCall(rt.manager, "friend", (c) => c.transcript.length > 0);
    expect(greeted.transcript[0]?.text).toBe("Welcome!");
  });
});

describe("conversation turns", () => {
  it("continue speaks, waits for the callee's answer and always settles", async () => {
    const rt = await start({
      skipSignatureVerification: true,
      transcriptTimeoutMs: 200,
      maxConcurrentCalls: 2,
    });
    const call = await rt.manager.initiateCall({ to: "+15550001234", message: "Hi", mode: "conversation" });
    await post(rt.webhookUrl, { event: { type: "call.answered", callId: call.callId } });
    // continueCall registers its waiter before its first await, so the answer can be posted at once.
    const turn = rt.manager.continueCall(call.callId, "Anything else?");
    await post(rt.webhookUrl, {
      event: { type: "call.speech", callId: call.callId, transcript: "no thanks", isFinal: true },
    });
    expect((await turn).transcript).toBe("no thanks");
    await expect(rt.manager.continueCall(call.callId, "Still there?")).rejects.toMatchObject({
      code: "VOICE_TRANSCRIPT_TIMEOUT",
    });
    const ending = expect(rt.manager.continueCall(call.callId, "Bye?")).rejects.toMatchObject({
      code: "VOICE_CALL_ENDED",
    });
    await post(rt.webhookUrl, { event: { type: "call.ended", callId: call.callId, reason: "hangup-user" } });
    await ending;
  });

  it("reaps calls stuck before answer as no-answer", async () => {
    const rt = await start({ staleCallReaperSeconds: 1, maxConcurrentCalls: 2 });
    const call = await rt.manager.initiateCall({ to: "+15550001234", message: "Hi" });
    expect(rt.manager.reapStaleCalls(Date.now() + 5000)).toBe(1);
    const reaped = await waitForCall(rt.manager, call.callId, (c) => c.endReason !== undefined);
    expect(reaped.endReason).toBe("no-answer");
  });
});
