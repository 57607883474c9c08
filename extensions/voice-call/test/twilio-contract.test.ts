import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { type FakeCarrier, startFakeCarrier } from "./fake-carrier.js";
import { startTestRuntime } from "./test-runtime.js";

const SID = "AC00000000000000000000000000000001";
const TOKEN = "test-auth-token";
const PUBLIC = "https://voice.example.com/voice/webhook";
let carrier: FakeCarrier;
let runtime: VoiceCallRuntime;

beforeAll(async () => {
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

afterAll(async () => {
  await runtime?.stop();
  await carrier?.close();
});

/** Twilio's signature: base64 HMAC-SHA1 of the URL plus the sorted POST params (key + value). */
function twilioSign(url: string, params: Record<string, string>, token = TOKEN): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join("");
  return createHmac("sha1", token).update(data).digest("base64");
}

/** POSTs a form webhook to the local server, signed for `signedUrl` (the public URL Twilio called). */
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
      "x-twilio-signature": twilioSign(signedUrl, params, options.token),
      ...options.headers,
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe("Twilio contract (Programmable Voice through the official SDK)", () => {
  let callId = "";

  it("creates the call through the SDK with URL TwiML, status callbacks and basic auth", async () => {
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Hello from OpenClaw",
      mode: "conversation",
    });
    callId = call.callId;
    const create = carrier.requests.find((r) => r.path === `/2010-04-01/Accounts/${SID}/Calls.json`);
    expect(create?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
    const form = new URLSearchParams(create?.body);
    expect(form.get("To")).toBe("+15550001234");
    expect(form.get("From")).toBe("+15550000001");
    expect(form.get("Url")).toBe(`${PUBLIC}?callId=${callId}`);
    expect(form.get("StatusCallback")).toBe(`${PUBLIC}?callId=${callId}&type=status`);
    expect(form.getAll("StatusCallbackEvent")).toEqual(["initiated", "ringing", "answered", "completed"]);
    expect(call.providerCallId).toBe("CA1");
  });

  it("answers with TwiML and speaks by updating the live call", async () => {
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
    await new Promise((r) => setTimeout(r, 50));
    const update = carrier.requests.find(
      (r) => r.path === `/2010-04-01/Accounts/${SID}/Calls/CA1.json` && r.method === "POST",
    );
    const twiml = new URLSearchParams(update?.body).get("Twiml") ?? "";
    expect(twiml).toContain("Hello from OpenClaw");
    expect(twiml).toContain('input="speech"');
    expect(runtime.manager.getCall(callId)?.state).toBe("speaking");
  });

  it("records speech from a signed Gather callback and ignores its replay", async () => {
    const speech = { CallSid: "CA1", SpeechResult: "tell me more", Confidence: "0.93" };
    expect((await webhook(`?callId=${callId}`, speech)).status).toBe(200);
    expect((await webhook(`?callId=${callId}`, speech)).status).toBe(200);
    expect(runtime.manager.getCall(callId)?.transcript.map((t) => t.text)).toEqual([
      "Hello from OpenClaw",
      "tell me more",
    ]);
  });

  it("accepts a signature made without the port a proxy added", async () => {
    const params = { CallSid: "CA1", CallStatus: "in-progress" };
    const response = await webhook(`?callId=${callId}&type=status`, params);
    expect(response.status).toBe(200);
  });

  it.each([
    [
      "a bad signature",
      () => webhook(`?callId=${callId}`, { CallSid: "CA1", CallStatus: "completed" }, { token: "wrong" }),
    ],
    [
      "a signature for another URL",
      () =>
        webhook(
          `?callId=${callId}`,
          { CallSid: "CA1", CallStatus: "completed" },
          { signedUrl: "https://evil.example.com/voice/webhook" },
        ),
    ],
    [
      "a forged forwarded host",
      () =>
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
    expect((await send()).status).toBe(401);
    expect(runtime.manager.getCall(callId)?.state).not.toBe("completed");
  });

  it("ends the call from a signed status callback with the carrier's reason", async () => {
    await webhook(`?callId=${callId}&type=status`, { CallSid: "CA1", CallStatus: "busy" });
    expect(runtime.manager.getCall(callId)).toMatchObject({ state: "busy", endReason: "busy" });
  });
});
