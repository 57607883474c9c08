export { AutoResponder, type AutoResponderOptions } from "./auto-response/auto-responder.js";
export { CallManager, type InitiateCallRequest } from "./call-manager.js";
export { isTerminalState, nextCallState } from "./call-state.js";
export { CallStore, type CallStoreLoad, type CallStoreOptions } from "./call-store.js";
export { resolveVoiceCallConfig, type VoiceCallConfig, type VoiceProviderName } from "./config.js";
export type {
  CarrierStreamCodec,
  InboundStreamEvent,
  StreamCarrier,
} from "./media/carriers/carrier-codec.js";
export { MAX_STREAM_FRAME_BYTES, STREAM_CLOSE } from "./media/media-stream-server.js";
export {
  MediaStreamSession,
  type PlaybackResult,
  type PlaybackStatus,
} from "./media/media-stream-session.js";
export { type PacedTask, PacingClock, type PacingClockOptions } from "./media/pacing-clock.js";
export { TelephonyEncoder } from "./media/telephony-encoder.js";
export { default } from "./plugin.js";
export { MockProvider, type MockProviderOptions } from "./providers/mock.js";
export type {
  CallEventSink,
  InitiateCallParams,
  PlayTtsParams,
  VoiceCallProvider,
} from "./providers/provider.js";
export { createVoiceCallRuntime, type VoiceCallRuntime, type VoiceCallRuntimeDeps } from "./runtime.js";
export { CallStreams } from "./streaming/call-streams.js";
export {
  getRealtimeTranscriptionProvider,
  type RealtimeTranscriptionProvider,
  type RealtimeTranscriptionSession,
  registerRealtimeTranscriptionProvider,
  type TranscriptionCallbacks,
  type TranscriptionSettings,
} from "./stt/realtime-transcription.js";
export { createRuntimeTelephonySpeech, type TelephonySpeech } from "./tts/telephony-speech.js";
export * from "./types.js";
