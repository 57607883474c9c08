import type { IncomingMessage } from "node:http";
import { errorMessage } from "@openclaw/plugin-sdk/core";
import type { VoiceCallConfig } from "../config.js";
import type { CallEvent, CallEventBase, EndReason } from "../types.js";
import { type VerifyResult, verifyTwilio } from "../verification/signatures.js";
import {
  type StreamUpgradeContext,
  type UpgradeVerdict,
  verifyTwilioStreamUpgrade,
} from "../verification/stream-upgrade.js";
import { formParams, parseRequestTarget, type WebhookContext } from "../verification/webhook-request.js";
import { callCache } from "./call-cache.js";
import type {
  InitiateCallParams,
  MediaStreamHooks,
  PlayTtsParams,
  VoiceCallProvider,
  WebhookParseResult,
} from "./provider.js";

type TwilioModule = typeof import("twilio");
type TwilioClient = ReturnType<TwilioModule>;

/** Twilio call statuses that end a call (Twilio Voice API, Call resource `status`). */
const TERMINAL = new Set(["completed", "failed", "busy", "no-answer", "canceled"]);
const ENDED: Record<string, EndReason> = {
  completed: "completed",
  failed: "failed",
  busy: "busy",
  "no-answer": "no-answer",
  canceled: "hangup-bot",
};
const XML = "application/xml";

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * Twilio Programmable Voice through the official `twilio` SDK (loaded only when used): calls are
 * created with URL-based TwiML and status callbacks, speech is played by updating the live call with
 * TwiML `<Say>` + `<Gather input="speech">`, hangup sets `status=completed`. Webhooks are verified with
 * `X-Twilio-Signature` (HMAC-SHA1, port variants) and answered with TwiML built by the SDK.
 */
export class TwilioProvider implements VoiceCallProvider {
  readonly name = "twilio";
  readonly streamCarrier = "twilio" as const;
  readonly signatureHeaders: readonly string[] = ["x-twilio-signature"];
  /** Webhook URL per carrier call id, for `<Gather action>`; bounded (LRU, expires after a max-length call). */
  readonly #callUrls: ReturnType<typeof callCache<string>>;
  #streams: MediaStreamHooks | undefined;

  useMediaStreams(hooks: MediaStreamHooks): void {
    this.#streams = hooks;
  }

  /**
   * `X-Twilio-Signature` of a stream upgrade, checked with the SDK's `validateRequest` over the
   * `wss://` URL Twilio was given and no parameters (see {@link verifyTwilioStreamUpgrade}).
   */
  verifyStreamUpgrade(request: IncomingMessage, context: StreamUpgradeContext): UpgradeVerdict {
    return verifyTwilioStreamUpgrade(
      request,
      this.config.twilio?.authToken ?? "",
      context,
      this.twilio.validateRequest,
    );
  }

  private constructor(
    private readonly twilio: TwilioModule,
    private readonly client: TwilioClient,
    private readonly config: VoiceCallConfig,
  ) {
    this.#callUrls = callCache<string>(config);
  }

