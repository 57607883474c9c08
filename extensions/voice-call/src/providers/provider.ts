import type { CallEvent } from "../types.js";
import type { VerifyResult } from "../verification/signatures.js";
import type { WebhookContext } from "../verification/webhook-request.js";

/** Parameters of {@link VoiceCallProvider.initiateCall}. */
export interface InitiateCallParams {
  callId: string;
  from: string;
  to: string;
  /** Where the carrier sends this call's webhooks. */
  webhookUrl: string;
}

/** Parameters of {@link VoiceCallProvider.playTts}. */
export interface PlayTtsParams {
  callId: string;
  providerCallId: string;
  text: string;
}

/** Receives normalised carrier events. */
export type CallEventSink = (event: CallEvent) => void;

/** What a provider makes of one verified webhook request. */
export interface WebhookParseResult {
  events: CallEvent[];
  /** Response body (TwiML, Plivo XML…); default `OK`. */
  body?: string;
  contentType?: string;
  statusCode?: number;
}

/** A telephony carrier adapter. */
export interface VoiceCallProvider {
  readonly name: string;
  /**
   * Lower-case headers every genuine webhook of this carrier carries (its signature headers). The
   * webhook server refuses a request missing one with 401 before reading its body.
   */
  readonly signatureHeaders?: readonly string[];
  /**
   * Checks a webhook's signature as the carrier documents it. `url` is the public URL the carrier
   * called (see `reconstructWebhookUrl`).
   */
  verifyWebhook(ctx: WebhookContext, url: string): VerifyResult;
  /** Turns a verified webhook into normalised events and the carrier's expected response. */
  parseWebhook(ctx: WebhookContext, verifiedKey: string, url: string): WebhookParseResult;
  /** Places a call; resolves with the carrier's call id. */
  initiateCall(params: InitiateCallParams): Promise<{ providerCallId: string }>;
  /** Answers an inbound call, for carriers that need an explicit answer (Telnyx). */
  answerCall?(params: { callId: string; providerCallId: string }): Promise<void>;
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
