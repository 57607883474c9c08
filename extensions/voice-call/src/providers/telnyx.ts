import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { errorMessage } from "@openclaw/plugin-sdk/core";
import type { VoiceCallConfig } from "../config.js";
import type { CallEvent, CallEventBase, EndReason } from "../types.js";
import { type VerifyResult, verifyTelnyx } from "../verification/signatures.js";
import {
  type StreamUpgradeContext,
  type UpgradeVerdict,
  verifyTelnyxStreamUpgrade,
} from "../verification/stream-upgrade.js";
import type { WebhookContext } from "../verification/webhook-request.js";
import type { InitiateCallParams, PlayTtsParams, VoiceCallProvider, WebhookParseResult } from "./provider.js";

type TelnyxClient = import("telnyx").Telnyx;

/** Telnyx hangup causes → our end reasons (Telnyx Call Control v2, `call.hangup` payload). */
const HANGUP_CAUSES: Record<string, EndReason> = {
  normal_clearing: "completed",
  normal_unspecified: "completed",
  originator_cancel: "hangup-bot",
  call_rejected: "busy",
  user_busy: "busy",
  no_answer: "no-answer",
  no_user_response: "no-answer",
  timeout: "no-answer",
  destination_out_of_order: "failed",
  network_out_of_order: "failed",
  service_unavailable: "failed",
  recovery_on_timer_expire: "failed",
  machine_detected: "voicemail",
  fax_detected: "voicemail",
  user_hangup: "hangup-user",
  subscriber_absent: "hangup-user",
};

function isNotFound(error: unknown): boolean {
  return (error as { status?: number }).status === 404;
}

/**
 * Telnyx Call Control v2 through the official `telnyx` SDK (loaded only when this provider is used):
 * dial, answer (inbound calls are answered explicitly, unlike the original), speak, hangup, status.
 * Webhooks are verified with Ed25519 (`verifyTelnyx`) and parsed from Telnyx's JSON events, including
 * direction/from/to and both transcription payload shapes.
 */
export class TelnyxProvider implements VoiceCallProvider {
  readonly name = "telnyx";
  readonly streamCarrier = "telnyx" as const;
  readonly signatureHeaders: readonly string[] = ["telnyx-signature-ed25519", "telnyx-timestamp"];

  private constructor(
    private readonly client: TelnyxClient,
    private readonly config: VoiceCallConfig,
  ) {}

  /** Loads the SDK and builds the client (`telnyx.apiBaseUrl` overrides the API host, for tests). */
  static async create(config: VoiceCallConfig): Promise<TelnyxProvider> {
    const { Telnyx } = await import("telnyx");
    const client = new Telnyx({
      apiKey: config.telnyx?.apiKey ?? "",
      maxRetries: 1,
      timeout: 15_000,
      ...(config.telnyx?.apiBaseUrl ? { baseURL: config.telnyx.apiBaseUrl } : {}),
    });
    return new TelnyxProvider(client, config);
  }

  async initiateCall(params: InitiateCallParams): Promise<{ providerCallId: string }> {
    const response = (await this.client.calls.dial({
      connection_id: this.config.telnyx?.connectionId ?? "",
      to: params.to,
      from: params.from,
      webhook_url: params.webhookUrl,
      webhook_url_method: "POST",
      client_state: Buffer.from(params.callId).toString("base64"),
      timeout_secs: Math.max(5, Math.round(this.config.ringTimeoutMs / 1000)),
    } as never)) as { data?: { call_control_id?: string } };
    const id = response.data?.call_control_id;
    if (!id) throw new Error("Telnyx dial returned no call_control_id");
    return { providerCallId: id };
  }

  async answerCall(params: { providerCallId: string }): Promise<void> {
    await this.client.calls.actions.answer(params.providerCallId, { command_id: randomUUID() } as never);
  }

  /**
   * `POST /v2/calls/{id}/actions/streaming_start`: inbound track, PCMU both ways, bidirectional `rtp`
   * (the default `mp3` mode plays queued files, not real-time audio), the per-call token as
   * `stream_auth_token` (sent back as the handshake header) and as a `token` custom parameter.
   */
  async startMediaStream(params: {
    providerCallId: string;
    streamUrl: string;
    token: string;
  }): Promise<void> {
    await this.client.calls.actions.startStreaming(params.providerCallId, {
      stream_url: params.streamUrl,
      stream_track: "inbound_track",
      stream_codec: "PCMU",
      stream_bidirectional_mode: "rtp",
      stream_bidirectional_codec: "PCMU",
      stream_auth_token: params.token,
      custom_parameters: [{ name: "token", value: params.token }],
      command_id: randomUUID(),
    } as never);
  }

