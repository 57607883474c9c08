import { afterEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { STREAM_CLOSE } from "../src/media/media-stream-server.js";
import {
  CALLEE,
  FakeMediaClient,
  telnyxHarness,
  twilioHarness,
  twilioStreamSignature,
  twilioWebhook,
  waitFor,
} from "./fakes/media-carriers.js";
import { frames20ms, speechUlaw } from "./fakes/speech-audio.js";
import {
  cleanups,
  localStreamUrl,
  placeStreamingCall,
  runCleanups,
  scriptedAgent,
  setup,
} from "./fakes/streaming-setup.js";

afterEach(runCleanups);

/** A Twilio upgrade's headers, signed as Twilio signs them (SDK oracle, see `twilioStreamSignature`). */
const signed = (): Record<string, string> => ({ "x-twilio-signature": twilioStreamSignature() });

/** Opens a raw socket to the stream path (a signed Twilio upgrade by default); resolves with how the server ended it. */
async function openRaw(url: string, headers: Record<string, string> = signed()) {
  const ws = await FakeMediaClient.open(url, headers);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, closed };
}

function twilioStart(callSid: string, token: string) {
  return JSON.stringify({
    event: "start",
    sequenceNumber: "1",
    streamSid: "MZ9",
    start: {
      streamSid: "MZ9",
      callSid,
      customParameters: { token },
      mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
    },
  });
}

