import { createHostLogger } from "@openclaw/plugin-loader";
import type { PluginHookHandler, PluginHookName } from "@openclaw/plugin-sdk/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runToolCall } from "../src/agent/tool-hooks.js";
import {
  type ApprovalInput,
  ApprovalQueue,
  normalizeApprovalRequest,
  PARAMS_VIEW_MAX_CHARS,
  paramsView,
} from "../src/approvals/index.js";
import { HookRunner } from "../src/index.js";
import { registryWithPlugins } from "./support/plugin-registry.js";

function input(overrides: Partial<ApprovalInput> = {}): ApprovalInput {
  return {
    spec: normalizeApprovalRequest({ pluginId: "guard", title: "t" }, "pay"),
    toolName: "pay",
    params: { amount: 1 },
    sessionKey: "s",
    ...overrides,
  };
}

afterEach(() => vi.useRealTimers());

describe("ApprovalQueue", () => {
  it("expires after the default 120 s with timeoutBehavior deny (fake timers)", async () => {
    vi.useFakeTimers();
    const queue = new ApprovalQueue();
    const { approval, outcome } = queue.request(input());
    expect(approval.expiresAt - approval.createdAt).toBe(120_000);
    await vi.advanceTimersByTimeAsync(119_999);
    expect(queue.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ resolution: "timeout", allowed: false });
    expect(queue.size).toBe(0);
    await expect(queue.resolve(approval.id, "allow-once")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_RESOLVED",
      message: expect.stringContaining("expired"),
    });
  });

  it("caps pending approvals per gateway and per session", () => {
    const queue = new ApprovalQueue({ maxPending: 3, maxPendingPerSession: 2 });
    queue.request(input({ sessionKey: "a" }));
    queue.request(input({ sessionKey: "a" }));
    expect(() => queue.request(input({ sessionKey: "a" }))).toThrow(
      expect.objectContaining({
        code: "GATEWAY_APPROVAL_LIMIT",
        message: expect.stringContaining("session a"),
      }),
    );
    queue.request(input({ sessionKey: "b" }));
    expect(() => queue.request(input({ sessionKey: "c" }))).toThrow(
      expect.objectContaining({
        code: "GATEWAY_APPROVAL_LIMIT",
        message: expect.stringContaining("gateway"),
      }),
    );
    queue.cancelAll("test over");
    expect(queue.size).toBe(0);
  });

  it("a request whose signal is already aborted is cancelled at once; cancelAll settles the rest", async () => {
    const queue = new ApprovalQueue();
    const aborted = queue.request(input({ signal: AbortSignal.abort(new Error("turn gone")) }));
    expect(await aborted.outcome).toMatchObject({
      resolution: "cancelled",
      reason: "turn gone",
      allowed: false,
    });
    const open = queue.request(input());
    queue.cancelAll("gateway stopping");
    expect(await open.outcome).toMatchObject({ resolution: "cancelled", reason: "gateway stopping" });
  });

  it("accepts a unique id prefix of at least 8 characters", async () => {
    const queue = new ApprovalQueue();
    const { approval, outcome } = queue.request(input());
    await expect(queue.resolve(approval.id.slice(0, 4), "deny")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_NOT_FOUND",
    });
    await queue.resolve(approval.id.slice(0, 8), "deny");
    expect(await outcome).toMatchObject({ id: approval.id, resolution: "deny", allowed: false });
  });
});

describe("approval request normalisation and params view", () => {
  it("defaults, clips and clamps what a plugin asks for", () => {
    expect(normalizeApprovalRequest({ pluginId: "p" }, "pay")).toMatchObject({
      title: "p asks to run pay",
      description: "",
      severity: "warning",
      timeoutMs: 120_000,
      timeoutBehavior: "deny",
    });
    const spec = normalizeApprovalRequest(
      {
        pluginId: "p",
        title: "x".repeat(200),
        severity: "panic",
        timeoutMs: 3_600_000,
        timeoutBehavior: "allow",
      },
      "pay",
    );
    expect([...spec.title]).toHaveLength(80);
    expect(spec).toMatchObject({ severity: "warning", timeoutMs: 600_000, timeoutBehavior: "allow" });
    expect(normalizeApprovalRequest({ pluginId: "p", timeoutMs: -5 }, "t").timeoutMs).toBe(120_000);
  });

  it("redacts secret-looking keys at any depth and cuts large params", () => {
    const view = paramsView({
      user: "a",
      auth: { password: "hunter2", token: "" },
      headers: [{ Authorization: "B x" }],
    });
    expect(JSON.parse(view.json)).toEqual({
      user: "a",
      auth: { password: "[redacted]", token: "" },
      headers: [{ Authorization: "[redacted]" }],
    });
    expect(view.redacted).toEqual(["auth.password", "headers[0].Authorization"]);
    const big = paramsView({ blob: "y".repeat(10_000) });
    expect(big.truncated).toBe(true);
    expect(big.json.length).toBe(PARAMS_VIEW_MAX_CHARS + 1);
  });
});

describe("before_tool_call approval vs block", () => {
  it("a later, lower-priority block wins over an approval request: nothing is queued, the tool never runs", async () => {
    const registry = registryWithPlugins("a", "b");
    const on = (pluginId: string, handler: PluginHookHandler<PluginHookName>, priority: number) =>
      registry.registerTypedHook(pluginId, "before_tool_call", handler, { priority });
    on("a", () => ({ requireApproval: { title: "ok?" } }), 5);
    on("b", () => ({ block: true, blockReason: "never" }), 1);
    const hooks = new HookRunner(registry, () => ({}), createHostLogger({ level: "silent" }));
    const queue = new ApprovalQueue();
    const requested = vi.fn();
    queue.on("event", requested);
    let ran = false;
    const outcome = await runToolCall({
      hooks,
      approvals: queue,
      tool: {
        name: "t",
        description: "",
        parameters: {},
        execute: async () => {
          ran = true;
          return { content: [] };
        },
      },
      toolCallId: "1",
      params: {},
      ctx: {},
      timeoutMs: 1000,
    });
    expect(outcome).toMatchObject({ blocked: true, errorCode: "AGENT_TOOL_BLOCKED" });
    expect(requested).not.toHaveBeenCalled();
    expect(ran).toBe(false);
  });

  it("without an approval queue a request is denied at once (GATEWAY_APPROVAL_DENIED)", async () => {
    const registry = registryWithPlugins("a");
    registry.registerTypedHook("a", "before_tool_call", () => ({ requireApproval: { title: "ok?" } }), {});
    const hooks = new HookRunner(registry, () => ({}), createHostLogger({ level: "silent" }));
    const outcome = await runToolCall({
      hooks,
      approvals: undefined,
      tool: { name: "t", description: "", parameters: {}, execute: async () => ({ content: [] }) },
      toolCallId: "1",
      params: {},
      ctx: {},
      timeoutMs: 1000,
    });
    expect(outcome).toMatchObject({ blocked: true, errorCode: "GATEWAY_APPROVAL_DENIED" });
  });
});
