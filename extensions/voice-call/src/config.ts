import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { isE164 } from "@openclaw/plugin-sdk/voice-call";
import { voiceError } from "./errors.js";
import type { CallMode } from "./types.js";

/** Telephony carrier. */
export type VoiceProviderName = "twilio" | "telnyx" | "plivo" | "mock";

/** Voice Call config with every default applied (`plugins.entries.voice-call.config`). */
export interface VoiceCallConfig {
  enabled: boolean;
  provider: VoiceProviderName;
  /** E.164 caller id; `+15550000000` for the mock provider when unset. */
  fromNumber: string;
  toNumber?: string;
  inboundPolicy: "disabled" | "allowlist" | "open";
  allowFrom: string[];
  inboundGreeting?: string;
  outbound: { defaultMode: CallMode; notifyHangupDelaySec: number };
  maxDurationSeconds: number;
  maxConcurrentCalls: number;
  /** Longest wait for the callee's answer in `continue`, in ms; default 180 000. */
  transcriptTimeoutMs: number;
  /** Calls stuck before `answered` longer than this are ended as `no-answer`; 0 disables; default 120 s. */
  staleCallReaperSeconds: number;
  ringTimeoutMs: number;
  mock: { autoAnswer: boolean; answerDelayMs: number };
  twilio?: { accountSid?: string; authToken?: string; apiBaseUrl?: string };
  telnyx?: { apiKey?: string; connectionId?: string; publicKey?: string; apiBaseUrl?: string };
  plivo?: { authId?: string; authToken?: string; apiBaseUrl?: string };
  /** Directory of the call store (`calls.jsonl`); default `<state dir>/voice-calls`. */
  store?: string;
  /** The webhook server inside the gateway process. `port: 0` picks a free port. */
  serve: { port: number; bind: string; path: string };
  /** Public URL carriers call (overrides the local URL for webhooks and signature checks). */
  publicUrl?: string;
  /** Development only: accept unsigned webhooks. Refused unless `serve.bind` is loopback. */
  skipSignatureVerification: boolean;
  webhookSecurity: { allowedHosts: string[]; trustForwardingHeaders: boolean; trustedProxyIPs: string[] };
}

/** True for loopback bind addresses. */
export function isLoopbackBind(bind: string): boolean {
  return bind === "localhost" || bind === "::1" || bind.startsWith("127.") || bind === "::ffff:127.0.0.1";
}

const CONFIG_PATH = "plugins.entries.voice-call.config";

function object(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function normalizePath(path: string): string {
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, "") : withSlash;
}

function pick<T>(value: unknown, fallback: T): T {
  return value === undefined ? fallback : (value as T);
}

/**
 * The webhook server settings from the raw `serve` section of the plugin config, with defaults
 * (port 3334, bind `127.0.0.1`, path `/voice/webhook`; the path gets a leading `/` and loses any
 * trailing one). Needs no credentials, so the CLI can use it without a full config.
 */
export function resolveServeConfig(raw: unknown): VoiceCallConfig["serve"] {
  const serve = object(raw);
  return {
    port: pick(serve.port, 3334),
    bind: pick(serve.bind, "127.0.0.1"),
    path: normalizePath(pick(serve.path, "/voice/webhook")),
  };
}

/** Reads one credential from the config, else from `envName`; records a problem when neither has it. */
function credential(
  problems: string[],
  env: NodeJS.ProcessEnv,
  [section, key, envName]: [string, string, string],
  value: unknown,
): string {
  const resolved = (typeof value === "string" && value !== "" ? value : undefined) ?? env[envName];
  if (!resolved) problems.push(`${CONFIG_PATH}.${section}.${key} is required (or set ${envName})`);
  return resolved ?? "";
}

/**
 * Fills the selected provider's credentials from the config or the environment into `config`.
 * Returns a problem per missing credential, named by config path and environment variable.
 */
