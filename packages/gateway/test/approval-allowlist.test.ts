import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApprovalAllowlist,
  ApprovalQueue,
  allowlistEntryId,
  allowlistPath,
  normalizeApprovalRequest,
} from "../src/approvals/index.js";

let root: string;
let path: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "openclaw-allowlist-"));
  path = allowlistPath(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const grant = (toolName: string, allowAlwaysKey: string | null = null) => ({
  pluginId: "guard",
  toolName,
  allowAlwaysKey,
  title: `run ${toolName}`,
  approvalId: "a1",
  sessionKey: null,
});

/** Runs `count` adds of `prefix-<i>` tools in a separate Node process (jiti loads the TypeScript source). */
function addInChildProcess(prefix: string, count: number): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const jiti = createRequire(join(here, "../../plugin-loader/package.json")).resolve("jiti");
  const source = join(here, "../src/approvals/approval-allowlist.ts");
  const script = `
    const { createJiti } = require(${JSON.stringify(jiti)});
    createJiti(${JSON.stringify(join(here, "child.js"))}).import(${JSON.stringify(source)})
      .then(async ({ ApprovalAllowlist }) => {
        const list = new ApprovalAllowlist(${JSON.stringify(path)});
        await Promise.all(Array.from({ length: ${count} }, (_, i) => list.add({
          pluginId: "guard", toolName: ${JSON.stringify(prefix)} + "-" + i, allowAlwaysKey: null,
          title: "t", approvalId: "x", sessionKey: null })));
      })
      .catch((error) => { console.error(error); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

describe("approvals allowlist file", () => {
  it("a missing file is an empty list; add is idempotent per (plugin, tool, key); remove takes a 6+ char prefix", async () => {
    const list = new ApprovalAllowlist(path);
    expect(await list.list()).toEqual([]);
    const first = await list.add(grant("pay", "alice"));
    expect(first).toMatchObject({ created: true, entry: { id: allowlistEntryId("guard", "pay", "alice") } });
    expect((await list.add(grant("pay", "alice"))).created).toBe(false);
    await list.add(grant("pay"));
    expect((await list.list()).map((e) => e.allowAlwaysKey)).toEqual(["alice", null]);
    expect(await list.find("guard", "pay", "alice")).toMatchObject({ toolName: "pay" });
    expect(await list.find("guard", "pay", "bob")).toBeUndefined();
    expect(await list.find("other", "pay", "alice")).toBeUndefined();
    await expect(list.remove(first.entry.id.slice(0, 3))).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND",
    });
    expect(await list.remove(first.entry.id.slice(0, 6))).toMatchObject({ id: first.entry.id });
    expect((await list.list()).map((e) => e.allowAlwaysKey)).toEqual([null]);
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file).toMatchObject({ version: 1, entries: [{ pluginId: "guard", toolName: "pay" }] });
  });

  it.each([
    ["not JSON", "{ nope"],
    ["a wrong shape", JSON.stringify({ version: 1, entries: {} })],
    ["an unknown version", JSON.stringify({ version: 9, entries: [] })],
    ["a malformed entry", JSON.stringify({ version: 1, entries: [{ id: "x" }] })],
  ])(
    "a file with %s is GATEWAY_APPROVAL_ALLOWLIST_CORRUPT on read, add and remove, and is never rewritten",
    async (_what, text) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      const list = new ApprovalAllowlist(path);
      const corrupt = { code: "GATEWAY_APPROVAL_ALLOWLIST_CORRUPT", message: expect.stringContaining(path) };
      await expect(list.list()).rejects.toMatchObject(corrupt);
      await expect(list.add(grant("pay"))).rejects.toMatchObject(corrupt);
      await expect(list.remove("abcdef")).rejects.toMatchObject(corrupt);
      expect(readFileSync(path, "utf8")).toBe(text);
    },
  );

  it("two processes adding at once lose no entry (locked read-modify-write)", async () => {
    await Promise.all([addInChildProcess("left", 10), addInChildProcess("right", 10)]);
    const tools = (await new ApprovalAllowlist(path).list()).map((e) => e.toolName).sort();
    expect(tools).toHaveLength(20);
    expect(new Set(tools).size).toBe(20);
  }, 60_000);
});

describe("ApprovalQueue with an allowlist", () => {
  const spec = (raw: Record<string, unknown> = {}) =>
    normalizeApprovalRequest({ pluginId: "guard", title: "pay", allowAlwaysKey: "alice", ...raw }, "pay");

  it("allow-always records the entry before settling; a later matching request is auto-allowed and reported", async () => {
    const queue = new ApprovalQueue({ allowlist: new ApprovalAllowlist(path) });
    const events: Array<[string, unknown]> = [];
    queue.on("event", (name: string, payload: unknown) => events.push([name, payload]));
    const { approval, outcome } = queue.request({ spec: spec(), toolName: "pay", params: {} });
    const answered = await queue.resolve(approval.id, "allow-always");
    expect(answered).toMatchObject({
      resolution: "allow-always",
      allowed: true,
      allowlistEntry: { toolName: "pay" },
    });
    expect(await outcome).toMatchObject({ resolution: "allow-always", allowed: true });
    const hit = await queue.allowlisted(spec(), { toolName: "pay", sessionKey: "s2" });
    expect(hit?.id).toBe(allowlistEntryId("guard", "pay", "alice"));
    expect(await queue.allowlisted(spec({ allowAlwaysKey: "mallory" }), { toolName: "pay" })).toBeUndefined();
    expect(events.map(([name]) => name)).toEqual([
      "approvals.requested",
      "approvals.allowlistChanged",
      "approvals.resolved",
      "approvals.autoAllowed",
    ]);
    expect(events[3]?.[1]).toMatchObject({
      entryId: hit?.id,
      pluginId: "guard",
      toolName: "pay",
      sessionKey: "s2",
    });
  });

  it("allowedDecisions without allow-always refuses it (coded) and leaves the approval pending", async () => {
    const queue = new ApprovalQueue({ allowlist: new ApprovalAllowlist(path) });
    const { approval, outcome } = queue.request({
      spec: spec({ allowedDecisions: ["allow-once"] }),
      toolName: "pay",
      params: {},
    });
    expect(approval.allowedDecisions).toEqual(["allow-once", "deny"]);
    await expect(queue.resolve(approval.id, "allow-always")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_DECISION_UNAVAILABLE",
      details: { allowedDecisions: ["allow-once", "deny"] },
    });
    expect(queue.size).toBe(1);
    await queue.resolve(approval.id, "allow-once");
    expect(await outcome).toMatchObject({ resolution: "allow-once" });
    expect(await new ApprovalAllowlist(path).list()).toEqual([]);
  });

  it("a corrupt allowlist refuses allow-always (approval still pending) and auto-allows nothing", async () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "[]garbage");
    const queue = new ApprovalQueue({ allowlist: new ApprovalAllowlist(path) });
    const { approval } = queue.request({ spec: spec(), toolName: "pay", params: {} });
    await expect(queue.resolve(approval.id, "allow-always")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_ALLOWLIST_CORRUPT",
    });
    expect(queue.list().map((a) => a.id)).toEqual([approval.id]);
    expect(await queue.allowlisted(spec(), { toolName: "pay" })).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("[]garbage");
    await queue.resolve(approval.id, "deny");
  });

  it("config limits are read at every request and clamped; the default wait applies to requests without timeoutMs", () => {
    let config: Record<string, unknown> = { maxPendingPerSession: 1, defaultTimeoutMs: 5_000 };
    const queue = new ApprovalQueue({ limits: () => config });
    expect(queue.limits()).toEqual({ maxPending: 64, maxPendingPerSession: 1, defaultTimeoutMs: 5_000 });
    const request = () =>
      queue.request({
        spec: normalizeApprovalRequest({ pluginId: "g" }, "t", queue.limits().defaultTimeoutMs),
        toolName: "t",
        params: {},
        sessionKey: "s",
      });
    const { approval } = request();
    expect(approval.expiresAt - approval.createdAt).toBe(5_000);
    expect(request).toThrow(expect.objectContaining({ code: "GATEWAY_APPROVAL_LIMIT" }));
    config = { maxPendingPerSession: 2, defaultTimeoutMs: 10_000_000, maxPending: -3 };
    expect(queue.limits()).toEqual({ maxPending: 1, maxPendingPerSession: 2, defaultTimeoutMs: 600_000 });
    queue.cancelAll("test over");
  });
});
