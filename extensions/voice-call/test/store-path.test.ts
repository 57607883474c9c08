import { mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerVoiceCallCli } from "../src/cli.js";
import { resolveStoreDir } from "../src/store-path.js";
import { startTestRuntime } from "./test-runtime.js";

describe("resolveStoreDir (one rule for the gateway and voicecall tail)", () => {
  it.each([
    [undefined, "/state/voice-calls"],
    ["  ", "/state/voice-calls"],
    ["calls", "/state/calls"],
    ["./a/../b", "/state/b"],
    ["/var/lib/calls", "/var/lib/calls"],
    ["~/calls", join(homedir(), "calls")],
  ])("store %j -> %s", (store, expected) => {
    expect(resolveStoreDir(store, "/state")).toBe(expected);
  });
});

/** Runs `openclaw voicecall <args>` through the plugin's registrar with the given plugin config. */
async function voicecall(args: string[], pluginConfig: Record<string, unknown>, stateDir: string) {
  const printed: string[] = [];
  const program = new Command().exitOverride();
  registerVoiceCallCli({
    program,
    config: { plugins: { entries: { "voice-call": { config: pluginConfig } } } },
    stateDir,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    callGateway: async () => ({}),
    print: (text: string) => printed.push(text),
  } as never);
  await program.parseAsync(["node", "openclaw", "voicecall", ...args]);
  return printed;
}

describe("voicecall tail", () => {
  it("reads the store the gateway writes for a relative `store`, whatever the working directory", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "voice-state-"));
    const runtime = await startTestRuntime({ store: "my-calls" }, resolveStoreDir("my-calls", stateDir));
    const call = await runtime.manager.initiateCall({ to: "+15550001234", message: "Hi" });
    await runtime.stop();
    const cwd = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), "elsewhere-")));
    try {
      const lines = await voicecall(["tail", "--no-follow"], { store: "my-calls" }, stateDir);
      expect(lines.map((line) => JSON.parse(line).callId)).toContain(call.callId);
    } finally {
      process.chdir(cwd);
    }
  });

  it("reports a missing store as VOICE_STORE_NOT_FOUND, not as a missing call", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "voice-state-"));
    await expect(voicecall(["tail", "--no-follow"], {}, stateDir)).rejects.toMatchObject({
      code: "VOICE_STORE_NOT_FOUND",
      status: 404,
    });
  });
});
