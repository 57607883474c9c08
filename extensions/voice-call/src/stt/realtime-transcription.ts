/** Receives what a realtime transcription session hears. */
export interface TranscriptionCallbacks {
  /** Text so far of the utterance in progress (replaces the previous partial). */
  onPartial?(text: string): void;
  /** One finished utterance, in the order the caller spoke them. */
  onTranscript(text: string): void;
  /** Voice activity started (server VAD). */
  onSpeechStart?(): void;
  /** A failure the session could not recover from (after its reconnect attempts). */
  onError?(error: Error): void;
}

/** One call's streaming speech-to-text. */
export interface RealtimeTranscriptionSession {
  /** Opens the connection; audio sent before it is open is queued. */
  connect(): Promise<void>;
  /** Feeds caller audio: 8 kHz G.711 µ-law, any length (carriers send 20 ms frames). */
  sendAudio(ulaw: Buffer): void;
  /** Commits what is left, then closes; no reconnect afterwards. */
  close(): void;
}

/** Settings a provider receives from `streaming.*`. */
export interface TranscriptionSettings {
  apiKey?: string;
  model: string;
  language?: string;
  url: string;
  /** Server VAD silence that ends an utterance, in ms. */
  silenceDurationMs: number;
  /** Server VAD threshold, 0..1. */
  vadThreshold: number;
}

/** A realtime speech-to-text provider (`streaming.sttProvider`). */
export interface RealtimeTranscriptionProvider {
  readonly id: string;
  createSession(
    settings: TranscriptionSettings,
    callbacks: TranscriptionCallbacks,
  ): RealtimeTranscriptionSession;
}

const providers = new Map<string, RealtimeTranscriptionProvider>();

/** Adds (or replaces) a realtime transcription provider under its `id`. */
export function registerRealtimeTranscriptionProvider(provider: RealtimeTranscriptionProvider): void {
  providers.set(provider.id, provider);
}

/** The provider registered as `id`, if any. */
export function getRealtimeTranscriptionProvider(id: string): RealtimeTranscriptionProvider | undefined {
  return providers.get(id);
}
