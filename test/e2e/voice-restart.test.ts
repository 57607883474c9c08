import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createVoiceCallHome,
  type Home,
  json,
  openclaw,
  type RunningGateway,
  startGateway,
} from "./helpers.js";
import { waitForCallState } from "./voice-helpers.js";

let home: Home;
let gateway: RunningGateway | undefined;

type Status = {
  found: boolean;
  call?: { state: string; endReason?: string; transcript: Array<{ text: string }> };
};

beforeAll(() => {
  home = createVoiceCallHome({ provider: "mock", maxConcurrentCalls: 3, mock: { answerDelayMs: 100 } });
});

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

async function place(message: string): Promise<string> {
  const result = await openclaw(home, [
    "voicecall",
    "call",
    "--to",
    "+15550001234",
    "--message",
    message,
    "--mode",
    "conversation",
  ]);
  expect(result.code, result.stderr).toBe(0);
  return json<{ callId: string }>(result).callId;
}

describe("calls survive gateway restarts", () => {
  it("restores a live call after a clean restart and ends it with the right reason", async () => {
    gateway = await startGateway(home);
    const callId = await place("Before restart");
    await waitForCallState(home, gateway, callId, "speaking");
    await gateway.stop();
    gateway = await startGateway(home);
    const status = json<Status>(await openclaw(home, ["voicecall", "status", "--call-id", callId]));
    expect(status).toMatchObject({ found: true, call: { state: "speaking" } });
    expect(status.call?.transcript[0]?.text).toBe("Before restart");
    const ended = json<{ call: { endReason: string } }>(
      await openclaw(home, ["voicecall", "end", "--call-id", callId]),
    );
    expect(ended.call.endReason).toBe("hangup-bot");
  });

  // SIGKILL keeps the page cache: this proves restore and torn-tail repair after a process crash, not
  // durability across a power cut (extensions/voice-call/test/call-store-durability.test.ts covers that).
  it("restores every call after the gateway process is killed with SIGKILL", async () => {
    const ids = [await place("one"), await place("two")];
    for (const id of ids) await waitForCallState(home, gateway as RunningGateway, id, "speaking");
    gateway?.process.kill("SIGKILL");
    await new Promise((r) => gateway?.process.once("exit", r));
    gateway = await startGateway(home);
    for (const id of ids) {
      expect(json<Status>(await openclaw(home, ["voicecall", "status", "--call-id", id])).found, id).toBe(
        true,
      );
    }
    const lines = readFileSync(join(home.stateDir, "voice-calls/calls.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.every((line) => typeof JSON.parse(line).callId === "string")).toBe(true);
  });

  it("prints the call store with voicecall tail", async () => {
    const result = await openclaw(home, ["voicecall", "tail", "--since", "3", "--no-follow"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => JSON.parse(line).callId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f-]{36}$/)]),
    );
    expect(JSON.parse(lines[2] as string).callId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
