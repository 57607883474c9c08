import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTelephonyTtsRuntime } from "@openclaw/gateway";
import type {
  EmbeddedAgentParams,
  EmbeddedAgentResult,
  PluginLogger,
  PluginRuntimeAgent,
} from "@openclaw/plugin-sdk/core";
import { expect } from "vitest";
import { createVoiceCallRuntime, resolveVoiceCallConfig, type VoiceCallRuntime } from "../../src/index.js";
import { createRuntimeTelephonySpeech } from "../../src/tts/telephony-speech.js";
import { type FakeCarrier, startFakeCarrier } from "../fake-carrier.js";
import { startFakeRealtimeStt } from "./fake-realtime-stt.js";
import { startFakeTts, tonePcm } from "./fake-tts.js";
import { CALLEE, type CarrierHarness, PUBLIC, PUBLIC_STREAM } from "./media-carriers.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
/** Cleanup functions of the running test, run in reverse by `runCleanups` (call it in afterEach). */
export const cleanups: Array<() => Promise<void> | void> = [];

/** Runs and forgets every registered cleanup, newest first. */
export async function runCleanups(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}

const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** A runtime agent that streams scripted replies, sentence by sentence, `delayMs` apart. */
export function scriptedAgent(replies: string[][], delayMs: number) {
  const turns: Array<{ params: EmbeddedAgentParams; aborted: boolean }> = [];
  const agent: PluginRuntimeAgent = {
    async runEmbeddedAgent(params): Promise<EmbeddedAgentResult> {
      const turn = { params, aborted: false };
      turns.push(turn);
      let text = "";
      for (const delta of replies[turns.length - 1] ?? ["Okay."]) {
        await abortableSleep(delayMs, params.signal);
        if (params.signal?.aborted) {
          turn.aborted = true;
          return { text, aborted: true, runId: `run-${turns.length}`, sessionKey: params.sessionKey };
        }
        text += delta;
        params.onTextDelta?.(delta);
      }
      return { text, aborted: false, runId: `run-${turns.length}`, sessionKey: params.sessionKey };
    },
    // Voice Call only calls runEmbeddedAgent; the rest of the surface answers plainly.
    runEmbeddedPiAgent: () => Promise.reject(new Error("scriptedAgent scripts runEmbeddedAgent only")),
    resolveAgentTimeoutMs: () => 120_000,
    defaults: { provider: "fake", model: "scripted" },
  };
  return { agent, turns };
}

export interface Setup {
  runtime: VoiceCallRuntime;
  carrier: FakeCarrier;
  tts: Awaited<ReturnType<typeof startFakeTts>>;
  stt: Awaited<ReturnType<typeof startFakeRealtimeStt>>;
}

export async function setup(
  harness: CarrierHarness,
  options: {
    transcripts: string[];
    agent?: PluginRuntimeAgent;
    streaming?: Record<string, unknown>;
    logger?: PluginLogger;
    /** More plugin config (inbound policy, greeting…). */
    extraConfig?: Record<string, unknown>;
    /** HTTP status the fake TTS answers a text with (default 200). */
    ttsStatus?: (text: string) => number;
    /** Leave `publicUrl` unset (signatures are then checked against the URL rebuilt from the request). */
    noPublicUrl?: boolean;
  },
): Promise<Setup> {
  const carrier = await startFakeCarrier((req) => harness.route(req));
  cleanups.push(() => carrier.close());
  // 50 ms of speech-like tone per character of text, as 24 kHz PCM (OpenAI `pcm`).
  const tts = await startFakeTts({
    audio: (req) => tonePcm(24_000, String(req.body.input).length * 0.05, { 440: 6000, 1200: 3000 }),
    chunkBytes: 9600,
    chunkDelayMs: 5,
    ...(options.ttsStatus
      ? {
          status: (req: { body: Record<string, unknown> }) =>
            options.ttsStatus?.(String(req.body.input)) ?? 200,
        }
      : {}),
  });
  cleanups.push(() => tts.close());
  const stt = await startFakeRealtimeStt({ transcripts: options.transcripts });
  cleanups.push(() => stt.close());
  const config = resolveVoiceCallConfig(
    {
      ...harness.config(carrier.url),
      fromNumber: "+15550000001",
      ...(options.noPublicUrl ? {} : { publicUrl: PUBLIC }),
      serve: { port: 0 },
      streaming: {
        enabled: true,
        openaiApiKey: "sk-stt",
        sttUrl: stt.url,
        preStartTimeoutMs: 2000,
        reconnectGraceMs: 300,
        ...options.streaming,
      },
      tts: { openai: { voice: "marin" } },
      ...options.extraConfig,
    },
    {},
  );
  const speech = createRuntimeTelephonySpeech({
    tts: createTelephonyTtsRuntime({}),
    coreConfig: () => ({
      messages: { tts: { provider: "openai", openai: { apiKey: "sk-tts", baseUrl: `${tts.origin}/v1` } } },
    }),
    override: config.tts,
  });
  const runtime = await createVoiceCallRuntime(
    config,
    options.logger ?? quiet,
    mkdtempSync(join(tmpdir(), "voice-e2e-")),
    {
      speech,
      agent: options.agent,
      sessionOptions: { leadMs: 60, markGraceMs: 1000 },
    },
  );
  cleanups.push(() => runtime.stop());
  return { runtime, carrier, tts, stt };
}

export function localStreamUrl(runtime: VoiceCallRuntime): string {
  const url = new URL(runtime.localWebhookUrl);
  return `ws://${url.host}/voice/stream`;
}

export async function placeStreamingCall(s: Setup, harness: CarrierHarness, greeting: string) {
  const call = await s.runtime.manager.initiateCall({ to: CALLEE, message: greeting, mode: "conversation" });
  const requested = await harness.answer(s.runtime, call.callId, s.carrier.requests);
  expect(requested.url).toBe(PUBLIC_STREAM);
  expect(requested.token).toMatch(/^[0-9a-f]{32}$/);
  const client = await harness.connect(localStreamUrl(s.runtime), requested.token);
  cleanups.push(() => client.close());
  return { call, client, token: requested.token };
}
