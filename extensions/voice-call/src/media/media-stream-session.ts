import type { CarrierStreamCodec, InboundStreamEvent } from "./carriers/carrier-codec.js";
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from "./g711.js";

/** How one queued playback ended. Every entry settles with one of these, never hangs. */
export type PlaybackStatus = "played" | "skipped" | "failed";

/** Result of {@link MediaStreamSession.enqueue}. */
export interface PlaybackResult {
  status: PlaybackStatus;
  /** 20 ms frames sent for this entry. */
  frames: number;
  /** For `played`: true when the carrier echoed our mark; false when the mark deadline passed. */
  confirmed?: boolean;
  /** For `failed`: what the audio source threw. */
  error?: Error;
}

/** Audio to play: 8 kHz µ-law bytes, whole or as a stream of chunks of any size. */
export type PlaybackSource = Buffer | AsyncIterable<Buffer>;

/** Inputs of {@link MediaStreamSession}. */
export interface MediaStreamSessionOptions {
  callId: string;
  providerCallId: string;
  streamId: string;
  codec: CarrierStreamCodec;
  /** Sends one text frame to the carrier (dropped by the caller when the socket is not open). */
  send(frame: string): void;
  /** Receives caller audio as 20 ms frames of 8 kHz µ-law (160 bytes). */
  onAudio?(frame: Buffer): void;
  onDtmf?(digit: string): void;
  /** How far ahead of real time frames are sent, in ms (carriers buffer); default 60. */
  leadMs?: number;
  /** Extra wait for a mark echo after the audio should have played, in ms; default 2000. */
  markGraceMs?: number;
  /** Monotonic clock in ms; default `performance.now`. */
  now?: () => number;
}

interface Entry {
  source: PlaybackSource;
  frames: number;
  aborted: boolean;
  settled: boolean;
  abortWaiters: Array<() => void>;
  resolve(result: PlaybackResult): void;
  markTimer?: NodeJS.Timeout;
}

const ABORTED = Symbol("aborted");
/** How far behind schedule (ms) pacing still catches up instead of restarting its grid. */
const MAX_CATCH_UP_MS = 1000;

/**
 * One media stream of one call, carrier-independent. Inbound: cuts caller audio into 20 ms µ-law
 * frames. Outbound: a FIFO of playbacks, one at a time, sent as 20 ms frames paced against
 * `t0 + i·20 ms` (no drift, at most `leadMs` ahead), each followed by a mark; an entry settles
 * `played` when the carrier echoes its mark (or the mark deadline passes), `skipped` when cleared or
 * the stream closes, `failed` when its audio source throws. Unlike the original, entries removed by
 * a barge-in settle instead of hanging.
 */
export class MediaStreamSession {
  readonly callId: string;
  readonly providerCallId: string;
  readonly streamId: string;
  readonly #options: MediaStreamSessionOptions;
  /** When the last entry settled `played` (monotonic ms), for echo checks after playback. */
  lastPlayedAt: number = Number.NEGATIVE_INFINITY;
  readonly #queue: Entry[] = [];
  readonly #awaitingMark = new Map<string, Entry>();
  readonly #now: () => number;
  #active: Entry | undefined;
  #running = false;
  #closed = false;
  #nextFrameAt = 0;
  #marks = 0;
  #inbound: Buffer = Buffer.alloc(0);
  /** Caller frames received (20 ms each). */
  framesIn: number = 0;
  /** Frames sent to the carrier. */
  framesOut: number = 0;

  constructor(options: MediaStreamSessionOptions) {
    this.#options = { ...options };
    this.callId = options.callId;
    this.providerCallId = options.providerCallId;
    this.streamId = options.streamId;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Sets who receives caller audio and DTMF (the coordinator wires STT after the session exists). */
  listen(listeners: { onAudio?: (frame: Buffer) => void; onDtmf?: (digit: string) => void }): void {
    if (listeners.onAudio) this.#options.onAudio = listeners.onAudio;
    if (listeners.onDtmf) this.#options.onDtmf = listeners.onDtmf;
  }

  /** True while audio is queued, playing, or sent but not yet confirmed played. */
  get isSpeaking(): boolean {
    return this.#active !== undefined || this.#queue.length > 0 || this.#awaitingMark.size > 0;
  }

  /** Applies one inbound event of this stream (media, marks, DTMF). */
  handle(event: InboundStreamEvent): void {
    if (event.kind === "media") this.#acceptAudio(event.audio);
    else if (event.kind === "mark") this.#markPlayed(event.name);
    else if (event.kind === "dtmf") this.#options.onDtmf?.(event.digit);
  }

  #acceptAudio(audio: Buffer): void {
    let buffer = this.#inbound.length > 0 ? Buffer.concat([this.#inbound, audio]) : audio;
    while (buffer.length >= FRAME_BYTES) {
      this.framesIn++;
      this.#options.onAudio?.(buffer.subarray(0, FRAME_BYTES));
      buffer = buffer.subarray(FRAME_BYTES);
    }
    this.#inbound = Buffer.from(buffer);
  }

