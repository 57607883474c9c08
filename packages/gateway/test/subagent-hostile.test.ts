import { describe, expect, it } from "vitest";
import { piParamsToTurn } from "../src/agent/pi-agent-adapter.js";
import type { SessionStore } from "../src/agent/session-store.js";
import { SubagentRuns } from "../src/agent/subagent-runs.js";
import { createSubagentRuntime } from "../src/agent/subagent-runtime.js";

/** A subagent runtime whose plugin is no longer live, over a store that would show a transcript. */
function revokedRuntime() {
  const sessions = {
    read: async (sessionKey: string) => ({
      sessionKey,
      owner: undefined,
      entries: [{ type: "message", timestamp: "t", message: { role: "user", content: "secret" } }],
    }),
  } as unknown as SessionStore;
  const runs = new SubagentRuns({
    run: async () => {
      throw new Error("no turn may start");
    },
    abort: () => false,
  });
  return createSubagentRuntime(
    { runs, sessions, config: () => ({}), isLive: () => false, idle: async () => undefined },
    "gone",
  );
}

describe("api.runtime.subagent after its plugin failed or was disabled", () => {
  it("every call answers PLUGIN_API_REVOKED, reads of other sessions' transcripts included", async () => {
    const subagent = revokedRuntime();
    const calls = [
      () => subagent.run({ sessionKey: "s", message: "m" }),
      () => subagent.waitForRun({ runId: "r" }),
      () => subagent.getSessionMessages({ sessionKey: "user:main" }),
      () => subagent.getSession({ sessionKey: "user:main" }),
      () => subagent.deleteSession({ sessionKey: "s" }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "PLUGIN_API_REVOKED" });
  });
});

describe("runEmbeddedPiAgent with hostile params", () => {
  it("a non-string provider, model or sessionKey is AGENT_INVALID_PARAMS, not a TypeError", () => {
    for (const bad of [{ provider: 5 }, { model: { id: "x" } }, { sessionKey: ["a"] }, { runId: 1 }]) {
      expect(() => piParamsToTurn({}, { prompt: "hi", sessionKey: "s", ...bad } as never)).toThrow(
        expect.objectContaining({ code: "AGENT_INVALID_PARAMS" }),
      );
    }
    expect(
      piParamsToTurn({}, { prompt: "hi", sessionKey: " s ", provider: " fake ", model: "m1" }),
    ).toMatchObject({
      sessionKey: "s",
      model: "fake/m1",
    });
  });
});
