import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PluginLogger } from "@openclaw/plugin-sdk/core";
import { afterEach, describe, expect, it } from "vitest";
import { createVoiceCallRuntime, resolveVoiceCallConfig } from "../src/index.js";
import {
  CALLEE,
  plivoHarness,
  plivoWebhook,
  telnyxHarness,
  telnyxWebhook,
  twilioHarness,
  twilioWebhook,
  waitFor,
} from "./fakes/media-carriers.js";
import { cleanups, runCleanups, scriptedAgent, setup } from "./fakes/streaming-setup.js";

afterEach(runCleanups);

const REPLY = "It is noon.";

describe("auto-responses to carrier-webhook transcripts (no media stream)", () => {
  it("Twilio <Gather> SpeechResult: the agent's reply is spoken with a TwiML <Say> update", async () => {
    const { agent, turns } = scriptedAgent([[REPLY]], 5);
    const s = await setup(twilioHarness, { transcripts: [], agent, streaming: { enabled: false } });
    const call = await s.runtime.manager.initiateCall({
      to: CALLEE,
      message: "Hello.",
      mode: "conversation",
    });
    await twilioWebhook(s.runtime, `?callId=${call.callId}`, {
      CallSid: "CA1",
      CallStatus: "in-progress",
      Direction: "outbound-api",
    });
    await twilioWebhook(s.runtime, `?callId=${call.callId}`, {
      CallSid: "CA1",
      SpeechResult: "What time is it?",
      Confidence: "0.9",
    });
    await waitFor(() => turns[0]);
    expect(turns[0]?.params).toMatchObject({ sessionKey: "voice:15550001234", prompt: "What time is it?" });
    // Not streaming: the whole reply at once, no onTextDelta.
    expect(turns[0]?.params.onTextDelta).toBeUndefined();
    const update = await waitFor(() =>
      s.carrier.requests.find(
        (r) => r.path.endsWith("/Calls/CA1.json") && decodeURIComponent(r.body).includes(REPLY),
      ),
    );
    expect(new URLSearchParams(update.body).get("Twiml")).toContain(
      `<Say voice="Polly.Joanna" language="en-US">${REPLY}</Say>`,
    );
  });

  it("Telnyx call.transcription: the reply is spoken with the speak command", async () => {
    const { agent, turns } = scriptedAgent([[REPLY]], 5);
    const s = await setup(telnyxHarness, { transcripts: [], agent, streaming: { enabled: false } });
    const call = await s.runtime.manager.initiateCall({
      to: CALLEE,
      message: "Hello.",
      mode: "conversation",
    });
    const base = { call_control_id: "v3:call-1", client_state: Buffer.from(call.callId).toString("base64") };
    await telnyxWebhook(s.runtime, "call.answered", base);
    await telnyxWebhook(s.runtime, "call.transcription", {
      ...base,
      transcription_data: { transcript: "What time is it?", is_final: true, confidence: 0.9 },
    });
    await waitFor(() => turns[0]);
    const speak = await waitFor(() =>
      s.carrier.requests.find(
        (r) => r.path.endsWith("/actions/speak") && JSON.parse(r.body).payload === REPLY,
      ),
    );
    expect(JSON.parse(speak.body)).toMatchObject({ payload: REPLY, voice: "female" });
  });

  it("Plivo GetInput speech: the reply is spoken through a Speak XML transfer", async () => {
    const { agent, turns } = scriptedAgent([[REPLY]], 5);
    const s = await setup(plivoHarness, { transcripts: [], agent, streaming: { enabled: false } });
    const call = await s.runtime.manager.initiateCall({
      to: CALLEE,
      message: "Hello.",
      mode: "conversation",
    });
    const q = (flow: string) => `?provider=plivo&callId=${call.callId}&flow=${flow}`;
    await plivoWebhook(s.runtime, q("answer"), {
      CallUUID: "call-1",
      RequestUUID: "req-1",
      CallStatus: "in-progress",
      Direction: "outbound",
    });
    await waitFor(() => s.carrier.requests.find((r) => r.path.endsWith("/Call/call-1/")));
    await plivoWebhook(s.runtime, q("xml-speak"), { CallUUID: "call-1" });
    await plivoWebhook(s.runtime, q("getinput"), { CallUUID: "call-1", Speech: "What time is it?" });
    await waitFor(() => turns[0]);
    await waitFor(() =>
      s.carrier.requests.filter((r) => r.path.endsWith("/Call/call-1/")).length >= 2 ? true : undefined,
    );
    const xml = await (await plivoWebhook(s.runtime, q("xml-speak"), { CallUUID: "call-1" })).text();
    expect(xml).toContain(`<Speak language="en-US">${REPLY}</Speak>`);
  });
});

