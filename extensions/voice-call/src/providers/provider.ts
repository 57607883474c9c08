import type { IncomingMessage } from "node:http";
import type { StreamCarrier } from "../media/carriers/carrier-codec.js";
import type { CallEvent } from "../types.js";
import type { VerifyResult } from "../verification/signatures.js";
import type { StreamUpgradeContext, UpgradeVerdict } from "../verification/stream-upgrade.js";
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

/** What a provider needs to ask its carrier for a media stream (set when `streaming.enabled`). */
export interface MediaStreamHooks {
  /** Public `wss://…<streamPath>` URL carriers connect to. */
  streamUrl(): string;
  /** The per-call token for a carrier call id (issued once, reused on reconnect). */
  issueToken(providerCallId: string): string;
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
  /** Media-stream protocol of this carrier; absent for providers without media streams (mock). */
  readonly streamCarrier?: StreamCarrier;
  /**
   * Turns media streams on: from now on calls are answered with the carrier's stream markup (Twilio
   * `<Connect><Stream>`, Plivo `<Stream>`) and never get REST speech updates that would replace it.
   */
  useMediaStreams?(hooks: MediaStreamHooks): void;
  /** Starts a stream on an answered call over REST (Telnyx `streaming_start`). */
  startMediaStream?(params: { providerCallId: string; streamUrl: string; token: string }): Promise<void>;
  /**
   * The carrier's own handshake authentication of a media-stream upgrade, where it documents one
   * (Twilio `X-Twilio-Signature`, Telnyx `x-telnyx-streaming-auth-token`). A refusal is answered
   * with HTTP 403 before the upgrade (`VOICE_STREAM_UNAUTHORIZED`); not called with
   * `skipSignatureVerification`. Absent for carriers without one (Plivo, mock).
   */
  verifyStreamUpgrade?(request: IncomingMessage, context: StreamUpgradeContext): UpgradeVerdict;
  /** Releases timers and connections. */
  close(): void;
}
