import { createHash } from "node:crypto";
import { boundedTimeout } from "../timers.js";
import type { CallEvent } from "../types.js";
import type { VerifyResult } from "../verification/signatures.js";
import type { WebhookContext } from "../verification/webhook-request.js";
import type {
  CallEventSink,
  InitiateCallParams,
  PlayTtsParams,
  VoiceCallProvider,
  WebhookParseResult,
} from "./provider.js";

/** Options of {@link MockProvider}. */
export interface MockProviderOptions {
  /** Accept unsigned webhooks (`skipSignatureVerification`). */
  acceptUnsigned?: boolean;
  /** Emit ringing then answered after each initiate; default true. */
  autoAnswer: boolean;
  /** Delay from initiate to `call.answered`, in ms; ringing comes at a quarter of it. */
  answerDelayMs: number;
}

/**
 * A provider without network: calls "ring" and are "answered" on timers, speech is recorded in the
 * transcript only. For development and tests.
 */
export class MockProvider implements VoiceCallProvider {
  readonly name = "mock";
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: MockProviderOptions,
    private readonly emit: CallEventSink,
  ) {}

  /**
   * The mock carrier signs nothing, so its webhooks are accepted only with `skipSignatureVerification`
   * (itself allowed only on a loopback bind). Replay key: sha256 of method, URL and body.
   */
  verifyWebhook(ctx: WebhookContext, url: string): VerifyResult {
    if (!this.options.acceptUnsigned) {
      return {
        ok: false,
        reason: "mock webhooks are unsigned: set skipSignatureVerification (loopback development only)",
      };
    }
    return {
      ok: true,
      key: `mock:${createHash("sha256").update(`${ctx.method}\n${url}\n${ctx.rawBody}`).digest("hex")}`,
    };
  }

  /** Parses `{ "events": [ … ] }` or `{ "event": { … } }`; each event needs `type` and `callId`. */
  parseWebhook(ctx: WebhookContext, verifiedKey: string): WebhookParseResult {
    const body = JSON.parse(ctx.rawBody) as { events?: unknown; event?: unknown };
    const list = Array.isArray(body.events) ? body.events : body.event ? [body.event] : [];
    const events = list
      .filter(
        (e): e is Record<string, unknown> =>
          typeof e === "object" &&
          e !== null &&
          typeof (e as { type?: unknown }).type === "string" &&
          typeof (e as { callId?: unknown }).callId === "string",
      )
      .map(
        (e, index) =>
          ({ timestamp: Date.now(), ...e, dedupeKey: `${verifiedKey}:${index}` }) as unknown as CallEvent,
      );
    return { events };
  }

  #later(ms: number, fn: () => void): void {
    const timer = boundedTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  async initiateCall(params: InitiateCallParams): Promise<{ providerCallId: string }> {
    const providerCallId = `mock-${params.callId}`;
    this.#placed.add(providerCallId);
    if (this.options.autoAnswer) {
      const delay = this.options.answerDelayMs;
      this.#later(Math.floor(delay / 4), () =>
        this.emit({ type: "call.ringing", callId: params.callId, timestamp: Date.now() }),
      );
      this.#later(delay, () =>
        this.emit({ type: "call.answered", callId: params.callId, timestamp: Date.now() }),
      );
    }
    return { providerCallId };
  }

  readonly #hungUp = new Set<string>();
  readonly #placed = new Set<string>();

  async hangupCall(params: { callId: string; providerCallId: string }): Promise<void> {
    this.#hungUp.add(params.providerCallId);
  }

  async getCallStatus(params: {
    providerCallId: string;
  }): Promise<{ status: string; isTerminal: boolean; isUnknown?: boolean }> {
    if (this.#hungUp.has(params.providerCallId)) return { status: "completed", isTerminal: true };
    if (this.#placed.has(params.providerCallId)) return { status: "in-progress", isTerminal: false };
    return { status: "unknown", isTerminal: false, isUnknown: true };
  }

  async playTts(_params: PlayTtsParams): Promise<void> {}

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
