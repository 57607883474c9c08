import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CallRecord, CallStore } from "../src/index.js";
import { SimulatedDisk } from "./simulated-disk.js";

const PATH = "/state/voice-calls/calls.jsonl";

function record(id: string, text: string): CallRecord {
  return {
    callId: id,
    provider: "mock",
    direction: "outbound",
    state: "answered",
    from: "+15550000000",
    to: "+15550001234",
    mode: "conversation",
    startedAt: 1,
    transcript: [{ timestamp: 1, speaker: "bot", text }],
  };
}

/**
 * Appends snapshots of 4 calls (compacting every 6 lines) on a simulated disk and, after EVERY disk
 * operation, simulates a power cut there (with 0 and 9 bytes of a torn unsynced page) and reopens the
 * store from what survived. Returns the acknowledged snapshots each cut lost.
 */
function lossesAcrossPowerCuts(fsync: boolean): string[] {
  const disk = new SimulatedDisk();
  const acked = new Map<string, number>();
  const losses: string[] = [];
  disk.onOperation = () => {
    for (const torn of [0, 9]) {
      const survived = disk.powerCut(torn);
      const load = new CallStore(PATH, { io: survived }).open();
      if (load.skippedLines > 0) losses.push(`corrupt line after a cut (torn ${torn})`);
      const texts = new Map(load.calls.map((c) => [c.callId, c.transcript.at(-1)?.text]));
      // A cut may also keep a newer, not yet acknowledged snapshot; never an older one.
      for (const [id, turn] of acked) {
        const kept = Number(texts.get(id)?.replace("turn ", "") ?? -1);
        if (kept < turn) losses.push(`${id}: turn ${turn} acknowledged, ${kept} survived (torn ${torn})`);
      }
    }
  };
  const store = new CallStore(PATH, { io: disk, fsync, compactAfterLines: 6 });
  store.open();
  for (let i = 0; i < 20; i++) {
    const id = `call-${i % 4}`;
    store.append(record(id, `turn ${i}`));
    acked.set(id, i);
  }
  return losses;
}

describe("CallStore durability (simulated power cut: only fsynced bytes and directory entries survive)", () => {
  it("keeps every acknowledged append through a power cut after any disk operation", () => {
    expect(lossesAcrossPowerCuts(true)).toEqual([]);
  });

  it("the simulation detects lost data: without fsync, acknowledged appends are lost", () => {
    expect(lossesAcrossPowerCuts(false).length).toBeGreaterThan(0);
  });
});

describe("CallStore on a full disk", () => {
  it("cuts a short write back to the last complete record, so the next record is not glued to it", () => {
    const disk = new SimulatedDisk();
    const store = new CallStore(PATH, { io: disk });
    store.open();
    store.append(record("a", "first"));
    disk.spaceLeft = 25; // the next record is written short, then ENOSPC
    expect(() => store.append(record("b", "second"))).toThrowError(
      expect.objectContaining({ code: "VOICE_STORE_WRITE_FAILED" }),
    );
    expect(disk.readFile(PATH)?.toString()).toBe(`${JSON.stringify(record("a", "first"))}\n`);
    disk.spaceLeft = Number.POSITIVE_INFINITY;
    store.append(record("c", "third"));
    const load = new CallStore(PATH, { io: disk }).open();
    expect(load.skippedLines).toBe(0);
    expect(load.calls.map((c) => c.callId)).toEqual(["a", "c"]);
  });
});

describe("CallStore torn-tail repair", () => {
  it("counts bytes: a line with invalid UTF-8 before the torn tail does not shift the cut", () => {
    const dir = mkdtempSync(join(tmpdir(), "store-bytes-"));
    const file = CallStore.fileIn(dir);
    const first = Buffer.concat([
      Buffer.from(
        '{"callId":"a","provider":"mock","direction":"outbound","state":"initiated","from":"x","to":"y","mode":"notify","startedAt":1,"transcript":[],"note":"',
      ),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}\n'),
    ]);
    writeFileSync(file, Buffer.concat([first, Buffer.from('{"callId":"b","sta')]));
    const store = new CallStore(file);
    const load = store.open();
    expect(load.repairedBytes).toBe(Buffer.byteLength('{"callId":"b","sta'));
    store.append(record("c", "after repair"));
    store.close();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, first.length).equals(first)).toBe(true);
    expect(bytes.subarray(first.length).toString()).toBe(`${JSON.stringify(record("c", "after repair"))}\n`);
    expect(new CallStore(file).open().calls.map((c) => c.callId)).toEqual(["a", "c"]);
  });
});
