import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CallRecord, CallStore } from "../src/index.js";

function snapshot(id: string, state: CallRecord["state"], text: string): CallRecord {
  return {
    callId: id,
    provider: "mock",
    direction: "outbound",
    state,
    from: "+15550000000",
    to: "+15550001234",
    mode: "conversation",
    startedAt: Date.now(),
    transcript: [{ speaker: "bot", text, timestamp: Date.now() }],
    ...(state === "completed" ? { endedAt: Date.now(), endReason: "hangup-user" } : {}),
  };
}

describe("call store soak (bounded file and memory over thousands of calls)", () => {
  it("keeps the file and the in-memory calls bounded by keepEnded while 5,000 calls pass through", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-soak-"));
    const keepEnded = 200;
    const store = new CallStore(CallStore.fileIn(dir), { fsync: false, compactAfterLines: 2_000, keepEnded });
    store.open();
    const text = "x".repeat(200);
    let peakBytes = 0;
    for (let i = 0; i < 5_000; i++) {
      const id = `call-${i}`;
      for (const state of ["initiated", "ringing", "answered", "completed"] as const) {
        store.append(snapshot(id, state, text));
      }
      peakBytes = Math.max(peakBytes, statSync(CallStore.fileIn(dir)).size);
    }
    const lineBytes = JSON.stringify(snapshot("call-4999", "completed", text)).length + 1;
    // Compaction keeps at most keepEnded ended calls; between compactions at most compactAfterLines
    // lines are appended: the file never holds more than that, whatever the number of calls.
    expect(peakBytes).toBeLessThanOrEqual((keepEnded + 2_000 + 4) * lineBytes * 1.05);
    store.compact();
    expect(store.all().length).toBeLessThanOrEqual(keepEnded);
    expect(statSync(CallStore.fileIn(dir)).size).toBeLessThanOrEqual(keepEnded * lineBytes * 1.05);
    // The newest ended calls are the ones kept.
    expect(store.get("call-4999")?.state).toBe("completed");
    expect(store.get("call-0")).toBeUndefined();
    store.close();
  });
});