  /** Queues audio; resolves once it has played, was skipped, or failed. Never rejects. */
  enqueue(source: PlaybackSource): Promise<PlaybackResult> {
    return new Promise((resolve) => {
      const entry: Entry = { source, frames: 0, aborted: false, settled: false, abortWaiters: [], resolve };
      if (this.#closed) {
        this.#settle(entry, { status: "skipped", frames: 0 });
        return;
      }
      this.#queue.push(entry);
      if (!this.#running) void this.#run();
    });
  }

  /**
   * Barge-in: drops every queued entry, stops the one playing, forgets marks in flight (all settle
   * `skipped`) and asks the carrier to discard what it buffered. Returns how many entries were cut.
   */
  clear(): number {
    const cut = [
      ...this.#queue.splice(0),
      ...(this.#active ? [this.#active] : []),
      ...this.#awaitingMark.values(),
    ];
    this.#awaitingMark.clear();
    for (const entry of cut) this.#abort(entry);
    this.#nextFrameAt = 0;
    if (!this.#closed && cut.length > 0) this.#options.send(this.#options.codec.encodeClear());
    return cut.length;
  }

  /** Ends the session: everything pending settles `skipped`; nothing more is sent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const cut = [
      ...this.#queue.splice(0),
      ...(this.#active ? [this.#active] : []),
      ...this.#awaitingMark.values(),
    ];
    this.#awaitingMark.clear();
    for (const entry of cut) this.#abort(entry);
  }

  #abort(entry: Entry): void {
    entry.aborted = true;
    for (const wake of entry.abortWaiters.splice(0)) wake();
    this.#settle(entry, { status: "skipped", frames: entry.frames });
  }

  #settle(entry: Entry, result: PlaybackResult): void {
    if (entry.markTimer) clearTimeout(entry.markTimer);
    if (entry.settled) return;
    entry.settled = true;
    entry.resolve(result);
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (!this.#closed && this.#queue.length > 0) {
      const entry = this.#queue.shift() as Entry;
      this.#active = entry;
      try {
        await this.#play(entry);
      } catch (error) {
        this.#settle(entry, { status: "failed", frames: entry.frames, error: error as Error });
      }
      if (this.#active === entry) this.#active = undefined;
    }
    this.#running = false;
  }

  #untilAborted<T>(entry: Entry, promise: Promise<T>): Promise<T | typeof ABORTED> {
    if (entry.aborted) return Promise.resolve(ABORTED);
    return Promise.race([
      promise,
      new Promise<typeof ABORTED>((r) => entry.abortWaiters.push(() => r(ABORTED))),
    ]);
  }

  async #play(entry: Entry): Promise<void> {
    let pending: Buffer = Buffer.alloc(0);
    const chunks: AsyncIterator<Buffer> | undefined = Buffer.isBuffer(entry.source)
      ? undefined
      : entry.source[Symbol.asyncIterator]();
    if (Buffer.isBuffer(entry.source)) pending = entry.source;
    while (chunks) {
      const next = await this.#untilAborted(entry, chunks.next());
      if (next === ABORTED) {
        void chunks.return?.()?.catch(() => undefined);
        return;
      }
      if (next.done) break;
      pending = pending.length > 0 ? Buffer.concat([pending, next.value]) : next.value;
      pending = await this.#sendWhole(entry, pending);
      if (entry.aborted) return;
    }
    pending = await this.#sendWhole(entry, pending);
    if (entry.aborted) return;
    if (pending.length > 0) {
      const last = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
      pending.copy(last);
      if ((await this.#sendFrame(entry, last)) === ABORTED) return;
    }
    this.#sendMark(entry);
  }

  /** Sends every whole frame of `audio`; returns the remainder (< 160 bytes). */
  async #sendWhole(entry: Entry, audio: Buffer): Promise<Buffer> {
    let offset = 0;
    while (audio.length - offset >= FRAME_BYTES) {
      if ((await this.#sendFrame(entry, audio.subarray(offset, offset + FRAME_BYTES))) === ABORTED)
        return Buffer.alloc(0);
      offset += FRAME_BYTES;
    }
    return audio.subarray(offset);
  }

  async #sendFrame(entry: Entry, frame: Buffer): Promise<undefined | typeof ABORTED> {
    const now = this.#now();
    const lead = this.#options.leadMs ?? 60;
    // Late timers (a busy process) are caught up on the t0 + i·20 ms grid, so the carrier's buffer
    // keeps playing; only a lag past MAX_CATCH_UP_MS (or idle time before this frame) restarts the grid.
    if (this.#nextFrameAt < now - MAX_CATCH_UP_MS || (entry.frames === 0 && this.#nextFrameAt < now))
      this.#nextFrameAt = now;
    const wait = this.#nextFrameAt - lead - now;
    if (wait > 0) {
      const slept = await this.#untilAborted(entry, new Promise<void>((r) => setTimeout(r, wait)));
      if (slept === ABORTED) return ABORTED;
    }
    if (entry.aborted || this.#closed) return ABORTED;
    this.#options.send(this.#options.codec.encodeMedia(frame));
    this.#nextFrameAt += FRAME_MS;
    entry.frames++;
    this.framesOut++;
  }

  #sendMark(entry: Entry): void {
    const name = `oc-${this.streamId.slice(-8)}-${++this.#marks}`;
    this.#awaitingMark.set(name, entry);
    this.#options.send(this.#options.codec.encodeMark(name));
    const playsFor = Math.max(0, this.#nextFrameAt - this.#now());
    entry.markTimer = setTimeout(
      () => {
        this.#awaitingMark.delete(name);
        this.#settle(entry, { status: "played", frames: entry.frames, confirmed: false });
      },
      playsFor + (this.#options.markGraceMs ?? 2000),
    );
    entry.markTimer.unref?.();
  }

  #markPlayed(name: string): void {
    const entry = this.#awaitingMark.get(name);
    if (!entry) return;
    this.#awaitingMark.delete(name);
    this.lastPlayedAt = this.#now();
    this.#settle(entry, { status: "played", frames: entry.frames, confirmed: true });
  }
}
