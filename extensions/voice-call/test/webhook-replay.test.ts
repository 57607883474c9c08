import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { ReplayCache } from "../src/webhook/replay-cache.js";
import { type FakeCarrier, startFakeCarrier } from "./fake-carrier.js";
import { startTestRuntime } from "./test-runtime.js";

const PUBLIC = "https://voice.example.com/voice/webhook";
let runtime: VoiceCallRuntime | undefined;
let carrier: FakeCarrier | undefined;

afterEach(async () => {
  await runtime?.stop();
  await carrier?.close();
  runtime = undefined;
  carrier = undefined;
});

/** A live conversation call on `provider`, answered through the manager (not under test here). */
async function liveCall(rt: VoiceCallRuntime, providerCallId: string): Promise<string> {
  const call = await rt.manager.initiateCall({ to: "+15550001234", message: "Hi", mode: "conversation" });
  rt.manager.processEvent({
    type: "call.answered",
    callId: call.callId,
    providerCallId,
    timestamp: Date.now(),
  });
  return call.callId;
}

const userLines = (rt: VoiceCallRuntime, callId: string) =>
  rt.manager
    .getCall(callId)
    ?.transcript.filter((t) => t.speaker === "user")
    .map((t) => t.text);

describe("replay keys come from the canonical verified bytes", () => {
  it("Twilio: an appended empty form pair verifies (the SDK agrees) but is a replay", async () => {
    carrier = await startFakeCarrier(() => [200, { sid: "CA1", status: "queued" }]);
    runtime = await startTestRuntime({
      provider: "twilio",
      fromNumber: "+15550000001",
      publicUrl: PUBLIC,
      twilio: { accountSid: "AC1", authToken: "tok", apiBaseUrl: carrier.url },
    });
    const callId = await liveCall(runtime, "CA1");
    const query = `?callId=${callId}`;
    const params = { CallSid: "CA1", SpeechResult: "only once" };
    const signature = twilio.getExpectedTwilioSignature("tok", `${PUBLIC}${query}`, params);
    const body = new URLSearchParams(params).toString();
    for (const variant of [body, `${body}&=`]) {
      const parsed = Object.fromEntries(new URLSearchParams(variant));
      expect(twilio.validateRequest("tok", signature, `${PUBLIC}${query}`, parsed)).toBe(true);
      const response = await fetch(`${runtime.localWebhookUrl}${query}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        body: variant,
      });
      expect(response.status).toBe(200);
    }
    expect(userLines(runtime, callId)).toEqual(["only once"]);
  });

  it("Telnyx: the same signature re-encoded without padding (or base64url) verifies but is a replay", async () => {
    const keys = generateKeyPairSync("ed25519");
    carrier = await startFakeCarrier(() => [200, { data: { call_control_id: "v3:1" } }]);
    runtime = await startTestRuntime({
      provider: "telnyx",
      fromNumber: "+15550000001",
      telnyx: {
        apiKey: "K",
        connectionId: "c",
        publicKey: keys.publicKey.export({ format: "pem", type: "spki" }).toString(),
        apiBaseUrl: carrier.url,
      },
    });
    const callId = await liveCall(runtime, "v3:1");
    const body = JSON.stringify({
      data: {
        event_type: "call.transcription",
        payload: { call_control_id: "v3:1", transcription_data: { transcript: "only once", is_final: true } },
      },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const padded = sign(null, Buffer.from(`${timestamp}|${body}`), keys.privateKey).toString("base64");
    const variants = [padded, padded.replace(/=+$/, ""), padded.replace(/\+/g, "-").replace(/\//g, "_")];
    for (const signature of variants) {
      const response = await fetch(runtime.webhookUrl, {
        method: "POST",
        headers: { "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signature },
        body,
      });
      expect(response.status).toBe(200);
    }
    expect(userLines(runtime, callId)).toEqual(["only once"]);
  });

  it("Plivo: a reordered query and an appended empty pair verify but are a replay", async () => {
    carrier = await startFakeCarrier(() => [201, { request_uuid: "req-1" }]);
    runtime = await startTestRuntime({
      provider: "plivo",
      fromNumber: "+15550000001",
      publicUrl: PUBLIC,
      plivo: { authId: "MA1", authToken: "tok", apiBaseUrl: carrier.url },
    });
    const callId = await liveCall(runtime, "call-1");
    const params = { CallUUID: "call-1", Speech: "only once" };
    const nonce = "12345";
    const plivo = (await import("plivo")) as unknown as {
      validateV3Signature(m: string, u: string, n: string, t: string, s: string, p: object): boolean;
    };
    // Plivo's documented V3 string for this request (the SDK confirms the signature below).
    const signed = `${PUBLIC}?a=1&callId=${callId}&flow=getinput.CallUUIDcall-1Speechonly once.${nonce}`;
    const signature = createHmac("sha256", "tok").update(signed).digest("base64");
    const queries = [`?flow=getinput&callId=${callId}&a=1`, `?a=1&callId=${callId}&flow=getinput&`];
    for (const query of queries) {
      expect(plivo.validateV3Signature("POST", `${PUBLIC}${query}`, nonce, "tok", signature, params)).toBe(
        true,
      );
      const response = await fetch(`${runtime.localWebhookUrl}${query}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-plivo-signature-v3": signature,
          "x-plivo-signature-v3-nonce": nonce,
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(response.status).toBe(200);
    }
    expect(userLines(runtime, callId)).toEqual(["only once"]);
  });
});

describe("ReplayCache (the one replay layer)", () => {
  it("flags a key seen within the window and forgets it after", () => {
    const cache = new ReplayCache(1000, 10);
    expect(cache.seen("a", 0)).toBe(false);
    expect(cache.seen("a", 999)).toBe(true);
    expect(cache.seen("a", 1000)).toBe(false);
  });

  it("holds at most maxEntries keys, evicting the oldest first", () => {
    const cache = new ReplayCache(60_000, 3);
    for (const key of ["a", "b", "c", "d"]) expect(cache.seen(key, 0)).toBe(false);
    expect(cache.size).toBe(3);
    expect(cache.seen("d", 1)).toBe(true);
    expect(cache.seen("a", 1)).toBe(false); // evicted, so seen as new
  });

  it("drops expired keys as it goes, so a burst of distinct keys cannot pin memory", () => {
    const cache = new ReplayCache(100, 10_000);
    for (let i = 0; i < 500; i++) cache.seen(`k${i}`, 0);
    cache.seen("later", 1000);
    expect(cache.size).toBe(1);
  });
});
