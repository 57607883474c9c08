import type { IncomingMessage } from "node:http";
import fc from "fast-check";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import { STREAM_CLOSE } from "../src/media/media-stream-server.js";
import {
  portVariants,
  type StreamUpgradeContext,
  verifyTwilioStreamUpgrade,
} from "../src/verification/stream-upgrade.js";
import {
  FakeMediaClient,
  PUBLIC_STREAM,
  plivoHarness,
  telnyxHarness,
  twilioHarness,
  twilioStreamSignature,
  waitFor,
} from "./fakes/media-carriers.js";
import {
  localStreamUrl,
  placeStreamingCall,
  runCleanups,
  type Setup,
  setup,
} from "./fakes/streaming-setup.js";

// The oracle for every Twilio signature here is the official SDK (`getExpectedTwilioSignature` /
// `validateRequest`), never the product's own HMAC code.

afterEach(runCleanups);

/** A logger that records lines as `message {meta}`. */
function recordingLogger() {
  const lines: string[] = [];
  const record = (message: string, meta?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, logger: { debug: record, info: record, warn: record, error: record } };
}

/** Opens the stream socket; resolves with the HTTP status when the upgrade is refused, or the open socket. */
async function upgrade(url: string, headers: Record<string, string>) {
  try {
    const ws = await FakeMediaClient.open(url, headers);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    return { status: 101, ws, closed };
  } catch (error) {
    const status = Number(/HTTP (\d+)/.exec(String(error))?.[1] ?? 0);
    return { status, ws: undefined, closed: undefined };
  }
}

function twilioStart(token: string): string {
  return JSON.stringify({
    event: "start",
    sequenceNumber: "1",
    streamSid: "MZ1",
    start: {
      streamSid: "MZ1",
      callSid: "CA1",
      customParameters: { token },
      mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
    },
  });
}

/** Answers the call over the webhook (so a token is issued) without opening the stream. */
async function answeredTwilioCall(s: Setup) {
  const call = await s.runtime.manager.initiateCall({
    to: "+15550001234",
    message: "Hi.",
    mode: "conversation",
  });
  const { token } = await twilioHarness.answer(s.runtime, call.callId, s.carrier.requests);
  return { call, token };
}

describe("Twilio media-stream upgrades must carry a valid X-Twilio-Signature", () => {
  it("admits an upgrade signed (by the Twilio SDK) over the wss:// stream URL Twilio was given", async () => {
    const { lines, logger } = recordingLogger();
    const s = await setup(twilioHarness, { transcripts: [], logger });
    expect(s.runtime.streams?.streamUrl()).toBe(PUBLIC_STREAM);
    const { client } = await placeStreamingCall(s, twilioHarness, "Hi.");
    await waitFor(() => (client.media().length > 0 ? true : undefined));
    expect(lines.filter((l) => l.includes("VOICE_STREAM_UNAUTHORIZED"))).toEqual([]);
  });

  it("refuses missing, malformed, forged and wrong-URL signatures with HTTP 403: no socket, no session, a coded log line", async () => {
    const { lines, logger } = recordingLogger();
    const s = await setup(twilioHarness, { transcripts: [], logger });
    const { call } = await answeredTwilioCall(s);
    const url = localStreamUrl(s.runtime);
    const cases: Array<[string, Record<string, string>]> = [
      ["missing", {}],
      ["malformed", { "x-twilio-signature": "Zm9yZ2Vk" }],
      ["another auth token", { "x-twilio-signature": twilioStreamSignature(PUBLIC_STREAM, "not-the-token") }],
      [
        "https instead of wss",
        { "x-twilio-signature": twilioStreamSignature(PUBLIC_STREAM.replace("wss:", "https:")) },
      ],
      [
        "another host",
        { "x-twilio-signature": twilioStreamSignature("wss://evil.example.com/voice/stream") },
      ],
      ["another path", { "x-twilio-signature": twilioStreamSignature("wss://voice.example.com/other") }],
    ];
    for (const [name, headers] of cases) {
      expect((await upgrade(url, headers)).status, name).toBe(403);
    }
    expect(s.runtime.streams?.server.connectionCount).toBe(0);
    expect(s.runtime.streams?.isSpeaking(call.callId)).toBe(false);
    expect(s.runtime.manager.getCall(call.callId)?.answeredAt).toBeDefined();
    expect(lines.some((l) => l.startsWith("media stream connected"))).toBe(false);
    const refusals = lines.filter((l) => l.startsWith("media stream upgrade refused"));
    expect(refusals).toHaveLength(cases.length);
    for (const line of refusals) expect(line).toContain('"code":"VOICE_STREAM_UNAUTHORIZED"');
    expect(refusals[0]).toContain("missing X-Twilio-Signature");
    expect(refusals[1]).toContain("malformed X-Twilio-Signature");
    expect(refusals[2]).toContain("does not match wss://voice.example.com/voice/stream");
  });

  it("a refused upgrade takes no pending slot: forged upgrades cannot crowd out Twilio's", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      streaming: { maxPendingConnections: 1, maxPendingConnectionsPerIp: 1 },
    });
    const { token } = await answeredTwilioCall(s);
    const url = localStreamUrl(s.runtime);
    for (let i = 0; i < 5; i++) expect((await upgrade(url, {})).status).toBe(403);
    const client = await twilioHarness.connect(url, token);
    await waitFor(() => (client.media().length > 0 ? true : undefined));
    client.close();
  });

  it("accepts the port spellings a proxy produces, as the webhook check does", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      extraConfig: { publicUrl: "https://voice.example.com:8443/voice/webhook" },
    });
    expect(s.runtime.streams?.streamUrl()).toBe("wss://voice.example.com:8443/voice/stream");
    const url = localStreamUrl(s.runtime);
    for (const signedUrl of [
      "wss://voice.example.com:8443/voice/stream",
      "wss://voice.example.com/voice/stream",
    ]) {
      const opened = await upgrade(url, { "x-twilio-signature": twilioStreamSignature(signedUrl) });
      expect(opened.status, signedUrl).toBe(101);
      opened.ws?.close();
      await opened.closed;
    }
  });
});

