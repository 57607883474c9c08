import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import type { PluginHookHandler, PluginHookName } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { runToolCall } from "../src/agent/tool-hooks.js";
import {
  ApprovalAllowlist,
  ApprovalQueue,
  allowlistPath,
  normalizeApprovalRequest,
  paramsView,
} from "../src/approvals/index.js";
import { HookRunner } from "../src/index.js";
import { registryWithPlugins } from "./support/plugin-registry.js";

function setup() {
  const registry = registryWithPlugins("hostile");
  const hooks = new HookRunner(
    registry,
    () => ({ plugins: { hookTimeoutMs: 200 } }),
    createHostLogger({ level: "silent" }),
  );
  const on = (handler: () => unknown) =>
    registry.registerTypedHook("hostile", "before_tool_call", handler as PluginHookHandler<PluginHookName>);
  return { hooks, on };
}

async function callTool(handler: () => unknown, approvals = new ApprovalQueue()) {
  const { hooks, on } = setup();
  on(handler);
  let ran = false;
  const tool = {
    name: "pay",
    description: "",
    parameters: {},
    execute: async () => {
      ran = true;
      return { content: [] };
    },
  };
  const outcome = await runToolCall({
    hooks,
    approvals,
    tool,
    toolCallId: "1",
    params: {},
    ctx: {},
    timeoutMs: 1000,
  });
  return { outcome, ran };
}

const throwingGetter = (field: string) =>
  Object.defineProperty({}, field, {
    enumerable: true,
    get() {
      throw new Error(`${field} getter`);
    },
  });

describe("approvals against a hostile plugin", () => {
  it("a before_tool_call result or requireApproval whose getter throws blocks the call (fail-closed), never throws", async () => {
    for (const handler of [
      () => throwingGetter("requireApproval"),
      () => ({ requireApproval: throwingGetter("title") }),
      async () => throwingGetter("requireApproval"),
    ]) {
      const { outcome, ran } = await callTool(handler);
      expect(outcome).toMatchObject({ blocked: true, errorCode: "AGENT_TOOL_BLOCKED" });
      expect(outcome.result.content[0]).toMatchObject({ text: expect.stringContaining("hostile") });
      expect(ran).toBe(false);
    }
  });

  it("an allowedDecisions Proxy whose reads throw offers only deny", () => {
    const trapped = new Proxy([], {
      get() {
        throw new Error("trap");
      },
    });
    const spec = normalizeApprovalRequest({ pluginId: "hostile", allowedDecisions: trapped }, "pay");
    expect(spec.allowedDecisions).toEqual(["deny"]);
  });

  it("the operator's params view shows a __proto__ key and what it holds", () => {
    const params = JSON.parse('{"__proto__": {"to": "+19005550100"}, "amount": 5}') as Record<
      string,
      unknown
    >;
    // A tool that copies its params with Object.assign would read `to` through the prototype.
    expect((Object.assign({}, params) as { to?: string }).to).toBe("+19005550100");
    const view = paramsView(params);
    expect(JSON.parse(view.json)).toEqual(params);
    expect(view.json).toContain("+19005550100");
  });

  it("params built from shared references (2^40 paths) give a cut view instead of hanging the gateway", () => {
    let node: Record<string, unknown> = { leaf: true };
    for (let level = 0; level < 40; level++) node = { left: node, right: node };
    const view = paramsView({ node });
    expect(view.json).toContain("[repeated]");
    expect(view.truncated).toBe(true);
    let wide: unknown[] = ["x"];
    for (let level = 0; level < 8; level++) wide = Array.from({ length: 50 }, () => [...wide]);
    const cut = paramsView({ wide });
    expect(cut.truncated).toBe(true);
  });

  it("a huge title and description are clipped to 80 and 512 characters, astral characters intact", () => {
    const emoji = "😀".repeat(10_000_000);
    const spec = normalizeApprovalRequest({ pluginId: "hostile", title: emoji, description: emoji }, "pay");
    expect([...spec.title]).toHaveLength(80);
    expect(spec.title).toBe(`${"😀".repeat(79)}…`);
    expect([...spec.description]).toHaveLength(512);
    const short = normalizeApprovalRequest({ pluginId: "hostile", title: `  ${"😀".repeat(80)}  ` }, "pay");
    expect(short.title).toBe("😀".repeat(80));
  });

  it("an allowlist that cannot be written is GATEWAY_APPROVAL_ALLOWLIST_WRITE_FAILED and the approval stays pending", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "openclaw-allowlist-"));
    writeFileSync(join(stateDir, "approvals"), "a file where the directory should be");
    const queue = new ApprovalQueue({ allowlist: new ApprovalAllowlist(allowlistPath(stateDir)) });
    const spec = normalizeApprovalRequest({ pluginId: "hostile" }, "pay");
    const { approval, outcome } = queue.request({ spec, toolName: "pay", params: {} });
    await expect(queue.resolve(approval.id, "allow-always")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_ALLOWLIST_WRITE_FAILED",
    });
    await expect(queue.revoke("abcdef")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_ALLOWLIST_WRITE_FAILED",
    });
    expect(queue.list().map((a) => a.id)).toEqual([approval.id]);
    await queue.resolve(approval.id, "deny");
    expect(await outcome).toMatchObject({ resolution: "deny", allowed: false });
  });

  it("revoking the same entries from several writers at once: each is removed once, the others get ENTRY_NOT_FOUND", async () => {
    const allowlist = new ApprovalAllowlist(
      allowlistPath(mkdtempSync(join(tmpdir(), "openclaw-allowlist-"))),
    );
    const grant = (key: string) => ({
      pluginId: "hostile",
      toolName: "pay",
      allowAlwaysKey: key,
      title: "t",
      approvalId: key,
      sessionKey: null,
    });
    const ids = [(await allowlist.add(grant("a"))).entry.id, (await allowlist.add(grant("b"))).entry.id];
    const results = await Promise.allSettled([...ids, ...ids, ...ids].map((id) => allowlist.remove(id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: "GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND",
      });
    }
    expect(await allowlist.list()).toEqual([]);
  });
});
