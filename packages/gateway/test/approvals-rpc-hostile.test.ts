// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { symlinkSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { allowlistPath } from "../src/approvals/index.js";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

/** `guard` asks for approval before every `pay`, keyed on the recipient; `bank` records payments. */
const GUARD = `
export default (api: any) => {
  api.on("before_tool_call", (event: any) => event.toolName === "pay"
    ? { requireApproval: { title: "Pay " + event.params.to, allowAlwaysKey: "to:" + event.params.to } }
    : undefined);
};`;

const BANK = `
const paid: any[] = [];
export default (api: any) => {
  api.registerTool({
    name: "pay",
    description: "Pays someone",
    parameters: { type: "object", properties: { to: { type: "string" } } },
    execute: async (_id: string, params: any) => {
      paid.push(params.to);
      return { content: [{ type: "text", text: "paid " + params.to }] };
    },
  });
  api.registerGatewayMethod("bank.paid", ({ respond }: any) => respond(true, paid));
};`;

let t: PluginGateway;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [
      { id: "bank", source: BANK },
      { id: "guard", source: GUARD },
    ],
    config: (baseUrl) => ({
      models: {
        providers: { fake: { baseUrl, api: "openai-completions", apiKey: "k", models: [{ id: "m1" }] } },
      },
      agents: { defaults: { model: "fake/m1" } },
    }),
  });
});

afterAll(() => t?.close());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);
const pay = (to: string, sessionKey: string) =>
  rpc("tools.invoke", { name: "pay", params: { to }, sessionKey });

async function pendingOf(sessionKey: string): Promise<any> {
  return vi.waitFor(async () => {
    const { approvals } = await rpc("approvals.list", { sessionKey });
    expect(approvals).toHaveLength(1);
    return approvals[0];
  });
}

async function rawRpc(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.gateway.url}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe("approvals RPC against a hostile client", () => {
  it("refuses every approvals method without the gateway token, over /rpc and /ws", async () => {
    const call = pay("unauth", "hx-unauth").catch((e) => e);
    const approval = await pendingOf("hx-unauth");
    for (const method of APPROVAL_METHODS) {
      const body = JSON.stringify({ method, params: { id: approval.id, decision: "allow-once" } });
      for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: `Basic ${t.token}` }]) {
        const { status, text } = await rawRpc(body, headers);
        expect(status).toBe(401);
        expect(text).toContain("GATEWAY_UNAUTHORIZED");
      }
    }
    const ws = new WebSocket(`${t.gateway.url.replace("http", "ws")}/ws`);
    const answer = await new Promise<string>((resolve) => {
      ws.once("message", (data) => resolve(String(data)));
      ws.once("open", () =>
        ws.send(
          JSON.stringify({
            type: "req",
            id: "1",
            method: "approvals.resolve",
            params: { id: approval.id, decision: "allow-once" },
          }),
        ),
      );
    });
    ws.close();
    expect(answer).toContain("GATEWAY_UNAUTHORIZED");
    expect((await rpc("approvals.list", { sessionKey: "hx-unauth" })).approvals).toHaveLength(1);
    await rpc("approvals.resolve", { id: approval.id, decision: "deny" });
    expect(await call).toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
    expect(await rpc("bank.paid")).not.toContain("unauth");
  });

  it("answers malformed, oversized and prefix-guessing params with coded errors and keeps the request pending", async () => {
    const call = pay("params", "hx-params").catch((e) => e);
    const approval = await pendingOf("hx-params");
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ id: 42, decision: "allow-once" }, "GATEWAY_BAD_REQUEST"],
      [{ id: { $gt: "" }, decision: "allow-once" }, "GATEWAY_BAD_REQUEST"],
      [{ id: approval.id, decision: "ALLOW-ONCE" }, "GATEWAY_BAD_REQUEST"],
      [{ id: approval.id, decision: ["allow-once"] }, "GATEWAY_BAD_REQUEST"],
      [{ id: approval.id.slice(0, 7), decision: "allow-once" }, "GATEWAY_APPROVAL_NOT_FOUND"],
      [{ id: "", decision: "allow-once" }, "GATEWAY_BAD_REQUEST"],
      [{ id: "x".repeat(200_000), decision: "allow-once" }, "GATEWAY_APPROVAL_NOT_FOUND"],
      [{ id: "__proto__", decision: "allow-once" }, "GATEWAY_APPROVAL_NOT_FOUND"],
    ];
    for (const [params, code] of bad) {
      await expect(rpc("approvals.resolve", params)).rejects.toMatchObject({ code });
    }
    for (const method of ["approvals.list", "approvals.allowlist.remove"]) {
      await expect(rpc(method, { sessionKey: 5, id: 5 })).rejects.toMatchObject({
        code: "GATEWAY_BAD_REQUEST",
      });
    }
    expect((await rpc("approvals.list", { sessionKey: "hx-params" })).approvals).toHaveLength(1);
    const { status } = await rawRpc(`{"method":"approvals.resolve","params":`, {
      authorization: `Bearer ${t.token}`,
    });
    expect(status).toBe(400);
    await rpc("approvals.resolve", { id: approval.id.slice(0, 8), decision: "deny" });
    expect(await call).toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
  });

  it("two operators answering at once: exactly one answer wins, the other is GATEWAY_APPROVAL_RESOLVED", async () => {
    const call = pay("race", "hx-race").catch((e) => e);
    const approval = await pendingOf("hx-race");
    const answers = await Promise.allSettled([
      rpc("approvals.resolve", { id: approval.id, decision: "allow-always" }),
      rpc("approvals.resolve", { id: approval.id, decision: "allow-always" }),
      rpc("approvals.resolve", { id: approval.id, decision: "deny" }),
    ]);
    const won = answers.filter((a) => a.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status === "rejected")) {
      expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: "GATEWAY_APPROVAL_RESOLVED" });
    }
    const outcome = await call;
    const paid = (await rpc("bank.paid")).filter((p: string) => p === "race");
    expect(paid).toHaveLength(outcome?.code ? 0 : 1);
    const { entries } = await rpc("approvals.allowlist.list");
    expect(entries.filter((e: any) => e.allowAlwaysKey === "to:race").length).toBeLessThanOrEqual(1);
  });

  it("a corrupt or symlinked allowlist file is reported, never followed or rewritten, and the call still asks", async () => {
    const path = allowlistPath(t.stateDir);
    await mkdir(dirname(path), { recursive: true });
    const outside = join(t.stateDir, "..", "outside.json");
    writeFileSync(outside, "do not touch\n");
    await rm(path, { force: true });
    symlinkSync(outside, path);
    const call = pay("link", "hx-link").catch((e) => e);
    const approval = await pendingOf("hx-link");
    await expect(rpc("approvals.allowlist.list")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_ALLOWLIST_CORRUPT",
    });
    await expect(
      rpc("approvals.resolve", { id: approval.id, decision: "allow-always" }),
    ).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_ALLOWLIST_CORRUPT",
    });
    expect(await readFile(outside, "utf8")).toBe("do not touch\n");
    await rpc("approvals.resolve", { id: approval.id, decision: "deny" });
    expect(await call).toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
  });
});

const APPROVAL_METHODS = [
  "approvals.list",
  "approvals.resolve",
  "approvals.allowlist.list",
  "approvals.allowlist.remove",
];
