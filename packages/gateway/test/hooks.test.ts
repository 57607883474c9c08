import { createHostLogger } from "@openclaw/plugin-loader";
import type { OpenClawConfig, PluginHookHandler, PluginHookName } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { HookRunner, prepareAgentRun } from "../src/index.js";
import { registryWithPlugins } from "./support/plugin-registry.js";

function setup(config: OpenClawConfig = {}) {
  const registry = registryWithPlugins("a", "b", "c", "slow");
  const on = <K extends PluginHookName>(
    pluginId: string,
    name: K,
    handler: PluginHookHandler<K>,
    priority = 0,
  ) => registry.registerTypedHook(pluginId, name, handler as PluginHookHandler<PluginHookName>, { priority });
  const runner = new HookRunner(registry, () => config, createHostLogger({ level: "silent" }));
  return { registry, on, runner };
}

describe("HookRunner", () => {
  it("runs by priority, higher first, ties in registration order", async () => {
    const { on, runner } = setup();
    const order: string[] = [];
    on("a", "message_received", () => void order.push("a0"));
    on("b", "message_received", () => void order.push("b5"), 5);
    on("c", "message_received", () => void order.push("c0"));
    await runner.runSequential("message_received", {});
    expect(order).toEqual(["b5", "a0", "c0"]);
  });

  it("contains a hung or throwing handler within its budget and reports it by plugin and hook", async () => {
    const { on, runner, registry } = setup({ plugins: { entries: { slow: { hooks: { timeoutMs: 50 } } } } });
    on("slow", "message_received", () => new Promise(() => {}), 10);
    on("a", "message_received", () => {
      throw new Error("boom");
    });
    on("b", "message_received", () => "fine");
    const started = Date.now();
    const outcomes = await runner.runSequential("message_received", {});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcomes.map((o) => [o.pluginId, o.ok])).toEqual([
      ["slow", false],
      ["a", false],
      ["b", true],
    ]);
    expect(registry.getPlugin("slow")?.diagnostics[0]).toMatchObject({ code: "PLUGIN_HOOK_TIMEOUT" });
    expect(registry.getPlugin("slow")?.diagnostics[0]?.message).toContain(
      "hook message_received of plugin slow",
    );
    expect(registry.getPlugin("a")?.diagnostics[0]).toMatchObject({ code: "PLUGIN_HOOK_FAILED" });
  });

  it("interrupts a parallel handler that loops forever, fails its plugin, and the others still answer", async () => {
    const { on, runner, registry } = setup({ plugins: { entries: { slow: { hooks: { timeoutMs: 50 } } } } });
    on("a", "llm_output", () => "a", 2);
    on(
      "slow",
      "llm_output",
      () => {
        for (;;);
      },
      1,
    );
    on("b", "llm_output", () => "b");
    const outcomes = await runner.runParallel("llm_output", {});
    expect(outcomes.map((o) => [o.pluginId, o.ok])).toEqual([
      ["a", true],
      ["slow", false],
      ["b", true],
    ]);
    expect(registry.getPlugin("slow")).toMatchObject({
      status: "error",
      error: { code: "PLUGIN_CALL_BLOCKED" },
    });
  });

  it("contains a synchronous persistence hook that loops forever: interrupted, reported, the chain goes on", () => {
    const { on, runner, registry } = setup({ plugins: { entries: { slow: { hooks: { timeoutMs: 50 } } } } });
    on(
      "slow",
      "before_message_write",
      () => {
        for (;;);
      },
      2,
    );
    on("a", "before_message_write", () => ({ message: { role: "user", content: "rewritten" } }), 1);
    const values: unknown[] = [];
    runner.runSync(
      "before_message_write",
      () => ({}),
      {},
      (_, value) => values.push(value) > 0,
    );
    expect(values).toEqual([{ message: { role: "user", content: "rewritten" } }]);
    expect(registry.getPlugin("slow")).toMatchObject({
      status: "error",
      error: { code: "PLUGIN_CALL_BLOCKED" },
    });
  });

  it("stops claiming hooks at the first handled result", async () => {
    const { on, runner } = setup();
    on("a", "inbound_claim", () => ({ handled: false }), 3);
    on("b", "inbound_claim", () => ({ handled: true, reply: "mine" }), 2);
    on("c", "inbound_claim", () => ({ handled: true }), 1);
    const result = await runner.runClaiming("inbound_claim", {});
    expect(result.handledBy).toBe("b");
    expect(result.outcomes).toHaveLength(2);
  });
});

describe("prepareAgentRun", () => {
  it("lets the highest-priority defined override win, new hooks before legacy", async () => {
    const { on, runner } = setup();
    on("a", "before_model_resolve", () => ({ modelOverride: "low/model" }), 1);
    on("b", "before_model_resolve", () => ({ providerOverride: "prov-b" }), 9);
    on("c", "before_model_resolve", () => ({ modelOverride: "high/model" }), 5);
    on("a", "before_agent_start", () => ({ modelOverride: "legacy/model", providerOverride: "legacy" }), 100);
    const run = await prepareAgentRun(runner, { prompt: "hi" });
    expect(run).toMatchObject({ model: "high/model", provider: "prov-b" });
  });

  it("merges prompt fields: first systemPrompt wins, contexts concatenate, legacy after the new hook", async () => {
    const { on, runner } = setup();
    on("a", "before_prompt_build", () => ({ prependContext: "ctx-a", appendSystemContext: "after-a" }), 10);
    on("b", "before_prompt_build", () => ({ systemPrompt: "SYSTEM-B", prependSystemContext: "before-b" }), 5);
    on("c", "before_prompt_build", () => ({ systemPrompt: "SYSTEM-C", prependContext: "ctx-c" }), 1);
    on("c", "before_agent_start", () => ({ prependContext: "legacy-ctx", systemPrompt: "LEGACY" }));
    const run = await prepareAgentRun(runner, { prompt: "question", systemPrompt: "base" });
    expect(run.prompt).toBe("ctx-a\n\nctx-c\n\nlegacy-ctx\n\nquestion");
    expect(run.systemPrompt).toBe("before-b\n\nSYSTEM-B\n\nafter-a");
    expect(run.contributions.map((c) => `${c.pluginId}:${c.hook}`)).toEqual([
      "a:before_prompt_build",
      "b:before_prompt_build",
      "c:before_prompt_build",
      "c:before_agent_start",
    ]);
  });

  it("honours allowPromptInjection=false: no before_prompt_build, legacy keeps only overrides", async () => {
    const { on, runner } = setup({ plugins: { entries: { a: { hooks: { allowPromptInjection: false } } } } });
    on("a", "before_prompt_build", () => ({ systemPrompt: "HIJACK" }));
    on("a", "before_agent_start", () => ({ prependContext: "injected", modelOverride: "kept/model" }));
    const run = await prepareAgentRun(runner, { prompt: "q", systemPrompt: "base" });
    expect(run).toMatchObject({ prompt: "q", systemPrompt: "base", model: "kept/model" });
  });

  it("still answers when a prompt hook hangs", async () => {
    const { on, runner } = setup({ plugins: { hookTimeoutMs: 50 } });
    on("slow", "before_prompt_build", () => new Promise(() => {}));
    on("a", "before_prompt_build", () => ({ prependContext: "ok" }));
    const run = await prepareAgentRun(runner, { prompt: "q" });
    expect(run.prompt).toBe("ok\n\nq");
    expect(run.failures).toEqual([expect.objectContaining({ pluginId: "slow", reason: "timeout" })]);
  });
});
