import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextCallState, resolveVoiceCallConfig, type VoiceCallRuntime } from "../src/index.js";
import { startTestRuntime } from "./test-runtime.js";

describe("resolveVoiceCallConfig", () => {
  it("defaults to the mock provider with its caller id", () => {
    const config = resolveVoiceCallConfig({}, {});
    expect(config).toMatchObject({
      provider: "mock",
      fromNumber: "+15550000000",
      maxConcurrentCalls: 1,
      outbound: { defaultMode: "notify" },
    });
  });

  it("names every missing credential by config path, and reads them from env", () => {
    let error: unknown;
    try {
      resolveVoiceCallConfig({ provider: "twilio" }, {});
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "VOICE_CONFIG_INVALID" });
    expect((error as Error).message).toContain("plugins.entries.voice-call.config.twilio.accountSid");
    expect((error as Error).message).toContain("plugins.entries.voice-call.config.fromNumber");
    const config = resolveVoiceCallConfig(
      { provider: "twilio", fromNumber: "+15550001111" },
      { TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "tok" },
    );
    expect(config.twilio).toEqual({ accountSid: "AC1", authToken: "tok" });
  });
});

describe("nextCallState", () => {
  it.each([
    ["initiated", "ringing", "ringing"],
    ["answered", "ringing", "answered"],
    ["speaking", "listening", "listening"],
    ["listening", "speaking", "speaking"],
    ["ringing", "no-answer", "no-answer"],
    ["completed", "answered", "completed"],
  ] as const)("%s + %s -> %s", (from, to, expected) => expect(nextCallState(from, to)).toBe(expected));
});

describe("CallManager on the mock provider", () => {
  let runtime: VoiceCallRuntime;
  beforeEach(async () => {
    vi.useFakeTimers();
    runtime = await startTestRuntime({ maxDurationSeconds: 60 });
  });
  afterEach(async () => {
    await runtime.stop();
    vi.useRealTimers();
  });

  it("rings, answers, speaks the message and hangs up a notify call", async () => {
    const call = await runtime.manager.initiateCall({ to: "+15550001234", message: "Hello" });
    expect(call.state).toBe("initiated");
    await vi.advanceTimersByTimeAsync(100);
    expect(call.state).toBe("ringing");
    await vi.advanceTimersByTimeAsync(300);
    expect(call.state).toBe("speaking");
    expect(call.transcript.map((t) => t.text)).toEqual(["Hello"]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(call).toMatchObject({ state: "hangup-bot", endReason: "hangup-bot" });
  });

  it("ends a conversation call that runs past maxDurationSeconds with reason timeout", async () => {
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Hi",
      mode: "conversation",
    });
    await vi.advanceTimersByTimeAsync(61_000);
    expect(call.endReason).toBe("timeout");
  });

  it("enforces E.164 and maxConcurrentCalls, and codes unknown and ended calls", async () => {
    await expect(runtime.manager.initiateCall({ to: "5550001234", message: "x" })).rejects.toMatchObject({
      code: "VOICE_INVALID_NUMBER",
    });
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "x",
      mode: "conversation",
    });
    await expect(runtime.manager.initiateCall({ to: "+15550001235", message: "x" })).rejects.toMatchObject({
      code: "VOICE_MAX_CONCURRENT",
    });
    await runtime.manager.endCall(call.callId);
    expect(call.endReason).toBe("hangup-bot");
    await expect(runtime.manager.speak(call.callId, "too late")).rejects.toMatchObject({
      code: "VOICE_CALL_ENDED",
    });
    await expect(runtime.manager.endCall("nope")).rejects.toMatchObject({ code: "VOICE_CALL_NOT_FOUND" });
    expect(runtime.manager.getCall(call.callId)?.state).toBe("hangup-bot");
  });
});

describe("inbound allowlist", () => {
  let runtime: VoiceCallRuntime;
  afterEach(() => runtime.stop());

  it("rejects a missing, anonymous or suffix-only caller with one hangup each and no record", async () => {
    runtime = await startTestRuntime({ inboundPolicy: "allowlist", allowFrom: ["+15550001234"] });
    const hangup = vi.spyOn(runtime.provider, "hangupCall").mockResolvedValue();
    const inbound = (id: string, type: "call.initiated" | "call.ringing", from?: string) =>
      runtime.manager.processEvent({
        type,
        callId: id,
        providerCallId: id,
        direction: "inbound",
        timestamp: Date.now(),
        ...(from === undefined ? {} : { from }),
        to: "+15550000000",
      });
    const strangers: Array<[string, string | undefined]> = [
      ["no-caller-id", undefined],
      ["anonymous", "anonymous"],
      ["suffix-only", "+99915550001234"],
    ];
    for (const [id, from] of strangers) {
      inbound(id, "call.initiated", from);
      inbound(id, "call.ringing", from); // a duplicate reject must not hang up twice
    }
    expect(hangup.mock.calls.map(([target]) => target.providerCallId)).toEqual([
      "no-caller-id",
      "anonymous",
      "suffix-only",
    ]);
    for (const [id] of strangers) expect(runtime.manager.getCall(id)).toBeUndefined();
    inbound("friend", "call.ringing", "+15550001234");
    expect(runtime.manager.getCall("friend")).toMatchObject({ direction: "inbound", from: "+15550001234" });
    expect(hangup).toHaveBeenCalledTimes(3);
  });
});
