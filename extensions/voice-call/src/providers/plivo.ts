import { errorMessage } from "@openclaw/plugin-sdk/core";
import type { VoiceCallConfig } from "../config.js";
import type { CallEvent, CallEventBase, EndReason } from "../types.js";
import { type VerifyResult, verifyPlivoV3 } from "../verification/signatures.js";
import { formParams, type WebhookContext } from "../verification/webhook-request.js";
import { callCache } from "./call-cache.js";
import type { InitiateCallParams, PlayTtsParams, VoiceCallProvider, WebhookParseResult } from "./provider.js";

/** The part of the Plivo SDK used here: its XML builder. */
interface PlivoXml {
  addSpeak(text: string, attributes?: Record<string, unknown>): unknown;
  addGetInput(attributes: Record<string, unknown>): unknown;
  addWait(attributes: Record<string, unknown>): unknown;
  toXML(): string;
}
interface PlivoModule {
  Response: new () => PlivoXml;
}

/** Plivo call statuses that end a call (Plivo Voice API, Call object `call_status`). */
const TERMINAL = new Set([
  "completed",
  "busy",
  "failed",
  "timeout",
  "no-answer",
  "cancel",
  "machine",
  "hangup",
]);
const ENDED: Record<string, EndReason> = {
  completed: "completed",
  busy: "busy",
  "no-answer": "no-answer",
  failed: "failed",
  timeout: "no-answer",
  cancel: "hangup-bot",
  machine: "voicemail",
};
const XML = "text/xml";

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * Plivo Voice API. REST calls follow Plivo's documented endpoints (`/v1/Account/<authId>/Call/`, Basic
 * auth, JSON) against `plivo.apiBaseUrl` (default `https://api.plivo.com`; the official SDK hard-codes
 * its host, so it is used here for Plivo XML only, loaded lazily). Speech is played by transferring the
 * A-leg to a `Speak` + `GetInput` XML document; the request UUID is upgraded to the call UUID from the
 * first webhook. Webhooks are verified with Plivo signature V3 only (V2 does not sign the body).
 */
export class PlivoProvider implements VoiceCallProvider {
  readonly name = "plivo";
  readonly signatureHeaders: readonly string[] = ["x-plivo-signature-v3", "x-plivo-signature-v3-nonce"];
  /** Text waiting for Plivo to fetch its Speak XML, per call; bounded (LRU with expiry). */
  readonly #pending: ReturnType<typeof callCache<string>>;
  #webhookUrl = "";

  private constructor(
    private readonly plivo: PlivoModule,
    private readonly config: VoiceCallConfig,
    private readonly base: string,
  ) {
    this.#pending = callCache<string>(config);
  }

  static async create(config: VoiceCallConfig): Promise<PlivoProvider> {
    const plivo = (await import("plivo")) as unknown as PlivoModule;
    const root = (config.plivo?.apiBaseUrl ?? "https://api.plivo.com").replace(/\/+$/, "");
    return new PlivoProvider(plivo, config, `${root}/v1/Account/${config.plivo?.authId ?? ""}`);
  }

