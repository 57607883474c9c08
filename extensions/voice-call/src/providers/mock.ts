import type { CallEventSink, InitiateCallParams, PlayTtsParams, VoiceCallProvider } from "./provider.js";

/** Options of {@link MockProvider}. */
export interface MockProviderOptions {
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

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
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
