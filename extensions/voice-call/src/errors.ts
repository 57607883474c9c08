import { defineErrorCodes, type ErrorCodeSet } from "@openclaw/plugin-sdk/core";

/** One of Voice Call's error codes. */
export type VoiceErrorCode =
  | "VOICE_CONFIG_INVALID"
  | "VOICE_INVALID_PARAMS"
  | "VOICE_INVALID_NUMBER"
  | "VOICE_CALL_NOT_FOUND"
  | "VOICE_CALL_ENDED"
  | "VOICE_MAX_CONCURRENT"
  | "VOICE_PROVIDER_ERROR"
  | "VOICE_RUNTIME_UNAVAILABLE"
  | "VOICE_STREAM_UNAVAILABLE"
  | "VOICE_AGENT_UNAVAILABLE"
  | "VOICE_TUNNEL_FAILED"
  | "VOICE_TTS_FAILED";

/**
 * Voice Call's own error codes (namespace `VOICE_`), declared through the SDK's registry so the
 * gateway answers them with their status and `docs/errors.md` lists them under this package.
 */
export const voiceErrors: ErrorCodeSet<VoiceErrorCode> = defineErrorCodes("@openclaw/voice-call", "VOICE_", {
  VOICE_CONFIG_INVALID: { status: 400, summary: "The voice-call plugin config is incomplete or invalid." },
  VOICE_INVALID_PARAMS: {
    status: 400,
    summary: "A voice-call operation (RPC, tool or CLI) got a missing or malformed parameter.",
  },
  VOICE_INVALID_NUMBER: { status: 400, summary: "A phone number is not in E.164 form (+ and 2–15 digits)." },
  VOICE_CALL_NOT_FOUND: { status: 404, summary: "No call has this id." },
  VOICE_CALL_ENDED: { status: 409, summary: "The call has already ended." },
  VOICE_MAX_CONCURRENT: { status: 429, summary: "maxConcurrentCalls active calls already exist." },
  VOICE_PROVIDER_ERROR: { status: 502, summary: "The telephony provider rejected or failed a request." },
  VOICE_RUNTIME_UNAVAILABLE: {
    status: 503,
    summary: "The voice-call runtime is not started (plugin disabled or failed).",
  },
  VOICE_STREAM_UNAVAILABLE: {
    status: 503,
    summary: "A streaming call has no live media stream to speak over (it never connected or it dropped).",
  },
  VOICE_AGENT_UNAVAILABLE: {
    status: 503,
    summary: "Auto-responses need api.runtime.agent.runEmbeddedAgent, which this host does not provide.",
    hint: "Run the plugin in a gateway with the agent runtime, or drive calls with voicecall continue.",
  },
  VOICE_TUNNEL_FAILED: {
    status: 502,
    summary: "The ngrok tunnel could not be opened (module missing, bad auth token, no network).",
    hint: "Check tunnel.ngrokAuthToken / NGROK_AUTHTOKEN, or expose the webhook yourself and set publicUrl.",
  },
  VOICE_TTS_FAILED: {
    status: 502,
    summary: "Telephony speech could not be synthesised or converted to 8 kHz µ-law.",
  },
});

/** Builds an `OpenClawError` with one of Voice Call's codes. */
export const voiceError: ErrorCodeSet<VoiceErrorCode>["error"] = voiceErrors.error;
