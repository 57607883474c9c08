import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createVoiceCallRuntime, resolveVoiceCallConfig } from "../src/index.js";
import { waitFor } from "./fakes/media-carriers.js";
import { cleanups, runCleanups, scriptedAgent } from "./fakes/streaming-setup.js";

afterEach(runCleanups);
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function mockRuntime(
  caller: Record<string, unknown>,
  agent?: ReturnType<typeof scriptedAgent>["agent"],
) {
  const config = resolveVoiceCallConfig(
    {
      provider: "mock",
      serve: { port: 0 },
      mock: { answerDelayMs: 20, caller: { replyDelayMs: 10, ...caller } },
    },
    {},
  );
  const runtime = await createVoiceCallRuntime(config, quiet, mkdtempSync(join(tmpdir(), "voice-mock-")), {
    agent,
  });
  cleanups.push(() => runtime.stop());
  return runtime;
}

const lines = (runtime: Awaited<ReturnType<typeof mockRuntime>>, callId: string) =>
  runtime.manager.getCall(callId)?.transcript.map((t) => `${t.speaker}: ${t.text}`);

describe("mock provider with a simulated caller", () => {
  it("voicecall continue gets the scripted caller's answers, then the caller hangs up", async () => {
    const runtime = await mockRuntime({
      mode: "script",
      utterances: ["Hi, who is this?", "Sure, go ahead.", "Bye."],
    });
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Hello!",
      mode: "conversation",
    });
    await waitFor(() => (lines(runtime, call.callId)?.includes("user: Hi, who is this?") ? true : undefined));
    await expect(
      runtime.manager.continueCall(call.callId, "It is OpenClaw. May I ask a question?"),
    ).resolves.toMatchObject({
      transcript: "Sure, go ahead.",
    });
    await expect(runtime.manager.continueCall(call.callId, "Are you happy?")).resolves.toMatchObject({
      transcript: "Bye.",
    });
    await expect(runtime.manager.continueCall(call.callId, "Goodbye then.")).rejects.toMatchObject({
      code: "VOICE_CALL_ENDED",
    });
    expect(runtime.manager.getCall(call.callId)?.endReason).toBe("hangup-user");
    expect(lines(runtime, call.callId)).toEqual([
      "bot: Hello!",
      "user: Hi, who is this?",
      "bot: It is OpenClaw. May I ask a question?",
      "user: Sure, go ahead.",
      "bot: Are you happy?",
      "user: Bye.",
      "bot: Goodbye then.",
    ]);
  });

  it("echo mode repeats the bot", async () => {
    const runtime = await mockRuntime({ mode: "echo" });
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Testing one two",
      mode: "conversation",
    });
    await waitFor(() => (lines(runtime, call.callId)?.includes("user: Testing one two") ? true : undefined));
    await expect(runtime.manager.continueCall(call.callId, "Say cheese")).resolves.toMatchObject({
      transcript: "Say cheese",
    });
  });

  it("holds a whole conversation-mode call with the agent and no network", async () => {
    const { agent } = scriptedAgent([["We open at nine."], ["You are welcome, goodbye."]], 5);
    const runtime = await mockRuntime(
      { mode: "script", utterances: ["When do you open?", "Thanks!"] },
      agent,
    );
    const call = await runtime.manager.initiateCall({
      to: "+15550001234",
      message: "Hello, bakery here.",
      mode: "conversation",
    });
    await waitFor(() => (runtime.manager.getCall(call.callId)?.endedAt ? true : undefined));
    expect(lines(runtime, call.callId)).toEqual([
      "bot: Hello, bakery here.",
      "user: When do you open?",
      "bot: We open at nine.",
      "user: Thanks!",
      "bot: You are welcome, goodbye.",
    ]);
    expect(runtime.manager.getCall(call.callId)?.endReason).toBe("hangup-user");
  });
});
