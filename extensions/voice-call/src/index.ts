export { CallManager, type InitiateCallRequest } from "./call-manager.js";
export { isTerminalState, nextCallState } from "./call-state.js";
export { CallStore, type CallStoreLoad, type CallStoreOptions } from "./call-store.js";
export { resolveVoiceCallConfig, type VoiceCallConfig, type VoiceProviderName } from "./config.js";
export { default } from "./plugin.js";
export { MockProvider, type MockProviderOptions } from "./providers/mock.js";
export type {
  CallEventSink,
  InitiateCallParams,
  PlayTtsParams,
  VoiceCallProvider,
} from "./providers/provider.js";
export { createVoiceCallRuntime, type VoiceCallRuntime } from "./runtime.js";
export * from "./types.js";