  /** The `stream_auth_token` handshake header must be a live call's token (see {@link verifyTelnyxStreamUpgrade}). */
  verifyStreamUpgrade(request: IncomingMessage, context: StreamUpgradeContext): UpgradeVerdict {
    return verifyTelnyxStreamUpgrade(request, context);
  }

  async hangupCall(params: { providerCallId: string }): Promise<void> {
    try {
      await this.client.calls.actions.hangup(params.providerCallId, { command_id: randomUUID() } as never);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async playTts(params: PlayTtsParams): Promise<void> {
    await this.client.calls.actions.speak(params.providerCallId, {
      payload: params.text,
      voice: "female",
      language: "en-US",
      command_id: randomUUID(),
    } as never);
  }

  async getCallStatus(params: {
    providerCallId: string;
  }): Promise<{ status: string; isTerminal: boolean; isUnknown?: boolean }> {
    try {
      const response = (await this.client.calls.retrieveStatus(params.providerCallId)) as {
        data?: { is_alive?: boolean; state?: string };
      };
      if (typeof response.data?.is_alive !== "boolean")
        return { status: "unknown", isTerminal: false, isUnknown: true };
      return {
        status: response.data.state ?? (response.data.is_alive ? "active" : "ended"),
        isTerminal: !response.data.is_alive,
      };
    } catch (error) {
      if (isNotFound(error)) return { status: "not-found", isTerminal: true };
      return { status: `error: ${errorMessage(error)}`, isTerminal: false, isUnknown: true };
    }
  }

  verifyWebhook(ctx: WebhookContext): VerifyResult {
    return verifyTelnyx(ctx, this.config.telnyx?.publicKey);
  }

  parseWebhook(ctx: WebhookContext, verifiedKey: string): WebhookParseResult {
    const body = JSON.parse(ctx.rawBody) as {
      data?: { id?: string; event_type?: string; payload?: Record<string, unknown> };
    };
    const type = body.data?.event_type;
    const p = body.data?.payload ?? {};
    if (!type) return { events: [] };
    const providerCallId = typeof p.call_control_id === "string" ? p.call_control_id : undefined;
    let callId = providerCallId ?? "";
    if (typeof p.client_state === "string") {
      try {
        callId = Buffer.from(p.client_state, "base64").toString("utf8") || callId;
      } catch {
        // keep the carrier id
      }
    }
    const direction: CallEventBase["direction"] =
      p.direction === "incoming" || p.direction === "inbound"
        ? "inbound"
        : p.direction === "outgoing" || p.direction === "outbound"
          ? "outbound"
          : undefined;
    const base: CallEventBase = {
      callId,
      timestamp: Date.now(),
      dedupeKey: verifiedKey,
      ...(providerCallId ? { providerCallId } : {}),
      ...(direction ? { direction } : {}),
      ...(typeof p.from === "string" ? { from: p.from } : {}),
      ...(typeof p.to === "string" ? { to: p.to } : {}),
    };
    const transcription = (p.transcription_data ?? {}) as { transcript?: string; is_final?: boolean };
    const events: CallEvent[] = [];
    switch (type) {
      case "call.initiated":
        events.push({ ...base, type: direction === "inbound" ? "call.ringing" : "call.initiated" });
        break;
      case "call.ringing":
        events.push({ ...base, type: "call.ringing" });
        break;
      case "call.answered":
        events.push({ ...base, type: "call.answered" });
        break;
      case "call.bridged":
        events.push({ ...base, type: "call.active" });
        break;
      case "call.transcription":
        events.push({
          ...base,
          type: "call.speech",
          transcript: String(transcription.transcript ?? p.transcription ?? ""),
          isFinal: (transcription.is_final ?? p.is_final) !== false,
        });
        break;
      case "call.dtmf.received":
        events.push({ ...base, type: "call.dtmf", digits: String(p.digit ?? "") });
        break;
      case "call.hangup":
        events.push({
          ...base,
          type: "call.ended",
          reason: HANGUP_CAUSES[String(p.hangup_cause)] ?? "completed",
        });
        break;
    }
    return { events };
  }

  close(): void {}
}
