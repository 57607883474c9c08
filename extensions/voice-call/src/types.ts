/** Non-terminal call states, in forward order. */
export const ACTIVE_CALL_STATES = [
  "initiated",
  "ringing",
  "answered",
  "active",
  "speaking",
  "listening",
] as const;

/** Terminal states; each is also the call's end reason. */
export const END_REASONS = [
  "completed",
  "hangup-user",
  "hangup-bot",
  "timeout",
  "error",
  "failed",
  "no-answer",
  "busy",
  "voicemail",
] as const;

/** A non-terminal call state. */
export type ActiveCallState = (typeof ACTIVE_CALL_STATES)[number];
/** Why a call ended (also its terminal state). */
export type EndReason = (typeof END_REASONS)[number];
/** Any call state. */
export type CallState = ActiveCallState | EndReason;

/** Outbound call mode: `notify` speaks the message then hangs up; `conversation` keeps listening. */
export type CallMode = "notify" | "conversation";

/** One line of a call transcript. */
export interface TranscriptEntry {
  /** Unix time in ms. */
  timestamp: number;
  speaker: "bot" | "user";
  text: string;
}

/** Everything known about one call. Times are Unix ms. */
export interface CallRecord {
  /** Our id (UUID v4). */
  callId: string;
  /** The carrier's id (Twilio CallSid, Telnyx call_control_id, Plivo CallUUID, `mock-…`). */
  providerCallId?: string;
  provider: string;
  direction: "outbound" | "inbound";
  state: CallState;
  from: string;
  to: string;
  mode: CallMode;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  endReason?: EndReason;
  transcript: TranscriptEntry[];
  /** Message spoken once the callee answers; removed once spoken. */
  initialMessage?: string;
}

/** Fields every normalised event may carry besides its type. */
export interface CallEventBase {
  /** Our call id, or the carrier's id when the call is not known yet. */
  callId: string;
  /** Unix time in ms. */
  timestamp: number;
  providerCallId?: string;
  /** Set for calls the carrier reports; an unknown `inbound` call is subject to the inbound policy. */
  direction?: "inbound" | "outbound";
  from?: string;
  to?: string;
  /**
   * Replay key of the verified webhook that carried the event (informational: replays are dropped
   * once, by the webhook server's replay cache, before any event reaches the call manager).
   */
  dedupeKey?: string;
}

/** A carrier event normalised to one shape. */
export type CallEvent = CallEventBase &
  (
    | { type: "call.initiated" | "call.ringing" | "call.answered" | "call.active" }
    | { type: "call.speech"; transcript: string; isFinal: boolean }
    | { type: "call.dtmf"; digits: string }
    | { type: "call.ended"; reason: EndReason }
    | { type: "call.error"; error: string }
  );
