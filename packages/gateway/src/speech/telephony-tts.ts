import {
  errorMessage,
  OpenClawError,
  type PluginTtsRuntime,
  type TelephonyTtsParams,
  type TelephonyTtsStream,
} from "@openclaw/plugin-sdk/core";
import { elevenLabsSpeech, openAISpeech } from "./tts-providers.js";
import { telephonyTtsCandidates, ttsLimits } from "./tts-settings.js";

/**
 * Builds `api.runtime.tts`. Providers come from `messages.tts` in the order of
 * `telephonyTtsCandidates`; a provider that fails before its first byte (HTTP error, refused
 * connection) gives way to the next. The whole synthesis is bounded by `messages.tts.timeoutMs`
 * (default 30 s); text longer than `maxTextLength` (default 4096) is refused.
 */
export function createTelephonyTtsRuntime(env: NodeJS.ProcessEnv = process.env): PluginTtsRuntime {
  async function stream(params: TelephonyTtsParams & { preferUlaw?: boolean }): Promise<TelephonyTtsStream> {
    const text = params.text.trim();
    const limits = ttsLimits(params.cfg);
    if (text === "") throw new OpenClawError("SPEECH_TTS_FAILED", "nothing to say: the text is empty");
    if (text.length > limits.maxTextLength) {
      throw new OpenClawError(
        "SPEECH_TTS_FAILED",
        `text is ${text.length} characters; the limit is ${limits.maxTextLength}`,
        {
          hint: "Split the text, or raise messages.tts.maxTextLength.",
        },
      );
    }
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = params.signal ? AbortSignal.any([params.signal, timeout]) : timeout;
    const failures: string[] = [];
    for (const candidate of telephonyTtsCandidates(params.cfg, env)) {
      try {
        return candidate.provider === "openai"
          ? await openAISpeech(candidate, text, signal)
          : await elevenLabsSpeech(candidate, text, signal, params.preferUlaw === true);
      } catch (error) {
        if (params.signal?.aborted) throw error;
        failures.push(`${candidate.provider}: ${errorMessage(error)}`);
      }
    }
    throw new OpenClawError("SPEECH_TTS_FAILED", `telephony TTS failed (${failures.join("; ")})`, {
      details: { failures },
    });
  }

  return {
    streamTextToSpeechTelephony: stream,
    async textToSpeechTelephony(params) {
      const { chunks, ...format } = await stream(params);
      const parts: Buffer[] = [];
      try {
        for await (const chunk of chunks) parts.push(chunk);
      } catch (error) {
        throw new OpenClawError(
          "SPEECH_TTS_FAILED",
          `${format.provider} audio stream broke: ${errorMessage(error)}`,
          {
            cause: error,
          },
        );
      }
      const audioBuffer = Buffer.concat(parts);
      if (audioBuffer.length === 0)
        throw new OpenClawError("SPEECH_TTS_FAILED", `${format.provider} returned no audio`);
      return { audioBuffer, ...format };
    },
  };
}
