import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";

/** A provider that can synthesise telephony audio, with everything needed to call it. */
export type TtsCandidate =
  | {
      provider: "openai";
      apiKey: string;
      baseUrl: string;
      model: string;
      voice: string;
      speed?: number;
      instructions?: string;
    }
  | {
      provider: "elevenlabs";
      apiKey: string;
      baseUrl: string;
      voiceId: string;
      modelId: string;
      voiceSettings?: Record<string, unknown>;
      seed?: number;
      applyTextNormalization?: string;
      languageCode?: string;
    };

/** Defaults of core TTS (spec voice-call.md §1.3). */
export const TTS_DEFAULTS = {
  openaiBaseUrl: "https://api.openai.com/v1",
  openaiModel: "gpt-4o-mini-tts",
  openaiVoice: "alloy",
  elevenlabsBaseUrl: "https://api.elevenlabs.io",
  elevenlabsVoiceId: "pMsXgVXv3BLzUgSXRplE",
  elevenlabsModelId: "eleven_multilingual_v2",
  maxTextLength: 4096,
  timeoutMs: 30_000,
} as const;

function object(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A secret as a string, or a SecretRef `{ source: "env", id }` read from the environment. */
export function resolveSecret(value: unknown, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  const ref = object(value);
  if (ref.source === "env" && typeof ref.id === "string") return env[ref.id]?.trim() || undefined;
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Settings of `messages.tts` that apply to every provider. */
export interface TtsLimits {
  maxTextLength: number;
  timeoutMs: number;
}

/** `maxTextLength` and `timeoutMs` of `cfg.messages.tts`, with core defaults. */
export function ttsLimits(cfg: OpenClawConfig): TtsLimits {
  const tts = object(object(cfg.messages).tts);
  return {
    maxTextLength: typeof tts.maxTextLength === "number" ? tts.maxTextLength : TTS_DEFAULTS.maxTextLength,
    timeoutMs: typeof tts.timeoutMs === "number" ? tts.timeoutMs : TTS_DEFAULTS.timeoutMs,
  };
}

/**
 * The providers to try for telephony, in order, from `cfg.messages.tts` (spec voice-call.md §7.6):
 * the configured `provider` first (else OpenAI if it has a key, else ElevenLabs), then the other;
 * providers without an API key (config, SecretRef, `OPENAI_API_KEY`, `ELEVENLABS_API_KEY` /
 * `XI_API_KEY`) are left out; Edge is never a candidate.
 * @throws {@link OpenClawError} `SPEECH_TTS_UNAVAILABLE` when no provider is left.
 */
export function telephonyTtsCandidates(cfg: OpenClawConfig, env: NodeJS.ProcessEnv): TtsCandidate[] {
  const tts = object(object(cfg.messages).tts);
  const openai = object(tts.openai);
  const eleven = object(tts.elevenlabs);
  const all: TtsCandidate[] = [];
  const openaiKey = resolveSecret(openai.apiKey, env) ?? str(env.OPENAI_API_KEY);
  if (openaiKey)
    all.push({
      provider: "openai",
      apiKey: openaiKey,
      baseUrl: (str(openai.baseUrl) ?? TTS_DEFAULTS.openaiBaseUrl).replace(/\/+$/, ""),
      model: str(openai.model) ?? TTS_DEFAULTS.openaiModel,
      voice: str(openai.voice) ?? TTS_DEFAULTS.openaiVoice,
      ...(typeof openai.speed === "number" ? { speed: openai.speed } : {}),
      ...(str(openai.instructions) ? { instructions: str(openai.instructions) as string } : {}),
    });
  const elevenKey = resolveSecret(eleven.apiKey, env) ?? str(env.ELEVENLABS_API_KEY) ?? str(env.XI_API_KEY);
  if (elevenKey)
    all.push({
      provider: "elevenlabs",
      apiKey: elevenKey,
      baseUrl: (str(eleven.baseUrl) ?? TTS_DEFAULTS.elevenlabsBaseUrl).replace(/\/+$/, ""),
      voiceId: str(eleven.voiceId) ?? TTS_DEFAULTS.elevenlabsVoiceId,
      modelId: str(eleven.modelId) ?? TTS_DEFAULTS.elevenlabsModelId,
      ...(eleven.voiceSettings ? { voiceSettings: object(eleven.voiceSettings) } : {}),
      ...(typeof eleven.seed === "number" ? { seed: eleven.seed } : {}),
      ...(str(eleven.applyTextNormalization)
        ? { applyTextNormalization: str(eleven.applyTextNormalization) as string }
        : {}),
      ...(str(eleven.languageCode) ? { languageCode: str(eleven.languageCode) as string } : {}),
    });
  const preferred = tts.provider;
  if (preferred === "elevenlabs") all.sort((a) => (a.provider === "elevenlabs" ? -1 : 1));
  if (all.length === 0) {
    throw new OpenClawError("SPEECH_TTS_UNAVAILABLE", "no telephony TTS provider has an API key", {
      details: { provider: typeof preferred === "string" ? preferred : "unset" },
      hint:
        preferred === "edge"
          ? "Edge TTS cannot produce telephony audio: set messages.tts.provider to openai or elevenlabs with an API key."
          : "Set messages.tts.openai.apiKey or messages.tts.elevenlabs.apiKey (or OPENAI_API_KEY / ELEVENLABS_API_KEY).",
    });
  }
  return all;
}
