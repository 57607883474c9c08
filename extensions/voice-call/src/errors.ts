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
  | "VOICE_STREAM_UNAUTHORIZED"
  | "VOICE_AGENT_UNAVAILABLE"
  | "VOICE_TUNNEL_FAILED"
  | "VOICE_TTS_FAILED"
  | "VOICE_TRANSCRIPT_TIMEOUT"
  | "VOICE_TURN_IN_PROGRESS"
  | "VOICE_STORE_NOT_FOUND"
  | "VOICE_STORE_WRITE_FAILED"
  | "VOICE_WEBHOOK_BAD_REQUEST"
  | "VOICE_WEBHOOK_UNAUTHORIZED"
  | "VOICE_WEBHOOK_NOT_FOUND"
  | "VOICE_WEBHOOK_METHOD_NOT_ALLOWED"
  | "VOICE_WEBHOOK_TIMEOUT"
  | "VOICE_WEBHOOK_TOO_LARGE"
  | "VOICE_WEBHOOK_FAILED";

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
  VOICE_STREAM_UNAUTHORIZED: {
    status: 403,
    summary:
      "A media-stream upgrade failed the carrier's handshake authentication (Twilio signature, Telnyx token).",
    hint: "Twilio signs the exact wss:// stream URL: check the auth token and publicUrl (or webhookSecurity).",
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
  VOICE_TRANSCRIPT_TIMEOUT: {
    status: 408,
    summary: "The callee said nothing within transcriptTimeoutMs; the call stays up.",
    hint: "Ask again with `openclaw voicecall continue`, end the call, or raise transcriptTimeoutMs.",
  },
  VOICE_TURN_IN_PROGRESS: {
    status: 409,
    summary: "The call is already waiting for the callee's answer to an earlier continue.",
    hint: "Wait for the current turn to finish.",
  },
  VOICE_STORE_NOT_FOUND: {
    status: 404,
    summary: "The call store file (calls.jsonl) does not exist yet.",
    hint: "Place a call first (the gateway creates the store), or pass --file <path to calls.jsonl>.",
  },
  VOICE_STORE_WRITE_FAILED: {
    status: 500,
    summary:
      "A call record could not be appended to calls.jsonl (disk full, I/O error); the file was cut back to its last complete record.",
    hint: "Free disk space or fix the store directory; the record is written again on the call's next change.",
  },
  VOICE_WEBHOOK_BAD_REQUEST: {
    status: 400,
    summary: "A webhook request whose target or body cannot be parsed.",
    hint: "Carriers send well-formed requests; check what is calling the webhook port.",
  },
  VOICE_WEBHOOK_UNAUTHORIZED: {
    status: 401,
    summary: "A webhook request without a valid carrier signature.",
    hint: "Check publicUrl / webhookSecurity: signatures cover the exact public URL the carrier called.",
  },
  VOICE_WEBHOOK_NOT_FOUND: {
    status: 404,
    summary: "A request to a path other than serve.path.",
    hint: "Point the carrier at serve.path (default /voice/webhook).",
  },
  VOICE_WEBHOOK_METHOD_NOT_ALLOWED: {
    status: 405,
    summary: "A webhook request that is not a POST.",
    hint: "Configure the carrier to send webhooks with POST.",
  },
  VOICE_WEBHOOK_TIMEOUT: {
    status: 408,
    summary:
      "A webhook request was not received in time (headers within 10 s, the whole request within 30 s).",
    hint: "Check the network path between the carrier and the gateway.",
  },
  VOICE_WEBHOOK_TOO_LARGE: {
    status: 413,
    summary: "A webhook body over 1 MiB.",
    hint: "Carrier webhooks are small; check what is calling the webhook port.",
  },
  VOICE_WEBHOOK_FAILED: {
    status: 500,
    summary: "The webhook server failed while handling a request (logged; the server keeps running).",
    hint: "See the gateway log for the cause.",
  },
});

/** Builds an `OpenClawError` with one of Voice Call's codes. */
export const voiceError: ErrorCodeSet<VoiceErrorCode>["error"] = voiceErrors.error;
