import { afterEach, describe, expect, it, vi } from "vitest";
import { createTurnState } from "../src/agent/turn-state.js";
import type { AgentDeps } from "../src/agent/types.js";

const deps = { config: () => ({}), workspaceDir: "/tmp" } as unknown as AgentDeps;

afterEach(() => vi.restoreAllMocks());

describe("agent turn budget (timeoutMs) beyond what a timer holds", () => {
  it("a timeoutMs past 2^31-1 ms neither fires after 1 ms (timer overflow) nor throws a RangeError", () => {
    const warnings = vi.spyOn(process, "emitWarning");
    for (const timeoutMs of [2 ** 31, 3e9, 1e300]) {
      const state = createTurnState(deps, { prompt: "hi", timeoutMs });
      expect(state.timeout.aborted).toBe(false);
    }
    expect(warnings.mock.calls.map((call) => String(call[1] ?? call[0]))).not.toContainEqual(
      expect.stringContaining("TimeoutOverflowWarning"),
    );
  });

  it("still refuses a timeoutMs that is not a positive number", () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createTurnState(deps, { prompt: "hi", timeoutMs })).toThrow(
        expect.objectContaining({ code: "AGENT_INVALID_PARAMS" }),
      );
    }
  });
});
