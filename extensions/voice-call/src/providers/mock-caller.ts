import type { MockCallerConfig } from "../config.js";

/** What the simulated caller does after the bot spoke. */
export type MockCallerAction = { say: string } | { hangup: true } | undefined;

/**
 * The simulated person on a mock call (`mock.caller`): in `script` mode says the next of
 * `utterances` after each thing the bot says, and hangs up once the bot has answered the last one
 * (`hangupWhenDone`); in `echo` mode repeats the bot; in `silent` mode says nothing. One instance per
 * call.
 */
export class MockCaller {
  #next = 0;

  constructor(private readonly config: MockCallerConfig) {}

  /** The caller's reaction to the bot saying `botText`. */
  react(botText: string): MockCallerAction {
    const { mode, utterances, hangupWhenDone } = this.config;
    if (mode === "echo") return { say: botText };
    if (mode !== "script") return undefined;
    if (this.#next < utterances.length) return { say: utterances[this.#next++] as string };
    return hangupWhenDone && utterances.length > 0 ? { hangup: true } : undefined;
  }
}
