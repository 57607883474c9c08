import type { OpenClawConfig, PluginTtsRuntime } from "@openclaw/plugin-sdk/core";
import { deepMergeDefined } from "../config-realtime.js";
import { TelephonyEncoder } from "../media/telephony-encoder.js";

/** Speech synthesis for a phone line: 8 kHz µ-law, delivered as it is produced. */
export interface TelephonySpeech {
  /**
   * Starts synthesising `text`; resolves once the provider answered (rejects with its coded error),
   * then yields 8 kHz µ-law chunks. `signal` aborts the request.
   */
  synthesize(text: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer>>;
}

/**
 * The config core TTS sees for calls: core `messages.tts` with the plugin's `tts` deep-merged over it
 * (spec voice-call.md §1.5); nothing else of the core config changes.
 */
export function mergeTelephonyTtsConfig(
  core: OpenClawConfig,
  override: Record<string, unknown> | undefined,
): OpenClawConfig {
  if (!override) return core;
  const messages = (core.messages ?? {}) as Record<string, unknown>;
  return { ...core, messages: { ...messages, tts: deepMergeDefined(messages.tts ?? {}, override) } };
}

async function* toMulaw(chunks: AsyncIterable<Buffer>, sampleRate: number): AsyncIterable<Buffer> {
  const encoder = new TelephonyEncoder(sampleRate);
  for await (const chunk of chunks) {
    const out = encoder.push(chunk);
    if (out.length > 0) yield out;
  }
}

/**
 * Telephony speech over the host's `api.runtime.tts`: asks for µ-law where the provider has it
 * (ElevenLabs `ulaw_8000`), else converts PCM (OpenAI 24 kHz) with {@link TelephonyEncoder}.
 */
export function createRuntimeTelephonySpeech(options: {
  tts: PluginTtsRuntime;
  coreConfig: () => OpenClawConfig;
  override?: Record<string, unknown> | undefined;
}): TelephonySpeech {
  return {
    async synthesize(text, signal) {
      const cfg = mergeTelephonyTtsConfig(options.coreConfig(), options.override);
      const stream = await options.tts.streamTextToSpeechTelephony({
        text,
        cfg,
        preferUlaw: true,
        ...(signal ? { signal } : {}),
      });
      return stream.outputFormat === "ulaw" ? stream.chunks : toMulaw(stream.chunks, stream.sampleRate);
    },
  };
}
