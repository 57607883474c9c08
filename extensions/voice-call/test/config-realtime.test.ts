import { readFileSync } from "node:fs";
import { schemaProblem, validateWithSchema } from "@openclaw/plugin-loader";
import { describe, expect, it } from "vitest";
import { deepMergeDefined, MAX_TIMER_MS } from "../src/config-realtime.js";
import { resolveVoiceCallConfig } from "../src/index.js";

const manifest = JSON.parse(readFileSync(new URL("../openclaw.plugin.json", import.meta.url), "utf8")) as {
  configSchema: Record<string, unknown>;
  uiHints: Record<string, unknown>;
};
const schema = manifest.configSchema;

/** The Voice Call seed page's example config (seed 001 "Configuration"), keys as written there. */
const SEED_EXAMPLE = {
  provider: "twilio",
  fromNumber: "+15550001234",
  toNumber: "+15550005678",
  twilio: { accountSid: "ACxxxxxxxx", authToken: "secret" },
  plivo: { authId: "MAxxxxxxxxxxxxxxxxxxxx", authToken: "secret" },
  serve: { port: 3334, path: "/voice/webhook" },
  webhookSecurity: { allowedHosts: ["voice.example.com"], trustedProxyIPs: ["100.64.0.1"] },
  outbound: { defaultMode: "notify" },
  streaming: { enabled: true, streamPath: "/voice/stream" },
  tunnel: { provider: "ngrok" },
  tailscale: { mode: "funnel", path: "/voice/webhook" },
  tts: {
    provider: "elevenlabs",
    elevenlabs: { voiceId: "pMsXgVXv3BLzUgSXRplE", modelId: "eleven_multilingual_v2" },
  },
  inboundPolicy: "allowlist",
  allowFrom: ["+15550001234"],
  inboundGreeting: "Hello! How can I help?",
  responseModel: "openai/gpt-4o-mini",
  responseSystemPrompt: "Be brief.",
  responseTimeoutMs: 30000,
};

