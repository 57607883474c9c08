import { generateKeyPairSync, sign } from "node:crypto";
import plivoSdk from "plivo";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { verifyPlivoV3, verifyTelnyx, verifyTwilio } from "../src/verification/signatures.js";
import type { WebhookContext } from "../src/verification/webhook-request.js";
import { reconstructWebhookUrl } from "../src/webhook/public-url.js";

const ctx = (over: Partial<WebhookContext>): WebhookContext => ({
  headers: {},
  rawBody: "",
  url: "/voice/webhook",
  method: "POST",
  ...over,
});

// Vectors below follow the documented algorithms; each test first checks that the carrier's official
// SDK (twilio.validateRequest, plivo.validateV3Signature) accepts the vector: the SDK is the oracle.
const plivo = plivoSdk as unknown as {
  validateV3Signature(
    method: string,
    uri: string,
    nonce: string,
    token: string,
    sig: string,
    params: object,
  ): boolean;
};
const TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const TWILIO_BODY =
  "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
const TWILIO_SIG = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

describe("reconstructWebhookUrl", () => {
  it("uses Host and drops forwarding headers unless trusted", () => {
    const c = ctx({
      url: "/voice/webhook?x=1",
      headers: { host: "gw.local:3334", "x-forwarded-host": "evil.example.com", "x-forwarded-proto": "http" },
    });
    expect(reconstructWebhookUrl(c)).toBe("https://gw.local/voice/webhook?x=1");
    expect(reconstructWebhookUrl(c, { trustForwardingHeaders: true })).toBe(
      "http://evil.example.com/voice/webhook?x=1",
    );
    expect(reconstructWebhookUrl(c, { allowedHosts: ["voice.example.com"] })).toBe(
      "http://gw.local/voice/webhook?x=1",
    );
  });

  it("trusts forwarding headers only from trusted proxies, with IPv4-mapped addresses normalised", () => {
    const headers = { host: "gw.local", "x-forwarded-host": "voice.example.com" };
    const security = { allowedHosts: ["voice.example.com"], trustedProxyIPs: ["10.0.0.5"] };
    expect(reconstructWebhookUrl(ctx({ headers, remoteAddress: "::ffff:10.0.0.5" }), security)).toBe(
      "https://voice.example.com/voice/webhook",
    );
    expect(reconstructWebhookUrl(ctx({ headers, remoteAddress: "10.0.0.6" }), security)).toBe(
      "https://gw.local/voice/webhook",
    );
    expect(reconstructWebhookUrl(ctx({ headers }), security)).toBe("https://gw.local/voice/webhook");
  });
});

describe("verifyTwilio", () => {
  const request = ctx({
    rawBody: TWILIO_BODY,
    headers: { "x-twilio-signature": TWILIO_SIG, host: "mycompany.com" },
  });
  it("accepts the documented HMAC-SHA1 over URL and sorted params", () => {
    const params = Object.fromEntries(new URLSearchParams(TWILIO_BODY));
    expect(twilio.validateRequest("12345", TWILIO_SIG, TWILIO_URL, params)).toBe(true);
    expect(verifyTwilio(request, "12345", TWILIO_URL)).toMatchObject({ ok: true });
  });
  it("accepts when a proxy added a port the carrier did not sign", () => {
    expect(verifyTwilio(request, "12345", "https://mycompany.com:8443/myapp.php?foo=1&bar=2")).toMatchObject({
      ok: true,
      verificationUrl: TWILIO_URL,
    });
  });
  it.each([
    ["a wrong token", { token: "54321" }],
    ["a different URL", { url: "https://mycompany.com/other.php?foo=1&bar=2" }],
    ["a tampered body", { body: TWILIO_BODY.replace("1234", "9999") }],
  ])("rejects %s", (_label, change: { token?: string; url?: string; body?: string }) => {
    const c = { ...request, rawBody: change.body ?? TWILIO_BODY };
    expect(verifyTwilio(c, change.token ?? "12345", change.url ?? TWILIO_URL).ok).toBe(false);
  });
  it("rejects a missing signature header", () => {
    expect(verifyTwilio(ctx({ rawBody: TWILIO_BODY }), "12345", TWILIO_URL)).toEqual({
      ok: false,
      reason: "Missing X-Twilio-Signature header",
    });
  });
});

