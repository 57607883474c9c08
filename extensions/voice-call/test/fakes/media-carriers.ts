import { createHmac, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import twilio from "twilio";
import WebSocket from "ws";
import type { VoiceCallRuntime } from "../../src/index.js";
import type { RecordedRequest } from "../fake-carrier.js";

export const PUBLIC = "https://voice.example.com/voice/webhook";
export const PUBLIC_STREAM = "wss://voice.example.com/voice/stream";
export const CALLEE = "+15550001234";

/** One frame the fake carrier received from us, with its arrival time (performance.now ms). */
export interface Received {
  at: number;
  frame: Record<string, unknown>;
}

/**
 * A carrier's side of a media stream, as its docs describe: handshake, first frames, media frames,
 * and playback simulation (our media "plays" in real time; marks/checkpoints are echoed once the
 * audio before them has played; clear drops what is buffered).
 */
export class FakeMediaClient {
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #playEnd = 0;
  #pendingMarks: Array<{ name: string; timer: NodeJS.Timeout }> = [];
  #seq = 1;
  #chunk = 0;

  constructor(
    readonly carrier: "twilio" | "telnyx" | "plivo",
    readonly ws: WebSocket,
    readonly streamId: string,
  ) {
    ws.on("message", (data) => this.#onFrame(JSON.parse(data.toString()) as Record<string, unknown>));
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once("open", () => resolve(ws));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  /** Frames of one kind (`media`, `playAudio`, `mark`, `checkpoint`, `clear`, `clearAudio`). */
  ofKind(...events: string[]): Received[] {
    return this.received.filter((r) => events.includes(String(r.frame.event)));
  }

  /** Outbound audio frames, whatever the carrier calls them. */
  media(): Received[] {
    return this.ofKind("media", "playAudio");
  }

  clears(): Received[] {
    return this.ofKind("clear", "clearAudio");
  }

  /** Streams µ-law caller audio as 20 ms media frames (`swapPairs`: Telnyx-style out-of-order delivery). */
  sendAudio(frames: Buffer[], swapPairs = false): void {
    const encoded = frames.map((frame) => this.#mediaFrame(frame));
    if (swapPairs)
      for (let i = 0; i + 1 < encoded.length; i += 7) {
        const first = encoded[i] as Record<string, unknown>;
        encoded[i] = encoded[i + 1] as Record<string, unknown>;
        encoded[i + 1] = first;
      }
    for (const frame of encoded) this.send(frame);
  }

  #mediaFrame(frame: Buffer): Record<string, unknown> {
    const seq = this.nextSeq();
    const chunk = ++this.#chunk;
    const payload = frame.toString("base64");
    const timestamp = String(chunk * 20);
    if (this.carrier === "twilio")
      return {
        event: "media",
        sequenceNumber: String(seq),
        streamSid: this.streamId,
        media: { track: "inbound", chunk: String(chunk), timestamp, payload },
      };
    if (this.carrier === "telnyx")
      return {
        event: "media",
        sequence_number: String(seq),
        stream_id: this.streamId,
        media: { track: "inbound", chunk: String(chunk), timestamp, payload },
      };
    return {
      event: "media",
      sequenceNumber: seq,
      streamId: this.streamId,
      media: { track: "inbound", timestamp, chunk, payload },
    };
  }

  #onFrame(frame: Record<string, unknown>): void {
    const now = performance.now();
    this.received.push({ at: now, frame });
    const event = frame.event;
    if (event === "media" || event === "playAudio") {
      this.#playEnd = Math.max(this.#playEnd, now) + 20;
    } else if (event === "mark" || event === "checkpoint") {
      const name = String(event === "mark" ? (frame.mark as { name: string }).name : frame.name);
      const timer = setTimeout(() => this.#echoMark(name), Math.max(0, this.#playEnd - now));
      this.#pendingMarks.push({ name, timer });
    } else if (event === "clear" || event === "clearAudio") {
      this.#playEnd = 0;
      for (const mark of this.#pendingMarks.splice(0)) {
        clearTimeout(mark.timer);
        if (this.carrier === "telnyx") this.#echoMark(mark.name);
      }
      if (event === "clearAudio")
        this.send({ event: "clearedAudio", sequenceNumber: this.nextSeq(), streamId: this.streamId });
    }
  }

  #echoMark(name: string): void {
    this.#pendingMarks = this.#pendingMarks.filter((m) => m.name !== name);
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.carrier === "twilio")
      this.send({
        event: "mark",
        sequenceNumber: String(this.nextSeq()),
        streamSid: this.streamId,
        mark: { name },
      });
    else if (this.carrier === "telnyx")
      this.send({
        event: "mark",
        sequence_number: String(this.nextSeq()),
        stream_id: this.streamId,
        mark: { name },
      });
    else this.send({ event: "playedStream", sequenceNumber: this.nextSeq(), streamId: this.streamId, name });
  }

  close(): void {
    for (const mark of this.#pendingMarks.splice(0)) clearTimeout(mark.timer);
    this.ws.close();
  }
}

/** A carrier under test: its config, REST fake, answer webhook and stream handshake. */
export interface CarrierHarness {
  name: "twilio" | "telnyx" | "plivo";
  providerCallId: string;
  config(apiUrl: string): Record<string, unknown>;
  route(req: RecordedRequest): [number, unknown];
  /** Sends the carrier's "answered" webhook; returns the stream URL path and token it asked for. */
  answer(
    runtime: VoiceCallRuntime,
    callId: string,
    requests: RecordedRequest[],
  ): Promise<{ url: string; token: string }>;
  /** Opens the stream exactly as the carrier does (handshake headers, first frames). */
  connect(localStreamUrl: string, token: string): Promise<FakeMediaClient>;
}

function localize(runtime: VoiceCallRuntime, query: string): string {
  return `${runtime.localWebhookUrl}${query}`;
}

function hmacTwilio(url: string, params: Record<string, string>, token: string): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join("");
  return createHmac("sha1", token).update(data).digest("base64");
}

const TWILIO_SID = "AC00000000000000000000000000000001";
/** The fake Twilio account's auth token (the key of its `X-Twilio-Signature`s). */
export const TWILIO_TOKEN = "test-auth-token";

/**
 * `X-Twilio-Signature` Twilio sends on a Media Streams upgrade: the official SDK's
 * `getExpectedTwilioSignature` over the `wss://` URL of `<Stream url>` with no parameters (the
 * oracle: not the product's code).
 */
export function twilioStreamSignature(url: string = PUBLIC_STREAM, token: string = TWILIO_TOKEN): string {
  return twilio.getExpectedTwilioSignature(token, url, {});
}

/** A Twilio form webhook, signed (`X-Twilio-Signature`) for the public URL. */
export function twilioWebhook(
  runtime: VoiceCallRuntime,
  query: string,
  params: Record<string, string>,
): Promise<Response> {
  return fetch(localize(runtime, query), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": hmacTwilio(`${PUBLIC}${query}`, params, TWILIO_TOKEN),
    },
    body: new URLSearchParams(params).toString(),
  });
}

