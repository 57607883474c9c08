import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSpeechRuntime } from "../src/speech/speech-runtime.js";

interface Seen {
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of servers.splice(0)) await close();
});

/** A fake speech API: records requests; `answer` returns [status, body]. */
async function fakeApi(answer: (seen: Seen) => [number, Buffer | string]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const s = { url: req.url ?? "", headers: req.headers, body: Buffer.concat(parts) };
      seen.push(s);
      const [status, body] = answer(s);
      res.statusCode = status;
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  servers.push(() => new Promise((r) => server.close(() => r())));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe("api.runtime.tts (telephony)", () => {
  it("asks OpenAI for 24 kHz pcm with the merged model and voice and returns the bytes", async () => {
    const api = await fakeApi(() => [200, Buffer.alloc(4800, 7)]);
    const { tts } = createSpeechRuntime({});
    const result = await tts.textToSpeechTelephony({
      text: "Hello from OpenClaw",
      cfg: {
        messages: {
          tts: {
            provider: "openai",
            openai: { apiKey: "sk-1", baseUrl: `${api.origin}/v1`, voice: "marin" },
          },
        },
      },
    });
    expect(result).toMatchObject({ provider: "openai", sampleRate: 24000, outputFormat: "pcm_s16le" });
    expect(result.audioBuffer.length).toBe(4800);
    expect(api.seen[0]?.url).toBe("/v1/audio/speech");
    expect(api.seen[0]?.headers.authorization).toBe("Bearer sk-1");
    expect(JSON.parse(api.seen[0]?.body.toString() ?? "")).toEqual({
      model: "gpt-4o-mini-tts",
      voice: "marin",
      input: "Hello from OpenClaw",
      response_format: "pcm",
    });
  });

  it("asks ElevenLabs for ulaw_8000 on the stream endpoint when µ-law is preferred", async () => {
    const api = await fakeApi(() => [200, Buffer.alloc(800, 0xff)]);
    const { tts } = createSpeechRuntime({ ELEVENLABS_API_KEY: "xi-env" });
    const stream = await tts.streamTextToSpeechTelephony({
      text: "Hi",
      preferUlaw: true,
      cfg: {
        messages: {
          tts: {
            provider: "elevenlabs",
            elevenlabs: {
              baseUrl: api.origin,
              voiceId: "v1",
              modelId: "m1",
              voiceSettings: { similarityBoost: 0.5 },
            },
          },
        },
      },
    });
    expect(stream).toMatchObject({ provider: "elevenlabs", sampleRate: 8000, outputFormat: "ulaw" });
    let bytes = 0;
    for await (const chunk of stream.chunks) bytes += chunk.length;
    expect(bytes).toBe(800);
    expect(api.seen[0]?.url).toBe(
      "/v1/text-to-speech/v1/stream?output_format=ulaw_8000&optimize_streaming_latency=3",
    );
    expect(api.seen[0]?.headers["xi-api-key"]).toBe("xi-env");
    expect(JSON.parse(api.seen[0]?.body.toString() ?? "")).toEqual({
      text: "Hi",
      model_id: "m1",
      voice_settings: { similarity_boost: 0.5 },
    });
  });

  it("falls back to the next provider when the preferred one fails, and names both when all fail", async () => {
    const broken = await fakeApi(() => [500, "down"]);
    const working = await fakeApi(() => [200, Buffer.alloc(320)]);
    const { tts } = createSpeechRuntime({});
    const cfg = (elevenBase: string) => ({
      messages: {
        tts: {
          provider: "elevenlabs",
          elevenlabs: { apiKey: { source: "env", id: "NOPE" }, baseUrl: elevenBase },
          openai: { apiKey: "sk", baseUrl: `${working.origin}/v1` },
        },
      },
    });
    // SecretRef to a missing env var: ElevenLabs has no key, OpenAI is used.
    expect((await tts.textToSpeechTelephony({ text: "x", cfg: cfg(broken.origin) })).provider).toBe("openai");
    const both = {
      messages: {
        tts: {
          provider: "elevenlabs",
          elevenlabs: { apiKey: "xi", baseUrl: broken.origin },
          openai: { apiKey: "sk", baseUrl: `${broken.origin}/v1` },
        },
      },
    };
    await expect(tts.textToSpeechTelephony({ text: "x", cfg: both })).rejects.toMatchObject({
      code: "SPEECH_TTS_FAILED",
      message: expect.stringMatching(/elevenlabs: .*500.*openai: .*500/),
    });
  });

  it("refuses Edge-only configs, empty text and text over maxTextLength with coded errors", async () => {
    const { tts } = createSpeechRuntime({});
    await expect(
      tts.textToSpeechTelephony({ text: "hello", cfg: { messages: { tts: { provider: "edge" } } } }),
    ).rejects.toMatchObject({ code: "SPEECH_TTS_UNAVAILABLE", hint: expect.stringContaining("Edge") });
    const keyed = { messages: { tts: { openai: { apiKey: "k" }, maxTextLength: 5 } } };
    await expect(tts.textToSpeechTelephony({ text: "  ", cfg: keyed })).rejects.toMatchObject({
      code: "SPEECH_TTS_FAILED",
    });
    await expect(tts.textToSpeechTelephony({ text: "too long", cfg: keyed })).rejects.toMatchObject({
      code: "SPEECH_TTS_FAILED",
    });
  });
});

describe("api.runtime.stt.transcribeAudioFile", () => {
  it("posts the file as multipart to /audio/transcriptions and returns the text", async () => {
    const api = await fakeApi(() => [200, JSON.stringify({ text: " hello world " })]);
    const dir = mkdtempSync(join(tmpdir(), "stt-"));
    const file = join(dir, "note.ogg");
    writeFileSync(file, Buffer.from("OggS-fake-audio"));
    const { stt } = createSpeechRuntime({ OPENAI_API_KEY: "sk-env" });
    const result = await stt.transcribeAudioFile({
      filePath: file,
      cfg: {
        tools: { media: { audio: { baseUrl: `${api.origin}/v1`, model: "whisper-1", language: "en" } } },
      },
    });
    expect(result).toEqual({ text: "hello world" });
    const req = api.seen[0];
    expect(req?.url).toBe("/v1/audio/transcriptions");
    expect(req?.headers.authorization).toBe("Bearer sk-env");
    expect(req?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const body = req?.body.toString() ?? "";
    expect(body).toContain('name="file"; filename="note.ogg"');
    expect(body).toContain("Content-Type: audio/ogg");
    expect(body).toContain("OggS-fake-audio");
    expect(body).toMatch(/name="model"\r\n\r\nwhisper-1/);
  });

  it("reports a missing key, a missing file and an HTTP error with coded errors", async () => {
    const none = createSpeechRuntime({});
    await expect(none.stt.transcribeAudioFile({ filePath: "/nope.ogg", cfg: {} })).rejects.toMatchObject({
      code: "SPEECH_STT_UNAVAILABLE",
    });
    const keyed = createSpeechRuntime({ OPENAI_API_KEY: "k" });
    await expect(
      keyed.stt.transcribeAudioFile({ filePath: "/definitely/missing.ogg", cfg: {} }),
    ).rejects.toMatchObject({
      code: "SPEECH_STT_FAILED",
    });
    const api = await fakeApi(() => [401, "bad key"]);
    const dir = mkdtempSync(join(tmpdir(), "stt-"));
    writeFileSync(join(dir, "a.wav"), "RIFF");
    await expect(
      keyed.stt.transcribeAudioFile({
        filePath: join(dir, "a.wav"),
        cfg: { tools: { media: { audio: { baseUrl: api.origin } } } },
      }),
    ).rejects.toMatchObject({ code: "SPEECH_STT_FAILED", message: expect.stringContaining("401") });
  });
});
