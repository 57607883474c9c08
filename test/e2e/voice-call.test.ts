import { type AddressInfo, createServer } from "node:net";
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
let gateway: RunningGateway;

beforeAll(async () => {
  home = createVoiceCallHome({ provider: "mock", mock: { answerDelayMs: 200 } });
  gateway = await startGateway(home);
});

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

describe("voice call through the CLI and the running gateway", () => {
  it("places a call, shows its state, and ends it", async () => {
    const call = await openclaw(home, [
      "voicecall",
      "call",
      "--to",
      "+15550001234",
      "--message",
      "Hello",
      "--mode",
      "conversation",
    ]);
    expect(call.code, call.stderr).toBe(0);
    const { callId } = json<{ callId: string }>(call);
    expect(callId).toMatch(/^[0-9a-f-]{36}$/);
    await waitForCallState(home, gateway, callId, "speaking");
    const status = json<{ found: boolean; call: { state: string; transcript: Array<{ text: string }> } }>(
      await openclaw(home, ["voicecall", "status", "--call-id", callId]),
    );
    expect(status.found).toBe(true);
    expect(status.call.state).toBe("speaking");
    expect(status.call.transcript[0]?.text).toBe("Hello");
    const ended = json<{ call: { state: string; endReason: string } }>(
      await openclaw(home, ["voicecall", "end", "--call-id", callId]),
    );
    expect(ended.call).toMatchObject({ state: "hangup-bot", endReason: "hangup-bot" });
  });

  it("reports bad input with a code and a hint, never a stack trace", async () => {
    const bad = await openclaw(home, ["voicecall", "call", "--to", "555", "--message", "x"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error [VOICE_INVALID_NUMBER]");
    expect(bad.stderr).toContain("hint:");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await openclaw(home, ["voicecall", "status", "--call-id", "nope"]);
    expect(missing.code, "status of an unknown call exits 3, like end").toBe(3);
    expect(missing.stderr).toContain("error [VOICE_CALL_NOT_FOUND]");
    const missingEnd = await openclaw(home, ["voicecall", "end", "--call-id", "nope"]);
    expect(missingEnd.code).toBe(3);
    const missingJson = await openclaw(home, ["voicecall", "status", "--call-id", "nope", "--json"]);
    expect(json(missingJson)).toMatchObject({ ok: false, error: { code: "VOICE_CALL_NOT_FOUND" } });
    const usage = await openclaw(home, ["voicecall", "call", "--to", "+15550001234"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--message");
    expect(usage.stderr.match(/--message/g), usage.stderr).toHaveLength(1); // reported once, coded
  });

  it("shows the plugin live with its registrations in plugins list --json", async () => {
    const report = json<{
      gateway?: { url: string };
      plugins: Array<{
        id: string;
        status: string;
        live: boolean;
        registrations: { gatewayMethods: string[]; tools: string[] };
      }>;
    }>(await openclaw(home, ["plugins", "list", "--json"]));
    expect(report.gateway?.url).toBe(gateway.url);
    const voice = report.plugins.find((p) => p.id === "voice-call");
    expect(voice).toMatchObject({ status: "loaded", live: true });
    expect(voice?.registrations.gatewayMethods).toEqual([
      "voicecall.initiate",
      "voicecall.continue",
      "voicecall.speak",
      "voicecall.end",
      "voicecall.status",
      "voicecall.list",
    ]);
    expect(voice?.registrations.tools).toEqual(["voice_call"]);
  });

  it("runs the voice_call tool through the gateway", async () => {
    const result = json<{ details: { callId?: string; error?: string } }>(
      await openclaw(home, [
        "gateway",
        "call",
        "tools.invoke",
        "--params",
        JSON.stringify({
          name: "voice_call",
          params: { action: "initiate_call", to: "+15550009999", message: "Tool call" },
        }),
      ]),
    );
    expect(result.details.error).toBeUndefined();
    expect(result.details.callId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("names the missing runtime, and doctor the reason, when voice-call failed in the gateway", async () => {
    const other = createVoiceCallHome({ provider: "twilio", fromNumber: "+15550000000" });
    const env = { ...other.env, TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "" };
    const broken = await startGateway({ ...other, env });
    try {
      const call = await openclaw({ ...other, env }, [
        "voicecall",
        "call",
        "--to",
        "+15550001234",
        "--message",
        "x",
      ]);
      expect(call.code).toBe(1);
      expect(call.stderr).toContain("error [VOICE_RUNTIME_UNAVAILABLE]");
      expect(call.stderr).toContain("openclaw plugins doctor");
      const doctor = await openclaw({ ...other, env }, ["plugins", "doctor", "--json"]);
      expect(doctor.code).toBe(1);
      const report = json<{ errors: Array<{ code: string; message: string }> }>(doctor);
      expect(report.errors).toEqual([
        expect.objectContaining({
          code: "VOICE_CONFIG_INVALID",
          message: expect.stringContaining("twilio.accountSid is required (or set TWILIO_ACCOUNT_SID)"),
        }),
      ]);
      const log = broken.output();
      expect(log.match(/VOICE_CONFIG_INVALID/g)?.length, log).toBe(2); // the loader's log line, the summary line
    } finally {
      await broken.stop();
      other.cleanup();
    }
  });

  it("says the gateway is unreachable when it is not running", async () => {
    const other = createVoiceCallHome({});
    // A port that was just free, so a gateway on the default 18789 (a dev's demo) cannot answer.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    other.env.OPENCLAW_GATEWAY_URL = `http://127.0.0.1:${port}`;
    try {
      const result = await openclaw(other, ["voicecall", "status", "--call-id", "x"]);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain("GATEWAY_UNREACHABLE");
    } finally {
      other.cleanup();
    }
  });
});
