import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeMediaClient,
  PUBLIC_STREAM,
  plivoHarness,
  telnyxHarness,
  twilioHarness,
  waitFor,
} from "./fakes/media-carriers.js";
import { frames20ms, speechUlaw } from "./fakes/speech-audio.js";
import { placeStreamingCall, runCleanups, scriptedAgent, setup } from "./fakes/streaming-setup.js";

afterEach(runCleanups);

function payloadSizes(client: FakeMediaClient): Set<number> {
  return new Set(
    client
      .media()
      .map((m) => Buffer.from(String((m.frame.media as { payload: string }).payload), "base64").length),
  );
}

describe.each([twilioHarness, telnyxHarness, plivoHarness])("media stream e2e: $name", (harness) => {
  it("greets over the stream, answers real speech with the agent, and a second utterance mid-reply barges in", async () => {
    const { agent, turns } = scriptedAgent(
      [
        ["It is noon. ", "The weather is sunny and warm today. ", "Is there anything else I can do for you?"],
        ["No problem, goodbye."],
      ],
      500,
    );
    const s = await setup(harness, { transcripts: ["What time is it?", "Actually, never mind."], agent });
    const { call, client, token } = await placeStreamingCall(s, harness, "Hello, this is OpenClaw.");
    if (harness.name === "telnyx") {
      const start = s.carrier.requests.find((r) => r.path.endsWith("/actions/streaming_start"));
      expect(JSON.parse(start?.body ?? "{}")).toMatchObject({
        stream_url: PUBLIC_STREAM,
        stream_track: "inbound_track",
        stream_codec: "PCMU",
        stream_bidirectional_mode: "rtp",
        stream_bidirectional_codec: "PCMU",
        stream_auth_token: token,
        custom_parameters: [{ name: "token", value: token }],
      });
    }

    // Greeting: TTS over the socket, paced 20 ms frames of 160 bytes, then a mark.
    await waitFor(() => (client.ofKind("mark", "checkpoint").length >= 1 ? true : undefined));
    const greetingFrames = client.media();
    expect(greetingFrames.length).toBe(60); // 24 characters x 50 ms of audio = 1.2 s = 60 frames
    expect(payloadSizes(client)).toEqual(new Set([160]));
    // Paced, not dumped: the last of 60 frames of 20 ms cannot arrive before real time allows (minus
    // the 60 ms lead) after synthesis was asked for. Exact grid timing is proven on fake timers in
    // media-stream-session.test.ts.
    const asked = s.tts.requests[0]?.at ?? Number.POSITIVE_INFINITY;
    expect((greetingFrames.at(-1)?.at ?? 0) - asked).toBeGreaterThanOrEqual(59 * 20 - 60);
    expect(s.tts.requests[0]?.body).toMatchObject({
      input: "Hello, this is OpenClaw.",
      voice: "marin",
      response_format: "pcm",
    });
    await waitFor(() => (s.runtime.streams?.isSpeaking(call.callId) ? undefined : true));

    // The caller asks; the fake STT hears real speech; the agent's reply streams back as audio.
    client.sendAudio(frames20ms(speechUlaw("What time is it?")), harness.name === "telnyx");
    await waitFor(() => turns[0]);
    expect(turns[0]?.params).toMatchObject({
      sessionKey: "voice:15550001234",
      prompt: "What time is it?",
      messageProvider: "voice",
      timeoutMs: 30000,
    });
    const beforeReply = client.media().length;
    await waitFor(() => (client.media().length > beforeReply + 10 ? true : undefined));

    // The caller talks over the reply: playback is cleared and the stale turn aborted.
    client.sendAudio(frames20ms(speechUlaw("Actually, never mind.")));
    await waitFor(() => (client.clears().length > 0 ? true : undefined));
    await waitFor(() => turns[1]);
    expect(turns[0]?.aborted).toBe(true);
    expect(turns[1]?.params.prompt).toBe("Actually, never mind.");
    await waitFor(() =>
      s.runtime.manager.getCall(call.callId)?.transcript.some((t) => t.text === "No problem, goodbye.")
        ? true
        : undefined,
    );
    const lines = s.runtime.manager.getCall(call.callId)?.transcript.map((t) => `${t.speaker}: ${t.text}`);
    expect(lines).toEqual([
      "bot: Hello, this is OpenClaw.",
      "user: What time is it?",
      "bot: It is noon.",
      "user: Actually, never mind.",
      "bot: No problem, goodbye.",
    ]);
    // Reply 2 plays after the clear and is confirmed by the carrier's mark echo.
    const afterClear = client.received.findIndex(
      (r) => r.frame.event === "clear" || r.frame.event === "clearAudio",
    );
    await waitFor(() =>
      client.ofKind("mark", "checkpoint").some((m) => client.received.indexOf(m) > afterClear)
        ? true
        : undefined,
    );
    expect(s.stt.connections[0]?.sessionUpdate).toMatchObject({ session: { type: "transcription" } });

    // Hanging up closes the carrier's socket normally.
    await s.runtime.manager.endCall(call.callId);
    expect(await client.closed).toEqual({ code: 1000, reason: "Call ended" });
  }, 30_000);

  it("ends the call when the stream drops and does not come back within the grace period", async () => {
    const s = await setup(harness, { transcripts: [] });
    const { call, client } = await placeStreamingCall(s, harness, "Hi.");
    await waitFor(() => (client.media().length > 0 ? true : undefined));
    client.ws.terminate();
    await waitFor(() => (s.runtime.manager.getCall(call.callId)?.endedAt ? true : undefined), 3000);
    expect(s.runtime.manager.getCall(call.callId)?.endReason).toBe("hangup-bot");
  });
});
