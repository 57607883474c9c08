import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, lowContrastText, screenshotDir, shoot } from "./browser.js";
import { createHome, type Home, type RunningGateway, startGateway } from "./helpers.js";

/**
 * A plugin whose `deploy` tool needs an operator's approval (asked by its own `before_tool_call`),
 * keyed per service for allow-always; service "db" is never offered allow-always.
 */
const RELEASER = `export default {
  id: "releaser",
  register(api) {
    api.registerTool({
      name: "deploy",
      description: "Deploys a service",
      parameters: { type: "object", properties: { service: { type: "string" }, token: { type: "string" } } },
      execute: async (_id, params) => ({ content: [{ type: "text", text: "deployed " + params.service }] }),
    });
    api.on("before_tool_call", (event) => event.toolName === "deploy"
      ? { requireApproval: {
          title: "Deploy " + event.params.service, description: "Production rollout", severity: "critical",
          allowAlwaysKey: "service:" + event.params.service,
          ...(event.params.service === "db" ? { allowedDecisions: ["allow-once", "deny"] } : {}),
        } }
      : undefined);
  },
};
`;

let home: Home;
let gateway: RunningGateway;
let browser: Browser;
let token: string;
let shots: string;

beforeAll(async () => {
  home = createHome({ bundled: false });
  shots = screenshotDir(join(home.dir, "shots"));
  const pluginDir = join(home.dir, "releaser");
  mkdirSync(pluginDir, { recursive: true });
  mkdirSync(home.stateDir, { recursive: true });
  writeFileSync(
    join(pluginDir, "openclaw.plugin.json"),
    JSON.stringify({ id: "releaser", configSchema: { type: "object" } }),
  );
  writeFileSync(
    join(pluginDir, "package.json"),
    JSON.stringify({ name: "releaser", type: "module", openclaw: { extensions: ["./index.js"] } }),
  );
  writeFileSync(join(pluginDir, "index.js"), RELEASER);
  writeFileSync(
    join(home.stateDir, "openclaw.json"),
    JSON.stringify({ plugins: { load: { paths: [pluginDir] }, entries: { releaser: { enabled: true } } } }),
  );
  gateway = await startGateway(home);
  token = readFileSync(join(home.stateDir, "gateway/token"), "utf8").trim();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  home?.cleanup();
});

/** `tools.invoke deploy` over POST /rpc; it waits for the approval and settles with the RPC answer. */
async function deploy(
  service: string,
): Promise<{ ok: boolean; payload?: unknown; error?: { code: string } }> {
  const response = await fetch(`${gateway.url}/rpc`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      method: "tools.invoke",
      params: { name: "deploy", params: { service, token: "tok-secret" }, sessionKey: "ui" },
    }),
  });
  return (await response.json()) as { ok: boolean; payload?: unknown; error?: { code: string } };
}

async function approvalsPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => {
    throw error;
  });
  await logIn(page, gateway.url, token);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Approvals" }).click();
  await page.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
  return page;
}

