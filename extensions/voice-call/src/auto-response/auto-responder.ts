import {
  errorMessage,
  isOpenClawError,
  type PluginLogger,
  type PluginRuntimeAgent,
} from "@openclaw/plugin-sdk/core";
import type { CallManager } from "../call-manager.js";
import type { VoiceCallConfig } from "../config.js";
import { voiceError } from "../errors.js";
import { SentenceSegmenter } from "../tts/sentence-segmenter.js";
import type { CallRecord } from "../types.js";

/** Appended to the agent's system prompt when `responseSystemPrompt` is not set. */
export function defaultVoicePrompt(caller: string): string {
  return [
    "You are a helpful voice assistant on a phone call.",
    `The caller's number is ${caller}.`,
    "Answer briefly and conversationally (one or two sentences), as plain spoken text: no markdown, lists or emoji.",
  ].join(" ");
}

/** Session key of a caller: `voice:<digits of their number>`. */
export function voiceSessionKey(call: CallRecord): string {
  const caller = call.direction === "inbound" ? call.from : call.to;
  return `voice:${caller.replace(/\D/g, "") || "unknown"}`;
}

/** Inputs of {@link AutoResponder}. */
export interface AutoResponderOptions {
  config: VoiceCallConfig;
  manager: CallManager;
  logger: PluginLogger;
  /** `api.runtime.agent` when the host has one (feature-tested, never stubbed). */
  agent: PluginRuntimeAgent | undefined;
  /** True when the call's speech goes over a media stream (reply spoken sentence by sentence). */
  streaming(call: CallRecord): boolean;
  /** Subscribes to barge-ins (media streams); returns the unsubscribe function. */
  onBargeIn?: (listener: (callId: string) => void) => () => void;
}

/**
 * Answers callers with the agent (spec voice-call.md §8, done better): every final transcript of
 * an inbound or conversation-mode call that no `continue` turn awaits runs one agent turn in
 * session `voice:<caller digits>` with `responseModel`, the system prompt and `responseTimeoutMs`.
 * On streaming calls the reply is spoken sentence by sentence as the model writes it; elsewhere
 * (carrier-webhook transcripts on Twilio `<Gather>`, Telnyx, Plivo) once complete. A newer
 * transcript or a barge-in aborts the turn in flight, so a stale reply is never spoken.
 */
export class AutoResponder {
  readonly #options: AutoResponderOptions;
  readonly #turns = new Map<string, AbortController>();
  readonly #unsubscribe: Array<() => void> = [];
  #reportedMissingAgent = false;

  constructor(options: AutoResponderOptions) {
    this.#options = options;
    this.#unsubscribe.push(options.manager.onTranscript((call, text) => this.#onTranscript(call, text)));
    if (options.onBargeIn) this.#unsubscribe.push(options.onBargeIn((callId) => this.#abort(callId)));
  }

  /** Whether a turn is running for the call. */
  isResponding(callId: string): boolean {
    return this.#turns.has(callId);
  }

  #abort(callId: string): void {
    this.#turns.get(callId)?.abort();
    this.#turns.delete(callId);
  }

  #onTranscript(call: CallRecord, text: string): void {
    if (call.direction !== "inbound" && call.mode !== "conversation") return;
    const { agent, logger } = this.#options;
    if (typeof agent?.runEmbeddedAgent !== "function") {
      if (!this.#reportedMissingAgent) {
        const error = voiceError(
          "VOICE_AGENT_UNAVAILABLE",
          "cannot auto-respond: this host has no agent runtime",
        );
        logger.warn(error.message, { code: error.code, hint: error.hint });
      }
      this.#reportedMissingAgent = true;
      return;
    }
    this.#abort(call.callId);
    const controller = new AbortController();
    this.#turns.set(call.callId, controller);
    void this.#respond(agent, call, text, controller)
      .catch((error: unknown) =>
        logger.warn("auto-response failed", {
          callId: call.callId,
          error: errorMessage(error),
          ...(isOpenClawError(error) ? { code: error.code } : {}),
        }),
      )
      .finally(() => {
        if (this.#turns.get(call.callId) === controller) this.#turns.delete(call.callId);
      });
  }

  async #respond(
    agent: PluginRuntimeAgent,
    call: CallRecord,
    text: string,
    controller: AbortController,
  ): Promise<void> {
    const { config, manager, logger } = this.#options;
    const streaming = this.#options.streaming(call);
    const spoken: Promise<unknown>[] = [];
    const say = (sentence: string) => {
      if (controller.signal.aborted || sentence === "") return;
      spoken.push(
        manager.speak(call.callId, sentence).catch((error: unknown) => {
          if (!controller.signal.aborted)
            logger.warn("speaking the reply failed", { callId: call.callId, error: errorMessage(error) });
        }),
      );
    };
    const segmenter = new SentenceSegmenter();
    let streamed = false;
    const caller = call.direction === "inbound" ? call.from : call.to;
    const result = await agent.runEmbeddedAgent({
      sessionKey: voiceSessionKey(call),
      prompt: text,
      messageProvider: "voice",
      extraSystemPrompt: config.responseSystemPrompt ?? defaultVoicePrompt(caller),
      timeoutMs: config.responseTimeoutMs,
      signal: controller.signal,
      ...(config.responseModel ? { model: config.responseModel } : {}),
      ...(streaming
        ? {
            onTextDelta: (delta: string) => {
              streamed = true;
              for (const sentence of segmenter.push(delta)) say(sentence);
            },
          }
        : {}),
    });
    if (result.aborted || controller.signal.aborted) return;
    say(streamed ? segmenter.flush() : result.text.trim());
    await Promise.all(spoken);
  }

  /** Aborts every turn and stops listening (runtime stop). */
  close(): void {
    for (const controller of this.#turns.values()) controller.abort();
    this.#turns.clear();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
