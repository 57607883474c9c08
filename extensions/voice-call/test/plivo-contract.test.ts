import { createHmac } from "node:crypto";
import plivoSdk from "plivo";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { type FakeCarrier, startFakeCarrier } from "./fake-carrier.js";
import { startTestRuntime } from "./test-runtime.js";

const AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
const TOKEN = "plivo-test-token";
const PUBLIC = "https://voice.example.com/voice/webhook";
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
let carrier: FakeCarrier;
let runtime: VoiceCallRuntime;

// Each test gets its own fake carrier and runtime, so each passes when run alone.
beforeEach(async () => {
  carrier = await startFakeCarrier((req) => {
    if (req.method === "POST" && req.path === `/v1/Account/${AUTH_ID}/Call/`)
      return [201, { api_id: "a", message: "call fired", request_uuid: "req-1" }];
    if (req.path.startsWith(`/v1/Account/${AUTH_ID}/Call/call-1/`)) return [202, { message: "ok" }];
    return [404, { error: "not found" }];
  });
  runtime = await startTestRuntime({
    provider: "plivo",
    fromNumber: "+15550000001",
    maxConcurrentCalls: 2,
    publicUrl: PUBLIC,
    plivo: { authId: AUTH_ID, authToken: TOKEN, apiBaseUrl: carrier.url },
  });
});

afterEach(async () => {
  await runtime?.stop();
  await carrier?.close();
});

/**
 * Plivo signature V3 of a POST, written from Plivo's docs: HMAC-SHA256 over
 * `<url?sorted query>.<sorted post kv>.<nonce>`. The official SDK's `validateV3Signature` must accept
 * it (checked here), so the test does not rest on the product's algorithm.
 */
function v3(url: string, params: Record<string, string>, nonce: string, token = TOKEN): string {
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
  const signature = createHmac("sha256", token).update(`${data}${post}.${nonce}`).digest("base64");
  expect(plivo.validateV3Signature("POST", url, nonce, token, signature, params)).toBe(true);
  return signature;
}

let counter = 0;
function webhook(query: string, params: Record<string, string>, token?: string) {
  const nonce = `nonce-${++counter}`;
  return fetch(`${runtime.localWebhookUrl}${query}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-plivo-signature-v3": v3(`${PUBLIC}${query}`, params, nonce, token),
      "x-plivo-signature-v3-nonce": nonce,
    },
    body: new URLSearchParams(params).toString(),
  });
}

async function placeCall(): Promise<string> {
  const call = await runtime.manager.initiateCall({
    to: "+15550001234",
    message: "Hi from Plivo",
    mode: "conversation",
  });
  return call.callId;
}

/** Places a call and answers it (call UUID adopted); resolves once the speech transfer reached the carrier. */
async function answeredCall(): Promise<string> {
  const callId = await placeCall();
  const answered = {
    CallUUID: "call-1",
    RequestUUID: "req-1",
    CallStatus: "in-progress",
    Direction: "outbound",
  };
  expect((await webhook(`?provider=plivo&callId=${callId}&flow=answer`, answered)).status).toBe(200);
  await carrier.waitFor((r) => r.path === `/v1/Account/${AUTH_ID}/Call/call-1/`);
  return callId;
}

describe("Plivo contract (Voice API, XML, signature V3)", () => {
  it("places the call with answer and hangup URLs and basic auth", async () => {
    const callId = await placeCall();
    const create = carrier.requests.find(
      (r) => r.method === "POST" && r.path === `/v1/Account/${AUTH_ID}/Call/`,
    );
    expect(create?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${AUTH_ID}:${TOKEN}`).toString("base64")}`,
    );
    const body = JSON.parse(create?.body ?? "{}");
    expect(body).toMatchObject({ from: "+15550000001", to: "+15550001234", answer_method: "POST" });
    expect(body.answer_url).toBe(`${PUBLIC}?provider=plivo&callId=${callId}&flow=answer`);
    expect(runtime.manager.getCall(callId)?.providerCallId).toBe("req-1");
  });

  it("adopts the call UUID on answer, then speaks through an XML transfer", async () => {
    const callId = await placeCall();
    const answer = await webhook(`?provider=plivo&callId=${callId}&flow=answer`, {
      CallUUID: "call-1",
      RequestUUID: "req-1",
      CallStatus: "in-progress",
      Direction: "outbound",
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/xml");
    const transfer = await carrier.waitFor((r) => r.path === `/v1/Account/${AUTH_ID}/Call/call-1/`);
    expect(JSON.parse(transfer.body)).toMatchObject({ legs: "aleg", aleg_method: "POST" });
    expect(runtime.manager.getCall(callId)).toMatchObject({ providerCallId: "call-1", state: "speaking" });
    const xml = await (
      await webhook(`?provider=plivo&callId=${callId}&flow=xml-speak`, { CallUUID: "call-1" })
    ).text();
    expect(xml).toContain("<Speak");
    expect(xml).toContain("Hi from Plivo");
    expect(xml).toContain('inputType="speech"');
  });

  it("records speech from GetInput and ends with the carrier's status", async () => {
    const callId = await answeredCall();
    await webhook(`?provider=plivo&callId=${callId}&flow=getinput`, {
      CallUUID: "call-1",
      Speech: "sounds good",
    });
    expect(runtime.manager.getCall(callId)?.transcript.map((t) => t.text)).toEqual([
      "Hi from Plivo",
      "sounds good",
    ]);
    await webhook(`?provider=plivo&callId=${callId}&flow=hangup`, {
      CallUUID: "call-1",
      CallStatus: "no-answer",
    });
    expect(runtime.manager.getCall(callId)).toMatchObject({ endReason: "no-answer" });
  });

  it.each([
    [
      "a bad signature",
      () => webhook("?provider=plivo", { CallUUID: "x", CallStatus: "completed" }, "wrong"),
    ],
    [
      "V2-only headers",
      () =>
        fetch(runtime.localWebhookUrl, {
          method: "POST",
          headers: { "x-plivo-signature-v2": "x", "x-plivo-signature-v2-nonce": "n" },
          body: "CallUUID=x",
        }),
    ],
    ["an unsigned request", () => fetch(runtime.localWebhookUrl, { method: "POST", body: "CallUUID=x" })],
  ])("rejects %s", async (_label, send) => {
    expect((await send()).status).toBe(401);
  });
});

describe("Plivo negative cases at the wire", () => {
  it("rejects a signature made for another URL and drops a replayed request", async () => {
    const callId = await placeCall();
    const query = `?provider=plivo&callId=${callId}&flow=getinput`;
    const params = { CallUUID: "call-2", Speech: "only once" };
    const nonce = "replay-nonce";
    const headers = (signature: string) => ({
      "content-type": "application/x-www-form-urlencoded",
      "x-plivo-signature-v3": signature,
      "x-plivo-signature-v3-nonce": nonce,
    });
    const body = new URLSearchParams(params).toString();
    const send = (signature: string) =>
      fetch(`${runtime.localWebhookUrl}${query}`, { method: "POST", headers: headers(signature), body });
    expect((await send(v3(`https://evil.example.com/voice/webhook${query}`, params, nonce))).status).toBe(
      401,
    );
    const good = v3(`${PUBLIC}${query}`, params, nonce);
    await send(good);
    await send(good);
    expect(runtime.manager.getCall(callId)?.transcript.filter((t) => t.text === "only once")).toHaveLength(1);
  });
});
