import type { TelephonyTtsStream } from "@openclaw/plugin-sdk/core";
import type { TtsCandidate } from "./tts-settings.js";

/** Yields a fetch response body as Buffers. */
async function* bodyChunks(response: Response): AsyncIterable<Buffer> {
  if (!response.body) return;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (chunk.byteLength > 0) yield Buffer.from(chunk);
  }
}

async function failIfNotOk(response: Response, provider: string): Promise<void> {
  if (response.ok) return;
  const body = (await response.text().catch(() => "")).slice(0, 200);
  throw new Error(`${provider} answered HTTP ${response.status}${body ? `: ${body}` : ""}`);
}

/** Models that take `instructions` (OpenAI speech API: not tts-1 / tts-1-hd). */
function takesInstructions(model: string): boolean {
  return !/^tts-1(-hd)?$/.test(model);
}

/**
 * OpenAI `POST /audio/speech` with `response_format: "pcm"` (platform.openai.com/docs/api-reference/
 * audio/createSpeech): 24 kHz 16-bit little-endian mono PCM, streamed as the body arrives.
 */
export async function openAISpeech(
  c: Extract<TtsCandidate, { provider: "openai" }>,
  text: string,
  signal: AbortSignal,
): Promise<TelephonyTtsStream> {
  const response = await fetch(`${c.baseUrl}/audio/speech`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: c.model,
      voice: c.voice,
      input: text,
      response_format: "pcm",
      ...(c.speed !== undefined ? { speed: c.speed } : {}),
      ...(c.instructions && takesInstructions(c.model) ? { instructions: c.instructions } : {}),
    }),
    signal,
  });
  await failIfNotOk(response, "openai");
  return { provider: "openai", sampleRate: 24_000, outputFormat: "pcm_s16le", chunks: bodyChunks(response) };
}

function snakeVoiceSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = {
    stability: "stability",
    similarityBoost: "similarity_boost",
    style: "style",
    useSpeakerBoost: "use_speaker_boost",
    speed: "speed",
  };
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([key]) => key in names)
      .map(([key, value]) => [names[key] as string, value]),
  );
}

/**
 * ElevenLabs `POST /v1/text-to-speech/{voice_id}/stream` (elevenlabs.io/docs/api-reference/
 * text-to-speech/stream) with `output_format` `ulaw_8000` (telephony µ-law, no conversion needed) or
 * `pcm_8000` (16-bit LE PCM) and `optimize_streaming_latency=3`; header `xi-api-key`.
 */
export async function elevenLabsSpeech(
  c: Extract<TtsCandidate, { provider: "elevenlabs" }>,
  text: string,
  signal: AbortSignal,
  ulaw: boolean,
): Promise<TelephonyTtsStream> {
  const format = ulaw ? "ulaw_8000" : "pcm_8000";
  const url = `${c.baseUrl}/v1/text-to-speech/${encodeURIComponent(c.voiceId)}/stream?output_format=${format}&optimize_streaming_latency=3`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "xi-api-key": c.apiKey, "content-type": "application/json", accept: "audio/*" },
    body: JSON.stringify({
      text,
      model_id: c.modelId,
      ...(c.voiceSettings ? { voice_settings: snakeVoiceSettings(c.voiceSettings) } : {}),
      ...(c.seed !== undefined ? { seed: c.seed } : {}),
      ...(c.applyTextNormalization ? { apply_text_normalization: c.applyTextNormalization } : {}),
      ...(c.languageCode ? { language_code: c.languageCode } : {}),
    }),
    signal,
  });
  await failIfNotOk(response, "elevenlabs");
  return {
    provider: "elevenlabs",
    sampleRate: 8000,
    outputFormat: ulaw ? "ulaw" : "pcm_s16le",
    chunks: bodyChunks(response),
  };
}
