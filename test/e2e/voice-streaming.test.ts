import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The carrier, STT and TTS fakes of the voice-call package (they resolve `ws` from there).
import { type FakeCarrier, startFakeCarrier } from "../../extensions/voice-call/test/fake-carrier.js";
import { startFakeRealtimeStt } from "../../extensions/voice-call/test/fakes/fake-realtime-stt.js";
import { startFakeTts, tonePcm } from "../../extensions/voice-call/test/fakes/fake-tts.js";
import {
  plivoHarness,
  telnyxHarness,
  twilioHarness,
  waitFor,
} from "../../extensions/voice-call/test/fakes/media-carriers.js";
import { frames20ms, speechUlaw } from "../../extensions/voice-call/test/fakes/speech-audio.js";
import { createHome, type Home, type RunningGateway, startGateway } from "./helpers.js";
import { rpc } from "./voice-helpers.js";

/**
 * A fake OpenAI-compatible chat-completions server that streams each reply sentence by sentence,
 * `gapMs` apart (SSE), and records the requests' last user message.
 */
async function startSlowModel(replies: string[][], gapMs: number) {
  const prompts: string[] = [];
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const body = JSON.parse(raw) as { messages: Array<{ role: string; content: unknown }> };
      const user = body.messages.filter((m) => m.role === "user").at(-1);
      prompts.push(typeof user?.content === "string" ? user.content : JSON.stringify(user?.content));
      const sentences = replies[prompts.length - 1] ?? ["Okay."];
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }, null));
      let closed = false;
      res.on("close", () => {
        if (!res.writableEnded) aborted++;
        closed = true;
      });
      for (const sentence of sentences) {
        await new Promise((r) => setTimeout(r, gapMs));
        if (closed) return;
        res.write(chunk({ content: sentence }, null));
      }
      res.end(`${chunk({}, "stop")}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    prompts,
    aborted: () => aborted,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A free loopback port (closed again at once; the gateway's webhook server binds it next). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe.each([twilioHarness, telnyxHarness, plivoHarness])(
  "Voice Call streaming in a running gateway ($name media stream, gateway TTS, gateway agent)",
  (harness) => {
    let home: Home;
    let gateway: RunningGateway;
    let carrier: FakeCarrier;
    let stt: Awaited<ReturnType<typeof startFakeRealtimeStt>>;
    let tts: Awaited<ReturnType<typeof startFakeTts>>;
    let model: Awaited<ReturnType<typeof startSlowModel>>;
    let webhookPort = 0;

    beforeAll(async () => {
      carrier = await startFakeCarrier((req) => harness.route(req));
      stt = await startFakeRealtimeStt({ transcripts: ["What time is it?", "Actually, never mind."] });
      tts = await startFakeTts({
        audio: (req) => tonePcm(24_000, String(req.body.input).length * 0.05, { 440: 6000 }),
      });
      model = await startSlowModel(
        [
          ["It is noon. ", "The weather is sunny and warm today. ", "Anything else I can do for you?"],
          ["No problem, goodbye."],
        ],
        600,
      );
      webhookPort = await freePort();
      home = createHome();
      mkdirSync(home.stateDir, { recursive: true });
      writeFileSync(
        join(home.stateDir, "openclaw.json"),
        JSON.stringify({
          messages: {
            tts: { provider: "openai", openai: { apiKey: "sk-tts", baseUrl: `${tts.origin}/v1` } },
          },
          models: {
            providers: {
              fake: {
                baseUrl: model.baseUrl,
                api: "openai-completions",
                apiKey: "sk-model",
                models: [{ id: "m", name: "fake" }],
              },
            },
          },
          plugins: {
            entries: {
              "voice-call": {
                enabled: true,
                config: {
                  ...harness.config(carrier.url),
                  fromNumber: "+15550000001",
                  publicUrl: "https://voice.example.com/voice/webhook",
                  serve: { port: webhookPort },
                  responseModel: "fake/m",
                  streaming: { enabled: true, openaiApiKey: "sk-stt", sttUrl: stt.url },
                },
              },
            },
          },
        }),
      );
      gateway = await startGateway(home);
    }, 60_000);

    afterAll(async () => {
      await gateway?.stop();
      await Promise.all([carrier?.close(), stt?.close(), tts?.close(), model?.close()]);
      home?.cleanup();
    });

    it("greets, answers real speech with the model, and a second utterance mid-reply clears playback", async () => {
      const { callId } = await rpc<{ callId: string }>(home, gateway, "voicecall.initiate", {
        to: "+15550001234",
        message: "Hello, this is OpenClaw.",
        mode: "conversation",
      });
      const runtimeLike = { localWebhookUrl: `http://127.0.0.1:${webhookPort}/voice/webhook` } as never;
      const { token } = await harness.answer(runtimeLike, callId, carrier.requests);
      const client = await harness.connect(`ws://127.0.0.1:${webhookPort}/voice/stream`, token);
      await waitFor(() => (client.ofKind("mark", "checkpoint").length >= 1 ? true : undefined), 10_000);
      expect(tts.requests[0]?.body).toMatchObject({
        input: "Hello, this is OpenClaw.",
        response_format: "pcm",
      });

      client.sendAudio(frames20ms(speechUlaw("What time is it?")));
      await waitFor(() => (model.prompts.length > 0 ? true : undefined), 10_000);
      const before = client.media().length;
      await waitFor(() => (client.media().length > before + 10 ? true : undefined), 10_000);
      client.sendAudio(frames20ms(speechUlaw("Actually, never mind.")));
      await waitFor(() => (client.clears().length > 0 ? true : undefined), 10_000);
      await waitFor(() => (model.prompts.length > 1 ? true : undefined), 10_000);
      expect(model.prompts[0]).toContain("What time is it?");
      expect(model.prompts[1]).toContain("Actually, never mind.");
      expect(model.aborted()).toBe(1);

      const deadline = Date.now() + 10_000;
      let lines: string[] = [];
      while (Date.now() < deadline) {
        const result = await rpc<{ call: { transcript: Array<{ speaker: string; text: string }> } }>(
          home,
          gateway,
          "voicecall.status",
          { callId },
        );
        lines = result.call.transcript.map((t) => `${t.speaker}: ${t.text}`);
        if (lines.includes("bot: No problem, goodbye.")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(lines).toEqual([
        "bot: Hello, this is OpenClaw.",
        "user: What time is it?",
        "bot: It is noon.",
        "user: Actually, never mind.",
        "bot: No problem, goodbye.",
      ]);
      client.close();
    }, 60_000);
  },
);
