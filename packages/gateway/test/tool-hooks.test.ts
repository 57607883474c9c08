import { createHostLogger } from "@openclaw/plugin-loader";
import type { PluginHookHandler, PluginHookName } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { decideToolCall, runToolCall } from "../src/agent/tool-hooks.js";
import { HookRunner } from "../src/index.js";
import { registryWithPlugins } from "./support/plugin-registry.js";

function setup() {
  const registry = registryWithPlugins("a", "b", "c");
  const on = (pluginId: string, handler: PluginHookHandler<PluginHookName>, priority = 0) =>
    registry.registerTypedHook(pluginId, "before_tool_call", handler, { priority });
  const hooks = new HookRunner(
    registry,
    () => ({ plugins: { hookTimeoutMs: 100 } }),
    createHostLogger({ level: "silent" }),
  );
  return { on, hooks, registry };
}

const event = { toolName: "t", params: { x: 1 } };

describe("before_tool_call semantics", () => {
  it("takes the last defined params, in priority order", async () => {
    const { on, hooks } = setup();
    on("a", () => ({ params: { x: 2 } }), 1);
    on("b", () => ({ params: { x: 3 } }), 5);
    expect((await decideToolCall(hooks, event, {})).params).toEqual({ x: 2 });
  });

  it("freezes params once a different plugin asked for approval; the first request wins", async () => {
    const { on, hooks } = setup();
    on("a", () => ({ requireApproval: { title: "pay" } }), 3);
    on("b", () => ({ params: { x: 9 }, requireApproval: { title: "other" } }), 2);
    on("a", () => ({ params: { x: 5 } }), 1);
    const decision = await decideToolCall(hooks, event, {});
    expect(decision.requireApproval).toEqual({ title: "pay", pluginId: "a" });
    expect(decision.params).toEqual({ x: 5 });
    expect(decision.block).toBe(false);
  });

  it("stops at a sticky block and keeps the last blockReason", async () => {
    const { on, hooks } = setup();
    let laterRan = false;
    on("a", () => ({ blockReason: "first" }), 3);
    on("b", () => ({ block: true }), 2);
    on(
      "c",
      () => {
        laterRan = true;
      },
      1,
    );
    const decision = await decideToolCall(hooks, event, {});
    expect(decision).toMatchObject({ block: true, blockedBy: "b", blockReason: "first" });
    expect(laterRan).toBe(false);
  });

  it("fails closed on a throwing or hung handler and never runs the tool", async () => {
    for (const handler of [
      () => {
        throw new Error("down");
      },
      () => new Promise(() => {}),
    ] as PluginHookHandler<PluginHookName>[]) {
      const { on, hooks } = setup();
      on("a", handler);
      let ran = false;
      const tool = {
        name: "t",
        description: "",
        parameters: {},
        execute: async () => {
          ran = true;
          return { content: [] };
        },
      };
      const outcome = await runToolCall({
        hooks,
        approvals: undefined,
        tool,
        toolCallId: "1",
        params: {},
        ctx: {},
        timeoutMs: 1000,
      });
      expect(outcome).toMatchObject({ blocked: true, isError: true });
      expect(ran).toBe(false);
    }
  });
});
