import { createHostLogger } from "@openclaw/plugin-loader";
import type { OpenClawConfig, PluginHookHandler, PluginHookName } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { HookRunner, prepareAgentRun } from "../src/index.js";
import { registryWithPlugins } from "./support/plugin-registry.js";

const BUDGETS: OpenClawConfig = {
  plugins: { entries: { hostile: { hooks: { timeoutMs: 50 } }, outer: { hooks: { timeoutMs: 2000 } } } },
};

function setup() {
  const registry = registryWithPlugins("hostile", "fine", "outer");
  const on = <K extends PluginHookName>(pluginId: string, name: K, handler: () => unknown, priority = 0) =>
    registry.registerTypedHook(pluginId, name, handler as PluginHookHandler<PluginHookName>, { priority });
  const runner = new HookRunner(registry, () => BUDGETS, createHostLogger({ level: "silent" }));
  return { registry, on, runner };
}

/** A thrown value whose every property read and prototype lookup throws. */
const trappedProxy = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error("get trap");
      },
      getPrototypeOf() {
        throw new Error("prototype trap");
      },
    },
  );

/** A thenable whose then() never returns. */
const loopingThenable = () =>
  // biome-ignore lint/suspicious/noThenProperty: the hostile plugin returns exactly this
  Object.defineProperty({}, "then", {
    value: () => {
      for (;;);
    },
  });

type Style = "parallel" | "sequential" | "claiming" | "sync";
const STYLES: Style[] = ["parallel", "sequential", "claiming", "sync"];

/** Registers `handler` for plugin `hostile` and a plain one for `fine`, dispatches, returns what `fine` saw. */
async function dispatch(style: Style, handler: () => unknown) {
  const { on, runner, registry } = setup();
  const hook = style === "sync" ? "before_message_write" : "message_received";
  on("hostile", hook, handler, 5);
  let fineRan = false;
  on("fine", hook, () => {
    fineRan = true;
    return undefined;
  });
  if (style === "parallel") await runner.runParallel(hook, {});
  if (style === "sequential") await runner.runSequential(hook, {});
  if (style === "claiming") await runner.runClaiming(hook, {});
  if (style === "sync")
    runner.runSync(
      hook,
      () => ({}),
      {},
      () => true,
    );
  return { fineRan, hostile: registry.getPlugin("hostile") };
}

describe("hook dispatch against hostile handlers", () => {
  for (const style of STYLES) {
    it(`${style}: a handler throwing a Proxy whose traps throw is reported, the others still run`, async () => {
      const { fineRan, hostile } = await dispatch(style, () => {
        throw trappedProxy();
      });
      expect(fineRan).toBe(true);
      expect(hostile?.diagnostics.map((d) => d.code)).toContain("PLUGIN_HOOK_FAILED");
    });

    it(`${style}: a handler that loops forever is interrupted and blamed on its plugin`, async () => {
      const { fineRan, hostile } = await dispatch(style, () => {
        for (;;);
      });
      expect(fineRan).toBe(true);
      expect(hostile?.status).toBe("error");
      expect(JSON.stringify(hostile?.diagnostics)).toContain("PLUGIN_CALL_BLOCKED");
    });

    it(`${style}: a returned thenable whose then() loops is interrupted and blamed on its plugin`, async () => {
      const { fineRan, hostile } = await dispatch(style, loopingThenable);
      expect(fineRan).toBe(true);
      expect(hostile?.status).toBe("error");
      expect(JSON.stringify(hostile?.diagnostics)).toContain("PLUGIN_CALL_BLOCKED");
    });
  }

  it("a handler that re-enters the runner: the nested looping handler is blamed, the outer chain goes on", async () => {
    const { on, runner, registry } = setup();
    on(
      "outer",
      "message_received",
      () => {
        runner.runSync(
          "before_message_write",
          () => ({}),
          {},
          () => true,
        );
      },
      5,
    );
    on("hostile", "before_message_write", () => {
      for (;;);
    });
    on("fine", "message_received", () => "after");
    const outcomes = await runner.runSequential("message_received", {});
    expect(outcomes.map((o) => [o.pluginId, o.ok])).toEqual([
      ["outer", true],
      ["fine", true],
    ]);
    expect(registry.getPlugin("hostile")?.status).toBe("error");
    expect(registry.getPlugin("outer")?.status).toBe("loaded");
  });

  it("prompt hooks: a non-string modelOverride is ignored and a throwing getter is a failure; the turn is still prepared", async () => {
    const { on, runner } = setup();
    on("hostile", "before_model_resolve", () => ({ modelOverride: 42, providerOverride: { p: 1 } }), 9);
    on("fine", "before_model_resolve", () => ({ modelOverride: "good/model" }));
    on("hostile", "before_prompt_build", () =>
      Object.defineProperty({}, "systemPrompt", {
        enumerable: true,
        get() {
          throw new Error("getter");
        },
      }),
    );
    on("fine", "before_prompt_build", () => ({ prependContext: "ctx" }));
    const run = await prepareAgentRun(runner, { prompt: "q", systemPrompt: "base" });
    expect(run).toMatchObject({ model: "good/model", prompt: "ctx\n\nq", systemPrompt: "base" });
    expect(run.provider).toBeUndefined();
    expect(run.failures).toEqual([expect.objectContaining({ pluginId: "hostile", reason: "error" })]);
  });
});
