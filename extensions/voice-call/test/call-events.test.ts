import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveVoiceCallConfig } from "../src/config.js";
import { createVoiceCallRuntime, type VoiceCallRuntime } from "../src/runtime.js";
import type { CallRecord } from "../src/types.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let runtime: VoiceCallRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

describe("call change events (the Control UI's live view)", () => {
  it("reports every change of a call — placed, ringing, answered, each spoken line, ended — and lists calls newest first", async () => {
    runtime = await createVoiceCallRuntime(
      resolveVoiceCallConfig(
        { provider: "mock", fromNumber: "+15550001234", serve: { port: 0 }, mock: { answerDelayMs: 20 } },
        {},
      ),
      quiet,
      mkdtempSync(join(tmpdir(), "voice-events-")),
    );
    const seen: CallRecord[] = [];
    let answered: () => void = () => undefined;
    const answeredOnce = new Promise<void>((resolve) => (answered = resolve));
    runtime.manager.onChange((call) => {
      seen.push(structuredClone(call));
      if (call.state === "speaking") answered();
    });
    const call = await runtime.manager.initiateCall({
      to: "+15550005678",
      message: "Hello",
      mode: "conversation",
    });
    await answeredOnce;
    await runtime.manager.speak(call.callId, "Second line");
    await runtime.manager.endCall(call.callId);
    const states = seen.map((c) => c.state);
    expect(states[0]).toBe("initiated");
    expect(states).toEqual(expect.arrayContaining(["ringing", "answered", "speaking", "hangup-bot"]));
    expect(seen.at(-1)?.transcript.map((t) => t.text)).toEqual(["Hello", "Second line"]);
    const later = await runtime.manager.initiateCall({ to: "+15550009999", message: "Later" });
    expect(runtime.manager.listCalls().map((c) => c.callId)).toEqual([later.callId, call.callId]);
  });
});
