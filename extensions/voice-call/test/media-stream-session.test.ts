import { describe, expect, it, vi } from "vitest";
import { decodePayload } from "../src/media/carriers/carrier-codec.js";
import { MalformedFrameError, TelnyxStreamCodec, TwilioStreamCodec } from "../src/media/carriers/index.js";
import { SequenceReorderer } from "../src/media/carriers/sequence-reorderer.js";
import { alawToMulaw, decodeMulaw, encodeMulaw, FRAME_BYTES } from "../src/media/g711.js";
import { MediaStreamSession, type PlaybackResult } from "../src/media/media-stream-session.js";

function twilioSession(options: { markGraceMs?: number; leadMs?: number } = {}) {
  const codec = new TwilioStreamCodec();
  codec.parse(
    JSON.stringify({
      event: "start",
      start: { streamSid: "MZ1", callSid: "CA1", customParameters: { token: "t" } },
    }),
  );
  const sent: Array<{ at: number; frame: Record<string, unknown> }> = [];
  const audio: Buffer[] = [];
  const session = new MediaStreamSession({
    callId: "c1",
    providerCallId: "CA1",
    streamId: "MZ1",
    codec,
    send: (frame) => sent.push({ at: performance.now(), frame: JSON.parse(frame) }),
    onAudio: (frame) => audio.push(Buffer.from(frame)),
    ...options,
  });
  const ofKind = (event: string) => sent.filter((s) => s.frame.event === event);
  return { session, sent, audio, ofKind };
}

function markName(sent: { frame: Record<string, unknown> } | undefined): string {
  return String((sent?.frame.mark as { name?: string } | undefined)?.name);
}

async function* chunks(parts: Buffer[], gate?: Promise<void>): AsyncIterable<Buffer> {
  for (const [i, part] of parts.entries()) {
    if (i === 1 && gate) await gate;
    yield part;
  }
}

