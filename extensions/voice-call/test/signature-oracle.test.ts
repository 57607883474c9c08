import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import plivoSdk from "plivo";
import { Telnyx } from "telnyx";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { verifyPlivoV3, verifyTelnyx, verifyTwilio } from "../src/verification/signatures.js";
import type { WebhookContext } from "../src/verification/webhook-request.js";

// The carriers' official SDK validators are the oracle: the product must accept what they accept,
// reject what they reject, and give every accepted spelling of the same signed content one replay key.

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

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/);
const value = fc.string({ maxLength: 12 });
const pairs = fc.array(fc.tuple(name, value), { maxLength: 8 });
const token = fc.stringMatching(/^[A-Za-z0-9]{8,32}$/);

/** Pairs as the SDKs take them: one key per name, repeated names as arrays. */
function asSdkParams(list: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of list) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const form = (list: Array<[string, string]>) => new URLSearchParams(list).toString();
const ctx = (over: Partial<WebhookContext>): WebhookContext => ({
  headers: {},
  rawBody: "",
  url: "/voice/webhook",
  method: "POST",
  ...over,
});

describe("Twilio signatures against twilio.validateRequest", () => {
  it("accepts exactly what the SDK accepts, with one key per signed content", () => {
    fc.assert(
      fc.property(token, pairs, pairs, fc.boolean(), (authToken, query, body, tamper) => {
        const url = `https://voice.example.com/voice/webhook${query.length ? `?${form(query)}` : ""}`;
        const params = asSdkParams(body);
        const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
        const sent = tamper ? [...body, ["Tampered", "1"] as [string, string]] : body;
        const oracle = twilio.validateRequest(authToken, signature, url, asSdkParams(sent));
        const request = ctx({ rawBody: form(sent), headers: { "x-twilio-signature": signature } });
        const result = verifyTwilio(request, authToken, url);
        expect(result.ok).toBe(oracle);
        if (!result.ok) return;
        // Re-encodings of the same signed content: shuffled pairs, an appended empty pair.
        const reencoded = ctx({ ...request, rawBody: `${form([...sent].reverse())}&=` });
        expect(verifyTwilio(reencoded, authToken, url)).toEqual(result);
      }),
      { numRuns: 200 },
    );
  });
});

/** Plivo's documented V3 string, written from the docs (the SDK confirms it in the test). */
function plivoSign(authToken: string, url: string, body: Array<[string, string]>, nonce: string): string {
  const u = new URL(url);
  const sortPairs = (list: Array<[string, string]>) =>
    [...list].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const query = sortPairs([...u.searchParams.entries()])
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  let data = `${u.protocol}//${u.host}${u.pathname}`;
  if (query !== "" || body.length > 0) data += `?${query}`;
  if (query !== "" && body.length > 0) data += ".";
  data += sortPairs(body)
    .map(([k, v]) => k + v)
    .join("");
  return createHmac("sha256", authToken).update(`${data}.${nonce}`).digest("base64");
}

describe("Plivo V3 signatures against plivo.validateV3Signature", () => {
  const ascii = fc.stringMatching(/^[A-Za-z0-9 ._-]{0,10}$/);
  const asciiPairs = fc.array(fc.tuple(name, ascii), { maxLength: 8 });
  it("accepts exactly what the SDK accepts, with one key per signed content", () => {
    fc.assert(
      fc.property(token, asciiPairs, asciiPairs, fc.boolean(), (authToken, query, body, tamper) => {
        const url = `https://voice.example.com/voice/webhook${query.length ? `?${form(query)}` : ""}`;
        const nonce = "12345678901234567890";
        const signature = plivoSign(authToken, url, body, nonce);
        const sent = tamper ? [...body, ["Tampered", "1"] as [string, string]] : body;
        const oracle = plivo.validateV3Signature("POST", url, nonce, authToken, signature, asSdkParams(sent));
        expect(oracle).toBe(!tamper); // the test's signer agrees with the SDK
        const headers = { "x-plivo-signature-v3": signature, "x-plivo-signature-v3-nonce": nonce };
        const result = verifyPlivoV3(ctx({ rawBody: form(sent), headers }), authToken, url);
        expect(result.ok).toBe(oracle);
        if (!result.ok) return;
        const reordered = `https://voice.example.com/voice/webhook${query.length ? `?${form([...query].reverse())}&` : ""}`;
        const again = verifyPlivoV3(
          ctx({ rawBody: `${form([...sent].reverse())}`, headers }),
          authToken,
          reordered,
        );
        expect(again).toEqual(result);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a malformed signature header before it reads the body", () => {
    let bodyReads = 0;
    const request = ctx({
      headers: { "x-plivo-signature-v3": "not base64!", "x-plivo-signature-v3-nonce": "1" },
    });
    Object.defineProperty(request, "rawBody", {
      get: () => {
        bodyReads++;
        return "a=1";
      },
    });
    expect(verifyPlivoV3(request, "tok", "https://voice.example.com/voice/webhook")).toEqual({
      ok: false,
      reason: "Malformed Plivo V3 signature headers",
    });
    expect(bodyReads).toBe(0);
  });
});

describe("Telnyx signatures against the SDK's webhooks.unwrap", () => {
  const keys = generateKeyPairSync("ed25519");
  const rawKey = keys.publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("base64");
  const client = new Telnyx({ apiKey: "KEY", publicKey: rawKey });
  const unwrap = (body: string, headers: Record<string, string>) =>
    client.webhooks.unwrap(body, { headers, key: rawKey }).then(
      () => true,
      () => false,
    );

  it("accepts what the SDK accepts, rejects what it rejects, one key for every spelling", async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), fc.boolean(), async (json, tamper) => {
        const body = JSON.stringify({ data: { event_type: "call.answered", payload: json } });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const signature = sign(null, Buffer.from(`${timestamp}|${body}`), keys.privateKey).toString("base64");
        const sent = tamper ? `${body} ` : body;
        const headers = { "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signature };
        const oracle = await unwrap(sent, headers);
        const result = verifyTelnyx(ctx({ rawBody: sent, headers }), rawKey);
        expect(result.ok).toBe(oracle);
        if (!result.ok) return;
        for (const spelling of [
          signature.replace(/=+$/, ""),
          signature.replace(/\+/g, "-").replace(/\//g, "_"),
        ]) {
          const other = { ...headers, "telnyx-signature-ed25519": spelling };
          expect(verifyTelnyx(ctx({ rawBody: sent, headers: other }), rawKey)).toEqual(result);
        }
      }),
      { numRuns: 100 },
    );
  });
});
