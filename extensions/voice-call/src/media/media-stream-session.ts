import type { CarrierStreamCodec, InboundStreamEvent } from "./carriers/carrier-codec.js";
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from "./g711.js";
import { type PacedTask, PacingClock } from "./pacing-clock.js";

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
  /**
   * Wakes this session when its next frame is due; the media-stream server shares one among all its
   * sessions. Default: a clock of this session's own (on the same `now`).
   */
  clock?: PacingClock;
}

interface Entry {
  source: PlaybackSource;
  /** The source's iterator, for a streamed source. */
  chunks: AsyncIterator<Buffer> | undefined;
  /** Audio received but not sent yet: `pending[offset..]`. */
  pending: Buffer;
  offset: number;
  /** No more audio will come (whole buffer, or the iterator finished). */
  sourceDone: boolean;
  /** A `chunks.next()` is in flight. */
  pulling: boolean;
  frames: number;
  settled: boolean;
  resolve(result: PlaybackResult): void;
  markTimer?: NodeJS.Timeout;
}

const EMPTY = Buffer.alloc(0);
/** How far behind schedule (ms) pacing still catches up instead of restarting its grid. */
const MAX_CATCH_UP_MS = 1000;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * One media stream of one call, carrier-independent. Inbound: cuts caller audio into 20 ms µ-law
 * frames. Outbound: a FIFO of playbacks, one at a time, sent as 20 ms frames paced against
 * `t0 + i·20 ms` (no drift, at most `leadMs` ahead), each followed by a mark; an entry settles
 * `played` when the carrier echoes its mark (or the mark deadline passes), `skipped` when cleared or
 * the stream closes, `failed` when its audio source throws. Unlike the original, entries removed by
 * a barge-in settle instead of hanging. Sending is a synchronous pump woken by a shared
 * {@link PacingClock} (no timer, promise or closure per frame), so one process paces 1000 streams.
 */
