import { randomUUID } from "node:crypto";
import { errorMessage, type OpenClawError, type PluginLogger } from "@openclaw/plugin-sdk/core";
import { isE164, maskPhoneNumber } from "@openclaw/plugin-sdk/voice-call";
import { LRUCache } from "lru-cache";
import { isTerminalState, nextCallState } from "./call-state.js";
import type { CallStore } from "./call-store.js";
import type { VoiceCallConfig } from "./config.js";
import { voiceError } from "./errors.js";
import type { VoiceCallProvider } from "./providers/provider.js";
import { boundedTimeout } from "./timers.js";
import type { CallEvent, CallMode, CallRecord, CallState, EndReason } from "./types.js";

/** Parameters of {@link CallManager.initiateCall}. */
export interface InitiateCallRequest {
  /** E.164 callee; default `toNumber` from config. */
  to?: string;
  /** Spoken when the callee answers. */
  message?: string;
  mode?: CallMode;
}

/** Spoken to inbound callers when `inboundGreeting` is not set. */
export const DEFAULT_INBOUND_GREETING = "Hello! How can I help you today?";

function isTerminalEvent(event: CallEvent): boolean {
  return event.type === "call.ended" || event.type === "call.error";
}

/** How many ended calls stay queryable in memory. */
const ENDED_HISTORY = 200;
/** Refused inbound carrier call ids remembered (so a refused call is hung up once), and for how long. */
const REFUSED_MEMORY = { max: 1000, ttl: 10 * 60_000 } as const;
/** Attempts at a timer-driven hangup the carrier refuses, and the pause between them, in ms. */
export const TIMER_HANGUP_ATTEMPTS = 3;
export const TIMER_HANGUP_RETRY_MS = 30_000;

/** Called after every change of a call (after it was appended to the store). */
export type CallChangeListener = (call: Readonly<CallRecord>) => void;

/**
 * Owns calls: places them through the provider, applies carrier events to the state machine, speaks
 * the initial message on answer, hangs up notify calls and enforces the max duration.
 */
export class CallManager {
  readonly #calls = new Map<string, CallRecord>();
  readonly #timers = new Map<string, NodeJS.Timeout[]>();
  readonly #waiters = new Map<string, { resolve(text: string): void; reject(error: Error): void }>();
  readonly #refused = new LRUCache<string, true>(REFUSED_MEMORY);
  readonly #listeners = new Set<CallChangeListener>();
  #provider: VoiceCallProvider | undefined;

  constructor(
    private readonly config: VoiceCallConfig,
    private readonly logger: PluginLogger,
    private readonly store?: CallStore | undefined,
  ) {}

  /** Appends the call's snapshot to the durable store (when there is one), then tells listeners. */
  #persist(call: CallRecord): void {
    try {
      this.store?.append(call);
    } catch (error) {
      this.logger.error("call store append failed", {
        callId: call.callId,
        code: (error as { code?: string }).code,
        error: errorMessage(error),
      });
    }
    for (const listener of this.#listeners) listener(call);
  }

