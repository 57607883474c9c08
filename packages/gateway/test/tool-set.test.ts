import type { AgentTool } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { resolveAgentTools } from "../src/agent/tool-set.js";
import { registryWithPlugins } from "./support/plugin-registry.js";

const tool = (name: string): AgentTool => ({
  name,
  description: name,
  parameters: {},
  execute: async () => ({ content: [] }),
});

function registry() {
  const r = registryWithPlugins("a", "b");
  r.registerTool("a", tool("tts"));
  r.registerTool("a", tool("search"));
  r.registerTool("a", () => tool("secret_tool"), { optional: true, name: "secret_tool" });
  // A factory that builds a tool under a name it did not declare (here another plugin's) is refused.
  r.registerTool("b", () => tool("search"), { name: "web_search" });
  r.registerTool(
    "b",
    () => {
      throw new Error("factory broke");
    },
    { name: "broken" },
  );
  return r;
}

const names = (list: ReturnType<typeof resolveAgentTools>) => list.map((t) => `${t.pluginId}:${t.tool.name}`);

describe("tools of one turn (R-TOOL-2)", () => {
  it("refuses tools built under undeclared names and failing factories with diagnostics, and optional tools unless allowed", () => {
    const r = registry();
    expect(names(resolveAgentTools(r))).toEqual(["a:tts", "a:search"]);
    const messages = r.getPlugin("b")?.diagnostics.map((d) => d.message);
    const undeclared = r.getPlugin("b")?.diagnostics.find((d) => d.code === "REGISTRY_UNDECLARED_TOOL");
    expect(undeclared?.message).toContain("search");
    expect(messages?.some((m) => m.includes("factory broke"))).toBe(true);
  });

  it("hides tts from voice turns and honours tools.allow and tools.deny", () => {
    expect(names(resolveAgentTools(registry(), { messageProvider: "voice" }))).toEqual(["a:search"]);
    expect(names(resolveAgentTools(registry(), { allow: ["secret_tool", "tts"] }))).toEqual([
      "a:tts",
      "a:secret_tool",
    ]);
    expect(names(resolveAgentTools(registry(), { allow: ["group:plugins"] }))).toEqual([
      "a:tts",
      "a:search",
      "a:secret_tool",
    ]);
    // b's only tool was built under an undeclared name, so denying a leaves nothing.
    expect(names(resolveAgentTools(registry(), { deny: ["a"] }))).toEqual([]);
  });
});
