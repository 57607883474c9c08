/**
 * The real-time half of the Voice Call config: media streaming and realtime speech-to-text, the
 * telephony TTS override, auto-responses and public exposure (ngrok tunnel, Tailscale). Defaults
 * follow the original plugin (spec voice-call.md §1.1).
 */

/** Largest timer delay Node accepts, in ms (2^31 − 1); every duration's schema maximum stays below. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Media streaming and realtime STT (`streaming.*`). */
export interface StreamingConfig {
  enabled: boolean;
  /** WebSocket upgrade path on the webhook server (exact match); default `/voice/stream`. */
  streamPath: string;
  /** Realtime STT provider; only `openai-realtime` ships. */
  sttProvider: "openai-realtime";
  /** OpenAI API key for realtime transcription; falls back to `OPENAI_API_KEY`. */
  openaiApiKey?: string;
  /** Transcription model; default `gpt-4o-transcribe`. */
  sttModel: string;
  /** ISO-639-1 language hint for transcription. */
  sttLanguage?: string;
  /** Realtime endpoint; default `wss://api.openai.com/v1/realtime?intent=transcription`. */
  sttUrl: string;
  /** Server VAD: silence that ends an utterance, in ms; default 800. */
  silenceDurationMs: number;
  /** Server VAD activation threshold, 0..1; default 0.5. */
  vadThreshold: number;
  /** Sockets without an accepted `start` frame are closed after this many ms; default 5000. */
  preStartTimeoutMs: number;
  /** Pending (not yet started) sockets in total; default 32. */
  maxPendingConnections: number;
  /** Pending sockets per remote IP; default 4. */
  maxPendingConnectionsPerIp: number;
  /** Open media sockets, pending and active; default 128. */
  maxConnections: number;
  /** After a media stream drops, the call ends unless a new stream starts within this many ms; default 2000. */
  reconnectGraceMs: number;
  /**
   * The carrier's handshake authentication of a stream upgrade (Twilio `X-Twilio-Signature`, Telnyx
   * auth-token header): `enforce` (default) refuses a failing upgrade with HTTP 403; `warn` only logs
   * it (`VOICE_STREAM_UNAUTHORIZED`) and lets the per-call token decide, for a proxy that rewrites the
   * URL Twilio signed. The per-call token is checked either way.
   */
  upgradeAuth: "enforce" | "warn";
}

/** Public exposure through a tunnel (`tunnel.*`). */
export interface TunnelConfig {
  provider: "none" | "ngrok" | "tailscale-serve" | "tailscale-funnel";
  /** ngrok auth token; falls back to `NGROK_AUTHTOKEN`. */
  ngrokAuthToken?: string;
  /** Reserved ngrok domain; falls back to `NGROK_DOMAIN`. */
  ngrokDomain?: string;
  /**
   * Accept Twilio webhooks whose signature fails, only when `provider` is `ngrok` and `serve.bind`
   * is loopback (a local ngrok agent rewrites the URL). Development only.
   */
  allowNgrokFreeTierLoopbackBypass: boolean;
}

/** Legacy Tailscale exposure (`tailscale.*`). */
export interface TailscaleConfig {
  mode: "off" | "serve" | "funnel";
  path: string;
}

/** The default OpenAI realtime transcription endpoint (GA protocol). */
export const OPENAI_REALTIME_URL = "wss://api.openai.com/v1/realtime?intent=transcription";

/** Plain-object view of `value` (`{}` for anything else). */
export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function pick<T>(value: unknown, fallback: T): T {
  return value === undefined ? fallback : (value as T);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Leading `/`, no trailing `/`. */
export function normalizeUrlPath(path: string): string {
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, "") : withSlash;
}

/** `streaming.*` with defaults; the API key falls back to `OPENAI_API_KEY`. */
export function resolveStreamingConfig(raw: unknown, env: NodeJS.ProcessEnv): StreamingConfig {
  const s = asObject(raw);
  const apiKey = optionalString(s.openaiApiKey) ?? optionalString(env.OPENAI_API_KEY);
  const language = optionalString(s.sttLanguage);
  return {
    enabled: s.enabled === true,
    streamPath: normalizeUrlPath(pick(s.streamPath, "/voice/stream")),
    sttProvider: "openai-realtime",
    ...(apiKey ? { openaiApiKey: apiKey } : {}),
    sttModel: pick(s.sttModel, "gpt-4o-transcribe"),
    ...(language ? { sttLanguage: language } : {}),
    sttUrl: pick(s.sttUrl, OPENAI_REALTIME_URL),
    silenceDurationMs: pick(s.silenceDurationMs, 800),
    vadThreshold: pick(s.vadThreshold, 0.5),
    preStartTimeoutMs: pick(s.preStartTimeoutMs, 5000),
    maxPendingConnections: pick(s.maxPendingConnections, 32),
    maxPendingConnectionsPerIp: pick(s.maxPendingConnectionsPerIp, 4),
    maxConnections: pick(s.maxConnections, 128),
    reconnectGraceMs: pick(s.reconnectGraceMs, 2000),
    upgradeAuth: s.upgradeAuth === "warn" ? "warn" : "enforce",
  };
}

/** `tunnel.*` with defaults; ngrok token and domain fall back to `NGROK_AUTHTOKEN` / `NGROK_DOMAIN`. */
export function resolveTunnelConfig(raw: unknown, env: NodeJS.ProcessEnv): TunnelConfig {
  const t = asObject(raw);
  const token = optionalString(t.ngrokAuthToken) ?? optionalString(env.NGROK_AUTHTOKEN);
  const domain = optionalString(t.ngrokDomain) ?? optionalString(env.NGROK_DOMAIN);
  return {
    provider: pick(t.provider, "none"),
    ...(token ? { ngrokAuthToken: token } : {}),
    ...(domain ? { ngrokDomain: domain } : {}),
    allowNgrokFreeTierLoopbackBypass: t.allowNgrokFreeTierLoopbackBypass === true,
  };
}

/** `tailscale.*` with defaults (`off`, `/voice/webhook`). */
export function resolveTailscaleConfig(raw: unknown): TailscaleConfig {
  const t = asObject(raw);
  return { mode: pick(t.mode, "off"), path: normalizeUrlPath(pick(t.path, "/voice/webhook")) };
}

const UNSAFE_KEYS = new Set(["__proto__", "prototype", "constructor"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep merge as the original's `deepMergeDefined` (spec voice-call.md §1.5): objects merge key by
 * key, `undefined` keeps the base, `null`, arrays and scalars replace, `__proto__`/`prototype`/
 * `constructor` are dropped. Neither input is modified.
 */
export function deepMergeDefined(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) if (!UNSAFE_KEYS.has(key)) out[key] = value;
  for (const [key, value] of Object.entries(override)) {
    if (UNSAFE_KEYS.has(key) || value === undefined) continue;
    out[key] = deepMergeDefined(out[key], value);
  }
  return out;
}
