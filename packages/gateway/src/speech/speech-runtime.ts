import type { PluginSttRuntime, PluginTtsRuntime } from "@openclaw/plugin-sdk/core";
import { createTelephonyTtsRuntime } from "./telephony-tts.js";
import { createSttRuntime } from "./transcribe-audio-file.js";

/** `api.runtime.tts` and `api.runtime.stt` of a gateway, reading keys from `env` at call time. */
export function createSpeechRuntime(env: NodeJS.ProcessEnv = process.env): {
  tts: PluginTtsRuntime;
  stt: PluginSttRuntime;
} {
  return { tts: createTelephonyTtsRuntime(env), stt: createSttRuntime(env) };
}
