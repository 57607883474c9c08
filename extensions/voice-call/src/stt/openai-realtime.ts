import WebSocket from "ws";
import type {
  RealtimeTranscriptionProvider,
  RealtimeTranscriptionSession,
  TranscriptionCallbacks,
  TranscriptionSettings,
} from "./realtime-transcription.js";

/** Tuning of {@link OpenAIRealtimeTranscription} (tests shorten the timings). */
export interface OpenAIRealtimeOptions {
  /** Give up one connection attempt after this many ms; default 10 000. */
  connectTimeoutMs?: number;
  /** Reconnect attempts after an unexpected close; default 5. */
  maxReconnects?: number;
  /** Delay before reconnect attempt n is `backoffMs · 2^(n−1)`; default 1000. */
  backoffMs?: number;
}

/** Uncommitted audio worth a last commit on close, in bytes (100 ms of µ-law, the API's minimum). */
const MIN_COMMIT_BYTES = 800;
/** Audio kept while (re)connecting, in bytes (10 s of µ-law); older audio is dropped. */
const MAX_QUEUED_BYTES = 80_000;

/** A committed item whose transcript has not come after this many ms stops holding back later ones. */
const ITEM_STALL_MS = 5000;

interface Item {
  id: string;
  text?: string;
  done: boolean;
  committedAt: number;
}

/**
 * OpenAI realtime transcription over a raw WebSocket, GA protocol (platform.openai.com/docs/guides/
 * realtime-transcription; event names as in the `openai` SDK's `resources/realtime` types):
 * `session.update {session:{type:"transcription", audio:{input:{format:{type:"audio/pcmu"},
 * transcription, turn_detection: server_vad}}}}`, then `input_audio_buffer.append` with the carrier's
 * µ-law untouched. Partials come from `…input_audio_transcription.delta`, finals from `…completed`,
 * released in the order of `input_audio_buffer.committed` (`previous_item_id`). Unexpected closes
 * reconnect with exponential backoff; `close()` commits what is left first.
 */
export class OpenAIRealtimeTranscription implements RealtimeTranscriptionSession {
  #ws: WebSocket | undefined;
  #closing = false;
  #attempts = 0;
  #queued: Buffer[] = [];
  #queuedBytes = 0;
  #uncommitted = 0;
  readonly #items: Item[] = [];
  readonly #partials = new Map<string, string>();

  constructor(
    private readonly settings: TranscriptionSettings,
    private readonly callbacks: TranscriptionCallbacks,
    private readonly options: OpenAIRealtimeOptions = {},
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.settings.url, {
        headers: { Authorization: `Bearer ${this.settings.apiKey ?? ""}` },
        handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
      });
      this.#ws = ws;
      let opened = false;
      ws.on("open", () => {
        opened = true;
        this.#attempts = 0;
        ws.send(JSON.stringify(this.#sessionUpdate()));
        for (const chunk of this.#queued.splice(0)) this.#append(chunk);
        this.#queuedBytes = 0;
        resolve();
      });
      ws.on("message", (data) => this.#onEvent(data.toString()));
      ws.on("error", (error) => {
        if (!opened) reject(error);
      });
      ws.on("close", () => {
        if (this.#ws === ws) this.#ws = undefined;
        if (!this.#closing)
          this.#reconnect(opened ? undefined : new Error("realtime transcription connect failed"));
      });
    });
  }

  #sessionUpdate(): Record<string, unknown> {
    const { model, language, silenceDurationMs, vadThreshold } = this.settings;
    return {
      type: "session.update",
      session: {
        type: "transcription",
        audio: {
          input: {
            format: { type: "audio/pcmu" },
            transcription: { model, ...(language ? { language } : {}) },
            turn_detection: {
              type: "server_vad",
              threshold: vadThreshold,
              prefix_padding_ms: 300,
              silence_duration_ms: silenceDurationMs,
            },
          },
        },
      },
    };
  }

  #reconnect(cause?: Error): void {
    const max = this.options.maxReconnects ?? 5;
    if (this.#attempts >= max) {
      this.callbacks.onError?.(cause ?? new Error(`realtime transcription lost after ${max} reconnects`));
      return;
    }
    this.#attempts++;
    const delay = (this.options.backoffMs ?? 1000) * 2 ** (this.#attempts - 1);
    setTimeout(() => {
      if (!this.#closing) this.connect().catch(() => undefined);
    }, delay).unref();
  }

  sendAudio(ulaw: Buffer): void {
    if (this.#closing) return;
    if (this.#ws?.readyState === WebSocket.OPEN) {
      this.#append(ulaw);
      return;
    }
    this.#queued.push(ulaw);
    this.#queuedBytes += ulaw.length;
    while (this.#queuedBytes > MAX_QUEUED_BYTES) this.#queuedBytes -= this.#queued.shift()?.length ?? 0;
  }

  #append(ulaw: Buffer): void {
    this.#ws?.send(JSON.stringify({ type: "input_audio_buffer.append", audio: ulaw.toString("base64") }));
    this.#uncommitted += ulaw.length;
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    const ws = this.#ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN && this.#uncommitted >= MIN_COMMIT_BYTES)
      ws.send(JSON.stringify({ type: "input_audio_buffer.commit" }));
    ws.close(1000);
  }

  #onEvent(raw: string): void {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return;
    }
    const itemId = typeof event.item_id === "string" ? event.item_id : "";
    switch (event.type) {
      case "input_audio_buffer.speech_started":
        this.callbacks.onSpeechStart?.();
        break;
      case "input_audio_buffer.committed":
        this.#uncommitted = 0;
        this.#order(itemId, typeof event.previous_item_id === "string" ? event.previous_item_id : undefined);
        break;
      case "conversation.item.input_audio_transcription.delta": {
        const text = (this.#partials.get(itemId) ?? "") + String(event.delta ?? "");
        this.#partials.set(itemId, text);
        this.callbacks.onPartial?.(text);
        break;
      }
      case "conversation.item.input_audio_transcription.completed":
        this.#finish(itemId, String(event.transcript ?? ""));
        break;
      case "conversation.item.input_audio_transcription.failed":
        this.#finish(itemId, undefined);
        break;
      case "error":
        this.callbacks.onError?.(
          new Error(`realtime transcription error: ${JSON.stringify(event.error ?? event)}`),
        );
        break;
    }
  }

  #order(itemId: string, previous: string | undefined): Item {
    const existing = this.#items.find((i) => i.id === itemId);
    if (existing) return existing;
    const item: Item = { id: itemId, done: false, committedAt: Date.now() };
    const after = previous ? this.#items.findIndex((i) => i.id === previous) : -1;
    if (after >= 0) this.#items.splice(after + 1, 0, item);
    else this.#items.push(item);
    return item;
  }

  #finish(itemId: string, text: string | undefined): void {
    const item = this.#order(itemId, undefined);
    item.done = true;
    if (text !== undefined) item.text = text;
    this.#partials.delete(itemId);
    const stalled = (i: Item | undefined) => !!i && !i.done && Date.now() - i.committedAt > ITEM_STALL_MS;
    while (this.#items[0]?.done || stalled(this.#items[0])) {
      const next = this.#items.shift() as Item;
      const transcript = next.text?.trim();
      if (transcript) this.callbacks.onTranscript(transcript);
    }
  }
}

/** The `openai-realtime` provider (registered by default). */
export const openAIRealtimeProvider: RealtimeTranscriptionProvider = {
  id: "openai-realtime",
  createSession: (settings, callbacks) => new OpenAIRealtimeTranscription(settings, callbacks),
};
