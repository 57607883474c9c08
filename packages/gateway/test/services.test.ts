import { createHostLogger } from "@openclaw/plugin-loader";
import { emptyRegistrationSummary, type PluginRecord, PluginRegistry } from "@openclaw/plugin-registry";
import { describe, expect, it } from "vitest";
import { ServiceRunner } from "../src/index.js";

function record(id: string): PluginRecord {
  return {
    id,
    name: id,
    origin: "global",
    source: `/plugins/${id}/index.ts`,
    rootDir: `/plugins/${id}`,
    activation: { enabled: true, source: "default", reason: "test" },
    status: "loaded",
    channels: [],
    providers: [],
    registrations: emptyRegistrationSummary(),
    diagnostics: [],
  };
}

function setup(callBudgetsMs: Record<string, number> = {}) {
  const events: string[] = [];
  const registry = new PluginRegistry();
  for (const id of ["p", "q"]) registry.addPlugin(record(id));
  const runner = new ServiceRunner(
    registry,
    { config: { plugins: { callBudgetsMs } }, stateDir: "/tmp" },
    createHostLogger({ level: "silent" }),
  );
  registry.onPluginFailed((failed) => void runner.stopPlugin(failed.id));
  const service = (id: string, start: () => void | Promise<void> = () => undefined) => ({
    id,
    start: () => {
      const result = start();
      events.push(`start ${id}`);
      return result;
    },
    stop: () => {
      events.push(`stop ${id}`);
    },
  });
  return { events, registry, runner, service };
}

describe("ServiceRunner", () => {
  it("fails the plugin whose service cannot start (stopping its started ones) and keeps the others", async () => {
    const { events, registry, runner, service } = setup();
    registry.registerService("p", service("a"));
    registry.registerService(
      "p",
      service("b", () => {
        throw Object.assign(new Error("listen EADDRINUSE: address already in use"), { code: "EADDRINUSE" });
      }),
    );
    registry.registerService("q", service("c"));
    await runner.startAll();
    expect(runner.running()).toEqual(["c"]);
    expect(registry.getPlugin("p")?.status).toBe("error");
    expect(registry.getPlugin("p")?.error).toMatchObject({ code: "PLUGIN_SERVICE_FAILED", phase: "service" });
    expect(registry.getPlugin("p")?.error?.message).toMatch(/b failed to start: listen EADDRINUSE/);
    await runner.stopAll();
    expect(events).toEqual(["start a", "start c", "stop a", "stop c"]);
  });

  it("starts plugins independently: a hanging start() is cut at its budget and blocks no other plugin", async () => {
    const { registry, runner, service } = setup({ serviceStart: 100 });
    registry.registerService(
      "p",
      service("hangs", () => new Promise(() => {})),
    );
    let startedQ = 0;
    registry.registerService(
      "q",
      service("quick", () => {
        startedQ = performance.now();
      }),
    );
    const begin = performance.now();
    await runner.startAll();
    expect(startedQ - begin).toBeLessThan(100);
    expect(runner.running()).toEqual(["quick"]);
    expect(registry.getPlugin("p")?.error?.message).toMatch(/did not settle within 100 ms/);
  });

  it("bounds a hanging stop() so shutdown completes", async () => {
    const { registry, runner } = setup({ serviceStop: 50 });
    registry.registerService("p", {
      id: "sticky",
      start: () => undefined,
      stop: () => new Promise(() => {}),
    });
    await runner.startAll();
    await runner.stopAll();
    expect(runner.running()).toEqual([]);
  });
});
