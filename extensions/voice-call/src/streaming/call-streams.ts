import type { IncomingMessage } from "node:http";
import { errorMessage, type PluginLogger } from "@openclaw/plugin-sdk/core";
import type { CallManager, CallStreamPort } from "../call-manager.js";
import type { VoiceCallConfig } from "../config.js";
import { voiceError, voiceErrors } from "../errors.js";
import type { InboundStreamEvent } from "../media/carriers/carrier-codec.js";
import { MediaStreamServer, type StreamAuthorization } from "../media/media-stream-server.js";
import type { MediaStreamSession } from "../media/media-stream-session.js";
import { StreamTokens } from "../media/stream-tokens.js";
import type { VoiceCallProvider } from "../providers/provider.js";
import type {
  RealtimeTranscriptionProvider,
  RealtimeTranscriptionSession,
} from "../stt/realtime-transcription.js";
import { prefetch } from "../tts/prefetch.js";
import type { TelephonySpeech } from "../tts/telephony-speech.js";
import type { CallRecord } from "../types.js";
import { normalizeIp, trustsForwarding } from "../webhook/public-url.js";
import { isLikelyEcho, wordCount } from "./echo-filter.js";
import { streamUpgradeUrls } from "./stream-upgrade-urls.js";

/** After our audio stops, heard text that repeats it still counts as echo for this many ms. */
const ECHO_TAIL_MS = 3000;
/** Texts we spoke that echo checks compare against. */
const SPOKEN_MEMORY = 6;

interface LiveStream {
  session: MediaStreamSession;
  stt?: RealtimeTranscriptionSession;
  spoken: string[];
  synthesis: Set<AbortController>;
}

/** Inputs of {@link CallStreams}. */
export interface CallStreamsOptions {
  config: VoiceCallConfig;
  provider: VoiceCallProvider;
  manager: CallManager;
  logger: PluginLogger;
  /** Telephony TTS; without it speaking on a streaming call fails with `VOICE_TTS_FAILED`. */
  speech?: TelephonySpeech | undefined;
  /** Realtime STT; without it (or without an API key) streams carry speech out only. */
  transcription?: RealtimeTranscriptionProvider | undefined;
  sessionOptions?: { leadMs?: number; markGraceMs?: number };
}

/**
 * Media streams of all calls of one runtime: asks the carrier for a stream (markup or REST), admits
 * the carrier's WebSocket against the call's token, pipes caller audio to realtime STT, turns final
 * transcripts into `call.speech` events, plays TTS over the socket, and handles barge-in — a
 * caller who speaks over us (not our own echo) clears playback and aborts pending synthesis and
 * whatever registered with {@link onBargeIn}. A stream that drops ends its call unless a new one
 * starts within `streaming.reconnectGraceMs`.
 */
export class CallStreams implements CallStreamPort {
  readonly tokens: StreamTokens = new StreamTokens();
  readonly server: MediaStreamServer;
  readonly #options: CallStreamsOptions;
  readonly #live = new Map<string, LiveStream>();
  readonly #waiting = new Map<string, Array<(live: LiveStream | undefined) => void>>();
  readonly #grace = new Map<string, NodeJS.Timeout>();
  readonly #bargeInListeners = new Set<(callId: string) => void>();
  #webhookUrl = "";
  #warnedNoStt = false;