describe("Control UI approvals page", () => {
  it("shows a pending approval as it arrives (redacted params) and Approve once lets the tool run", async () => {
    const page = await approvalsPage();
    await page.getByText("No pending approvals.").waitFor();
    const call = deploy("billing");
    const card = page.locator("li.approval").filter({ hasText: "Deploy billing" });
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain("Production rollout");
    expect(text).toContain("critical");
    expect(text).toContain('"token":"[redacted]"');
    expect(text).not.toContain("tok-secret");
    expect(await lowContrastText(page)).toEqual([]);
    await shoot(page, join(shots, "approvals.png"));
    await card.getByRole("button", { name: "Approve once" }).click();
    expect(await call).toEqual({
      ok: true,
      payload: { content: [{ type: "text", text: "deployed billing" }] },
    });
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("Allowed once: Deploy billing");
    await page.getByText("No pending approvals.").waitFor();
    await page.close();
  });

  it("the Agent page shows a tool call waiting for approval; approving it in another tab finishes the turn", async () => {
    const agent = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    agent.setDefaultTimeout(10_000);
    await logIn(agent, gateway.url, token);
    await agent.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Agent" }).click();
    await agent.getByLabel("Message").fill('Please deploy {"service":"web"}');
    await agent.getByRole("button", { name: "Send" }).click();
    const summary = agent.locator(".tool-call summary").first();
    await expect.poll(() => summary.textContent()).toMatch(/deploy\s+waiting for approval/);
    const approvals = await approvalsPage();
    await approvals
      .locator("li.approval")
      .filter({ hasText: "Deploy web" })
      .getByRole("button", { name: "Approve once" })
      .click();
    await expect.poll(() => summary.textContent()).toMatch(/deploy\s+done in/);
    await expect
      .poll(() => agent.getByRole("list", { name: "Conversation" }).textContent(), { timeout: 20_000 })
      .toContain("deployed web");
    await approvals.close();
    await agent.close();
  });

  it("Deny refuses the tool call with GATEWAY_APPROVAL_DENIED", async () => {
    const page = await approvalsPage();
    const call = deploy("search");
    const card = page.locator("li.approval").filter({ hasText: "Deploy search" });
    await card.getByRole("button", { name: "Deny" }).click();
    expect(await call).toMatchObject({ ok: false, error: { code: "GATEWAY_APPROVAL_DENIED" } });
    await page.getByText("No pending approvals.").waitFor();
    await page.close();
  });

  it("Allow always runs the call and lists the entry; the next call of that service runs unasked; Revoke asks again", async () => {
    const page = await approvalsPage();
    await page.getByText("No allowlist entries.").waitFor();
    const call = deploy("cache");
    const card = page.locator("li.approval").filter({ hasText: "Deploy cache" });
    await card.waitFor();
    expect(await card.textContent()).toContain("releaser · deploy · key service:cache");
    await card.getByRole("button", { name: "Allow always" }).click();
    expect(await call).toMatchObject({ ok: true, payload: { content: [{ text: "deployed cache" }] } });
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("Allowed always: Deploy cache");
    const allowlist = page.getByRole("list", { name: "Allowlist" });
    const entry = allowlist
      .locator("li.allowlist-entry")
      .filter({ hasText: "releaser · deploy · key service:cache" });
    await entry.waitFor();
    expect(await entry.textContent()).toContain("Deploy cache");
    expect(await lowContrastText(page)).toEqual([]);
    await shoot(page, join(shots, "approvals-allowlist.png"));

    expect(await deploy("cache")).toMatchObject({
      ok: true,
      payload: { content: [{ text: "deployed cache" }] },
    });
    expect(await page.locator("li.approval").count()).toBe(0);

    await entry.getByRole("button", { name: /^Revoke/ }).click();
    await page.getByText("No allowlist entries.").waitFor();
    const asked = deploy("cache");
    const again = page.locator("li.approval").filter({ hasText: "Deploy cache" });
    await again.getByRole("button", { name: "Deny" }).click();
    expect(await asked).toMatchObject({ ok: false, error: { code: "GATEWAY_APPROVAL_DENIED" } });
    await page.close();
  });

  it("a request whose allowedDecisions exclude allow-always offers no Allow always button", async () => {
    const page = await approvalsPage();
    const call = deploy("db");
    const card = page.locator("li.approval").filter({ hasText: "Deploy db" });
    await card.waitFor();
    expect(await card.getByRole("button").allTextContents()).toEqual(["Approve once", "Deny"]);
    expect(await card.textContent()).not.toContain("Allow always covers");
    await card.getByRole("button", { name: "Deny" }).click();
    expect(await call).toMatchObject({ ok: false, error: { code: "GATEWAY_APPROVAL_DENIED" } });
    await page.close();
  });
});
