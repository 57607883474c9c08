import { Script } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  currentPluginScope,
  finishPluginCall,
  type PluginCallSpec,
  runPluginCall,
  type StartedPluginCall,
  startPluginCalls,
} from "../src/runtime/plugin-call.js";

// The watchdog is V8's own wall clock, so a test that must overrun a budget has to burn real time.
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

function startAll(specs: PluginCallSpec[]): StartedPluginCall[] {
  const started: StartedPluginCall[] = [];
  startPluginCalls(
    (index) => specs[index],
    (call) => started.push(call) > 0,
  );
  return started;
}

const hook = (pluginId: string, fn: () => unknown, budgetMs = 5000): PluginCallSpec => ({
  scope: { pluginId, call: "hook", name: "llm_output" },
  budgetMs,
  fn,
});

describe("plugin calls under the watchdog", () => {
  afterEach(() => vi.restoreAllMocks());

  it("runs twenty synchronous calls under one watchdog window, each in its plugin's scope", () => {
    const windows = vi.spyOn(Script.prototype, "runInThisContext");
    const seen: (string | undefined)[] = [];
    const specs = Array.from({ length: 20 }, (_, i) =>
      hook(`p${i}`, () => {
        seen.push(currentPluginScope()?.pluginId);
        return i;
      }),
    );
    const started = startAll(specs);
    expect(windows).toHaveBeenCalledTimes(1);
    expect(started.map((c) => (c.ok ? c.value : "failed"))).toEqual(specs.map((_, i) => i));
    expect(seen).toEqual(specs.map((s) => s.scope.pluginId));
  });

  it("interrupts only the call that loops, as PLUGIN_CALL_BLOCKED, and runs the next ones", () => {
    const started = startAll([
      hook("before", () => "a", 40),
      hook(
        "looping",
        () => {
          for (;;);
        },
        40,
      ),
      hook("after", () => "c", 40),
    ]);
    expect(started.map((c) => [c.scope.pluginId, c.ok])).toEqual([
      ["before", true],
      ["looping", false],
      ["after", true],
    ]);
    const blocked = started[1] as StartedPluginCall & { ok: false };
    expect(blocked.error).toMatchObject({ code: "PLUGIN_CALL_BLOCKED", details: { pluginId: "looping" } });
  });

  it("gives every call its whole budget even when earlier calls used most of a shared window", () => {
    // The first call uses 60 of the window's 110 ms; the second needs 70 ms of its 100 ms budget, so it
    // must get a window of its own instead of being interrupted at the first one's deadline.
    const started = startAll([hook("first", () => busy(60), 100), hook("second", () => busy(70), 100)]);
    expect(started.map((c) => c.ok)).toEqual([true, true]);
  });

  it("stops when onStarted returns false and resumes from a given index", () => {
    const specs = [hook("a", () => 1), hook("b", () => Promise.resolve(2)), hook("c", () => 3)];
    const first: StartedPluginCall[] = [];
    startPluginCalls(
      (i) => specs[i],
      (call) => first.push(call) < 2,
    );
    expect(first.map((c) => c.scope.pluginId)).toEqual(["a", "b"]);
    const rest: string[] = [];
    startPluginCalls(
      (i) => specs[i],
      (call) => rest.push(call.scope.pluginId) > 0,
      2,
    );
    expect(rest).toEqual(["c"]);
  });

  it("times a returned promise against what is left of the budget (PLUGIN_CALL_TIMEOUT)", async () => {
    vi.useFakeTimers();
    try {
      const [call] = startAll([hook("hung", () => new Promise(() => {}), 1000)]);
      const finished = finishPluginCall(call as StartedPluginCall);
      const assertion = expect(finished).rejects.toMatchObject({
        code: "PLUGIN_CALL_TIMEOUT",
        details: { pluginId: "hung", budgetMs: 1000 },
      });
      await vi.advanceTimersByTimeAsync(1000);
      await assertion;
    } finally {
      vi.useRealTimers();
    }
  });

  it("runPluginCall rejects with the plugin's own error, unchanged", async () => {
    const error = new Error("plugin bug");
    await expect(
      runPluginCall({ pluginId: "p", call: "method" }, () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });
});
