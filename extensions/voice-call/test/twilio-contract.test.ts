import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { type FakeCarrier, startFakeCarrier } from "./fake-carrier.js";
import { startTestRuntime } from "./test-runtime.js";

const SID = "AC00000000000000000000000000000001";
const TOKEN = "test-auth-token";
const PUBLIC = "https://voice.example.com/voice/webhook";
let carrier: FakeCarrier;
let runtime: VoiceCallRuntime;

// Each test gets its own fake carrier and runtime, so each passes when run alone.
beforeEach(async () => {
  carrier = await startFakeCarrier((req) => {
    if (req.method === "POST" && req.path.endsWith("/Calls.json"))
      return [201, { sid: "CA1", status: "queued" }];
    if (req.path.includes("/Calls/CA1.json")) return [200, { sid: "CA1", status: "in-progress" }];
    return [404, { code: 20404, message: "not found", status: 404 }];
  });
  runtime = await startTestRuntime({
    provider: "twilio",
    fromNumber: "+15550000001",
    publicUrl: PUBLIC,
    twilio: { accountSid: SID, authToken: TOKEN, apiBaseUrl: carrier.url },
  });
});

afterEach(async () => {
  await runtime?.stop();
  await carrier?.close();
});

/**
 * POSTs a form webhook to the local server, signed for `signedUrl` (the public URL Twilio called) by
 * the official SDK's `getExpectedTwilioSignature`, so the test does not reuse the product's algorithm.
 */
function webhook(
  query: string,
  params: Record<string, string>,
  options: { signedUrl?: string; headers?: Record<string, string>; token?: string } = {},
) {
  const signedUrl = options.signedUrl ?? `${PUBLIC}${query}`;
  return fetch(`${runtime.localWebhookUrl}${query}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(options.token ?? TOKEN, signedUrl, params),
      ...options.headers,
    },
    body: new URLSearchParams(params).toString(),
  });
}

async function placeCall(): Promise<string> {
  const call = await runtime.manager.initiateCall({
    to: "+15550001234",
    message: "Hello from OpenClaw",
    mode: "conversation",
  });
  return call.callId;
}

/** Places a call and answers it with a signed status webhook; resolves once the greeting update reached the carrier. */
async function answeredCall(): Promise<string> {
  const callId = await placeCall();
  const answered = { CallSid: "CA1", CallStatus: "in-progress", Direction: "outbound-api" };
  expect((await webhook(`?callId=${callId}`, answered)).status).toBe(200);
  await carrier.waitFor((r) => r.path.endsWith("/Calls/CA1.json") && r.method === "POST");
  return callId;
}

describe("Twilio contract (Programmable Voice through the official SDK)", () => {
  it("creates the call through the SDK with URL TwiML, status callbacks and basic auth", async () => {
    const callId = await placeCall();
    const create = carrier.requests.find((r) => r.path === `/2010-04-01/Accounts/${SID}/Calls.json`);
    expect(create?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
    const form = new URLSearchParams(create?.body);
    expect(form.get("To")).toBe("+15550001234");
    expect(form.get("From")).toBe("+15550000001");
    expect(form.get("Url")).toBe(`${PUBLIC}?callId=${callId}`);
    expect(form.get("StatusCallback")).toBe(`${PUBLIC}?callId=${callId}&type=status`);
    expect(form.getAll("StatusCallbackEvent")).toEqual(["initiated", "ringing", "answered", "completed"]);
    expect(runtime.manager.getCall(callId)?.providerCallId).toBe("CA1");
  });

  it("answers with TwiML and speaks by updating the live call", async () => {
    const callId = await placeCall();
    const response = await webhook(`?callId=${callId}`, {
      CallSid: "CA1",
      CallStatus: "in-progress",
      Direction: "outbound-api",
      From: "+15550000001",
      To: "+15550001234",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/xml");
    expect(await response.text()).toContain("<Pause");
    const update = await carrier.waitFor(
      (r) => r.path === `/2010-04-01/Accounts/${SID}/Calls/CA1.json` && r.method === "POST",
    );
    const twiml = new URLSearchParams(update.body).get("Twiml") ?? "";
    expect(twiml).toContain("Hello from OpenClaw");
    expect(twiml).toContain('input="speech"');
    expect(runtime.manager.getCall(callId)?.state).toBe("speaking");
  });

  it("records speech from a signed Gather callback and ignores its replay", async () => {
    const callId = await answeredCall();
    const speech = { CallSid: "CA1", SpeechResult: "tell me more", Confidence: "0.93" };
    expect((await webhook(`?callId=${callId}`, speech)).status).toBe(200);
    expect((await webhook(`?callId=${callId}`, speech)).status).toBe(200);
    expect(runtime.manager.getCall(callId)?.transcript.map((t) => t.text)).toEqual([
      "Hello from OpenClaw",
      "tell me more",
    ]);
  });

  it("accepts a signature made without the port a proxy added", async () => {
    await runtime.stop();
    runtime = await startTestRuntime({
      provider: "twilio",
      fromNumber: "+15550000001",
      publicUrl: "https://voice.example.com:8443/voice/webhook",
      twilio: { accountSid: SID, authToken: TOKEN, apiBaseUrl: carrier.url },
    });
    const callId = await placeCall();
    const query = `?callId=${callId}&type=status`;
    const params = { CallSid: "CA1", CallStatus: "ringing" };
    // Twilio signed the URL it called, without the :8443 the proxy listens on.
    const response = await webhook(query, params, { signedUrl: `${PUBLIC}${query}` });
    expect(response.status).toBe(200);
    expect(runtime.manager.getCall(callId)?.state).toBe("ringing");
  });

  it.each([
    [
      "a bad signature",
      (callId: string) =>
        webhook(`?callId=${callId}`, { CallSid: "CA1", CallStatus: "completed" }, { token: "wrong" }),
    ],
    [
      "a signature for another URL",
      (callId: string) =>
        webhook(
          `?callId=${callId}`,
          { CallSid: "CA1", CallStatus: "completed" },
          { signedUrl: "https://evil.example.com/voice/webhook" },
        ),
    ],
    [
      "a forged forwarded host",
      (callId: string) =>
        webhook(
          `?callId=${callId}`,
          { CallSid: "CA1", CallStatus: "completed" },
          {
            signedUrl: `https://evil.example.com/voice/webhook?callId=${callId}`,
            headers: { "x-forwarded-host": "evil.example.com" },
          },
        ),
    ],
    [
      "an unsigned request",
      () => fetch(runtime.localWebhookUrl, { method: "POST", body: "CallSid=CA1&CallStatus=completed" }),
    ],
  ])("rejects %s without side effects", async (_label, send) => {
    const callId = await placeCall();
    expect((await send(callId)).status).toBe(401);
    expect(runtime.manager.getCall(callId)?.state).toBe("initiated");
  });

  it("ends the call from a signed status callback with the carrier's reason", async () => {
    const callId = await placeCall();
    await webhook(`?callId=${callId}&type=status`, { CallSid: "CA1", CallStatus: "busy" });
    expect(runtime.manager.getCall(callId)).toMatchObject({ state: "busy", endReason: "busy" });
  });
});