  /**
   * Loads the SDK and builds the client. `twilio.apiBaseUrl` sends the SDK's requests for
   * `https://api.twilio.com` to another host (tests, proxies).
   */
  static async create(config: VoiceCallConfig): Promise<TwilioProvider> {
    const twilio = (await import("twilio")).default as unknown as TwilioModule;
    const base = config.twilio?.apiBaseUrl?.replace(/\/+$/, "");
    const options: Record<string, unknown> = {};
    if (base) {
      const inner = new twilio.RequestClient();
      options.httpClient = Object.assign(Object.create(inner), {
        request: (opts: { uri: string }) =>
          inner.request({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, base) } as never),
      });
    }
    const client = twilio(config.twilio?.accountSid ?? "", config.twilio?.authToken ?? "", options);
    return new TwilioProvider(twilio, client, config);
  }

  async initiateCall(params: InitiateCallParams): Promise<{ providerCallId: string }> {
    const url = withQuery(params.webhookUrl, { callId: params.callId });
    const call = await this.client.calls.create({
      to: params.to,
      from: params.from,
      url,
      method: "POST",
      statusCallback: withQuery(params.webhookUrl, { callId: params.callId, type: "status" }),
      statusCallbackMethod: "POST",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      timeout: Math.max(5, Math.round(this.config.ringTimeoutMs / 1000)),
    });
    this.#callUrls.set(call.sid, url);
    return { providerCallId: call.sid };
  }

  async hangupCall(params: { providerCallId: string }): Promise<void> {
    try {
      await this.client.calls(params.providerCallId).update({ status: "completed" });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    this.#callUrls.delete(params.providerCallId);
  }

  async playTts(params: PlayTtsParams): Promise<void> {
    if (this.#streams) {
      // A REST update would replace the call's <Connect><Stream> and drop the call (spec §13).
      throw new Error("speech on a streaming Twilio call goes over the media stream, not a TwiML update");
    }
    const response = new this.twilio.twiml.VoiceResponse();
    response.say({ voice: "Polly.Joanna", language: "en-US" }, params.text);
    const action = this.#callUrls.get(params.providerCallId);
    if (action)
      response.gather({ input: ["speech"], speechTimeout: "auto", action, method: "POST" }).say(".");
    else response.pause({ length: 30 });
    await this.client.calls(params.providerCallId).update({ twiml: response.toString() });
  }

  async getCallStatus(params: {
    providerCallId: string;
  }): Promise<{ status: string; isTerminal: boolean; isUnknown?: boolean }> {
    try {
      const call = await this.client.calls(params.providerCallId).fetch();
      const status = String(call.status ?? "unknown")
        .trim()
        .toLowerCase();
      return { status, isTerminal: TERMINAL.has(status) };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return { status: "not-found", isTerminal: true };
      return { status: `error: ${errorMessage(error)}`, isTerminal: false, isUnknown: true };
    }
  }

  verifyWebhook(ctx: WebhookContext, url: string): VerifyResult {
    return verifyTwilio(ctx, this.config.twilio?.authToken ?? "", url, this.config.publicUrl);
  }

  parseWebhook(ctx: WebhookContext, verifiedKey: string): WebhookParseResult {
    const params = new Map(formParams(ctx.rawBody));
    const target = parseRequestTarget(ctx.url);
    if (!target) throw new Error("webhook target is not a URL");
    const query = target.searchParams;
    const sid = params.get("CallSid");
    const direction = params.get("Direction");
    const base: CallEventBase = {
      callId: query.get("callId") ?? sid ?? "",
      timestamp: Date.now(),
      dedupeKey: verifiedKey,
      ...(sid ? { providerCallId: sid } : {}),
      ...(direction === "inbound"
        ? { direction: "inbound" as const }
        : direction?.startsWith("outbound")
          ? { direction: "outbound" as const }
          : {}),
      ...(params.get("From") ? { from: params.get("From") as string } : {}),
      ...(params.get("To") ? { to: params.get("To") as string } : {}),
    };
    const events: CallEvent[] = [];
    const speech = params.get("SpeechResult");
    const status = params.get("CallStatus")?.toLowerCase();
    if (speech) events.push({ ...base, type: "call.speech", transcript: speech, isFinal: true });
    else if (params.get("Digits"))
      events.push({ ...base, type: "call.dtmf", digits: params.get("Digits") as string });
    else if (status === "initiated") events.push({ ...base, type: "call.initiated" });
    else if (status === "ringing") events.push({ ...base, type: "call.ringing" });
    else if (status === "in-progress") events.push({ ...base, type: "call.answered" });
    else if (status && ENDED[status])
      events.push({ ...base, type: "call.ended", reason: ENDED[status] as EndReason });
    if (sid && status && TERMINAL.has(status)) this.#callUrls.delete(sid);
    const response = new this.twilio.twiml.VoiceResponse();
    if (query.get("type") !== "status" && !(status && TERMINAL.has(status))) {
      if (sid && !this.#callUrls.has(sid)) this.#callUrls.set(sid, target.pathname);
      if (this.#streams && sid) {
        const stream = response.connect().stream({ url: this.#streams.streamUrl() });
        stream.parameter({ name: "token", value: this.#streams.issueToken(sid) });
      } else response.pause({ length: 30 });
    }
    return { events, body: response.toString(), contentType: XML };
  }

  close(): void {
    this.#callUrls.clear();
  }
}