  /** Subscribes to call changes (every state, transcript or end); returns the unsubscribe function. */
  onChange(listener: CallChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Restores calls from the store after a restart: ended calls stay queryable; each unfinished call is
   * reconciled with the carrier — ended there → recorded as `completed`; older than
   * `maxDurationSeconds` with no answer from the carrier → ended as `timeout`; otherwise kept with a
   * fresh max-duration timer for the time it has left. Resolves with how many calls are active.
   */
  async restore(calls: readonly CallRecord[]): Promise<number> {
    const provider = this.#providerOrThrow();
    const maxMs = this.config.maxDurationSeconds * 1000;
    for (const call of calls) this.#calls.set(call.callId, structuredClone(call));
    const open = [...this.#calls.values()].filter((c) => !isTerminalState(c.state));
    await Promise.allSettled(
      open.map(async (call) => {
        let status: { isTerminal: boolean; isUnknown?: boolean } = { isTerminal: false, isUnknown: true };
        if (call.providerCallId) {
          try {
            status = await provider.getCallStatus({ providerCallId: call.providerCallId });
          } catch {
            status = { isTerminal: false, isUnknown: true };
          }
        }
        const age = Date.now() - (call.answeredAt ?? call.startedAt);
        if (status.isTerminal) this.#end(call, "completed");
        else if (age >= maxMs) this.#end(call, "timeout");
        else if (call.answeredAt) this.#scheduleHangup(call, maxMs - age, "timeout");
      }),
    );
    const active = this.activeCalls().length;
    this.logger.info("restored calls from the store", { active, total: calls.length });
    return active;
  }

  #webhookUrl = "";

  /** Attaches the provider and the webhook URL carriers call (done once by the runtime, before restore). */
  attach(provider: VoiceCallProvider, webhookUrl = ""): void {
    this.#provider = provider;
    this.#webhookUrl = webhookUrl;
  }

  /** Sets the webhook URL given to carriers for new calls (known once the webhook server listens). */
  setWebhookUrl(webhookUrl: string): void {
    this.#webhookUrl = webhookUrl;
  }

  #providerOrThrow(): VoiceCallProvider {
    if (!this.#provider)
      throw voiceError("VOICE_RUNTIME_UNAVAILABLE", "voice-call provider is not initialised");
    return this.#provider;
  }

  /** Sizes of the manager's per-call state (for bounds checks and diagnostics). */
  memoryStats(): { calls: number; timers: number; waiters: number; refused: number } {
    return {
      calls: this.#calls.size,
      timers: this.#timers.size,
      waiters: this.#waiters.size,
      refused: this.#refused.size,
    };
  }

  /** Active (non-terminal) calls. */
  activeCalls(): CallRecord[] {
    return [...this.#calls.values()].filter((c) => !isTerminalState(c.state));
  }

  /** Every call in memory (active, then up to 200 recently ended), newest first. */
  listCalls(): CallRecord[] {
    return [...this.#calls.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  /** A call by our id or the provider's id (active or recently ended). */
  getCall(id: string): CallRecord | undefined {
    return this.#calls.get(id) ?? [...this.#calls.values()].find((c) => c.providerCallId === id);
  }

  /**
   * Places an outbound call.
   * @throws {@link OpenClawError} `VOICE_INVALID_NUMBER`, `VOICE_MAX_CONCURRENT`, `VOICE_PROVIDER_ERROR`.
   */
  async initiateCall(request: InitiateCallRequest): Promise<CallRecord> {
    const provider = this.#providerOrThrow();
    const to = request.to?.trim() || this.config.toNumber;
    if (!to) {
      throw voiceError(
        "VOICE_INVALID_NUMBER",
        "no callee: give `to` or set plugins.entries.voice-call.config.toNumber",
      );
    }
    if (!isE164(to)) {
      throw voiceError("VOICE_INVALID_NUMBER", `not an E.164 number: ${to}`, {
        hint: "Use + and the country code, e.g. +15550001234.",
      });
    }
    if (this.activeCalls().length >= this.config.maxConcurrentCalls) {
      throw voiceError(
        "VOICE_MAX_CONCURRENT",
        `maximum concurrent calls (${this.config.maxConcurrentCalls}) reached`,
        {
          hint: "End a call first, or raise maxConcurrentCalls.",
        },
      );
    }
    const call: CallRecord = {
      callId: randomUUID(),
      provider: provider.name,
      direction: "outbound",
      state: "initiated",
      from: this.config.fromNumber,
      to,
      mode: request.mode ?? this.config.outbound.defaultMode,
      startedAt: Date.now(),
      transcript: [],
      ...(request.message?.trim() ? { initialMessage: request.message.trim() } : {}),
    };
    this.#remember(call);
    this.#persist(call);
    try {
      const { providerCallId } = await provider.initiateCall({
        callId: call.callId,
        from: call.from,
        to,
        webhookUrl: this.#webhookUrl,
      });
      call.providerCallId = providerCallId;
      this.#persist(call);
    } catch (error) {
      this.#end(call, "failed");
      throw voiceError(
        "VOICE_PROVIDER_ERROR",
        `${provider.name} refused the call: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.logger.info("call initiated", {
      callId: call.callId,
      to: maskPhoneNumber(to),
      provider: provider.name,
    });
    return call;
  }

  /**
   * Applies one normalised carrier event: an unknown inbound call is accepted or rejected by the
   * inbound policy; a changed carrier id is adopted (Plivo request UUID → call UUID). Unknown calls
   * and events after the end are ignored and leave no state behind. Replayed webhooks never get here:
   * the webhook server's replay cache is the one replay layer.
   */
  processEvent(event: CallEvent): void {
    const call =
      this.getCall(event.callId) ??
      (event.providerCallId ? this.getCall(event.providerCallId) : undefined) ??
      this.#acceptInbound(event);
    if (!call || isTerminalState(call.state)) return;
    if (event.providerCallId && call.providerCallId !== event.providerCallId)
      call.providerCallId = event.providerCallId;
    switch (event.type) {
      case "call.initiated":
        break;
      case "call.dtmf":
        break;
      case "call.ringing":
        this.#transition(call, "ringing");
        break;
      case "call.answered":
        call.answeredAt = event.timestamp;
        this.#transition(call, "answered");
        this.#scheduleHangup(call, this.config.maxDurationSeconds * 1000, "timeout");
        void this.#speakInitialMessage(call);
        break;
      case "call.active":
        this.#transition(call, "active");
        break;
      case "call.speech":
        if (event.isFinal) {
          call.transcript.push({ timestamp: event.timestamp, speaker: "user", text: event.transcript });
          this.#waiters.get(call.callId)?.resolve(event.transcript);
        }
        this.#transition(call, "listening");
        break;
      case "call.ended":
        this.#end(call, event.reason);
        break;
      case "call.error":
        this.logger.warn("call error", { callId: call.callId, error: event.error });
        this.#end(call, "error");
        break;
    }
    this.#persist(call);
  }

  /** Whether the inbound policy admits a caller (`allowlist`: exact E.164 match in `allowFrom`). */
  #inboundAllowed(from: string | undefined): boolean {
    const policy = this.config.inboundPolicy;
    if (policy === "open") return true;
    if (policy !== "allowlist" || !from) return false;
    const digits = from.replace(/[^\d+]/g, "");
    return this.config.allowFrom.some((allowed) => allowed.replace(/[^\d+]/g, "") === digits);
  }

  #acceptInbound(event: CallEvent): CallRecord | undefined {
    if (event.direction !== "inbound" || !event.providerCallId || isTerminalEvent(event)) return undefined;
    const provider = this.#provider;
    if (!this.#inboundAllowed(event.from)) {
      if (provider && !this.#refused.has(event.providerCallId)) {
        this.#refused.set(event.providerCallId, true);
        this.logger.info("inbound call rejected by policy", {
          policy: this.config.inboundPolicy,
          from: maskPhoneNumber(event.from ?? "unknown"),
        });
        provider
          .hangupCall({ callId: event.callId, providerCallId: event.providerCallId })
          .catch((error: Error) =>
            this.logger.warn("rejecting inbound call failed", { error: error.message }),
          );
      }
      return undefined;
    }
    if (this.activeCalls().length >= this.config.maxConcurrentCalls) {
      this.logger.warn("inbound call rejected: maxConcurrentCalls reached", {
        max: this.config.maxConcurrentCalls,
      });
      provider
        ?.hangupCall({ callId: event.callId, providerCallId: event.providerCallId })
        .catch(() => undefined);
      return undefined;
    }
    const call: CallRecord = {
      callId: randomUUID(),
      providerCallId: event.providerCallId,
      provider: provider?.name ?? "unknown",
      direction: "inbound",
      state: "ringing",
      from: event.from ?? "unknown",
      to: event.to ?? this.config.fromNumber,
      mode: "conversation",
      startedAt: event.timestamp,
      transcript: [],
      initialMessage: this.config.inboundGreeting ?? DEFAULT_INBOUND_GREETING,
    };
    this.#remember(call);
    this.#persist(call);
    this.logger.info("inbound call accepted", { callId: call.callId, from: maskPhoneNumber(call.from) });
    if (provider?.answerCall) {
      provider
        .answerCall({ callId: call.callId, providerCallId: event.providerCallId })
        .catch((error: Error) => {
          this.logger.warn("answering inbound call failed", { callId: call.callId, error: error.message });
          this.#end(call, "failed");
        });
    }
    return call;
  }

  /**
   * Speaks `text` on a live call.
   * @throws {@link OpenClawError} `VOICE_CALL_NOT_FOUND`, `VOICE_CALL_ENDED`, `VOICE_PROVIDER_ERROR`.
   */
  async speak(callId: string, text: string): Promise<CallRecord> {
    const call = this.#live(callId);
    const provider = this.#providerOrThrow();
    this.#transition(call, "speaking");
    call.transcript.push({ timestamp: Date.now(), speaker: "bot", text });
    this.#persist(call);
    try {
      await provider.playTts({ callId: call.callId, providerCallId: call.providerCallId ?? "", text });
    } catch (error) {
      throw voiceError(
        "VOICE_PROVIDER_ERROR",
        `${provider.name} could not play speech: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return call;
  }

  /**
   * One conversation turn: speaks `prompt`, then waits for the callee's next final transcript (at most
   * `transcriptTimeoutMs`). Always settles: with the transcript, or with a coded error when the call
   * ends, the wait times out, or a turn is already in progress.
   * @throws {@link OpenClawError} `VOICE_CALL_NOT_FOUND`, `VOICE_CALL_ENDED` (also when it ends while
   * waiting), `VOICE_TURN_IN_PROGRESS`, `VOICE_TRANSCRIPT_TIMEOUT` (the callee stayed silent; the call
   * stays up), `VOICE_PROVIDER_ERROR` (speech could not be played).
   */
  async continueCall(callId: string, prompt: string): Promise<{ transcript: string; call: CallRecord }> {
    const call = this.#live(callId);
    if (this.#waiters.has(call.callId))
      throw voiceError("VOICE_TURN_IN_PROGRESS", `call ${callId} is already waiting for an answer`);
    const transcript = new Promise<string>((resolve, reject) => {
      const timer = boundedTimeout(() => {
        this.#waiters.delete(call.callId);
        reject(
          voiceError(
            "VOICE_TRANSCRIPT_TIMEOUT",
            `the callee said nothing within ${this.config.transcriptTimeoutMs} ms`,
            { details: { callId: call.callId } },
          ),
        );
      }, this.config.transcriptTimeoutMs);
      this.#waiters.set(call.callId, {
        resolve: (text) => {
          clearTimeout(timer);
          this.#waiters.delete(call.callId);
          resolve(text);
        },
        reject: (error) => {
          clearTimeout(timer);
          this.#waiters.delete(call.callId);
          reject(error);
        },
      });
    });
    // Handled below; this keeps a rejection that lands while speaking from counting as unhandled.
    transcript.catch(() => undefined);
    try {
      await this.speak(call.callId, prompt);
    } catch (error) {
      this.#waiters.get(call.callId)?.reject(error as Error);
    }
    const text = await transcript;
    return { transcript: text, call };
  }

  /**
   * Ends calls that never got past ringing within `staleCallReaperSeconds` (a lost carrier webhook
   * must not hold a concurrency slot forever) as `no-answer`. Returns how many were ended.
   */
  reapStaleCalls(now: number = Date.now()): number {
    const limit = this.config.staleCallReaperSeconds * 1000;
    if (limit <= 0) return 0;
    let reaped = 0;
    for (const call of this.activeCalls()) {
      if (!call.answeredAt && now - call.startedAt > limit) {
        void this.#hangup(call, "no-answer").catch(() => this.#end(call, "no-answer"));
        reaped++;
      }
    }
    return reaped;
  }

  /**
   * Hangs up a call (end reason `hangup-bot`). Ending an ended call returns it unchanged.
   * @throws {@link OpenClawError} `VOICE_CALL_NOT_FOUND`, `VOICE_PROVIDER_ERROR` (the call stays active).
   */
  async endCall(callId: string): Promise<CallRecord> {
    const call = this.getCall(callId);
    if (!call) throw this.#notFound(callId);
    if (isTerminalState(call.state)) return call;
    await this.#hangup(call, "hangup-bot");
    return call;
  }

  /** Cancels every timer (runtime stop). Calls keep their current state. */
  close(): void {
    for (const timers of this.#timers.values()) for (const t of timers) clearTimeout(t);
    this.#timers.clear();
  }

  #notFound(callId: string): OpenClawError {
    return voiceError("VOICE_CALL_NOT_FOUND", `no call with id ${callId}`, {
      hint: "Check the id printed by `openclaw voicecall call`.",
    });
  }

  #live(callId: string): CallRecord {
    const call = this.getCall(callId);
    if (!call) throw this.#notFound(callId);
    if (isTerminalState(call.state)) {
      throw voiceError("VOICE_CALL_ENDED", `call ${callId} has ended (${call.endReason})`);
    }
    return call;
  }

  async #speakInitialMessage(call: CallRecord): Promise<void> {
    const message = call.initialMessage;
    if (!message) return;
    delete call.initialMessage;
    this.#persist(call);
    try {
      await this.speak(call.callId, message);
    } catch (error) {
      this.logger.warn("initial message failed", { callId: call.callId, error: (error as Error).message });
    }
    if (call.mode === "notify" && !isTerminalState(call.state)) {
      this.#scheduleHangup(call, this.config.outbound.notifyHangupDelaySec * 1000, "hangup-bot");
    }
  }

  async #hangup(call: CallRecord, reason: EndReason): Promise<void> {
    if (isTerminalState(call.state)) return;
    const provider = this.#providerOrThrow();
    try {
      await provider.hangupCall({ callId: call.callId, providerCallId: call.providerCallId ?? "" });
    } catch (error) {
      throw voiceError(
        "VOICE_PROVIDER_ERROR",
        `${provider.name} could not hang up: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.#end(call, reason);
  }

  #transition(call: CallRecord, next: CallState): void {
    call.state = nextCallState(call.state, next);
  }

  #end(call: CallRecord, reason: EndReason): void {
    if (isTerminalState(call.state)) return;
    this.#waiters.get(call.callId)?.reject(voiceError("VOICE_CALL_ENDED", `call ended: ${reason}`));
    call.state = reason;
    call.endReason = reason;
    call.endedAt = Date.now();
    this.#persist(call);
    for (const t of this.#timers.get(call.callId) ?? []) clearTimeout(t);
    this.#timers.delete(call.callId);
    this.logger.info("call ended", { callId: call.callId, reason });
  }

  #schedule(call: CallRecord, ms: number, fn: () => void): void {
    const timer = boundedTimeout(fn, ms);
    this.#timers.set(call.callId, [...(this.#timers.get(call.callId) ?? []), timer]);
  }

  /**
   * A hangup on a timer (max duration, notify delay). A carrier refusal is never an unhandled
   * rejection: it is logged with its code and retried {@link TIMER_HANGUP_ATTEMPTS} times
   * {@link TIMER_HANGUP_RETRY_MS} apart while the call stays active; after the last refusal the call
   * is ended locally as `error` so it does not hold a concurrency slot forever.
   */
  #scheduleHangup(call: CallRecord, ms: number, reason: EndReason, attempt = 1): void {
    this.#schedule(call, ms, () => {
      this.#hangup(call, reason).catch((error: unknown) => {
        const last = attempt >= TIMER_HANGUP_ATTEMPTS;
        this.logger.error("timed hangup failed", {
          callId: call.callId,
          reason,
          attempt,
          code: (error as { code?: string }).code ?? "VOICE_PROVIDER_ERROR",
          error: errorMessage(error),
          next: last ? "ending the call locally as error" : `retry in ${TIMER_HANGUP_RETRY_MS} ms`,
        });
        if (last) this.#end(call, "error");
        else this.#scheduleHangup(call, TIMER_HANGUP_RETRY_MS, reason, attempt + 1);
      });
    });
  }

  #remember(call: CallRecord): void {
    this.#calls.set(call.callId, call);
    if (this.#calls.size <= ENDED_HISTORY) return;
    for (const [id, c] of this.#calls) {
      if (this.#calls.size <= ENDED_HISTORY) break;
      if (isTerminalState(c.state)) this.#calls.delete(id);
    }
  }
}
