import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { callGateway, type GatewayHandle, readGatewayToken, startGateway } from "@openclaw/gateway";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type Sandbox } from "./cli-harness.js";

/** A plugin with a `transfer` tool that `before_tool_call` guards with an approval request. */
const VAULT = `export default {
  id: "vault",
  register(api) {
    const done = [];
    api.registerTool({
      name: "transfer",
      description: "Moves money",
      parameters: { type: "object", properties: { amount: { type: "number" } } },
      execute: async (_id, params) => { done.push(params.amount); return { content: [{ type: "text", text: "moved " + params.amount }] }; },
    });
    api.on("before_tool_call", (event) => event.toolName === "transfer"
      ? { requireApproval: { title: "Move " + event.params.amount, description: "Vault transfer", severity: "warning" } }
      : undefined);
    api.registerGatewayMethod("vault.done", ({ respond }) => respond(true, done));
  },
};
`;

let sandbox: Sandbox;
let gateway: GatewayHandle;
let token: string;
let gatewayEnv: Record<string, string>;

beforeAll(async () => {
  sandbox = createSandbox({ withPlugin: false });
  const pluginDir = join(sandbox.dir, "vault");
  mkdirSync(pluginDir, { recursive: true });
  writeFileSync(
    join(pluginDir, "openclaw.plugin.json"),
    JSON.stringify({ id: "vault", configSchema: { type: "object" } }),
  );
  writeFileSync(
    join(pluginDir, "package.json"),
    JSON.stringify({ name: "vault", type: "module", openclaw: { extensions: ["./index.js"] } }),
  );
  writeFileSync(join(pluginDir, "index.js"), VAULT);
  writeFileSync(
    sandbox.configPath,
    JSON.stringify({ plugins: { load: { paths: [pluginDir] }, entries: { vault: { enabled: true } } } }),
  );
  gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: sandbox.env as Record<string, string>,
    logger: createHostLogger({ level: "silent" }),
  });
  token = (await readGatewayToken(sandbox.stateDir)) as string;
  gatewayEnv = { OPENCLAW_GATEWAY_URL: gateway.url };
});

afterAll(async () => {
  await gateway?.close();
  sandbox?.cleanup();
});

/** Starts `tools.invoke transfer` (it waits for the approval) and returns its pending promise. */
function invokeTransfer(amount: number): Promise<unknown> {
  const call = callGateway({
    connection: { url: gateway.url, token, via: "config" },
    method: "tools.invoke",
    params: { name: "transfer", params: { amount }, sessionKey: "cli" },
  });
  call.catch(() => undefined);
  return call;
}

async function pendingIds(count: number): Promise<string[]> {
  return vi.waitFor(async () => {
    const run = await sandbox.run(["approvals", "list", "--json"], gatewayEnv);
    expect(run.code).toBe(0);
    const { approvals } = JSON.parse(run.stdout) as { approvals: Array<{ id: string; title: string }> };
    expect(approvals).toHaveLength(count);
    return approvals.map((a) => a.id);
  });
}