  constructor(options: CallStreamsOptions) {
    this.#options = options;
    const { config, provider, logger } = options;
    const carrier = provider.streamCarrier;
    if (!carrier) throw voiceError("VOICE_CONFIG_INVALID", `provider ${provider.name} has no media streams`);
    this.server = new MediaStreamServer({
      carrier,
      path: config.streaming.streamPath,
      limits: config.streaming,
      logger,
      authorize: (start) => this.#authorize(start),
      onSession: (session) => this.#onSession(session),
      onSessionEnd: (session) => this.#onSessionEnd(session),
      clientIp: (request) => this.#clientIp(request),
      ...(provider.verifyStreamUpgrade && !config.skipSignatureVerification
        ? { authenticateUpgrade: (request: IncomingMessage) => this.#authenticateUpgrade(request) }
        : {}),
      ...(options.sessionOptions ? { sessionOptions: options.sessionOptions } : {}),
    });
    provider.useMediaStreams?.({
      streamUrl: () => this.streamUrl(),
      issueToken: (id) => this.tokens.issue(id),
    });
  }

  /** Sets the webhook URL the stream URL derives from (`publicUrl`, else the local server URL). */
  setWebhookUrl(url: string): void {
    this.#webhookUrl = url;
  }

  /** `wss://<public host><streamPath>` (`ws://` for a plain-HTTP local URL). */
  streamUrl(): string {
    const base = new URL(this.#webhookUrl || "http://127.0.0.1/");
    const scheme = base.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${base.host}${this.#options.config.streaming.streamPath}`;
  }

  /** Registers a listener told about every barge-in (the auto-responder aborts its turn). */
  onBargeIn(listener: (callId: string) => void): () => void {
    this.#bargeInListeners.add(listener);
    return () => this.#bargeInListeners.delete(listener);
  }

  handles(_call: CallRecord): boolean {
    return this.#options.config.streaming.enabled;
  }

  /** True while our audio for the call is queued or playing. */
  isSpeaking(callId: string): boolean {
    return this.#live.get(callId)?.session.isSpeaking === true;
  }

  callAnswered(call: CallRecord): void {
    const { provider, logger } = this.#options;
    if (!provider.startMediaStream || !call.providerCallId) return;
    provider
      .startMediaStream({
        providerCallId: call.providerCallId,
        streamUrl: this.streamUrl(),
        token: this.tokens.issue(call.providerCallId),
      })
      .catch((error: unknown) =>
        logger.warn("starting the media stream failed", { callId: call.callId, error: errorMessage(error) }),
      );
  }

  callEnded(call: CallRecord): void {
    if (call.providerCallId) this.tokens.revoke(call.providerCallId);
    clearTimeout(this.#grace.get(call.callId));
    this.#grace.delete(call.callId);
    const live = this.#live.get(call.callId);
    if (live) this.server.closeSession(live.session);
    for (const wake of this.#waiting.get(call.callId) ?? []) wake(undefined);
    this.#waiting.delete(call.callId);
  }

  /**
   * Speaks `text` over the call's stream (waiting up to `preStartTimeoutMs` + `reconnectGraceMs` for it
   * to connect or reconnect):
   * synthesis starts at once, playback when earlier entries are done. Resolves when played or cut
   * by a barge-in.
   * @throws `OpenClawError` `VOICE_STREAM_UNAVAILABLE` (no stream), `VOICE_TTS_FAILED` (no TTS, or synthesis failed).
   */
  async speak(call: CallRecord, text: string): Promise<void> {
    const { speech, config } = this.#options;
    if (!speech)
      throw voiceError(
        "VOICE_TTS_FAILED",
        "this host offers no telephony TTS (api.runtime.tts) for streaming calls",
        {
          hint: "Run Voice Call inside the OpenClaw gateway, or turn streaming.enabled off to use the carrier's voices.",
        },
      );
    const live = await this.#waitForStream(
      call.callId,
      config.streaming.preStartTimeoutMs + config.streaming.reconnectGraceMs,
    );
    if (!live)
      throw voiceError("VOICE_STREAM_UNAVAILABLE", `call ${call.callId} has no media stream to speak over`, {
        details: { callId: call.callId },
      });
    live.spoken.push(text);
    if (live.spoken.length > SPOKEN_MEMORY) live.spoken.shift();
    const controller = new AbortController();
    live.synthesis.add(controller);
    try {
      const result = await live.session.enqueue(prefetch(speech.synthesize(text, controller.signal)));
      if (result.status === "failed")
        throw voiceError("VOICE_TTS_FAILED", `speech synthesis failed: ${errorMessage(result.error)}`, {
          cause: result.error,
        });
    } finally {
      controller.abort();
      live.synthesis.delete(controller);
    }
  }

  /** Barge-in: clears the call's playback, aborts its pending synthesis, tells the listeners. */
  bargeIn(callId: string): void {
    const live = this.#live.get(callId);
    if (live) {
      live.session.clear();
      for (const controller of live.synthesis) controller.abort();
    }
    for (const listener of this.#bargeInListeners) listener(callId);
  }

  #waitForStream(callId: string, timeoutMs: number): Promise<LiveStream | undefined> {
    const live = this.#live.get(callId);
    if (live) return Promise.resolve(live);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      timer.unref();
      const done = (value: LiveStream | undefined) => {
        clearTimeout(timer);
        const list = this.#waiting.get(callId) ?? [];
        this.#waiting.set(
          callId,
          list.filter((w) => w !== done),
        );
        resolve(value);
      };
      this.#waiting.set(callId, [...(this.#waiting.get(callId) ?? []), done]);
    });
  }

  #clientIp(request: IncomingMessage): string {
    const remote = normalizeIp(request.socket.remoteAddress) ?? "unknown";
    const ctx = {
      headers: request.headers,
      rawBody: "",
      method: "GET",
      url: request.url ?? "/",
      remoteAddress: remote,
    };
    if (!trustsForwarding(ctx, this.#options.config.webhookSecurity)) return remote;
    const forwarded = request.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    return normalizeIp(first) ?? remote;
  }

  /** The carrier's handshake authentication of an upgrade: undefined when it passes, else why not. */
  #authenticateUpgrade(request: IncomingMessage): string | undefined {
    const { provider, config } = this.#options;
    const { publicUrl } = config;
    const verdict = provider.verifyStreamUpgrade?.(request, {
      urls: streamUpgradeUrls(request, this.streamUrl(), publicUrl, config.webhookSecurity),
      publicPort: publicUrl ? new URL(publicUrl).port || undefined : undefined,
      isIssuedToken: (token) => this.tokens.isIssued(token),
    });
    if (!verdict || verdict.ok) return undefined;
    if (config.streaming.upgradeAuth === "enforce") return verdict.reason;
    this.#options.logger.warn(
      "media stream upgrade failed the carrier's handshake check (streaming.upgradeAuth: warn)",
      {
        code: voiceErrors.codes.VOICE_STREAM_UNAUTHORIZED,
        reason: verdict.reason,
      },
    );
    return undefined;
  }