describe("Twilio upgrade signature without publicUrl", () => {
  it("rebuilds the signed URL from Host or from an allowed X-Forwarded-Host", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      extraConfig: { webhookSecurity: { allowedHosts: ["voice.proxy.example"] } },
      noPublicUrl: true,
    });
    const url = localStreamUrl(s.runtime);
    const host = new URL(url).host;
    const fromHost = await upgrade(url, {
      "x-twilio-signature": twilioStreamSignature(`wss://${host.replace(/:\d+$/, "")}/voice/stream`),
    });
    expect(fromHost.status).toBe(101);
    fromHost.ws?.close();
    const forwarded = await upgrade(url, {
      "x-forwarded-host": "voice.proxy.example",
      "x-twilio-signature": twilioStreamSignature("wss://voice.proxy.example/voice/stream"),
    });
    expect(forwarded.status).toBe(101);
    forwarded.ws?.close();
    const notAllowed = await upgrade(url, {
      "x-forwarded-host": "evil.example",
      "x-twilio-signature": twilioStreamSignature("wss://evil.example/voice/stream"),
    });
    expect(notAllowed.status).toBe(403);
    await Promise.all([fromHost.closed, forwarded.closed]);
  });
});

describe("skipSignatureVerification", () => {
  it("admits an unsigned Twilio upgrade, and the per-call token still decides at start", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      extraConfig: { skipSignatureVerification: true },
    });
    const { token } = await answeredTwilioCall(s);
    const url = localStreamUrl(s.runtime);
    const forged = await upgrade(url, {});
    expect(forged.status).toBe(101);
    forged.ws?.send(twilioStart("0".repeat(32)));
    expect(await forged.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Unauthorized" });
    const genuine = await upgrade(url, {});
    expect(genuine.status).toBe(101);
    const client = new FakeMediaClient("twilio", genuine.ws as never, "MZ1");
    client.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    genuine.ws?.send(twilioStart(token));
    await waitFor(() => (client.media().length > 0 ? true : undefined));
    client.close();
  });
});

