import { afterEach, describe, expect, it } from "vitest";
import { OpenAIRealtimeTranscription } from "../src/stt/openai-realtime.js";
import type { TranscriptionSettings } from "../src/stt/realtime-transcription.js";
import { startFakeRealtimeStt } from "./fakes/fake-realtime-stt.js";
import { frames20ms, speechUlaw } from "./fakes/speech-audio.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

function settings(url: string): TranscriptionSettings {
  return {
    apiKey: "sk-test",
    model: "gpt-4o-transcribe",
    url,
    silenceDurationMs: 700,
    vadThreshold: 0.6,
    language: "en",
  };
}

describe("OpenAI realtime transcription (GA protocol)", () => {
  it("sends the GA session.update, streams µ-law frames untouched and returns transcripts of real speech", async () => {
    const fake = await startFakeRealtimeStt({ transcripts: ["hello there", "what time is it"] });
    cleanups.push(fake.close);
    const finals: string[] = [];
    const partials: string[] = [];
    let speechStarts = 0;
    const stt = new OpenAIRealtimeTranscription(settings(fake.url), {
      onTranscript: (t) => finals.push(t),
      onPartial: (t) => partials.push(t),
      onSpeechStart: () => speechStarts++,
    });
    cleanups.push(() => stt.close());
    await stt.connect();
    for (const text of ["Hello there.", "What time is it?"])
      for (const frame of frames20ms(speechUlaw(text))) stt.sendAudio(frame);
    await expect.poll(() => finals, { timeout: 5000 }).toEqual(["hello there", "what time is it"]);
    const conn = fake.connections[0];
    expect(conn?.headers.authorization).toBe("Bearer sk-test");
    expect(conn?.headers["openai-beta"]).toBeUndefined();
    expect(conn?.url).toBe("/v1/realtime?intent=transcription");
    expect(conn?.sessionUpdate).toEqual({
      type: "session.update",
      session: {
        type: "transcription",
        audio: {
          input: {
            format: { type: "audio/pcmu" },
            transcription: { model: "gpt-4o-transcribe", language: "en" },
            turn_detection: {
              type: "server_vad",
              threshold: 0.6,
              prefix_padding_ms: 300,
              silence_duration_ms: 700,
            },
          },
        },
      },
    });
    expect(new Set(conn?.appendSizes)).toEqual(new Set([160]));
    expect(speechStarts).toBe(2);
    expect(partials).toContain("hello there ");
  });

  it("releases finals in committed order even when completions arrive out of order", async () => {
    const finals: string[] = [];
    const fake = await startFakeRealtimeStt({ transcripts: [] });
    cleanups.push(fake.close);
    const live = new OpenAIRealtimeTranscription(settings(fake.url), { onTranscript: (t) => finals.push(t) });
    cleanups.push(() => live.close());
    await live.connect();
    const socket = fake.connections[0]?.socket;
    const send = (e: Record<string, unknown>) => socket?.send(JSON.stringify(e));
    send({ type: "input_audio_buffer.committed", item_id: "a", previous_item_id: null });
    send({ type: "input_audio_buffer.committed", item_id: "b", previous_item_id: "a" });
    send({
      type: "conversation.item.input_audio_transcription.completed",
      item_id: "b",
      transcript: "second",
    });
    send({
      type: "conversation.item.input_audio_transcription.completed",
      item_id: "a",
      transcript: "first",
    });
    await expect.poll(() => finals).toEqual(["first", "second"]);
  });

  it("commits the uncommitted tail on close", async () => {
    const fake = await startFakeRealtimeStt({ transcripts: [] });
    cleanups.push(fake.close);
    const stt = new OpenAIRealtimeTranscription(settings(fake.url), { onTranscript: () => {} });
    await stt.connect();
    for (let i = 0; i < 10; i++) stt.sendAudio(Buffer.alloc(160, 0xff));
    await expect.poll(() => fake.connections[0]?.appendSizes.length).toBe(10);
    stt.close();
    await expect.poll(() => fake.connections[0]?.commits).toBe(1);
  });

  it("reconnects with backoff after the server drops the socket, and reports an error once reconnects run out", async () => {
    const fake = await startFakeRealtimeStt({ transcripts: [] });
    cleanups.push(fake.close);
    const errors: Error[] = [];
    const stt = new OpenAIRealtimeTranscription(
      settings(fake.url),
      { onTranscript: () => {}, onError: (e) => errors.push(e) },
      { backoffMs: 10, maxReconnects: 2 },
    );
    cleanups.push(() => stt.close());
    await stt.connect();
    fake.connections[0]?.socket.terminate();
    await expect.poll(() => fake.connections.length).toBe(2);
    expect(fake.connections[1]?.sessionUpdate).toBeDefined();
    await fake.close();
    await expect.poll(() => errors.length, { timeout: 3000 }).toBe(1);
  });
});