  #authorize(start: Extract<InboundStreamEvent, { kind: "start" }>): StreamAuthorization {
    const call = this.#options.manager.getCall(start.providerCallId);
    if (!call || call.endedAt !== undefined) return { ok: false, reason: "unknown call" };
    if (!this.tokens.verify(start.providerCallId, start.token)) return { ok: false, reason: "invalid token" };
    return { ok: true, callId: call.callId };
  }

  #onSession(session: MediaStreamSession): void {
    const { logger } = this.#options;
    const previous = this.#live.get(session.callId);
    previous?.stt?.close();
    clearTimeout(this.#grace.get(session.callId));
    this.#grace.delete(session.callId);
    const live: LiveStream = { session, spoken: previous?.spoken ?? [], synthesis: new Set() };
    const stt = this.#createStt(session.callId, live);
    if (stt) live.stt = stt;
    session.listen({ onAudio: (frame) => live.stt?.sendAudio(frame) });
    this.#live.set(session.callId, live);
    logger.info("media stream connected", { callId: session.callId, streamId: session.streamId });
    for (const wake of this.#waiting.get(session.callId) ?? []) wake(live);
    // Media flowing means the call is up, even where no "answered" webhook comes (Twilio inbound).
    const call = this.#options.manager.getCall(session.callId);
    if (call && call.answeredAt === undefined) {
      this.#options.manager.processEvent({
        type: "call.answered",
        callId: call.callId,
        timestamp: Date.now(),
        ...(call.providerCallId ? { providerCallId: call.providerCallId } : {}),
      });
    }
    stt?.connect().catch((error: unknown) =>
      logger.warn("realtime transcription did not connect", {
        callId: session.callId,
        error: errorMessage(error),
      }),
    );
  }

  #createStt(callId: string, live: LiveStream): RealtimeTranscriptionSession | undefined {
    const { transcription, config, logger } = this.#options;
    const s = config.streaming;
    if (!transcription || !s.openaiApiKey) {
      if (!this.#warnedNoStt)
        logger.warn("streaming without speech-to-text: set streaming.openaiApiKey (or OPENAI_API_KEY)");
      this.#warnedNoStt = true;
      return undefined;
    }
    return transcription.createSession(
      {
        apiKey: s.openaiApiKey,
        model: s.sttModel,
        url: s.sttUrl,
        silenceDurationMs: s.silenceDurationMs,
        vadThreshold: s.vadThreshold,
        ...(s.sttLanguage ? { language: s.sttLanguage } : {}),
      },
      {
        onPartial: (text) => this.#onHeard(callId, live, text, false),
        onTranscript: (text) => this.#onHeard(callId, live, text, true),
        onError: (error) => logger.warn("realtime transcription failed", { callId, error: error.message }),
      },
    );
  }

  /** True when `text` is our own audio coming back rather than the caller. */
  #isEcho(live: LiveStream, text: string): boolean {
    const recent = live.session.isSpeaking || performance.now() - live.session.lastPlayedAt < ECHO_TAIL_MS;
    return recent && isLikelyEcho(text, live.spoken);
  }

  #onHeard(callId: string, live: LiveStream, text: string, final: boolean): void {
    if (this.#isEcho(live, text)) {
      if (final) this.#options.logger.debug("ignored echo of our own speech", { callId });
      return;
    }
    if (!final) {
      if (live.session.isSpeaking && wordCount(text) >= 2) this.bargeIn(callId);
      return;
    }
    this.bargeIn(callId);
    const call = this.#options.manager.getCall(callId);
    if (!call) return;
    this.#options.manager.processEvent({
      type: "call.speech",
      callId,
      timestamp: Date.now(),
      transcript: text,
      isFinal: true,
      ...(call.providerCallId ? { providerCallId: call.providerCallId } : {}),
    });
  }

  #onSessionEnd(session: MediaStreamSession): void {
    const live = this.#live.get(session.callId);
    if (live?.session !== session) return;
    live.stt?.close();
    for (const controller of live.synthesis) controller.abort();
    this.#live.delete(session.callId);
    const call = this.#options.manager.getCall(session.callId);
    if (!call || call.endedAt !== undefined) return;
    const { logger, config, manager } = this.#options;
    logger.warn("media stream lost; ending the call unless it reconnects", {
      callId: session.callId,
      graceMs: config.streaming.reconnectGraceMs,
    });
    const timer = setTimeout(() => {
      this.#grace.delete(session.callId);
      if (this.#live.has(session.callId)) return;
      manager
        .endCall(session.callId)
        .catch((error: unknown) =>
          logger.warn("ending the call after stream loss failed", { error: errorMessage(error) }),
        );
    }, config.streaming.reconnectGraceMs);
    timer.unref();
    this.#grace.set(session.callId, timer);
  }

  /** Stops every stream and timer (runtime stop). */
  async close(): Promise<void> {
    for (const timer of this.#grace.values()) clearTimeout(timer);
    this.#grace.clear();
    for (const live of this.#live.values()) live.stt?.close();
    await this.server.close();
  }
}