describe("media stream admission and refusals (documented close codes)", () => {
  it("refuses a forged token (1008), an unknown call (1008) and a token of an ended call (1008)", async () => {
    const s = await setup(twilioHarness, { transcripts: [] });
    const { call, token } = await placeStreamingCall(s, twilioHarness, "Hi.");
    const url = localStreamUrl(s.runtime);

    const forged = await openRaw(url);
    forged.ws.send(twilioStart("CA1", "0".repeat(32)));
    expect(await forged.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Unauthorized" });

    const unknown = await openRaw(url);
    unknown.ws.send(twilioStart("CA-unknown", token));
    expect(await unknown.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Unknown call" });

    await s.runtime.manager.endCall(call.callId);
    const stale = await openRaw(url);
    stale.ws.send(twilioStart("CA1", token));
    expect((await stale.closed).code).toBe(STREAM_CLOSE.POLICY_VIOLATION);
  });

  it("binds a Telnyx handshake token to its call: another live call's token in the header is refused at start (1008)", async () => {
    const s = await setup(telnyxHarness, { transcripts: [] });
    await placeStreamingCall(s, telnyxHarness, "Hi.");
    const otherCallsToken = s.runtime.streams?.tokens.issue("v3:other-call") ?? "";
    const bad = await openRaw(localStreamUrl(s.runtime), {
      "x-telnyx-streaming-auth-token": otherCallsToken,
    });
    bad.ws.send(JSON.stringify({ event: "connected", version: "1.0.0" }));
    bad.ws.send(
      JSON.stringify({
        event: "start",
        sequence_number: "1",
        stream_id: "s",
        start: { call_control_id: "v3:call-1", media_format: { encoding: "PCMU", sample_rate: 8000 } },
      }),
    );
    expect(await bad.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Unauthorized" });
  });

  it("closes sockets without a start in time (1008) and too many pending per address (1013)", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      streaming: { preStartTimeoutMs: 300, maxConnections: 10, maxPendingConnectionsPerIp: 2 },
    });
    const url = localStreamUrl(s.runtime);
    const first = await openRaw(url);
    const second = await openRaw(url);
    const third = await openRaw(url);
    expect(await third.closed).toEqual({
      code: STREAM_CLOSE.TRY_AGAIN_LATER,
      reason: "Too many pending media stream connections",
    });
    expect(await first.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Start timeout" });
    expect(await second.closed).toEqual({ code: STREAM_CLOSE.POLICY_VIOLATION, reason: "Start timeout" });
  });

  it("refuses upgrades beyond maxConnections with HTTP 503, counting pending sockets", async () => {
    const s = await setup(twilioHarness, { transcripts: [], streaming: { maxConnections: 2 } });
    const url = localStreamUrl(s.runtime);
    const open = [await openRaw(url), await openRaw(url)];
    await expect(FakeMediaClient.open(url, signed())).rejects.toThrow("HTTP 503");
    for (const c of open) c.ws.close();
    await Promise.all(open.map((c) => c.closed));
    await waitFor(() => (s.runtime.streams?.server.connectionCount === 0 ? true : undefined));
    const later = await openRaw(url);
    later.ws.close();
    await later.closed;
  });

  it("closes on malformed frames (1007), binary frames (1003), media before start (1008), oversized frames (1009)", async () => {
    const s = await setup(twilioHarness, { transcripts: [] });
    const { token } = await placeStreamingCall(s, twilioHarness, "Hi.");
    const url = localStreamUrl(s.runtime);
    const cases: Array<[string, (ws: WebSocket) => void, number]> = [
      ["not JSON", (ws) => ws.send("{nope"), STREAM_CLOSE.INVALID_PAYLOAD],
      ["unknown event", (ws) => ws.send(JSON.stringify({ event: "dance" })), STREAM_CLOSE.INVALID_PAYLOAD],
      [
        "start without callSid",
        (ws) => ws.send(JSON.stringify({ event: "start", start: { streamSid: "x" } })),
        STREAM_CLOSE.INVALID_PAYLOAD,
      ],
      ["binary", (ws) => ws.send(Buffer.from([1, 2, 3]), { binary: true }), STREAM_CLOSE.UNSUPPORTED_DATA],
      [
        "media before start",
        (ws) => ws.send(JSON.stringify({ event: "media", media: { payload: "/w==" } })),
        STREAM_CLOSE.POLICY_VIOLATION,
      ],
      ["oversized", (ws) => ws.send("x".repeat(70 * 1024)), STREAM_CLOSE.MESSAGE_TOO_BIG],
      [
        "bad base64 after start",
        (ws) => {
          ws.send(twilioStart("CA1", token));
          ws.send(
            JSON.stringify({ event: "media", streamSid: "MZ9", media: { track: "inbound", payload: "***" } }),
          );
        },
        STREAM_CLOSE.INVALID_PAYLOAD,
      ],
    ];
    for (const [name, act, code] of cases) {
      const raw = await openRaw(url);
      act(raw.ws);
      expect((await raw.closed).code, name).toBe(code);
    }
  });

  it("answers other upgrade paths with HTTP 404", async () => {
    const s = await setup(twilioHarness, { transcripts: [] });
    await expect(
      FakeMediaClient.open(localStreamUrl(s.runtime).replace("/voice/stream", "/voice/streamx")),
    ).rejects.toThrow("HTTP 404");
  });
});

describe("media stream behaviour", () => {
  it("ignores our own TTS echoed back by the line: no clear, no agent turn", async () => {
    const { agent, turns } = scriptedAgent([["Sure."]], 10);
    const greeting = "Hello there, this is the OpenClaw assistant calling about your order.";
    const s = await setup(twilioHarness, {
      transcripts: ["hello there this is the openclaw assistant"],
      agent,
    });
    const { client } = await placeStreamingCall(s, twilioHarness, greeting);
    await waitFor(() => (client.media().length > 20 ? true : undefined));
    // Loud audio while the greeting plays: the fake STT "hears" the greeting coming back.
    const loud = Buffer.alloc(160, 0x10);
    client.sendAudio([...Array(30).fill(loud), ...Array(30).fill(Buffer.alloc(160, 0xff))]);
    await waitFor(() =>
      s.stt.connections[0] && s.stt.connections[0].appendSizes.length >= 60 ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(client.clears()).toHaveLength(0);
    expect(turns).toHaveLength(0);
  });

  it("keeps the call when the stream reconnects within the grace period", async () => {
    const s = await setup(twilioHarness, { transcripts: [], streaming: { reconnectGraceMs: 3000 } });
    const { call, client, token } = await placeStreamingCall(s, twilioHarness, "Hi.");
    await waitFor(() => (client.media().length > 0 ? true : undefined));
    client.ws.terminate();
    const again = await twilioHarness.connect(localStreamUrl(s.runtime), token);
    await s.runtime.manager.speak(call.callId, "Still here.");
    expect(again.media().length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 3200));
    expect(s.runtime.manager.getCall(call.callId)?.endedAt).toBeUndefined();
    again.close();
  });

  it("never updates a streaming Twilio call over REST: speech goes over the socket", async () => {
    const s = await setup(twilioHarness, { transcripts: [] });
    const { call, client } = await placeStreamingCall(s, twilioHarness, "Hi.");
    await s.runtime.manager.speak(call.callId, "One more thing.");
    const updates = s.carrier.requests.filter(
      (r) => r.method === "POST" && r.path.includes("/Calls/CA1.json"),
    );
    expect(updates).toEqual([]);
    expect(client.media().length).toBeGreaterThan(0);
  });

  it("every queued speak settles when a barge-in clears them", async () => {
    const s = await setup(twilioHarness, { transcripts: [] });
    const { call, client } = await placeStreamingCall(s, twilioHarness, "Hi.");
    await waitFor(() => (client.ofKind("mark").length > 0 ? true : undefined));
    const speaks = ["First long sentence to play.", "Second long sentence.", "Third."].map((t) =>
      s.runtime.manager.speak(call.callId, t),
    );
    await waitFor(() => (s.runtime.streams?.isSpeaking(call.callId) ? true : undefined));
    s.runtime.streams?.bargeIn(call.callId);
    const settled = await Promise.allSettled(speaks);
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    await waitFor(() => (client.clears().length > 0 ? true : undefined));
    expect(client.clears().length).toBe(1);
  });
});

describe("media stream failures are coded", () => {
  it("speak on a streaming call whose carrier never opens the stream fails with VOICE_STREAM_UNAVAILABLE", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      streaming: { preStartTimeoutMs: 100, reconnectGraceMs: 100 },
    });
    const call = await s.runtime.manager.initiateCall({ to: CALLEE, message: "Hi.", mode: "conversation" });
    await twilioHarness.answer(s.runtime, call.callId, s.carrier.requests);
    await expect(s.runtime.manager.speak(call.callId, "Anyone there?")).rejects.toMatchObject({
      code: "VOICE_STREAM_UNAVAILABLE",
    });
  });

  it("a TTS failure fails that speak with VOICE_TTS_FAILED and the next one still plays", async () => {
    const s = await setup(twilioHarness, {
      transcripts: [],
      ttsStatus: (text) => (text === "Broken." ? 500 : 200),
    });
    const { call, client } = await placeStreamingCall(s, twilioHarness, "Hi.");
    await expect(s.runtime.manager.speak(call.callId, "Broken.")).rejects.toMatchObject({
      code: "VOICE_TTS_FAILED",
    });
    const before = client.media().length;
    await s.runtime.manager.speak(call.callId, "Working again.");
    expect(client.media().length).toBeGreaterThan(before);
  });
});