describe("MediaStreamSession", () => {
  it("cuts inbound audio of any chunk size into 20 ms frames of 160 bytes", () => {
    const { session, audio } = twilioSession();
    session.handle({ kind: "media", audio: Buffer.alloc(100, 1) });
    session.handle({ kind: "media", audio: Buffer.alloc(300, 2) });
    expect(audio.map((f) => f.length)).toEqual([160, 160]);
    expect(audio[0]?.subarray(99, 101)).toEqual(Buffer.from([1, 2]));
    expect(session.framesIn).toBe(2);
  });

  it("sends 160-byte media frames on the t0 + i·20 ms grid, then a mark, and settles played on the echo", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const { session, ofKind } = twilioSession({ leadMs: 0 });
      const t0 = performance.now();
      const result = session.enqueue(Buffer.alloc(FRAME_BYTES * 10 + 40, 0x55));
      await vi.advanceTimersByTimeAsync(400);
      const media = ofKind("media");
      expect(media).toHaveLength(11);
      for (const m of media) {
        const payload = Buffer.from((m.frame.media as { payload: string }).payload, "base64");
        expect(payload.length).toBe(FRAME_BYTES);
        expect(m.frame.streamSid).toBe("MZ1");
      }
      expect(media.map((m) => m.at - t0)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
      expect(ofKind("mark")).toHaveLength(1);
      session.handle({ kind: "mark", name: markName(ofKind("mark")[0]) });
      await expect(result).resolves.toEqual({ status: "played", frames: 11, confirmed: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it("catches up late timers on the grid instead of drifting (a busy process does not stretch audio)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      let stall = 0;
      const now = () => performance.now() + stall;
      const sent: number[] = [];
      const session = new MediaStreamSession({
        callId: "c2",
        providerCallId: "CA2",
        streamId: "MZ2",
        codec: new TwilioStreamCodec(),
        send: (frame) => {
          if (frame.includes('"media"')) sent.push(Math.round(now()));
        },
        leadMs: 0,
        now,
      });
      const t0 = Math.round(now());
      void session.enqueue(Buffer.alloc(FRAME_BYTES * 10));
      await vi.advanceTimersByTimeAsync(30);
      stall = 70; // the process was blocked for 70 ms: the frames due meanwhile go out at once
      await vi.advanceTimersByTimeAsync(300);
      const offsets = sent.map((t) => t - t0);
      expect(offsets.slice(0, 2)).toEqual([0, 20]);
      expect(offsets.slice(2, 6).every((t) => t === offsets[2])).toBe(true);
      // After catching up, frames are back on the original grid (no drift): frame i at i·20 ms.
      expect(offsets.slice(-3)).toEqual([140, 160, 180]);
      expect(session.framesOut).toBe(10);
    } finally {
      vi.useRealTimers();
    }
  });

  it("settles played (unconfirmed) when the carrier never echoes the mark", async () => {
    const { session } = twilioSession({ leadMs: 1000, markGraceMs: 10 });
    await expect(session.enqueue(Buffer.alloc(FRAME_BYTES))).resolves.toMatchObject({
      status: "played",
      confirmed: false,
    });
  });

  it("barge-in clears: queued, playing and unconfirmed entries all settle skipped and clear is sent once", async () => {
    const { session, ofKind } = twilioSession({ leadMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const playing = session.enqueue(chunks([Buffer.alloc(FRAME_BYTES * 2), Buffer.alloc(FRAME_BYTES)], gate));
    const queued = [session.enqueue(Buffer.alloc(FRAME_BYTES)), session.enqueue(Buffer.alloc(FRAME_BYTES))];
    await expect.poll(() => ofKind("media").length).toBe(2);
    expect(session.isSpeaking).toBe(true);
    expect(session.clear()).toBe(3);
    const results: PlaybackResult[] = await Promise.all([playing, ...queued]);
    expect(results.map((r) => r.status)).toEqual(["skipped", "skipped", "skipped"]);
    expect(ofKind("clear")).toHaveLength(1);
    release();
    await new Promise((r) => setImmediate(r));
    expect(ofKind("media")).toHaveLength(2);
    expect(session.isSpeaking).toBe(false);
    // The queue keeps working after a barge-in.
    const next = session.enqueue(Buffer.alloc(FRAME_BYTES));
    await expect.poll(() => ofKind("mark").length).toBe(1);
    session.handle({ kind: "mark", name: markName(ofKind("mark")[0]) });
    await expect(next).resolves.toMatchObject({ status: "played" });
  });

  it("an audio source that throws settles failed and the next entry still plays", async () => {
    const { session, ofKind } = twilioSession({ leadMs: 0, markGraceMs: 5 });
    async function* broken(): AsyncIterable<Buffer> {
      yield Buffer.alloc(FRAME_BYTES);
      throw new Error("tts exploded");
    }
    const failed = session.enqueue(broken());
    const after = session.enqueue(Buffer.alloc(FRAME_BYTES));
    await expect(failed).resolves.toMatchObject({
      status: "failed",
      error: expect.objectContaining({ message: "tts exploded" }),
    });
    await expect(after).resolves.toMatchObject({ status: "played" });
    expect(ofKind("media")).toHaveLength(2);
  });

  it("a source that cannot even be iterated settles failed instead of rejecting", async () => {
    const { session, ofKind } = twilioSession({ leadMs: 0, markGraceMs: 5 });
    const unusable = {
      [Symbol.asyncIterator]() {
        throw new Error("no iterator");
      },
    } as unknown as AsyncIterable<Buffer>;
    await expect(session.enqueue(unusable)).resolves.toMatchObject({
      status: "failed",
      frames: 0,
      error: expect.objectContaining({ message: "no iterator" }),
    });
    await expect(session.enqueue(Buffer.alloc(FRAME_BYTES))).resolves.toMatchObject({ status: "played" });
    expect(ofKind("media")).toHaveLength(1);
  });

  it("barge-in stops a streamed source: its iterator is returned (synthesis can stop)", async () => {
    const { session } = twilioSession({ leadMs: 0 });
    let finished = false;
    async function* endless(): AsyncIterable<Buffer> {
      try {
        for (;;) yield Buffer.alloc(FRAME_BYTES);
      } finally {
        finished = true;
      }
    }
    const playing = session.enqueue(endless());
    await expect.poll(() => session.framesOut).toBeGreaterThan(0);
    session.clear();
    await expect(playing).resolves.toMatchObject({ status: "skipped" });
    await expect.poll(() => finished).toBe(true);
  });

  it("close settles everything skipped and later enqueues at once", async () => {
    const { session } = twilioSession({ leadMs: 0 });
    const playing = session.enqueue(Buffer.alloc(FRAME_BYTES * 50));
    session.close();
    await expect(playing).resolves.toMatchObject({ status: "skipped" });
    await expect(session.enqueue(Buffer.alloc(10))).resolves.toEqual({ status: "skipped", frames: 0 });
  });
});

describe("Telnyx frame order", () => {
  it("reorders media by sequence_number and gives up a gap after the window", () => {
    const reorder = new SequenceReorderer<number>(3);
    expect(reorder.push(1, 1)).toEqual([1]);
    expect(reorder.push(3, 3)).toEqual([]);
    expect(reorder.push(2, 2)).toEqual([2, 3]);
    expect(reorder.push(2, 2)).toEqual([]);
    expect(reorder.push(5, 5)).toEqual([]);
    expect(reorder.push(6, 6)).toEqual([]);
    expect(reorder.push(7, 7)).toEqual([]);
    expect(reorder.push(8, 8)).toEqual([5, 6, 7, 8]);
  });

  it("delivers out-of-order Telnyx media in order and flushes on stop", () => {
    const codec = new TelnyxStreamCodec();
    const frame = (seq: number, byte: number) =>
      JSON.stringify({
        event: "media",
        sequence_number: String(seq),
        media: {
          track: "inbound",
          chunk: String(seq - 1),
          payload: Buffer.alloc(160, byte).toString("base64"),
        },
        stream_id: "s1",
      });
    const start = JSON.stringify({
      event: "start",
      sequence_number: "1",
      stream_id: "s1",
      start: {
        call_control_id: "v3:abc",
        media_format: { encoding: "PCMU", sample_rate: 8000, channels: 1 },
      },
    });
    const out = [
      start,
      frame(3, 3),
      frame(2, 2),
      frame(5, 5),
      JSON.stringify({ event: "stop", sequence_number: "6" }),
    ]
      .flatMap((f) => codec.parse(f))
      .map((e) => (e.kind === "media" ? `media:${e.audio[0]}` : e.kind));
    expect(out).toEqual(["start", "media:2", "media:3", "media:5", "stop"]);
  });
});

describe("inbound formats other than µ-law", () => {
  const start = (encoding: string) =>
    JSON.stringify({
      event: "start",
      sequence_number: "1",
      stream_id: "s1",
      start: { call_control_id: "v3:x", media_format: { encoding, sample_rate: 8000, channels: 1 } },
    });
  const media = (payload: Buffer) =>
    JSON.stringify({
      event: "media",
      sequence_number: "2",
      media: { track: "inbound", payload: payload.toString("base64") },
    });

  it("converts Telnyx L16 (big-endian, RTP order) and PCMA to µ-law", () => {
    const samples = Int16Array.from([0, 1000, -1000, 32000, -32000, 12345]);
    const be = Buffer.alloc(samples.length * 2);
    for (const [i, v] of samples.entries()) be.writeInt16BE(v, i * 2);
    const l16 = new TelnyxStreamCodec();
    l16.parse(start("L16"));
    const [converted] = l16.parse(media(be));
    expect(converted).toEqual({ kind: "media", audio: encodeMulaw(samples) });

    const pcma = new TelnyxStreamCodec();
    pcma.parse(start("PCMA"));
    const alaw = Buffer.from([0xd5, 0x55, 0x2a, 0xaa]);
    const [fromAlaw] = pcma.parse(media(alaw));
    expect(fromAlaw).toEqual({ kind: "media", audio: alawToMulaw(alaw) });
    expect(decodeMulaw((fromAlaw as { audio: Buffer }).audio)[0]).toBeCloseTo(8, -1);
  });

  it("refuses a codec we never ask for (G722) as a malformed frame", () => {
    const codec = new TelnyxStreamCodec();
    codec.parse(start("G722"));
    expect(() => codec.parse(media(Buffer.alloc(160)))).toThrow(MalformedFrameError);
  });
});

describe("media payload validation", () => {
  const validBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

  it("decodes padded base64 payloads exactly as Node's decoder does", () => {
    for (const length of [0, 1, 2, 3, 160, 161, 162]) {
      const audio = Buffer.alloc(length);
      for (let i = 0; i < length; i++) audio[i] = (i * 97) & 0xff;
      const payload = audio.toString("base64");
      expect(validBase64.test(payload)).toBe(true);
      expect(decodePayload(payload)).toEqual(audio);
    }
  });

  it("refuses every payload the RFC 4648 alphabet does not allow (oracle: a strict regular expression)", () => {
    const refused = [
      "AA!!",
      "AA A",
      "AA-_",
      "AAAA_AAA",
      "AA==AAAA",
      "AAA=AAA=",
      "Q===",
      "AAA",
      "é123",
      "====",
      42,
    ];
    for (const payload of refused) {
      if (typeof payload === "string") expect(validBase64.test(payload)).toBe(false);
      expect(() => decodePayload(payload)).toThrow(MalformedFrameError);
    }
  });
});