function resolveProviderCredentials(
  config: VoiceCallConfig,
  input: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): string[] {
  const problems: string[] = [];
  const section = object(input[config.provider]);
  const need = (key: string, envName: string) =>
    credential(problems, env, [config.provider, key, envName], section[key]);
  const apiBaseUrl = typeof section.apiBaseUrl === "string" ? { apiBaseUrl: section.apiBaseUrl } : {};
  if (config.provider === "twilio") {
    config.twilio = {
      accountSid: need("accountSid", "TWILIO_ACCOUNT_SID"),
      authToken: need("authToken", "TWILIO_AUTH_TOKEN"),
      ...apiBaseUrl,
    };
  } else if (config.provider === "telnyx") {
    config.telnyx = {
      apiKey: need("apiKey", "TELNYX_API_KEY"),
      connectionId: need("connectionId", "TELNYX_CONNECTION_ID"),
      publicKey: need("publicKey", "TELNYX_PUBLIC_KEY"),
      ...apiBaseUrl,
    };
  } else if (config.provider === "plivo") {
    config.plivo = {
      authId: need("authId", "PLIVO_AUTH_ID"),
      authToken: need("authToken", "PLIVO_AUTH_TOKEN"),
      ...apiBaseUrl,
    };
  }
  return problems;
}

/** Checks the schema cannot express: loopback-only unsigned webhooks, an E.164 caller id. */
function checkConfig(config: VoiceCallConfig): string[] {
  const problems: string[] = [];
  if (config.skipSignatureVerification && !isLoopbackBind(config.serve.bind)) {
    problems.push(
      `${CONFIG_PATH}.skipSignatureVerification is only allowed with a loopback serve.bind (got ${config.serve.bind})`,
    );
  }
  if (!isE164(config.fromNumber))
    problems.push(`${CONFIG_PATH}.fromNumber is required (E.164, e.g. +15550001234)`);
  return problems;
}

/**
 * Applies defaults to the (schema-validated) plugin config, fills provider credentials from the
 * environment (`TWILIO_ACCOUNT_SID`/`TWILIO_AUTH_TOKEN`, `TELNYX_API_KEY`/`TELNYX_CONNECTION_ID`/
 * `TELNYX_PUBLIC_KEY`, `PLIVO_AUTH_ID`/`PLIVO_AUTH_TOKEN`, selected provider only) and checks what the
 * schema cannot.
 * @throws {@link OpenClawError} `VOICE_CONFIG_INVALID`, naming every missing key by its config path.
 */
export function resolveVoiceCallConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): VoiceCallConfig {
  const input = object(raw);
  const outbound = object(input.outbound);
  const mock = object(input.mock);
  const provider = pick<VoiceProviderName>(input.provider, "mock");
  const config: VoiceCallConfig = {
    enabled: input.enabled !== false,
    provider,
    fromNumber: pick(input.fromNumber, provider === "mock" ? "+15550000000" : ""),
    inboundPolicy: pick(input.inboundPolicy, "disabled"),
    allowFrom: pick(input.allowFrom, []),
    outbound: {
      defaultMode: pick(outbound.defaultMode, "notify"),
      notifyHangupDelaySec: pick(outbound.notifyHangupDelaySec, 3),
    },
    maxDurationSeconds: pick(input.maxDurationSeconds, 300),
    maxConcurrentCalls: pick(input.maxConcurrentCalls, 1),
    transcriptTimeoutMs: pick(input.transcriptTimeoutMs, 180_000),
    staleCallReaperSeconds: pick(input.staleCallReaperSeconds, 120),
    ringTimeoutMs: pick(input.ringTimeoutMs, 30_000),
    mock: { autoAnswer: pick(mock.autoAnswer, true), answerDelayMs: pick(mock.answerDelayMs, 400) },
    serve: resolveServeConfig(input.serve),
    skipSignatureVerification: input.skipSignatureVerification === true,
    webhookSecurity: {
      allowedHosts: pick(object(input.webhookSecurity).allowedHosts, []),
      trustForwardingHeaders: object(input.webhookSecurity).trustForwardingHeaders === true,
      trustedProxyIPs: pick(object(input.webhookSecurity).trustedProxyIPs, []),
    },
  };
  if (typeof input.toNumber === "string") config.toNumber = input.toNumber;
  if (typeof input.inboundGreeting === "string") config.inboundGreeting = input.inboundGreeting;
  if (typeof input.store === "string" && input.store.trim() !== "") config.store = input.store.trim();
  if (typeof input.publicUrl === "string") config.publicUrl = input.publicUrl;

  const problems = [...resolveProviderCredentials(config, input, env), ...checkConfig(config)];
  if (problems.length > 0) {
    throw voiceError("VOICE_CONFIG_INVALID", `invalid voice-call config: ${problems.join("; ")}`, {
      hint: `Edit ${CONFIG_PATH} in the config file (or use provider "mock" for development).`,
      details: { problems },
    });
  }
  return config;
}
