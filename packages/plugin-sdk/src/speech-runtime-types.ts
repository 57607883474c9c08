import type { OpenClawConfig } from "./config-types.js";

/** Parameters of {@link PluginTtsRuntime.textToSpeechTelephony}. */
export interface TelephonyTtsParams {
  text: string;
  /** Config whose `messages.tts` selects and configures the provider (plugins merge their override in). */
  cfg: OpenClawConfig;
  /** Aborts the synthesis request. */
  signal?: AbortSignal;
}

/** Audio a telephony synthesis returned. */
export interface TelephonyTtsResult {
  /** 16-bit little-endian mono PCM (`pcm_s16le`) or G.711 µ-law (`ulaw`), no file header. */
  audioBuffer: Buffer;
  /** Hz: 24 000 for OpenAI `pcm`, 8000 for ElevenLabs `pcm_8000` / `ulaw_8000`. */
  sampleRate: number;
  outputFormat: "pcm_s16le" | "ulaw";
  /** Provider that produced it (`openai`, `elevenlabs`). */
  provider: string;
}

/** A telephony synthesis delivered as it is produced. */
export interface TelephonyTtsStream extends Omit<TelephonyTtsResult, "audioBuffer"> {
  /** Audio chunks of any size, in order. */
  chunks: AsyncIterable<Buffer>;
}

/**
 * `api.runtime.tts`: speech synthesis for phone calls from core `messages.tts` (OpenAI or ElevenLabs;
 * Edge cannot produce telephony audio and is skipped). Errors: `SPEECH_TTS_UNAVAILABLE` (no usable
 * provider), `SPEECH_TTS_FAILED` (every usable provider failed).
 */
export interface PluginTtsRuntime {
  /** The whole utterance as PCM (seed 002 "Runtime helpers"). */
  textToSpeechTelephony(params: TelephonyTtsParams): Promise<TelephonyTtsResult>;
  /**
   * The utterance as a stream, so playback can start on the first chunk. With `preferUlaw`, a
   * provider that offers 8 kHz µ-law natively (ElevenLabs `ulaw_8000`) returns it.
   */
  streamTextToSpeechTelephony(
    params: TelephonyTtsParams & { preferUlaw?: boolean },
  ): Promise<TelephonyTtsStream>;
}

/** Parameters of {@link PluginSttRuntime.transcribeAudioFile}. */
export interface TranscribeAudioFileParams {
  /** Absolute path of an audio file (ogg, mp3, wav, m4a, webm, flac…). */
  filePath: string;
  /** Config whose `tools.media.audio` selects and configures the provider. */
  cfg: OpenClawConfig;
  /** MIME type when the file name does not tell it (e.g. `audio/ogg`). */
  mime?: string;
  signal?: AbortSignal;
}

/**
 * `api.runtime.stt`: transcription of an audio file through core `tools.media.audio` (OpenAI-compatible
 * `/audio/transcriptions`). Errors: `SPEECH_STT_UNAVAILABLE`, `SPEECH_STT_FAILED`.
 */
export interface PluginSttRuntime {
  transcribeAudioFile(params: TranscribeAudioFileParams): Promise<{ text: string }>;
}
