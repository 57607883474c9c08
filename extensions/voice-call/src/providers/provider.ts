import type { CallEvent } from "../types.js";

/** Parameters of {@link VoiceCallProvider.initiateCall}. */
export interface InitiateCallParams {
  callId: string;
  from: string;
  to: string;
}

/** Parameters of {@link VoiceCallProvider.playTts}. */
export interface PlayTtsParams {
  callId: string;
  providerCallId: string;
  text: string;
}

/** Receives normalised carrier events. */
export type CallEventSink = (event: CallEvent) => void;

/** A telephony carrier adapter. */
export interface VoiceCallProvider {
  readonly name: string;
  /** Places a call; resolves with the carrier's call id. */
  initiateCall(params: InitiateCallParams): Promise<{ providerCallId: string }>;
  /** Hangs up a call. */
  hangupCall(params: { callId: string; providerCallId: string }): Promise<void>;
  /** Speaks `text` on a live call. */
  playTts(params: PlayTtsParams): Promise<void>;
  /**
   * The carrier's view of a call, for reconciliation after a restart. `isUnknown` means the carrier
   * could not say (transient error, or a provider without memory of the call).
   */
  getCallStatus(params: {
    providerCallId: string;
  }): Promise<{ status: string; isTerminal: boolean; isUnknown?: boolean }>;
  /** Releases timers and connections. */
  close(): void;
}