describe("openclaw approvals", () => {
  it("lists a pending approval, approves it and the tool call completes", async () => {
    expect((await sandbox.run(["approvals", "list"], gatewayEnv)).stdout).toBe("No pending approvals.");
    const call = invokeTransfer(7);
    const [id] = await pendingIds(1);
    const listed = await sandbox.run(["approvals", "list"], gatewayEnv);
    expect(listed.stdout).toContain(`${id}  [warning] Move 7`);
    expect(listed.stdout).toContain("plugin vault · tool transfer · session cli");
    expect(listed.stdout).toContain('params {"amount":7}');
    const approved = await sandbox.run(["approvals", "approve", String(id)], gatewayEnv);
    expect(approved).toMatchObject({ code: 0, stdout: `Approval ${id}: allowed once.` });
    expect(await call).toEqual({ content: [{ type: "text", text: "moved 7" }] });
  });

  it("deny refuses the tool call; answering again or an unknown id exits non-zero with a coded error", async () => {
    const call = invokeTransfer(8);
    const [id] = await pendingIds(1);
    const denied = await sandbox.run(["approvals", "deny", String(id), "--json"], gatewayEnv);
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout)).toMatchObject({ id, resolution: "deny", allowed: false });
    await expect(call).rejects.toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
    const again = await sandbox.run(["approvals", "approve", String(id), "--json"], gatewayEnv);
    expect(again.code).not.toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      ok: false,
      error: { code: "GATEWAY_APPROVAL_RESOLVED" },
    });
    const unknown = await sandbox.run(["approvals", "deny", "nope"], gatewayEnv);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("GATEWAY_APPROVAL_NOT_FOUND");
    const done = await callGateway({
      connection: { url: gateway.url, token, via: "config" },
      method: "vault.done",
    });
    expect(done).not.toContain(8);
  });

  it("approve --always allowlists the call; allowlist lists it; the next call runs without asking; revoke removes it", async () => {
    const call = invokeTransfer(9);
    const [id] = await pendingIds(1);
    expect((await sandbox.run(["approvals", "list"], gatewayEnv)).stdout).toContain(
      "decisions allow-once | allow-always | deny",
    );
    const approved = await sandbox.run(
      ["approvals", "approve", String(id), "--always", "--json"],
      gatewayEnv,
    );
    expect(approved.code).toBe(0);
    const outcome = JSON.parse(approved.stdout);
    expect(outcome).toMatchObject({ id, resolution: "allow-always", allowed: true });
    const entryId: string = outcome.allowlistEntry.id;
    expect(await call).toEqual({ content: [{ type: "text", text: "moved 9" }] });

    const listed = await sandbox.run(["approvals", "allowlist"], gatewayEnv);
    expect(listed.stdout).toContain(`${entryId}  plugin vault · tool transfer · any call`);
    expect(listed.stdout).toContain('"Move 9", allowed always');
    const json = JSON.parse((await sandbox.run(["approvals", "allowlist", "--json"], gatewayEnv)).stdout);
    expect(json.entries).toEqual([
      expect.objectContaining({ id: entryId, pluginId: "vault", toolName: "transfer", allowAlwaysKey: null }),
    ]);
    expect(await invokeTransfer(10)).toEqual({ content: [{ type: "text", text: "moved 10" }] });

    const revoked = await sandbox.run(["approvals", "revoke", entryId.slice(0, 8)], gatewayEnv);
    expect(revoked).toMatchObject({ code: 0, stdout: `Revoked ${entryId}: plugin vault · tool transfer.` });
    expect((await sandbox.run(["approvals", "allowlist"], gatewayEnv)).stdout).toBe("No allowlist entries.");
    const asksAgain = invokeTransfer(11);
    const [again] = await pendingIds(1);
    await sandbox.run(["approvals", "deny", String(again)], gatewayEnv);
    await expect(asksAgain).rejects.toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
    const missing = await sandbox.run(["approvals", "revoke", entryId], gatewayEnv);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND");
  });

  it("with no gateway answering, allowlist and revoke work on the state dir's file (the gateway re-reads it)", async () => {
    const call = invokeTransfer(12);
    const [id] = await pendingIds(1);
    await sandbox.run(["approvals", "approve", String(id), "--always"], gatewayEnv);
    await call;
    const offline = { OPENCLAW_GATEWAY_URL: "http://127.0.0.1:1" };
    expect((await sandbox.run(["approvals", "list"], offline)).stderr).toContain("GATEWAY_UNREACHABLE");
    const listed = await sandbox.run(["approvals", "allowlist", "--json"], offline);
    expect(listed.code).toBe(0);
    const { path, entries } = JSON.parse(listed.stdout);
    expect(path).toBe(join(sandbox.stateDir, "approvals", "allowlist.json"));
    expect(entries).toEqual([expect.objectContaining({ pluginId: "vault", toolName: "transfer" })]);
    const human = await sandbox.run(["approvals", "allowlist"], offline);
    expect(human.stderr).toContain(`No gateway answers; read ${path} directly.`);
    const revoked = await sandbox.run(["approvals", "revoke", entries[0].id], offline);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: `Revoked ${entries[0].id}: plugin vault · tool transfer.`,
    });
    const asksAgain = invokeTransfer(13);
    const [again] = await pendingIds(1);
    await sandbox.run(["approvals", "deny", String(again)], gatewayEnv);
    await expect(asksAgain).rejects.toMatchObject({ code: "GATEWAY_APPROVAL_DENIED" });
  });
});
