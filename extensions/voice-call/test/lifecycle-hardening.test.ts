import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { callCache, MAX_CACHED_CALLS } from "../src/providers/call-cache.js";
import { MAX_TIMER_MS } from "../src/timers.js";
import { startTestRuntime } from "./test-runtime.js";

let runtime: VoiceCallRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  vi.useRealTimers();
});

describe("timer-driven hangups", () => {
  it("a max-duration hangup the carrier rejects is logged with a code, retried, then ended as error (never an unhandled rejection)", async () => {
    vi.useFakeTimers();
    const errors: Array<Record<string, unknown>> = [];
    runtime = await startTestRuntime(
      { maxDurationSeconds: 5, mock: { autoAnswer: true, answerDelayMs: 10 } },
      undefined,
      { error: (_message, meta) => errors.push(meta ?? {}) },
    );
    const hangup = vi.spyOn(runtime.provider, "hangupCall").mockRejectedValue(new Error("carrier says 500"));
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Hi",
      mode: "conversation",
    });
    await vi.advanceTimersByTimeAsync(5_100);
    expect(hangup).toHaveBeenCalledTimes(1);
    expect(runtime.manager.getCall(call.callId)?.state).not.toMatch(/timeout|error/);
    expect(errors[0]).toMatchObject({ code: "VOICE_PROVIDER_ERROR", attempt: 1, callId: call.callId });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hangup).toHaveBeenCalledTimes(3);
    expect(runtime.manager.getCall(call.callId)).toMatchObject({ state: "error", endReason: "error" });
  });

  it("a maxDurationSeconds beyond 2^31-1 ms does not overflow setTimeout and end the call at once", async () => {
    vi.useFakeTimers();
    runtime = await startTestRuntime({
      maxDurationSeconds: 3_000_000,
      mock: { autoAnswer: true, answerDelayMs: 10 },
    });
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Hi",
      mode: "conversation",
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runtime.manager.getCall(call.callId)?.state).toBe("speaking");
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(runtime.manager.getCall(call.callId)?.state).toBe("timeout");
  });

  it("the manifest caps every duration so its longest value fits a timer", () => {
    const manifest = JSON.parse(readFileSync(new URL("../openclaw.plugin.json", import.meta.url), "utf8"));
    const props = manifest.configSchema.properties;
    const durations: Array<[string, { maximum?: number }, number]> = [
      ["maxDurationSeconds", props.maxDurationSeconds, 1000],
      ["staleCallReaperSeconds", props.staleCallReaperSeconds, 1000],
      ["outbound.notifyHangupDelaySec", props.outbound.properties.notifyHangupDelaySec, 1000],
      ["ringTimeoutMs", props.ringTimeoutMs, 1],
      ["transcriptTimeoutMs", props.transcriptTimeoutMs, 1],
      ["mock.answerDelayMs", props.mock.properties.answerDelayMs, 1],
    ];
    for (const [key, schema, msPerUnit] of durations) {
      expect(schema.maximum, key).toBeTypeOf("number");
      expect((schema.maximum as number) * msPerUnit, key).toBeLessThanOrEqual(MAX_TIMER_MS);
    }
  });
});

describe("bounded per-call state", () => {
  it("keeps no state for events about unknown calls, and a bounded memory of refused callers", async () => {
    runtime = await startTestRuntime({ inboundPolicy: "allowlist", allowFrom: ["+15550001234"] });
    vi.spyOn(runtime.provider, "hangupCall").mockResolvedValue();
    const before = runtime.manager.memoryStats();
    for (let i = 0; i < 5000; i++) {
      runtime.manager.processEvent({ type: "call.answered", callId: `ghost-${i}`, timestamp: Date.now() });
      runtime.manager.processEvent({
        type: "call.ringing",
        callId: `stranger-${i}`,
        providerCallId: `stranger-${i}`,
        direction: "inbound",
        from: "+15559990000",
        timestamp: Date.now(),
      });
    }
    const after = runtime.manager.memoryStats();
    expect({ ...after, refused: 0 }).toEqual({ ...before, refused: 0 });
    expect(after.refused).toBeLessThanOrEqual(1000);
  });

  it("provider call caches evict the least recently used beyond their bound and expire after a call's longest life", () => {
    const cache = callCache<string>({ maxDurationSeconds: 60, ringTimeoutMs: 1000 });
    for (let i = 0; i < MAX_CACHED_CALLS + 50; i++) cache.set(`call-${i}`, "url");
    expect(cache.size).toBe(MAX_CACHED_CALLS);
    expect(cache.has("call-0")).toBe(false);
    const remaining = cache.getRemainingTTL(`call-${MAX_CACHED_CALLS + 49}`);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(60_000 + 1000 + 60_000);
  });
});