function leafPaths(node: Record<string, unknown>, prefix = ""): string[] {
  const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).flatMap(([key, child]) =>
    child.type === "object" && child.properties ? leafPaths(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function durationMaxima(node: Record<string, unknown>, prefix = ""): Array<[string, number, number]> {
  const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).flatMap(([key, child]): Array<[string, number, number]> => {
    if (child.type === "object") return durationMaxima(child, `${prefix}${key}.`);
    if (/Ms$/.test(key)) return [[`${prefix}${key}`, Number(child.maximum), 1]];
    if (/(Sec|Seconds)$/.test(key)) return [[`${prefix}${key}`, Number(child.maximum), 1000]];
    return [];
  });
}

describe("voice-call real-time config", () => {
  it("the manifest schema is a valid JSON Schema and accepts the seed's example config", () => {
    expect(schemaProblem(schema)).toBeUndefined();
    const result = validateWithSchema(schema, SEED_EXAMPLE);
    expect(result).toMatchObject({ ok: true });
  });

  it("resolves the seed example with real-time defaults", () => {
    const config = resolveVoiceCallConfig(SEED_EXAMPLE, {});
    expect(config.streaming).toMatchObject({
      enabled: true,
      streamPath: "/voice/stream",
      sttProvider: "openai-realtime",
      sttModel: "gpt-4o-transcribe",
      silenceDurationMs: 800,
      vadThreshold: 0.5,
      preStartTimeoutMs: 5000,
      maxPendingConnections: 32,
      maxPendingConnectionsPerIp: 4,
      maxConnections: 128,
      reconnectGraceMs: 2000,
    });
    expect(config.tunnel).toEqual({ provider: "ngrok", allowNgrokFreeTierLoopbackBypass: false });
    expect(config.tailscale).toEqual({ mode: "funnel", path: "/voice/webhook" });
    expect(config.tts).toEqual(SEED_EXAMPLE.tts);
    expect(config.responseModel).toBe("openai/gpt-4o-mini");
    expect(config.responseSystemPrompt).toBe("Be brief.");
    expect(config.responseTimeoutMs).toBe(30000);
  });

  it("takes the STT key and ngrok token from the environment", () => {
    const config = resolveVoiceCallConfig(
      { provider: "mock", tunnel: { provider: "ngrok" } },
      { OPENAI_API_KEY: "sk-env", NGROK_AUTHTOKEN: "tok", NGROK_DOMAIN: "me.ngrok.app" },
    );
    expect(config.streaming.openaiApiKey).toBe("sk-env");
    expect(config.tunnel).toMatchObject({ ngrokAuthToken: "tok", ngrokDomain: "me.ngrok.app" });
  });

  it("refuses Edge TTS for calls with a message that names the key", () => {
    expect(schemaProblem(schema)).toBeUndefined();
    expect(validateWithSchema(schema, { tts: { provider: "edge" } })).toMatchObject({ ok: true });
    expect(() => resolveVoiceCallConfig({ provider: "mock", tts: { provider: "edge" } }, {})).toThrow(
      expect.objectContaining({
        code: "VOICE_CONFIG_INVALID",
        message: expect.stringContaining('tts.provider "edge" cannot be used for phone calls'),
      }),
    );
  });

  it("allows the ngrok loopback bypass only with tunnel.provider ngrok on a loopback bind", () => {
    for (const raw of [
      { tunnel: { allowNgrokFreeTierLoopbackBypass: true } },
      { tunnel: { provider: "ngrok", allowNgrokFreeTierLoopbackBypass: true }, serve: { bind: "0.0.0.0" } },
    ]) {
      expect(() => resolveVoiceCallConfig({ provider: "mock", ...raw }, {})).toThrow(
        expect.objectContaining({ code: "VOICE_CONFIG_INVALID" }),
      );
    }
    const ok = resolveVoiceCallConfig(
      { provider: "mock", tunnel: { provider: "ngrok", allowNgrokFreeTierLoopbackBypass: true } },
      {},
    );
    expect(ok.webhookSecurity).toMatchObject({
      trustForwardingHeaders: true,
      trustedProxyIPs: ["127.0.0.1", "::1"],
    });
  });

  it("rejects unknown and out-of-range real-time keys", () => {
    const bad = [
      { streaming: { enabled: true, unknown: 1 } },
      { streaming: { vadThreshold: 1.5 } },
      { streaming: { maxConnections: 0 } },
      { tts: { provider: "polly" } },
      { tts: { openai: { speed: 9 } } },
      { tunnel: { provider: "cloudflare" } },
      { tailscale: { mode: "public" } },
      { responseTimeoutMs: 2 ** 31 },
      { maxDurationSeconds: 2_147_484 },
    ];
    for (const value of bad)
      expect(validateWithSchema(schema, value), JSON.stringify(value)).toMatchObject({ ok: false });
  });

  it("gives every duration a maximum that fits a Node timer after unit conversion", () => {
    const durations = durationMaxima(schema);
    expect(durations.length).toBeGreaterThan(10);
    for (const [path, maximum, factor] of durations) {
      expect(Number.isFinite(maximum), path).toBe(true);
      expect(maximum * factor, path).toBeLessThanOrEqual(MAX_TIMER_MS);
    }
  });

  it("has a uiHint for every streaming, tts, response and tunnel key users set", () => {
    const wanted = leafPaths(schema).filter((p) =>
      /^(streaming|tunnel|tailscale|response)|^tts\.(provider|openai\.(model|voice|apiKey)|elevenlabs\.(voiceId|modelId|apiKey))$/.test(
        p,
      ),
    );
    expect(wanted.length).toBeGreaterThan(20);
    for (const path of wanted) expect(manifest.uiHints[path], path).toBeDefined();
    expect(manifest.uiHints["streaming.openaiApiKey"]).toMatchObject({ sensitive: true });
    expect(manifest.uiHints["tts.elevenlabs.apiKey"]).toMatchObject({ sensitive: true });
  });

  it("deep-merges the tts override over messages.tts as deepMergeDefined does", () => {
    const core = { provider: "openai", openai: { voice: "alloy", model: "tts-1", apiKey: "k" } };
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"x": 1}}') as object;
    const merged = deepMergeDefined(core, {
      openai: { model: "gpt-4o-mini-tts", voice: "marin", instructions: undefined },
      ...hostile,
    });
    expect(merged).toEqual({
      provider: "openai",
      openai: { voice: "marin", model: "gpt-4o-mini-tts", apiKey: "k" },
    });
    expect(core.openai.model).toBe("tts-1");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