export const twilioHarness: CarrierHarness = {
  name: "twilio",
  providerCallId: "CA1",
  config: (apiUrl) => ({
    provider: "twilio",
    twilio: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, apiBaseUrl: apiUrl },
  }),
  route: (req) => {
    if (req.method === "POST" && req.path.endsWith("/Calls.json"))
      return [201, { sid: "CA1", status: "queued" }];
    if (req.path.includes("/Calls/CA1.json")) return [200, { sid: "CA1", status: "completed" }];
    return [404, { code: 20404, message: "not found", status: 404 }];
  },
  async answer(runtime, callId) {
    const query = `?callId=${callId}`;
    const params = {
      CallSid: "CA1",
      CallStatus: "in-progress",
      Direction: "outbound-api",
      From: "+15550000001",
      To: CALLEE,
    };
    const response = await fetch(localize(runtime, query), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": hmacTwilio(`${PUBLIC}${query}`, params, TWILIO_TOKEN),
      },
      body: new URLSearchParams(params).toString(),
    });
    const twiml = await response.text();
    const match =
      /<Connect><Stream url="([^"]+)"><Parameter name="token" value="([0-9a-f]{32})"\/><\/Stream><\/Connect>/.exec(
        twiml,
      );
    if (!match) throw new Error(`no <Connect><Stream> in ${twiml}`);
    return { url: match[1] as string, token: match[2] as string };
  },
  async connect(localStreamUrl, token) {
    const ws = await FakeMediaClient.open(localStreamUrl, { "x-twilio-signature": twilioStreamSignature() });
    const client = new FakeMediaClient("twilio", ws, "MZ00000000000000000000000000000001");
    client.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    client.send({
      event: "start",
      sequenceNumber: "1",
      streamSid: client.streamId,
      start: {
        accountSid: TWILIO_SID,
        streamSid: client.streamId,
        callSid: "CA1",
        tracks: ["inbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
        customParameters: { token },
      },
    });
    return client;
  },
};

