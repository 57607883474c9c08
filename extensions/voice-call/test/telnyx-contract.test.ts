import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { type FakeCarrier, startFakeCarrier } from "./fake-carrier.js";
import { startTestRuntime } from "./test-runtime.js";

let carrier: FakeCarrier;
let runtime: VoiceCallRuntime;
let privateKey: KeyObject;

// Each test gets its own key pair, fake carrier and runtime, so each passes when run alone.
beforeEach(async () => {
  const keys = generateKeyPairSync("ed25519");
  privateKey = keys.privateKey;
  carrier = await startFakeCarrier((req) => {
    if (req.method === "POST" && req.path === "/calls")
      return [200, { data: { call_control_id: "v3:out-1", call_leg_id: "leg" } }];
    if (req.method === "GET" && req.path.startsWith("/calls/")) return [200, { data: { is_alive: true } }];
    if (req.path.includes("/actions/")) return [200, { data: { result: "ok" } }];
    return [404, { errors: [{ detail: "not found" }] }];
  });
  runtime = await startTestRuntime({
    provider: "telnyx",
    fromNumber: "+15550000001",
    maxConcurrentCalls: 3,
    inboundPolicy: "allowlist",
    allowFrom: ["+15550009999"],
    telnyx: {
      apiKey: "KEY_TEST",
      connectionId: "conn-1",
      publicKey: keys.publicKey.export({ format: "pem", type: "spki" }).toString(),
      apiBaseUrl: carrier.url,
    },
  });
});

afterEach(async () => {
  await runtime?.stop();
  await carrier?.close();
});

/** Telnyx's signature headers for `body`: Ed25519 over `timestamp|body`. */
function signed(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    "telnyx-timestamp": String(timestamp),
    "telnyx-signature-ed25519": sign(null, Buffer.from(`${timestamp}|${body}`), privateKey).toString(
      "base64",
    ),
  };
}

/** A webhook in Telnyx's event format, signed. */
function webhook(
  eventType: string,
  payload: Record<string, unknown>,
  options: { timestamp?: number; tamper?: boolean } = {},
) {
  const body = JSON.stringify({
    data: {
      record_type: "event",
      id: crypto.randomUUID(),
      event_type: eventType,
      occurred_at: new Date().toISOString(),
      payload,
    },
  });
  return fetch(runtime.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...signed(body, options.timestamp) },
    body: options.tamper ? body.replace(eventType, "call.hangup") : body,
  });
}

async function placeCall(): Promise<{ callId: string; state: string }> {
  const call = await runtime.manager.initiateCall({
    to: "+15550001234",
    message: "Hello",
    mode: "conversation",
  });
  return { callId: call.callId, state: Buffer.from(call.callId).toString("base64") };
}

describe("Telnyx contract (Call Control v2 through the official SDK)", () => {
  it("dials through the SDK with the documented body and bearer auth", async () => {
    const { callId, state } = await placeCall();
    const dial = carrier.requests.find((r) => r.path === "/calls" && r.method === "POST");
    expect(dial?.headers.authorization).toBe("Bearer KEY_TEST");
    expect(JSON.parse(dial?.body ?? "{}")).toMatchObject({
      connection_id: "conn-1",
      to: "+15550001234",
      from: "+15550000001",
      webhook_url: runtime.webhookUrl,
      client_state: state,
    });
    expect(runtime.manager.getCall(callId)?.providerCallId).toBe("v3:out-1");
  });

  it("moves the call through signed webhooks and speaks the message on answer", async () => {
    const { callId, state } = await placeCall();
    expect(
      (await webhook("call.answered", { call_control_id: "v3:out-1", client_state: state })).status,
    ).toBe(200);
    const speak = await carrier.waitFor((r) => r.path === "/calls/v3:out-1/actions/speak");
    expect(JSON.parse(speak.body)).toMatchObject({ payload: "Hello" });
    expect(runtime.manager.getCall(callId)?.state).toBe("speaking");
    await webhook("call.transcription", {
      call_control_id: "v3:out-1",
      client_state: state,
      transcription_data: { transcript: "sure", is_final: true },
    });
    expect(runtime.manager.getCall(callId)?.transcript.map((t) => t.text)).toEqual(["Hello", "sure"]);
  });

  it.each([
    ["a bad signature", () => webhook("call.answered", { call_control_id: "v3:x" }, { tamper: true })],
    [
      "a stale timestamp",
      () =>
        webhook(
          "call.answered",
          { call_control_id: "v3:x" },
          { timestamp: Math.floor(Date.now() / 1000) - 600 },
        ),
    ],
    ["an unsigned request", () => fetch(runtime.webhookUrl, { method: "POST", body: "{}" })],
  ])("rejects %s", async (_label, send) => {
    expect((await send()).status).toBe(401);
  });

  it("answers allowlisted inbound calls with an explicit answer command and rejects others", async () => {
    const inbound = (id: string, from: string) =>
      webhook("call.initiated", { call_control_id: id, direction: "incoming", from, to: "+15550000001" });
    await inbound("v3:in-1", "+15550009999");
    await inbound("v3:in-2", "+15550001111");
    await carrier.waitFor((r) => r.path === "/calls/v3:in-1/actions/answer");
    await carrier.waitFor((r) => r.path === "/calls/v3:in-2/actions/hangup");
    expect(runtime.manager.getCall("v3:in-1")).toMatchObject({ direction: "inbound", from: "+15550009999" });
    expect(runtime.manager.getCall("v3:in-2")).toBeUndefined();
  });

  it("ends with the mapped hangup cause", async () => {
    const { callId, state } = await placeCall();
    const hangup = await webhook("call.hangup", {
      call_control_id: "v3:out-1",
      client_state: state,
      hangup_cause: "user_busy",
    });
    expect(hangup.status).toBe(200);
    expect(runtime.manager.getCall(callId)).toMatchObject({ state: "busy", endReason: "busy" });
  });
});

describe("Telnyx negative cases at the wire", () => {
  it("answers a signed but malformed body with 400, and an oversized signed body with 413", async () => {
    const malformed = await fetch(runtime.webhookUrl, {
      method: "POST",
      headers: signed("{not json"),
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    const status = await new Promise<number | string>((resolve) => {
      const req = request(runtime.webhookUrl, { method: "POST", headers: signed("x") }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on("error", (error) => resolve(String(error)));
      req.end(Buffer.alloc(1024 * 1024 + 10, "x"));
    });
    expect(status).toBe(413);
  });

  it("drops a replayed signed event without side effects", async () => {
    const { callId, state } = await placeCall();
    const body = JSON.stringify({
      data: {
        id: "evt-1",
        event_type: "call.transcription",
        payload: {
          call_control_id: "v3:out-1",
          client_state: state,
          transcription_data: { transcript: "once", is_final: true },
        },
      },
    });
    const headers = signed(body);
    await fetch(runtime.webhookUrl, { method: "POST", headers, body });
    await fetch(runtime.webhookUrl, { method: "POST", headers, body });
    expect(runtime.manager.getCall(callId)?.transcript.filter((t) => t.text === "once")).toHaveLength(1);
  });
});