export class MediaStreamSession implements PacedTask {
  readonly callId: string;
  readonly providerCallId: string;
  readonly streamId: string;
  readonly #options: MediaStreamSessionOptions;
  /** When the last entry settled `played` (monotonic ms), for echo checks after playback. */
  lastPlayedAt: number = Number.NEGATIVE_INFINITY;
  readonly #queue: Entry[] = [];
  readonly #awaitingMark = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #clock: PacingClock;
  readonly #leadMs: number;
  #active: Entry | undefined;
  #closed = false;
  #pumping = false;
  #nextFrameAt = 0;
  /** Session time the clock will wake us at (Infinity: no wake-up requested). */
  #wakeAt = Number.POSITIVE_INFINITY;
  #marks = 0;
  #inbound: Buffer = EMPTY;
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
    this.#clock = options.clock ?? new PacingClock({ now: this.#now });
    this.#leadMs = options.leadMs ?? 60;
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
    if (buffer.length === FRAME_BYTES) {
      // The usual case (every carrier sends 20 ms frames): no slicing, nothing left over.
      this.framesIn++;
      this.#inbound = EMPTY;
      this.#options.onAudio?.(buffer);
      return;
    }
    while (buffer.length >= FRAME_BYTES) {
      this.framesIn++;
      this.#options.onAudio?.(buffer.subarray(0, FRAME_BYTES));
      buffer = buffer.subarray(FRAME_BYTES);
    }
    this.#inbound = buffer.length > 0 ? Buffer.from(buffer) : EMPTY;
  }

  /** Queues audio; resolves once it has played, was skipped, or failed. Never rejects. */
  enqueue(source: PlaybackSource): Promise<PlaybackResult> {
    return new Promise((resolve) => {
      const whole = Buffer.isBuffer(source);
      const entry: Entry = {
        source,
        chunks: undefined,
        pending: whole ? source : EMPTY,
        offset: 0,
        sourceDone: whole,
        pulling: false,
        frames: 0,
        settled: false,
        resolve,
      };
      if (this.#closed) {
        this.#settle(entry, { status: "skipped", frames: 0 });
        return;
      }
      this.#queue.push(entry);
      this.#pump();
    });
  }

  /**
   * Barge-in: drops every queued entry, stops the one playing, forgets marks in flight (all settle
   * `skipped`) and asks the carrier to discard what it buffered. Returns how many entries were cut.
   */
  clear(): number {
    const cut = this.#cutAll();
    this.#nextFrameAt = 0;
    if (!this.#closed && cut > 0) this.#options.send(this.#options.codec.encodeClear());
    return cut;
  }

  /** Ends the session: everything pending settles `skipped`; nothing more is sent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cutAll();
  }

  /** Woken by the pacing clock: sends whatever is due. */
  onPacingTick(): void {
    this.#wakeAt = Number.POSITIVE_INFINITY;
    this.#pump();
  }

  #cutAll(): number {
    const cut = [
      ...this.#queue.splice(0),
      ...(this.#active ? [this.#active] : []),
      ...this.#awaitingMark.values(),
    ];
    this.#active = undefined;
    this.#awaitingMark.clear();
    for (const entry of cut) this.#abort(entry);
    return cut.length;
  }

  #abort(entry: Entry): void {
    const { chunks } = entry;
    entry.chunks = undefined;
    if (chunks?.return && !entry.settled) {
      try {
        void Promise.resolve(chunks.return()).catch(() => undefined);
      } catch {
        // An iterator whose return() throws has nothing left for us to stop.
      }
    }
    this.#settle(entry, { status: "skipped", frames: entry.frames });
  }

  #settle(entry: Entry, result: PlaybackResult): void {
    if (entry.markTimer) clearTimeout(entry.markTimer);
    if (entry.settled) return;
    entry.settled = true;
    entry.resolve(result);
  }

  #fail(entry: Entry, error: unknown): void {
    if (this.#active === entry) this.#active = undefined;
    this.#settle(entry, {
      status: "failed",
      frames: entry.frames,
      error: error instanceof Error ? error : new Error(String(error)),
    });
  }

  /**
   * Sends every frame that is due, in order, one entry after the other; then asks the clock to wake
   * it for the next frame, or pulls the next chunk of a streamed source. Never throws: a failing
   * source or send settles its entry `failed` and the next entry plays.
   */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#closed) {
        const entry = this.#active ?? this.#startNext();
        if (!entry) return;
        try {
          if (!this.#step(entry)) return;
        } catch (error) {
          this.#fail(entry, error);
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Makes the next queued entry active; an entry whose source cannot be iterated settles `failed`. */
  #startNext(): Entry | undefined {
    for (let entry = this.#queue.shift(); entry; entry = this.#queue.shift()) {
      try {
        if (!entry.sourceDone) entry.chunks = (entry.source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      } catch (error) {
        this.#fail(entry, error);
        continue;
      }
      this.#active = entry;
      return entry;
    }
    return undefined;
  }

  /** One step of the active entry; false when the pump must wait (clock or audio source). */
  #step(entry: Entry): boolean {
    const available = entry.pending.length - entry.offset;
    if (available >= FRAME_BYTES || (entry.sourceDone && available > 0)) return this.#sendDueFrame(entry);
    if (!entry.sourceDone) {
      this.#pull(entry);
      return false;
    }
    this.#active = undefined;
    this.#sendMark(entry);
    return true;
  }

  /** Sends the entry's next frame if it is due; otherwise asks the clock for a wake-up. */
  #sendDueFrame(entry: Entry): boolean {
    const now = this.#now();
    // Late wake-ups (a busy process) are caught up on the t0 + i·20 ms grid, so the carrier's buffer
    // keeps playing; only a lag past MAX_CATCH_UP_MS (or idle time before this entry) restarts the grid.
    if (this.#nextFrameAt < now - MAX_CATCH_UP_MS || (entry.frames === 0 && this.#nextFrameAt < now))
      this.#nextFrameAt = now;
    const wait = this.#nextFrameAt - this.#leadMs - now;
    if (wait > 0) {
      this.#wakeIn(now, wait);
      return false;
    }
    const { pending, offset } = entry;
    let frame: Buffer;
    if (pending.length - offset >= FRAME_BYTES) {
      frame = pending.subarray(offset, offset + FRAME_BYTES);
      entry.offset = offset + FRAME_BYTES;
    } else {
      frame = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
      pending.copy(frame, 0, offset);
      entry.offset = pending.length;
    }
    if (entry.offset === pending.length) {
      entry.pending = EMPTY;
      entry.offset = 0;
    }
    this.#options.send(this.#options.codec.encodeMedia(frame));
    this.#nextFrameAt += FRAME_MS;
    entry.frames++;
    this.framesOut++;
    return true;
  }

  #wakeIn(now: number, wait: number): void {
    const at = now + wait;
    if (at >= this.#wakeAt) return;
    this.#wakeAt = at;
    this.#clock.wakeIn(this, wait);
  }

  /** Asks a streamed source for its next chunk; the pump resumes when it arrives. */
  #pull(entry: Entry): void {
    if (entry.pulling || !entry.chunks) return;
    entry.pulling = true;
    entry.chunks.next().then(
      (next) => {
        entry.pulling = false;
        if (entry.settled || this.#active !== entry) return;
        if (next.done) entry.sourceDone = true;
        else this.#append(entry, asBuffer(next.value));
        this.#pump();
      },
      (error: unknown) => {
        entry.pulling = false;
        if (entry.settled || this.#active !== entry) return;
        this.#fail(entry, error);
        this.#pump();
      },
    );
  }

  #append(entry: Entry, chunk: Buffer): void {
    const rest = entry.pending.length - entry.offset;
    entry.pending = rest > 0 ? Buffer.concat([entry.pending.subarray(entry.offset), chunk]) : chunk;
    entry.offset = 0;
  }

  #sendMark(entry: Entry): void {
    entry.chunks = undefined;
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
