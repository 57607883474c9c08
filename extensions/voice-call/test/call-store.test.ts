import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CallRecord, CallStore } from "../src/index.js";
import { startTestRuntime } from "./test-runtime.js";

function call(id: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: id,
    provider: "mock",
    direction: "outbound",
    state: "initiated",
    from: "+15550000000",
    to: "+15550001234",
    mode: "notify",
    startedAt: Date.now(),
    transcript: [],
    ...extra,
  };
}

describe("CallStore", () => {
  it("keeps the newest snapshot per call and cuts a torn last line", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-"));
    const store = new CallStore(CallStore.fileIn(dir));
    store.open();
    store.append(call("a"));
    store.append(call("a", { state: "answered" }));
    store.append(call("b"));
    store.close();
    appendFileSync(CallStore.fileIn(dir), '{"callId":"c","state":"ring');
    const reopened = new CallStore(CallStore.fileIn(dir));
    const load = reopened.open();
    expect(load.calls.map((c) => [c.callId, c.state])).toEqual([
      ["a", "answered"],
      ["b", "initiated"],
    ]);
    expect(load.repairedBytes).toBeGreaterThan(0);
    reopened.append(call("d"));
    reopened.close();
    const lines = readFileSync(CallStore.fileIn(dir), "utf8").trimEnd().split("\n");
    expect(lines.every((l) => JSON.parse(l).callId)).toBe(true);
  });

  it("skips corrupt complete lines and compacts to one line per call", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-"));
    writeFileSync(CallStore.fileIn(dir), `not json\n${JSON.stringify(call("x"))}\n`);
    const store = new CallStore(CallStore.fileIn(dir), { compactAfterLines: 10 });
    expect(store.open().skippedLines).toBe(1);
    for (let i = 0; i < 12; i++)
      store.append(call("x", { transcript: [{ timestamp: i, speaker: "bot", text: String(i) }] }));
    store.close();
    const lines = readFileSync(CallStore.fileIn(dir), "utf8").trimEnd().split("\n");
    // 2 lines + 9 appends pass the limit of 10: compacted to 1 line, then 3 more appends.
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l === "not json")).toBe(false);
    expect(JSON.parse(lines.at(-1) as string).transcript.at(-1).text).toBe("11");
  });

  // SIGKILL keeps the page cache, so this proves torn-tail repair of a process crash, not durability
  // (that is call-store-durability.test.ts, which simulates a power cut).
  it("after a writer is killed with SIGKILL mid-stream, repair keeps every acknowledged record and no torn line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "store-kill-"));
    const storeModule = fileURLToPath(new URL("../dist/call-store.js", import.meta.url));
    const writer = `
      const { CallStore } = await import(${JSON.stringify(storeModule)});
      const store = new CallStore(${JSON.stringify(CallStore.fileIn(dir))}, { fsync: false });
      store.open();
      const big = "x".repeat(20000);
      for (let i = 0; ; i++) {
        store.append({ callId: "call-" + i, provider: "mock", direction: "outbound", state: "initiated", from: "+1", to: "+2", mode: "notify", startedAt: Date.now(), transcript: [{ timestamp: i, speaker: "bot", text: big }] });
        process.stdout.write("acked " + i + "\\n");
      }`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", writer], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let acked = -1;
    // Kill as soon as enough appends were acknowledged (an event, not a fixed sleep).
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        const matches = [...String(d).matchAll(/acked (\d+)/g)];
        if (matches.length > 0) acked = Number(matches.at(-1)?.[1]);
        if (acked >= 50) resolve();
      });
    });
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    const load = new CallStore(CallStore.fileIn(dir)).open();
    const ids = new Set(load.calls.map((c) => c.callId));
    for (let i = 0; i <= acked; i++) expect(ids.has(`call-${i}`), `call-${i}`).toBe(true);
    expect(load.skippedLines).toBe(0);
  }, 20_000);
});

describe("restart recovery", () => {
  it("restores calls, ends the ones past their max duration as timeout, keeps history queryable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "store-restart-"));
    const store = new CallStore(CallStore.fileIn(dir));
    store.open();
    const now = Date.now();
    store.append(
      call("fresh", {
        state: "answered",
        answeredAt: now - 1000,
        startedAt: now - 2000,
        providerCallId: "mock-fresh",
      }),
    );
    store.append(
      call("stale", {
        state: "answered",
        answeredAt: now - 600_000,
        startedAt: now - 600_000,
        providerCallId: "mock-stale",
      }),
    );
    store.append(call("done", { state: "hangup-bot", endReason: "hangup-bot", endedAt: now - 5000 }));
    store.close();
    const runtime = await startTestRuntime({ maxDurationSeconds: 300 }, dir);
    try {
      expect(runtime.manager.getCall("fresh")?.state).toBe("answered");
      expect(runtime.manager.getCall("stale")).toMatchObject({ state: "timeout", endReason: "timeout" });
      expect(runtime.manager.getCall("done")?.endReason).toBe("hangup-bot");
      await runtime.manager.endCall("fresh");
    } finally {
      await runtime.stop();
    }
    const again = new CallStore(CallStore.fileIn(dir)).open();
    expect(again.calls.find((c) => c.callId === "fresh")?.endReason).toBe("hangup-bot");
  });
});
