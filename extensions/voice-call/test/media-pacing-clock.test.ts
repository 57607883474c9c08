import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TwilioStreamCodec } from "../src/media/carriers/index.js";
import { FRAME_BYTES } from "../src/media/g711.js";
import { MediaStreamSession, type PlaybackResult } from "../src/media/media-stream-session.js";
import { PacingClock } from "../src/media/pacing-clock.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A Twilio session on `clock` that records when (fake ms) each frame kind was sent. */
function pacedSession(clock: PacingClock, id: number, now: () => number = () => performance.now()) {
  const codec = new TwilioStreamCodec();
  codec.parse(JSON.stringify({ event: "start", start: { streamSid: `MZ${id}`, callSid: `CA${id}` } }));
  const sent: Array<{ at: number; event: string; mark: string | undefined }> = [];
  const session = new MediaStreamSession({
    callId: `c${id}`,
    providerCallId: `CA${id}`,
    streamId: `MZ${id}`,
    codec,
    clock,
    leadMs: 0,
    markGraceMs: 10_000,
    now,
    send: (frame) => {
      const parsed = JSON.parse(frame) as { event: string; mark?: { name: string } };
      sent.push({ at: Math.round(now()), event: parsed.event, mark: parsed.mark?.name });
    },
  });
  const mediaTimes = () => sent.filter((s) => s.event === "media").map((s) => s.at);
  const echoMarks = () => {
    for (const s of sent) if (s.event === "mark") session.handle({ kind: "mark", name: String(s.mark) });
  };
  return { session, sent, mediaTimes, echoMarks };
}

describe("PacingClock", () => {
  it("wakes each task at its due time, with one timer armed for all of them", async () => {
    const clock = new PacingClock();
    const woken: Array<[string, number]> = [];
    const task = (name: string) => ({ onPacingTick: () => woken.push([name, performance.now()]) });
    const t0 = performance.now();
    for (const [name, delay] of [
      ["c", 15],
      ["a", 5],
      ["b", 5],
      ["d", 40],
    ] as const)
      clock.wakeIn(task(name), delay);
    expect(vi.getTimerCount()).toBe(1);
    expect(clock.pending).toBe(4);
    await vi.advanceTimersByTimeAsync(50);
    expect(woken.map(([name, at]) => [name, at - t0])).toEqual([
      ["a", 5],
      ["b", 5],
      ["c", 15],
      ["d", 40],
    ]);
    expect(clock.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a late tick wakes every task already due, earliest first (drift corrected against now())", async () => {
    let stall = 0;
    const now = () => performance.now() + stall;
    const clock = new PacingClock({ now });
    const woken: string[] = [];
    clock.wakeIn({ onPacingTick: () => woken.push("at 10") }, 10);
    clock.wakeIn({ onPacingTick: () => woken.push("at 30") }, 30);
    clock.wakeIn({ onPacingTick: () => woken.push("at 50") }, 50);
    clock.wakeIn({ onPacingTick: () => woken.push("at 90") }, 90);
    stall = 45; // the process was blocked: when the first timer fires, 55 ms have passed on the clock
    await vi.advanceTimersByTimeAsync(10);
    expect(woken).toEqual(["at 10", "at 30", "at 50"]);
    await vi.advanceTimersByTimeAsync(35);
    expect(woken).toEqual(["at 10", "at 30", "at 50", "at 90"]);
  });

  it("keeps waking the other tasks when one throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const clock = new PacingClock({ onTaskError: (error) => errors.push(error) });
    const woken: string[] = [];
    clock.wakeIn(
      {
        onPacingTick: () => {
          throw new Error("broken task");
        },
      },
      5,
    );
    clock.wakeIn({ onPacingTick: () => woken.push("next") }, 5);
    await vi.advanceTimersByTimeAsync(5);
    expect(woken).toEqual(["next"]);
    expect(errors).toEqual([expect.objectContaining({ message: "broken task" })]);
  });
});

