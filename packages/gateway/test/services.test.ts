import { createHostLogger } from "@openclaw/plugin-loader";
import { PluginRegistry } from "@openclaw/plugin-registry";
import { describe, expect, it } from "vitest";
import { ServiceRunner } from "../src/index.js";

describe("ServiceRunner", () => {
  it("starts in registration order, skips a failing start, and stops the started ones in reverse", async () => {
    const events: string[] = [];
    const registry = new PluginRegistry();
    const service = (id: string, fail = false) => ({
      id,
      start: () => {
        if (fail) throw new Error(`${id} cannot start`);
        events.push(`start ${id}`);
      },
      stop: () => {
        events.push(`stop ${id}`);
      },
    });
    registry.registerService("p", service("a"));
    registry.registerService("p", service("b", true));
    registry.registerService("q", service("c"));
    const runner = new ServiceRunner(
      registry,
      { config: {}, stateDir: "/tmp" },
      createHostLogger({ level: "silent" }),
    );
    await runner.startAll();
    expect(runner.running()).toEqual(["a", "c"]);
    await runner.stopAll();
    expect(events).toEqual(["start a", "start c", "stop c", "stop a"]);
    expect(registry.diagnostics.some((d) => d.message.includes("b cannot start"))).toBe(true);
  });
});
