// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

/**
 * `guard` asks for approval before `pay`, keyed (`allowAlwaysKey`) on the recipient; a call may
 * narrow the decisions offered with `params.decisions`. Every `onResolution` is recorded.
 */
const GUARD = `
const resolutions: any[] = [];
export default (api: any) => {
  api.on("before_tool_call", (event: any) => {
    if (event.toolName !== "pay") return;
    return {
      requireApproval: {
        title: "Pay " + event.params.to,
        allowAlwaysKey: "to:" + event.params.to,
        ...(event.params.decisions ? { allowedDecisions: event.params.decisions } : {}),
        onResolution: (decision: string) => { resolutions.push({ to: event.params.to, decision }); },
      },
    };
  });
  api.registerGatewayMethod("guard.resolutions", ({ respond }: any) => respond(true, resolutions));
};`;

const BANK = `
const paid: any[] = [];
export default (api: any) => {
  api.registerTool({
    name: "pay",
    description: "Pays someone",
    parameters: { type: "object", properties: { to: { type: "string" }, decisions: { type: "array" } } },
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
      agents: { defaults: { model: "fake/m1", maxSteps: 4 } },
      approvals: { maxPendingPerSession: 2, defaultTimeoutMs: 45_000 },
    }),
  });
});

afterAll(() => t?.close());

const rpc = <T = any>(method: string, params?: Record<string, unknown>) => t.rpc<T>(method, params);

async function pending(sessionKey: string, count = 1): Promise<any[]> {
  return vi.waitFor(async () => {
    const { approvals } = await rpc("approvals.list", { sessionKey });
    expect(approvals).toHaveLength(count);
    return approvals;
  });
}

const paidTo = async (to: string) => (await rpc<string[]>("bank.paid")).filter((p) => p === to);
const invoke = (to: string, sessionKey: string, extra: Record<string, unknown> = {}) =>
  rpc("tools.invoke", { name: "pay", params: { to, ...extra }, sessionKey });

/** An authenticated `/ws` client collecting `approvals.*` events and answering requests by id. */
async function wsClient(): Promise<{
  ws: WebSocket;
  events: any[];
  send(method: string, params: any): void;
}> {
  const ws = new WebSocket(`${t.gateway.url.replace("http", "ws")}/ws`, {
    headers: { authorization: `Bearer ${t.token}` },
  });
  await new Promise((resolve) => ws.once("open", resolve));
  const events: any[] = [];
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === "event" && String(frame.event).startsWith("approvals.")) events.push(frame);
  });
  let id = 0;
  return {
    ws,
    events,
    send: (method, params) => ws.send(JSON.stringify({ type: "req", id: ++id, method, params })),
  };
}

describe("allow-always and the approvals allowlist", () => {
  it("allow-always runs the call and records plugin + tool + key; the next call with that key runs without asking (reported), another key still asks; revoking asks again", async () => {
    const client = await wsClient();
    const first = invoke("alice", "aa-1");
    const [approval] = await pending("aa-1");
    expect(approval).toMatchObject({
      allowedDecisions: ["allow-once", "allow-always", "deny"],
      allowAlwaysKey: "to:alice",
    });
    const answered = await rpc("approvals.resolve", { id: approval.id, decision: "allow-always" });
    expect(answered).toMatchObject({ resolution: "allow-always", allowed: true });
    expect(await first).toMatchObject({ content: [{ text: "paid alice" }] });
    const { entries, path } = await rpc("approvals.allowlist.list");
    expect(path).toMatch(/approvals[/\\]allowlist\.json$/);
    expect(entries).toEqual([
      expect.objectContaining({
        id: answered.allowlistEntry.id,
        pluginId: "guard",
        toolName: "pay",
        allowAlwaysKey: "to:alice",
        title: "Pay alice",
        approvalId: approval.id,
        sessionKey: "aa-1",
      }),
    ]);

    expect(await invoke("alice", "aa-2")).toMatchObject({ content: [{ text: "paid alice" }] });
    expect(await paidTo("alice")).toHaveLength(2);
    await vi.waitFor(() =>
      expect(client.events.find((e) => e.event === "approvals.autoAllowed")?.payload).toMatchObject({
        entryId: answered.allowlistEntry.id,
        pluginId: "guard",
        toolName: "pay",
        sessionKey: "aa-2",
      }),
    );
    expect(await rpc("guard.resolutions")).toEqual([
      { to: "alice", decision: "allow-always" },
      { to: "alice", decision: "allow-always" },
    ]);

    const other = invoke("mallory", "aa-3");
    const [asked] = await pending("aa-3");
    await rpc("approvals.resolve", { id: asked.id, decision: "deny" });
    await expect(other).rejects.toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });

    const { removed } = await rpc("approvals.allowlist.remove", { id: answered.allowlistEntry.id });
    expect(removed).toMatchObject({ toolName: "pay", allowAlwaysKey: "to:alice" });
    expect((await rpc("approvals.allowlist.list")).entries).toEqual([]);
    const again = invoke("alice", "aa-4");
    const [reasked] = await pending("aa-4");
    await rpc("approvals.resolve", { id: reasked.id, decision: "deny" });
    await expect(again).rejects.toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
    await expect(rpc("approvals.allowlist.remove", { id: answered.allowlistEntry.id })).rejects.toMatchObject(
      {
        code: "GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND",
      },
    );
    await vi.waitFor(() =>
      expect(
        client.events.filter((e) => e.event === "approvals.allowlistChanged").map((e) => e.payload.change),
      ).toEqual(["added", "removed"]),
    );
    client.ws.close();
  });

  it("a request whose allowedDecisions exclude allow-always refuses it with GATEWAY_APPROVAL_DECISION_UNAVAILABLE and stays pending", async () => {
    const call = invoke("bob", "aa-narrow", { decisions: ["allow-once", "deny"] });
    const [approval] = await pending("aa-narrow");
    expect(approval.allowedDecisions).toEqual(["allow-once", "deny"]);
    await expect(
      rpc("approvals.resolve", { id: approval.id, decision: "allow-always" }),
    ).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_DECISION_UNAVAILABLE",
    });
    await pending("aa-narrow");
    await rpc("approvals.resolve", { id: approval.id, decision: "allow-once" });
    expect(await call).toMatchObject({ content: [{ text: "paid bob" }] });
    expect((await rpc("approvals.allowlist.list")).entries).toEqual([]);
  });

  it("approvals.* config keys apply: default wait and per-session cap", async () => {
    const calls = [invoke("c1", "aa-cap"), invoke("c2", "aa-cap")];
    for (const call of calls) call.catch(() => undefined);
    const queued = await pending("aa-cap", 2);
    expect(queued[0].expiresAt - queued[0].createdAt).toBe(45_000);
    await expect(invoke("c3", "aa-cap")).rejects.toMatchObject({
      code: "GATEWAY_APPROVAL_LIMIT",
      message: expect.stringContaining("limit 2"),
    });
    for (const { id } of queued) await rpc("approvals.resolve", { id, decision: "deny" });
  });
});

describe("a caller that goes away cancels its pending approval", () => {
  it("HTTP: closing the tools.invoke connection cancels the approval; the tool never runs", async () => {
    const body = JSON.stringify({
      method: "tools.invoke",
      params: { name: "pay", params: { to: "gone-http" }, sessionKey: "aa-http" },
    });
    const req = request(`${t.gateway.url}/rpc`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json" },
    });
    req.on("error", () => undefined);
    req.end(body);
    await pending("aa-http");
    req.destroy();
    await vi.waitFor(async () =>
      expect((await rpc("approvals.list", { sessionKey: "aa-http" })).approvals).toEqual([]),
    );
    await vi.waitFor(async () =>
      expect(await rpc("guard.resolutions")).toContainEqual({ to: "gone-http", decision: "cancelled" }),
    );
    expect(await paidTo("gone-http")).toEqual([]);
  });

  it("/ws: closing the socket while its agent.run waits for an approval cancels the approval and the turn", async () => {
    t.fake.script([{ toolCalls: [{ name: "pay", arguments: { to: "gone-ws" } }] }, { text: "x" }]);
    const client = await wsClient();
    client.send("agent.run", { prompt: "pay", sessionKey: "aa-ws" });
    const [approval] = await pending("aa-ws");
    client.ws.terminate();
    await vi.waitFor(async () =>
      expect((await rpc("approvals.list", { sessionKey: "aa-ws" })).approvals).toEqual([]),
    );
    await vi.waitFor(async () =>
      expect(await rpc("guard.resolutions")).toContainEqual({ to: "gone-ws", decision: "cancelled" }),
    );
    await expect(rpc("approvals.resolve", { id: approval.id, decision: "allow-once" })).rejects.toMatchObject(
      {
        code: "GATEWAY_APPROVAL_RESOLVED",
      },
    );
    expect(await paidTo("gone-ws")).toEqual([]);
  });
});