describe("verifyTelnyx", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const rawKey = publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("base64");
  const body = JSON.stringify({
    data: { event_type: "call.answered", payload: { call_control_id: "v3:abc" } },
  });
  const now = 1_800_000_000_000;
  const signed = (timestamp: number, payload = body) => ({
    "telnyx-timestamp": String(timestamp),
    "telnyx-signature-ed25519": sign(null, Buffer.from(`${timestamp}|${payload}`), privateKey).toString(
      "base64",
    ),
  });
  it("accepts Ed25519 over timestamp|body with raw base64 and PEM keys", () => {
    const headers = signed(now / 1000);
    expect(verifyTelnyx(ctx({ rawBody: body, headers }), rawKey, now)).toMatchObject({ ok: true });
    expect(
      verifyTelnyx(
        ctx({ rawBody: body, headers }),
        publicKey.export({ format: "pem", type: "spki" }).toString(),
        now,
      ).ok,
    ).toBe(true);
  });
  it.each([
    ["stale timestamp", () => ({ rawBody: body, headers: signed(now / 1000 - 301) }), "Timestamp too old"],
    [
      "tampered body",
      () => ({ rawBody: body.replace("answered", "hangup"), headers: signed(now / 1000) }),
      "Invalid signature",
    ],
    ["missing headers", () => ({ rawBody: body, headers: {} }), "Missing signature or timestamp header"],
  ])("rejects a %s", (_label, make, reason) => {
    expect(verifyTelnyx(ctx(make()), rawKey, now)).toEqual({ ok: false, reason });
  });
  it("fails closed without a public key", () => {
    expect(verifyTelnyx(ctx({ rawBody: body, headers: signed(now / 1000) }), undefined, now).ok).toBe(false);
  });
});

describe("verifyPlivoV3", () => {
  const vectors = [
    [
      "POST",
      "https://voice.example.com/voice/webhook?provider=plivo&callId=abc&flow=answer",
      "12345678901234567890",
      "CallUUID=c-1&From=%2B15550001234&To=%2B15550005678&CallStatus=in-progress&Direction=outbound",
      "uoNgKVFbEOhtHy5garLK7suUPDhaZlAGtAql1b5WeQ4=",
    ],
    [
      "POST",
      "https://voice.example.com/voice/webhook",
      "nonce-2",
      "CallUUID=c-2&Digits=12",
      "rdtaSwyBqFEmw90+9coQNhGEFc/BO1LChmoHmbTejoE=",
    ],
    [
      "GET",
      "https://voice.example.com/voice/webhook?b=2&a=1&a=0",
      "nonce-3",
      "",
      "kiseCmU5x7a/1uwEaigMgdQjh3+cng0i7vbeWo8/ORU=",
    ],
  ] as const;
  it.each(vectors)("accepts %s %s", (method, url, nonce, body, signature) => {
    const params = Object.fromEntries(new URLSearchParams(body));
    expect(plivo.validateV3Signature(method, url, nonce, "MYTOKEN", signature, params)).toBe(true);
    const c = ctx({
      method,
      rawBody: body,
      headers: { "x-plivo-signature-v3": `bogus,${signature}`, "x-plivo-signature-v3-nonce": nonce },
    });
    expect(verifyPlivoV3(c, "MYTOKEN", url).ok).toBe(true);
  });
  it("rejects a tampered body, and V2-only requests", () => {
    const [method, url, nonce, body, signature] = vectors[0];
    const tampered = ctx({
      method,
      rawBody: body.replace("in-progress", "completed"),
      headers: { "x-plivo-signature-v3": signature, "x-plivo-signature-v3-nonce": nonce },
    });
    expect(verifyPlivoV3(tampered, "MYTOKEN", url)).toEqual({
      ok: false,
      reason: "Invalid Plivo V3 signature",
    });
    const v2 = ctx({ headers: { "x-plivo-signature-v2": "x", "x-plivo-signature-v2-nonce": "n" } });
    expect(verifyPlivoV3(v2, "MYTOKEN", url).ok).toBe(false);
  });
});