describe("conversation turns over a media stream", () => {
  it("continue speaks over the stream and its turn takes the streamed transcript (no auto-response)", async () => {
    const { agent, turns } = scriptedAgent([["Should not be used."]], 5);
    const s = await setup(twilioHarness, { transcripts: ["What time is it?"], agent });
    const { call, client } = await placeStreamingCall(s, twilioHarness, "Hi.");
    await waitFor(() => (client.ofKind("mark").length > 0 ? true : undefined));
    const turn = s.runtime.manager.continueCall(call.callId, "Any questions?");
    await waitFor(() => (client.ofKind("mark").length > 1 ? true : undefined));
    client.sendAudio(frames20ms(speechUlaw("What time is it?")));
    await expect(turn).resolves.toMatchObject({ transcript: "What time is it?" });
    await new Promise((r) => setTimeout(r, 50));
    expect(turns).toHaveLength(0);
  });

  it("an inbound Twilio call is answered with a stream, greeted over it and auto-answered", async () => {
    const { agent, turns } = scriptedAgent([["Sure, how can I help?"]], 5);
    const s = await setup(twilioHarness, {
      transcripts: ["Hello, I need help."],
      agent,
      extraConfig: { inboundPolicy: "open", inboundGreeting: "Thanks for calling." },
    });
    const response = await twilioWebhook(s.runtime, "", {
      CallSid: "CA1",
      CallStatus: "ringing",
      Direction: "inbound",
      From: "+15550007777",
      To: "+15550000001",
    });
    const token = /<Parameter name="token" value="([0-9a-f]{32})"\/>/.exec(await response.text())?.[1] ?? "";
    const client = await twilioHarness.connect(localStreamUrl(s.runtime), token);
    cleanups.push(() => client.close());
    await waitFor(() => (client.ofKind("mark").length > 0 ? true : undefined));
    client.sendAudio(frames20ms(speechUlaw("Hello, I need help.")));
    await waitFor(() => turns[0]);
    expect(turns[0]?.params.sessionKey).toBe("voice:15550007777");
    const call = s.runtime.manager.getCall("CA1");
    await waitFor(() =>
      call?.transcript.some((t) => t.text === "Sure, how can I help?") ? true : undefined,
    );
    expect(call?.transcript.map((t) => `${t.speaker}: ${t.text}`)).toEqual([
      "bot: Thanks for calling.",
      "user: Hello, I need help.",
      "bot: Sure, how can I help?",
    ]);
  });
});