let telnyxKey: KeyObject | undefined;
const telnyxKeys = () => {
  if (!telnyxKey) {
    const pair = generateKeyPairSync("ed25519");
    telnyxKey = pair.privateKey;
    telnyxPublicPem = pair.publicKey.export({ format: "pem", type: "spki" }).toString();
  }
  return telnyxKey;
};
let telnyxPublicPem = "";

/** A Telnyx event webhook, signed with Ed25519 over `timestamp|body`. */
export function telnyxWebhook(
  runtime: VoiceCallRuntime,
  eventType: string,
  payload: Record<string, unknown>,
): Promise<Response> {
  const body = JSON.stringify({
    data: {
      record_type: "event",
      id: crypto.randomUUID(),
      event_type: eventType,
      occurred_at: new Date().toISOString(),
      payload,
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(runtime.localWebhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "telnyx-timestamp": String(timestamp),
      "telnyx-signature-ed25519": sign(null, Buffer.from(`${timestamp}|${body}`), telnyxKeys()).toString(
        "base64",
      ),
    },
    body,
  });
}

export const telnyxHarness: CarrierHarness = {
  name: "telnyx",
  providerCallId: "v3:call-1",
  config: (apiUrl) => {
    telnyxKeys();
    return {
      provider: "telnyx",
      telnyx: { apiKey: "KEY_TEST", connectionId: "conn-1", publicKey: telnyxPublicPem, apiBaseUrl: apiUrl },
    };
  },
  route: (req) => {
    if (req.method === "POST" && req.path === "/calls")
      return [200, { data: { call_control_id: "v3:call-1", call_leg_id: "leg" } }];
    if (req.method === "GET" && req.path.startsWith("/calls/")) return [200, { data: { is_alive: false } }];
    if (req.path.includes("/actions/")) return [200, { data: { result: "ok" } }];
    return [404, { errors: [{ detail: "not found" }] }];
  },
  async answer(runtime, callId, requests) {
    const body = JSON.stringify({
      data: {
        record_type: "event",
        id: crypto.randomUUID(),
        event_type: "call.answered",
        occurred_at: new Date().toISOString(),
        payload: {
          call_control_id: "v3:call-1",
          client_state: Buffer.from(callId).toString("base64"),
          direction: "outgoing",
          from: "+15550000001",
          to: CALLEE,
        },
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    await fetch(runtime.localWebhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "telnyx-timestamp": String(timestamp),
        "telnyx-signature-ed25519": sign(null, Buffer.from(`${timestamp}|${body}`), telnyxKeys()).toString(
          "base64",
        ),
      },
      body,
    });
    const started = await waitFor(() => requests.find((r) => r.path.endsWith("/actions/streaming_start")));
    const start = JSON.parse(started.body) as { stream_url: string; stream_auth_token: string };
    return { url: start.stream_url, token: start.stream_auth_token };
  },
  async connect(localStreamUrl, token) {
    const ws = await FakeMediaClient.open(localStreamUrl, { "x-telnyx-streaming-auth-token": token });
    const client = new FakeMediaClient("telnyx", ws, "32de0dea-53cb-4b21-89a4-9324c2f2d3dd");
    client.send({ event: "connected", version: "1.0.0" });
    client.send({
      event: "start",
      sequence_number: "1",
      stream_id: client.streamId,
      start: {
        user_id: "3e6f995f-85f7-4705-9741-53b116d28237",
        call_control_id: "v3:call-1",
        call_session_id: "sess-1",
        from: "+15550000001",
        to: CALLEE,
        client_state: "",
        media_format: { encoding: "PCMU", sample_rate: 8000, channels: 1 },
      },
    });
    return client;
  },
};

const PLIVO_ID = "MAXXXXXXXXXXXXXXXXXX";
const PLIVO_TOKEN = "plivo-test-token";

function plivoV3(url: string, params: Record<string, string>, nonce: string): string {
  const u = new URL(url);
  const query = [...u.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const post = Object.keys(params)
    .sort()
    .map((k) => k + params[k])
    .join("");
  let data = `${u.protocol}//${u.host}${u.pathname}?${query}`;
  if (query !== "") data += ".";
  return createHmac("sha256", PLIVO_TOKEN).update(`${data}${post}.${nonce}`).digest("base64");
}

/** A Plivo form webhook, signed with signature V3 for the public URL. */
export function plivoWebhook(
  runtime: VoiceCallRuntime,
  query: string,
  params: Record<string, string>,
): Promise<Response> {
  const nonce = `n-${Math.random()}`;
  return fetch(localize(runtime, query), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-plivo-signature-v3": plivoV3(`${PUBLIC}${query}`, params, nonce),
      "x-plivo-signature-v3-nonce": nonce,
    },
    body: new URLSearchParams(params).toString(),
  });
}

export const plivoHarness: CarrierHarness = {
  name: "plivo",
  providerCallId: "call-1",
  config: (apiUrl) => ({
    provider: "plivo",
    plivo: { authId: PLIVO_ID, authToken: PLIVO_TOKEN, apiBaseUrl: apiUrl },
  }),
  route: (req) => {
    if (req.method === "POST" && req.path === `/v1/Account/${PLIVO_ID}/Call/`)
      return [201, { api_id: "a", message: "call fired", request_uuid: "req-1" }];
    if (req.path.startsWith(`/v1/Account/${PLIVO_ID}/Call/call-1/`))
      return [req.method === "DELETE" ? 204 : 200, { call_status: "completed" }];
    return [404, { error: "not found" }];
  },
  async answer(runtime, callId) {
    const query = `?provider=plivo&callId=${callId}&flow=answer`;
    const params = {
      CallUUID: "call-1",
      RequestUUID: "req-1",
      CallStatus: "in-progress",
      Direction: "outbound",
      From: "+15550000001",
      To: CALLEE,
    };
    const nonce = `n-${Math.random()}`;
    const response = await fetch(localize(runtime, query), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-plivo-signature-v3": plivoV3(`${PUBLIC}${query}`, params, nonce),
        "x-plivo-signature-v3-nonce": nonce,
      },
      body: new URLSearchParams(params).toString(),
    });
    const xml = await response.text();
    const match =
      /<Stream bidirectional="true" keepCallAlive="true" audioTrack="inbound" contentType="audio\/x-mulaw;rate=8000" extraHeaders="token=([0-9a-f]{32})">([^<]+)<\/Stream>/.exec(
        xml,
      );
    if (!match) throw new Error(`no <Stream> in ${xml}`);
    return { url: match[2] as string, token: match[1] as string };
  },
  async connect(localStreamUrl, token) {
    const ws = await FakeMediaClient.open(localStreamUrl);
    const client = new FakeMediaClient("plivo", ws, "20170ada-f610-433b-8758-c02a2aab3662");
    client.send({
      event: "start",
      sequenceNumber: 1,
      start: {
        callId: "call-1",
        streamId: client.streamId,
        accountId: PLIVO_ID,
        tracks: ["inbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000 },
      },
      extra_headers: `token=${token}`,
    });
    return client;
  },
};

/** Polls `get` until it returns a value (max 5 s). */
export async function waitFor<T>(get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
