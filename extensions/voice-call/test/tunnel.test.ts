import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createVoiceCallRuntime, resolveVoiceCallConfig } from "../src/index.js";
import { type NgrokModule, openNgrokTunnel } from "../src/tunnel/ngrok-tunnel.js";
import { cleanups, runCleanups } from "./fakes/streaming-setup.js";

afterEach(runCleanups);
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function ngrokStub(behaviour: "ok" | "fail") {
  const seen: Array<Record<string, unknown>> = [];
  let closed = 0;
  const module: NgrokModule = {
    async forward(config) {
      seen.push(config);
      if (behaviour === "fail") throw new Error("failed to connect session: authentication failed");
      return { url: () => "https://abc123.ngrok-free.app", close: async () => void closed++ };
    },
  };
  return { module, seen, closed: () => closed };
}

function runtimeWith(raw: Record<string, unknown>, deps: Parameters<typeof createVoiceCallRuntime>[3] = {}) {
  const config = resolveVoiceCallConfig({ provider: "mock", serve: { port: 0 }, ...raw }, {});
  return createVoiceCallRuntime(config, quiet, mkdtempSync(join(tmpdir(), "voice-tunnel-")), deps);
}

describe("tunnel.provider ngrok (@ngrok/ngrok)", () => {
  it("forwards the webhook port, makes the tunnel URL the public URL, closes it on stop", async () => {
    const ngrok = ngrokStub("ok");
    const runtime = await runtimeWith(
      { tunnel: { provider: "ngrok", ngrokAuthToken: "tok", ngrokDomain: "me.ngrok.app" } },
      { exposure: { loadNgrok: async () => ngrok.module } },
    );
    const local = new URL(runtime.localWebhookUrl);
    expect(ngrok.seen).toEqual([{ addr: local.host, authtoken: "tok", domain: "me.ngrok.app" }]);
    expect(runtime.webhookUrl).toBe("https://abc123.ngrok-free.app/voice/webhook");
    await runtime.stop();
    expect(ngrok.closed()).toBe(1);
  });

  it("fails the start with VOICE_TUNNEL_FAILED (and frees the port) when ngrok refuses or has no token", async () => {
    const ngrok = ngrokStub("fail");
    await expect(
      runtimeWith(
        { tunnel: { provider: "ngrok", ngrokAuthToken: "bad" }, serve: { port: 0 } },
        { exposure: { loadNgrok: async () => ngrok.module } },
      ),
    ).rejects.toMatchObject({
      code: "VOICE_TUNNEL_FAILED",
      message: expect.stringContaining("authentication failed"),
    });
    await expect(runtimeWith({ tunnel: { provider: "ngrok" } })).rejects.toMatchObject({
      code: "VOICE_TUNNEL_FAILED",
      hint: expect.stringContaining("NGROK_AUTHTOKEN"),
    });
  });

  it("the real @ngrok/ngrok module loads and rejects quickly when it cannot reach its service", async () => {
    const started = Date.now();
    await expect(
      openNgrokTunnel({
        addr: "127.0.0.1:9",
        webhookPath: "/voice/webhook",
        authtoken: "bogus",
        serverAddr: "127.0.0.1:1",
      }),
    ).rejects.toMatchObject({
      code: "VOICE_TUNNEL_FAILED",
      message: expect.stringContaining("ngrok could not open the tunnel"),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("leaves an explicit publicUrl alone", async () => {
    const ngrok = ngrokStub("ok");
    const runtime = await runtimeWith(
      {
        publicUrl: "https://voice.example.com/voice/webhook",
        tunnel: { provider: "ngrok", ngrokAuthToken: "t" },
      },
      { exposure: { loadNgrok: async () => ngrok.module } },
    );
    cleanups.push(() => runtime.stop());
    expect(ngrok.seen).toEqual([]);
    expect(runtime.webhookUrl).toBe("https://voice.example.com/voice/webhook");
  });
});

describe("tunnel.provider tailscale-funnel", () => {
  it("exposes the webhook and the media stream paths and removes both on stop", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ts-"));
    const bin = join(dir, "tailscale");
    writeFileSync(
      bin,
      `#!/bin/sh\necho "$@" >> ${join(dir, "calls.log")}\nif [ "$1" = status ]; then echo '{"Self":{"DNSName":"gw.tail1234.ts.net."}}'; fi\n`,
    );
    chmodSync(bin, 0o755);
    const runtime = await runtimeWith(
      {
        provider: "twilio",
        fromNumber: "+15550000001",
        twilio: { accountSid: "AC1", authToken: "t" },
        tunnel: { provider: "tailscale-funnel" },
        streaming: { enabled: true },
      },
      { exposure: { tailscaleBin: bin } },
    );
    const port = new URL(runtime.localWebhookUrl).port;
    expect(runtime.webhookUrl).toBe("https://gw.tail1234.ts.net/voice/webhook");
    expect(runtime.streams?.streamUrl()).toBe("wss://gw.tail1234.ts.net/voice/stream");
    await runtime.stop();
    const calls = readFileSync(join(dir, "calls.log"), "utf8").trim().split("\n");
    expect(calls).toContain(`funnel --bg --set-path /voice/webhook http://127.0.0.1:${port}/voice/webhook`);
    expect(calls).toContain(`funnel --bg --set-path /voice/stream http://127.0.0.1:${port}/voice/stream`);
    expect(calls).toContain("funnel --set-path /voice/stream off");
  });
});

describe("tunnel lifetime", () => {
  it("a restarted runtime opens a fresh tunnel instead of reusing the last URL", async () => {
    const ngrok = ngrokStub("ok");
    const config = resolveVoiceCallConfig(
      { provider: "mock", serve: { port: 0 }, tunnel: { provider: "ngrok", ngrokAuthToken: "t" } },
      {},
    );
    const deps = { exposure: { loadNgrok: async () => ngrok.module } };
    const first = await createVoiceCallRuntime(
      config,
      quiet,
      mkdtempSync(join(tmpdir(), "voice-tunnel-")),
      deps,
    );
    await first.stop();
    const second = await createVoiceCallRuntime(
      config,
      quiet,
      mkdtempSync(join(tmpdir(), "voice-tunnel-")),
      deps,
    );
    cleanups.push(() => second.stop());
    expect(ngrok.seen).toHaveLength(2);
    expect(config.publicUrl).toBeUndefined();
  });
});

describe("voicecall expose --mode ngrok", () => {
  async function expose(args: string[], pluginConfig: Record<string, unknown>) {
    const { Command } = await import("commander");
    const { registerVoiceCallCli } = await import("../src/cli.js");
    const program = new Command().exitOverride();
    registerVoiceCallCli({
      program,
      config: { plugins: { entries: { "voice-call": { config: pluginConfig } } } },
      stateDir: mkdtempSync(join(tmpdir(), "voice-cli-")),
      logger: quiet,
      callGateway: async () => ({}),
      print: () => {},
    } as never);
    await program.parseAsync(["node", "openclaw", "voicecall", "expose", ...args]);
  }

  it("needs an auth token (VOICE_TUNNEL_FAILED naming NGROK_AUTHTOKEN) and refuses unknown modes (CLI_USAGE)", async () => {
    const saved = process.env.NGROK_AUTHTOKEN;
    delete process.env.NGROK_AUTHTOKEN;
    try {
      await expect(expose(["--mode", "ngrok"], {})).rejects.toMatchObject({
        code: "VOICE_TUNNEL_FAILED",
        hint: expect.stringContaining("NGROK_AUTHTOKEN"),
      });
    } finally {
      if (saved !== undefined) process.env.NGROK_AUTHTOKEN = saved;
    }
    await expect(expose(["--mode", "cloudflare"], {})).rejects.toMatchObject({ code: "CLI_USAGE" });
  });
});