  async #api(
    method: string,
    path: string,
    body?: unknown,
    tolerate404 = false,
  ): Promise<Record<string, unknown>> {
    const auth = Buffer.from(
      `${this.config.plivo?.authId ?? ""}:${this.config.plivo?.authToken ?? ""}`,
    ).toString("base64");
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status === 404 && tolerate404) return {};
    const text = await response.text();
    if (!response.ok)
      throw Object.assign(new Error(`Plivo API error: ${response.status} ${text.slice(0, 200)}`), {
        status: response.status,
      });
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  async initiateCall(params: InitiateCallParams): Promise<{ providerCallId: string }> {
    this.#webhookUrl = params.webhookUrl;
    const base = withQuery(params.webhookUrl, { provider: "plivo", callId: params.callId });
    const result = await this.#api("POST", "/Call/", {
      from: params.from,
      to: params.to,
      answer_url: withQuery(base, { flow: "answer" }),
      answer_method: "POST",
      hangup_url: withQuery(base, { flow: "hangup" }),
      hangup_method: "POST",
      ring_timeout: Math.max(5, Math.round(this.config.ringTimeoutMs / 1000)),
    });
    const uuid = Array.isArray(result.request_uuid) ? result.request_uuid[0] : result.request_uuid;
    if (typeof uuid !== "string") throw new Error("Plivo call create returned no request_uuid");
    return { providerCallId: uuid };
  }

  async hangupCall(params: { providerCallId: string }): Promise<void> {
    await this.#api("DELETE", `/Call/${params.providerCallId}/`, undefined, true);
  }

  async playTts(params: PlayTtsParams): Promise<void> {
    this.#pending.set(params.callId, params.text);
    const url = withQuery(this.#webhookUrl || (this.config.publicUrl ?? ""), {
      provider: "plivo",
      callId: params.callId,
      flow: "xml-speak",
    });
    await this.#api("POST", `/Call/${params.providerCallId}/`, {
      legs: "aleg",
      aleg_url: url,
      aleg_method: "POST",
    });
  }

  async getCallStatus(params: {
    providerCallId: string;
  }): Promise<{ status: string; isTerminal: boolean; isUnknown?: boolean }> {
    try {
      const call = await this.#api("GET", `/Call/${params.providerCallId}/`);
      const status = String(call.call_status ?? "unknown").toLowerCase();
      return { status, isTerminal: TERMINAL.has(status) };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return { status: "not-found", isTerminal: true };
      return { status: `error: ${errorMessage(error)}`, isTerminal: false, isUnknown: true };
    }
  }

  verifyWebhook(ctx: WebhookContext, url: string): VerifyResult {
    return verifyPlivoV3(ctx, this.config.plivo?.authToken ?? "", url);
  }

  parseWebhook(ctx: WebhookContext, verifiedKey: string, url: string): WebhookParseResult {
    if (!this.#webhookUrl) this.#webhookUrl = `${new URL(url).origin}${new URL(url).pathname}`;
    const params = new Map(formParams(ctx.rawBody));
    const query = new URL(url).searchParams;
    const flow = query.get("flow");
    const callId = query.get("callId");
    const xml = new this.plivo.Response();
    if (flow === "xml-speak" && callId) {
      const text = this.#pending.get(callId);
      this.#pending.delete(callId);
      if (text) xml.addSpeak(text, { language: "en-US" });
      xml.addGetInput({
        action: withQuery(this.#webhookUrl, { provider: "plivo", callId, flow: "getinput" }),
        method: "POST",
        inputType: "speech",
        executionTimeout: 30,
        speechEndTimeout: 1,
        redirect: false,
        language: "en-US",
      });
      return { events: [], body: xml.toXML(), contentType: XML };
    }
    const callUuid = params.get("CallUUID");
    const requestUuid = params.get("RequestUUID");
    const direction = params.get("Direction");
    const base: CallEventBase = {
      callId: callId ?? callUuid ?? requestUuid ?? "",
      timestamp: Date.now(),
      dedupeKey: verifiedKey,
      ...(callUuid || requestUuid ? { providerCallId: (callUuid ?? requestUuid) as string } : {}),
      ...(direction === "inbound" || direction === "outbound" ? { direction } : {}),
      ...(params.get("From") ? { from: params.get("From") as string } : {}),
      ...(params.get("To") ? { to: params.get("To") as string } : {}),
    };
    const events: CallEvent[] = [];
    const speech = ["Speech", "Transcription", "SpeechResult", "Text"]
      .map((k) => params.get(k))
      .find((v) => !!v);
    const status = params.get("CallStatus")?.toLowerCase();
    if (params.get("Digits"))
      events.push({ ...base, type: "call.dtmf", digits: params.get("Digits") as string });
    else if (speech) events.push({ ...base, type: "call.speech", transcript: speech, isFinal: true });
    else if (status === "ringing") events.push({ ...base, type: "call.ringing" });
    else if (status === "in-progress") events.push({ ...base, type: "call.answered" });
    else if (status && ENDED[status])
      events.push({ ...base, type: "call.ended", reason: ENDED[status] as EndReason });
    if (flow === "answer" || flow === "getinput" || (!flow && direction === "inbound"))
      xml.addWait({ length: 300 });
    return { events, body: xml.toXML(), contentType: XML };
  }

  close(): void {
    this.#pending.clear();
  }
}