describe("auto-response rules", () => {
  function mockRuntime(logger: PluginLogger, agent?: ReturnType<typeof scriptedAgent>["agent"]) {
    const config = resolveVoiceCallConfig(
      {
        provider: "mock",
        maxConcurrentCalls: 3,
        serve: { port: 0 },
        responseModel: "openai/gpt-4o-mini",
        responseSystemPrompt: "Be brief.",
      },
      {},
    );
    return createVoiceCallRuntime(config, logger, mkdtempSync(join(tmpdir(), "voice-ar-")), { agent });
  }
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

  it("passes responseModel, responseSystemPrompt and responseTimeoutMs; ignores notify calls", async () => {
    const { agent, turns } = scriptedAgent([[REPLY]], 5);
    const runtime = await mockRuntime(quiet, agent);
    cleanups.push(() => runtime.stop());
    const notify = await runtime.manager.initiateCall({ to: CALLEE, message: "Hi", mode: "notify" });
    const talk = await runtime.manager.initiateCall({
      to: "+15550002222",
      message: "Hi",
      mode: "conversation",
    });
    for (const call of [notify, talk])
      runtime.manager.processEvent({
        type: "call.speech",
        callId: call.callId,
        timestamp: Date.now(),
        transcript: "Hello?",
        isFinal: true,
      });
    await waitFor(() => turns[0]);
    await new Promise((r) => setTimeout(r, 50));
    expect(turns).toHaveLength(1);
    expect(turns[0]?.params).toMatchObject({
      sessionKey: "voice:15550002222",
      model: "openai/gpt-4o-mini",
      extraSystemPrompt: "Be brief.",
      timeoutMs: 30000,
      messageProvider: "voice",
    });
    await waitFor(() =>
      runtime.manager.getCall(talk.callId)?.transcript.some((t) => t.text === REPLY) ? true : undefined,
    );
  });

  it("a newer transcript aborts the stale turn; a continue turn takes its transcript without an auto-response", async () => {
    const { agent, turns } = scriptedAgent([["Stale reply."], ["Fresh reply."]], 200);
    const runtime = await mockRuntime(quiet, agent);
    cleanups.push(() => runtime.stop());
    const call = await runtime.manager.initiateCall({ to: CALLEE, message: "Hi", mode: "conversation" });
    const say = (transcript: string) =>
      runtime.manager.processEvent({
        type: "call.speech",
        callId: call.callId,
        timestamp: Date.now(),
        transcript,
        isFinal: true,
      });
    say("First question");
    await waitFor(() => turns[0]);
    say("Second question");
    await waitFor(() => turns[1]);
    await waitFor(() =>
      runtime.manager.getCall(call.callId)?.transcript.some((t) => t.text === "Fresh reply.")
        ? true
        : undefined,
    );
    expect(turns[0]?.aborted).toBe(true);
    expect(runtime.manager.getCall(call.callId)?.transcript.some((t) => t.text === "Stale reply.")).toBe(
      false,
    );

    const turn = runtime.manager.continueCall(call.callId, "Anything else?");
    await new Promise((r) => setTimeout(r, 20));
    say("No, thanks");
    await expect(turn).resolves.toMatchObject({ transcript: "No, thanks" });
    await new Promise((r) => setTimeout(r, 50));
    expect(turns).toHaveLength(2);
  });

  it("without api.runtime.agent it reports VOICE_AGENT_UNAVAILABLE once and keeps the call", async () => {
    const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
    const runtime = await mockRuntime({ ...quiet, warn: (message, meta) => warnings.push([message, meta]) });
    cleanups.push(() => runtime.stop());
    const call = await runtime.manager.initiateCall({ to: CALLEE, message: "Hi", mode: "conversation" });
    for (const text of ["One", "Two"])
      runtime.manager.processEvent({
        type: "call.speech",
        callId: call.callId,
        timestamp: Date.now(),
        transcript: text,
        isFinal: true,
      });
    const reports = warnings.filter(([, meta]) => meta?.code === "VOICE_AGENT_UNAVAILABLE");
    expect(reports).toHaveLength(1);
    expect(runtime.manager.getCall(call.callId)?.endedAt).toBeUndefined();
    expect(runtime.manager.getCall(call.callId)?.transcript.map((t) => t.text)).toEqual(["One", "Two"]);
  });
});