describe("media stream sessions on one shared pacing clock", () => {
  it("paces every session on its own t0 + i·20 ms grid with a single timer", async () => {
    const clock = new PacingClock();
    const t0 = performance.now();
    const sessions = Array.from({ length: 40 }, (_, i) => pacedSession(clock, i));
    const results: Array<Promise<PlaybackResult>> = [];
    for (const [i, s] of sessions.entries()) {
      results.push(s.session.enqueue(Buffer.alloc(FRAME_BYTES * 10, 0x55)));
      // Sessions start 0..19 ms apart, as calls do.
      if (i % 2 === 1) await vi.advanceTimersByTimeAsync(1);
      expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
    }
    await vi.advanceTimersByTimeAsync(400);
    for (const s of sessions) {
      const times = s.mediaTimes();
      expect(times).toHaveLength(10);
      const start = times[0] as number;
      expect(times.map((t) => t - start)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180]);
      expect(start - t0).toBeLessThan(20);
      s.echoMarks();
    }
    const settled = await Promise.all(results);
    expect(settled.every((r) => r.status === "played" && r.frames === 10 && r.confirmed)).toBe(true);
  });

  it("with 5 ms slots, sessions due in one slot share a wake-up and each keeps an exact 20 ms spacing", async () => {
    const clock = new PacingClock({ slotMs: 5 });
    const wakeUps = vi.fn();
    const t0 = performance.now();
    const sessions = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => pacedSession(clock, i));
    for (const [i, s] of sessions.entries()) {
      void s.session.enqueue(Buffer.alloc(FRAME_BYTES * 6));
      if (i % 2 === 1) await vi.advanceTimersByTimeAsync(1);
    }
    const tick = vi.spyOn(globalThis, "setTimeout");
    await vi.advanceTimersByTimeAsync(200);
    // Pacing timers only (mark deadlines are 10 s away).
    wakeUps(tick.mock.calls.filter(([, delay]) => typeof delay === "number" && delay < 1000).length);
    for (const s of sessions) {
      const times = s.mediaTimes();
      expect(times).toHaveLength(6);
      const start = times[0] as number;
      expect(start - t0).toBeLessThan(4);
      // Later frames leave at most one slot after they are due, always by the same amount.
      const lateBy = (times[1] as number) - (start + 20);
      expect(lateBy).toBeGreaterThanOrEqual(0);
      expect(lateBy).toBeLessThan(5);
      expect(times.map((t) => t - start)).toEqual(
        [0, 20, 40, 60, 80, 100].map((t, k) => (k ? t + lateBy : t)),
      );
    }
    // Eight sessions started within 4 ms: 40 paced frames, served by at most 2 wake-ups per 20 ms.
    expect(wakeUps.mock.calls[0]?.[0]).toBeLessThanOrEqual(10);
  });

  it("catches up a stalled process on each session's grid, then carries on without drift", async () => {
    let stall = 0;
    const now = () => performance.now() + stall;
    const clock = new PacingClock({ now });
    const a = pacedSession(clock, 1, now);
    const b = pacedSession(clock, 2, now);
    const t0 = Math.round(now());
    void a.session.enqueue(Buffer.alloc(FRAME_BYTES * 10));
    await vi.advanceTimersByTimeAsync(7);
    void b.session.enqueue(Buffer.alloc(FRAME_BYTES * 10));
    await vi.advanceTimersByTimeAsync(30);
    stall = 70;
    await vi.advanceTimersByTimeAsync(300);
    const offsets = (times: number[]) => times.map((t) => t - t0);
    // The timer armed for 40 ms fires when the clock already reads 110 ms: one late tick serves both.
    // a: frames 0, 20 on time; 40, 60, 80, 100 (due during the stall) go out together at 110 ms.
    expect(offsets(a.mediaTimes())).toEqual([0, 20, 110, 110, 110, 110, 120, 140, 160, 180]);
    // b started at 7 ms: 7, 27 on time; 47, 67, 87, 107 together at 110; then back on b's own grid.
    expect(offsets(b.mediaTimes())).toEqual([7, 27, 110, 110, 110, 110, 127, 147, 167, 187]);
  });

  it("barge-in clears one session mid-playback; every queued speak settles; the others keep pacing", async () => {
    const clock = new PacingClock();
    const talker = pacedSession(clock, 1);
    const bystander = pacedSession(clock, 2);
    const t0 = performance.now();
    const speaks = [
      talker.session.enqueue(Buffer.alloc(FRAME_BYTES * 20)),
      talker.session.enqueue(Buffer.alloc(FRAME_BYTES * 5)),
      talker.session.enqueue(Buffer.alloc(FRAME_BYTES * 5)),
    ];
    const other = bystander.session.enqueue(Buffer.alloc(FRAME_BYTES * 20));
    await vi.advanceTimersByTimeAsync(95);
    expect(talker.mediaTimes()).toHaveLength(5);
    expect(talker.session.clear()).toBe(3);
    const results = await Promise.all(speaks);
    expect(results.map((r) => [r.status, r.frames])).toEqual([
      ["skipped", 5],
      ["skipped", 0],
      ["skipped", 0],
    ]);
    expect(talker.sent.filter((s) => s.event === "clear")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(400);
    // Nothing more from the cleared session (its pending wake-up finds nothing to send)...
    expect(talker.mediaTimes()).toHaveLength(5);
    expect(talker.sent.at(-1)?.event).toBe("clear");
    // ...while the other session played all of its frames on its grid.
    expect(bystander.mediaTimes().map((t) => t - t0)).toEqual(Array.from({ length: 20 }, (_, i) => i * 20));
    bystander.echoMarks();
    await expect(other).resolves.toEqual({ status: "played", frames: 20, confirmed: true });
    // After the barge-in the cleared session plays a new reply at once, on a fresh grid.
    const reply = talker.session.enqueue(Buffer.alloc(FRAME_BYTES * 3));
    const restartedAt = Math.round(performance.now());
    await vi.advanceTimersByTimeAsync(100);
    expect(talker.mediaTimes().slice(5)).toEqual([restartedAt, restartedAt + 20, restartedAt + 40]);
    talker.echoMarks();
    await expect(reply).resolves.toMatchObject({ status: "played", frames: 3 });
  });
});