describe("streaming.upgradeAuth: warn", () => {
  it("admits an upgrade whose Twilio signature fails, logs it coded, and the per-call token still decides", async () => {
    const { lines, logger } = recordingLogger();
    const s = await setup(twilioHarness, { transcripts: [], logger, streaming: { upgradeAuth: "warn" } });
    const { token } = await answeredTwilioCall(s);
    const url = localStreamUrl(s.runtime);
    const headers = { "x-twilio-signature": twilioStreamSignature("wss://proxy.internal/voice/stream") };
    const forged = await upgrade(url, headers);
    expect(forged.status).toBe(101);
    forged.ws?.send(twilioStart("0".repeat(32)));
    expect(await forged.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Unauthorized" });
    const genuine = await upgrade(url, headers);
    const client = new FakeMediaClient("twilio", genuine.ws as never, "MZ1");
    client.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    genuine.ws?.send(twilioStart(token));
    await waitFor(() => (client.media().length > 0 ? true : undefined));
    const warnings = lines.filter((l) => l.includes("streaming.upgradeAuth: warn"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('"code":"VOICE_STREAM_UNAUTHORIZED"');
    client.close();
  });
});

describe("Telnyx media-stream upgrades must carry a live call's stream_auth_token", () => {
  it("refuses a missing token, a token issued to no call and an ended call's token with HTTP 403", async () => {
    const { lines, logger } = recordingLogger();
    const s = await setup(telnyxHarness, { transcripts: [], logger });
    const { call, client, token } = await placeStreamingCall(s, telnyxHarness, "Hi.");
    const url = localStreamUrl(s.runtime);
    expect((await upgrade(url, {})).status).toBe(403);
    expect((await upgrade(url, { "x-telnyx-streaming-auth-token": "f".repeat(32) })).status).toBe(403);
    await s.runtime.manager.endCall(call.callId);
    await client.closed;
    expect((await upgrade(url, { "x-telnyx-streaming-auth-token": token })).status).toBe(403);
    const refusals = lines.filter((l) => l.startsWith("media stream upgrade refused"));
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toContain("missing x-telnyx-streaming-auth-token");
    expect(refusals[1]).toContain("not the token of a live call");
    for (const line of refusals) expect(line).toContain('"code":"VOICE_STREAM_UNAUTHORIZED"');
  });
});

describe("Plivo documents no handshake authentication for audio streams", () => {
  it("upgrades without one; the token in extra_headers decides at start", async () => {
    const s = await setup(plivoHarness, { transcripts: [] });
    await placeStreamingCall(s, plivoHarness, "Hi.");
    const raw = await upgrade(localStreamUrl(s.runtime), {});
    expect(raw.status).toBe(101);
    raw.ws?.send(
      JSON.stringify({
        event: "start",
        sequenceNumber: 1,
        start: {
          callId: "call-1",
          streamId: "s",
          mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000 },
        },
        extra_headers: `token=${"0".repeat(32)}`,
      }),
    );
    expect(await raw.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Unauthorized" });
  });
});

describe("verifyTwilioStreamUpgrade against the Twilio SDK", () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  const context = (urls: string[], publicPort?: string): StreamUpgradeContext => ({
    urls,
    publicPort,
    isIssuedToken: () => false,
  });
  const host = fc.stringMatching(/^[a-z][a-z0-9]{0,10}\.example\.com$/);
  const port = fc.integer({ min: 1024, max: 65535 }).map(String);
  const token = fc.stringMatching(/^[A-Za-z0-9]{8,32}$/);

  it("accepts what the SDK signed for the stream URL, with or without the port a proxy added", () => {
    fc.assert(
      fc.property(host, port, token, fc.boolean(), (h, p, authToken, signWithPort) => {
        const streamUrl = `wss://${h}:${p}/voice/stream`;
        const signedUrl = signWithPort ? streamUrl : `wss://${h}/voice/stream`;
        const signature = twilio.getExpectedTwilioSignature(authToken, signedUrl, {});
        const verdict = verifyTwilioStreamUpgrade(
          request({ "x-twilio-signature": signature, host: `127.0.0.1:${p}` }),
          authToken,
          context([streamUrl], p),
          twilio.validateRequest,
        );
        expect(verdict.ok).toBe(true);
      }),
    );
  });

  it("rejects a signature the SDK made with another token or for another URL", () => {
    fc.assert(
      fc.property(host, host, token, token, (h1, h2, t1, t2) => {
        fc.pre(h1 !== h2 && t1 !== t2);
        const url = `wss://${h1}/voice/stream`;
        const check = (signature: string) =>
          verifyTwilioStreamUpgrade(
            request({ "x-twilio-signature": signature }),
            t1,
            context([url]),
            twilio.validateRequest,
          ).ok;
        expect(check(twilio.getExpectedTwilioSignature(t1, url, {}))).toBe(true);
        expect(check(twilio.getExpectedTwilioSignature(t2, url, {}))).toBe(false);
        expect(check(twilio.getExpectedTwilioSignature(t1, `wss://${h2}/voice/stream`, {}))).toBe(false);
      }),
    );
  });

  it("tries each URL as given, without a port, with the public and Host ports, and :443 for wss", () => {
    expect(portVariants(["wss://a.example.com:8443/s"], "9000", "7000")).toEqual([
      "wss://a.example.com:8443/s",
      "wss://a.example.com/s",
      "wss://a.example.com:9000/s",
      "wss://a.example.com:7000/s",
      "wss://a.example.com:443/s",
    ]);
    expect(portVariants(["ws://[::1]:80/s"])).toEqual(["ws://[::1]:80/s", "ws://[::1]/s"]);
  });
});
