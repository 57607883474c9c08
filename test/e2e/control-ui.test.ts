import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchBrowser,
  logIn,
  lowContrastText,
  screenshotDir,
  shoot,
  unlabelledControls,
} from "./browser.js";
import { fetchCorpus } from "./corpus.js";
import { createHome, type Home, openclaw, type RunningGateway, startGateway } from "./helpers.js";

const SECRET = "twilio-secret-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let home: Home;
let gateway: RunningGateway;
let browser: Browser;
let token: string;
let webhookPort: number;
let shots: string;
const configFile = () => join(home.stateDir, "openclaw.json");
const readConfig = () => JSON.parse(readFileSync(configFile(), "utf8"));
const voiceConfig = () => readConfig().plugins.entries["voice-call"].config;

beforeAll(async () => {
  home = createHome();
  shots = screenshotDir(join(home.dir, "shots"));
  webhookPort = await freePort();
  mkdirSync(home.stateDir, { recursive: true });
  writeFileSync(
    configFile(),
    `${JSON.stringify(
      {
        plugins: {
          entries: {
            "voice-call": {
              enabled: true,
              config: {
                enabled: true,
                provider: "mock",
                fromNumber: "+15550001234",
                skipSignatureVerification: true,
                serve: { port: webhookPort, bind: "127.0.0.1" },
                mock: { answerDelayMs: 200 },
                twilio: { accountSid: "AC123", authToken: SECRET },
              },
            },
          },
        },
      },
      null,
      2,
    )}\n`,
  );
  for (const tarball of fetchCorpus()) {
    // --force: nostr and zalo are built for a larger SDK; installed anyway, they show their coded error.
    const result = await openclaw(home, ["plugins", "install", tarball, "--force"]);
    expect(result.code, result.stderr).toBe(0);
  }
  gateway = await startGateway(home);
  token = readFileSync(join(home.stateDir, "gateway/token"), "utf8").trim();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  home?.cleanup();
});

async function newPage(width = 1000, height = 720): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** Every WebSocket frame the page sends or receives, as text. */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on("websocket", (ws) => {
    ws.on("framesent", (f) => frames.push(String(f.payload)));
    ws.on("framereceived", (f) => frames.push(String(f.payload)));
  });
  return frames;
}

/** Follows a link of the page navigation. */
function openPage(page: Page, name: string): Promise<void> {
  return page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name }).click();
}

async function openVoiceCallForm(page: Page): Promise<void> {
  await logIn(page, gateway.url, token);
  await openPage(page, "Config");
  await page.getByLabel("Section").selectOption("voice-call");
  await page.getByLabel("From Number").waitFor();
}

describe("Control UI served by the gateway", () => {
  it("serves index.html no-cache with a CSP, hashed assets immutable and gzipped within 100 KB, and falls back to the SPA", async () => {
    const index = await fetch(`${gateway.url}/`);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(index.headers.get("content-security-policy")).not.toContain("unsafe-eval");
    const html = await index.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/__openclaw__\/control-ui\/assets\/[^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(assets).toHaveLength(2);
    let gzipBytes = 0;
    for (const asset of assets) {
      const response = await fetch(`${gateway.url}${asset}`, { headers: { "accept-encoding": "gzip" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("content-encoding")).toBe("gzip");
      gzipBytes += Number(response.headers.get("content-length"));
    }
    expect(gzipBytes).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(100 * 1024);
    const deep = await fetch(`${gateway.url}/config/voice-call`, { headers: { accept: "text/html" } });
    expect(await deep.text()).toBe(html);
    expect(await (await fetch(`${gateway.url}/health`)).json()).toMatchObject({ status: "ready" });
    expect(
      (await fetch(`${gateway.url}/nope.json`, { headers: { accept: "application/json" } })).status,
    ).toBe(404);
  });

  it("logs in with the gateway token kept in sessionStorage, never in the URL", async () => {
    const page = await newPage();
    await page.goto(gateway.url);
    await page.getByLabel("Gateway token").fill("wrong-token");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Wrong token");
    await shoot(page, join(shots, "login.png"));
    await logIn(page, gateway.url, token);
    expect(page.url()).not.toContain(token);
    expect(await page.evaluate(() => sessionStorage.getItem("openclaw.gatewayToken"))).toBe(token);
    await page.reload();
    await page.getByRole("heading", { name: "Plugins", level: 1 }).waitFor();
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(gateway.url);
    await fresh.getByLabel("Gateway token").waitFor();
    await other.close();
    await page.close();
  });

  it("lists every plugin, the corpus plugins included, with status, origin, version and coded errors", async () => {
    const page = await newPage(1000, 760);
    await logIn(page, gateway.url, token);
    for (const name of ["Voice Call", "Nostr", "Zalo", "Ollama Web Search", "Context Compactor"]) {
      await page.getByRole("heading", { name, level: 3 }).first().waitFor();
    }
    const cards = page.locator("li.card");
    const text = (await cards.allTextContents()).join("\n");
    for (const id of ["voice-call", "openclaw-web-search", "context-compactor", "nostr", "zalo"])
      expect(text).toContain(id);
    const nostr = cards.filter({ hasText: "nostr" }).first();
    await expect.poll(() => nostr.textContent()).toContain("PLUGIN_SDK_SUBPATH_MISSING");
    expect(await nostr.textContent()).toContain("2026.9.5");
    const webSearch = cards.filter({ hasText: "openclaw-web-search" });
    await webSearch.getByText(/^Registrations/).click();
    expect(await webSearch.textContent()).toContain("ollama_web_search");
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, join(shots, "plugins.png"));
    await page.close();
  });

  it("reloads a plugin from its card, from the keyboard", async () => {
    const page = await newPage();
    await logIn(page, gateway.url, token);
    const reload = page.getByRole("button", { name: "Reload Context Compactor" });
    for (let i = 0; i < 60 && !(await reload.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("reloaded: loaded");
    await page.close();
  });
});

describe("Voice Call config form", () => {
  it("saves a changed setting to the config file", async () => {
    const page = await newPage();
    await openVoiceCallForm(page);
    await page.getByLabel("Default To Number").fill("+15550009999");
    await page.getByLabel("Default Call Mode").selectOption("notify");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect(voiceConfig()).toMatchObject({ toNumber: "+15550009999", outbound: { defaultMode: "notify" } });
    expect(voiceConfig().twilio.authToken).toBe(SECRET);
    await page.close();
  });

  it("shows an invalid value's error beside the field and saves nothing", async () => {
    const page = await newPage();
    await openVoiceCallForm(page);
    const before = readFileSync(configFile(), "utf8");
    const from = page.getByLabel("From Number");
    await from.fill("555-not-e164");
    const error = page.locator(`#${await from.getAttribute("id")}-error`);
    await expect.poll(() => error.textContent()).toContain("must match");
    expect(await from.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBeTruthy();
    expect(readFileSync(configFile(), "utf8")).toBe(before);
    await shoot(page, join(shots, "config-error.png"));
    await page.close();
  });

  it("reports a conflict when the file changed behind the form, and keeps the other change", async () => {
    const page = await newPage();
    await openVoiceCallForm(page);
    const behind = readConfig();
    behind.plugins.entries["voice-call"].config.inboundGreeting = "Changed behind the form";
    writeFileSync(configFile(), JSON.stringify(behind, null, 2));
    await page.getByLabel("Default To Number").fill("+15550001111");
    await page.getByRole("button", { name: "Save" }).click();
    const alert = page.locator(".conflict");
    await expect.poll(() => alert.textContent()).toContain("changed on disk");
    expect(voiceConfig().inboundGreeting).toBe("Changed behind the form");
    expect(voiceConfig().toNumber).not.toBe("+15550001111");
    await shoot(page, join(shots, "config-conflict.png"));
    await page.getByRole("button", { name: "Reload from file" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("Loaded the current file");
    await page.getByLabel("Default To Number").fill("+15550001111");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect(voiceConfig()).toMatchObject({
      toNumber: "+15550001111",
      inboundGreeting: "Changed behind the form",
    });
    await page.close();
  });

  it("masks a sensitive field, never receives or sends it unless changed, and keeps it", async () => {
    const page = await newPage(1000, 760);
    const frames = recordFrames(page);
    await openVoiceCallForm(page);
    const tokenField = page.getByLabel("Twilio Auth Token", { exact: true });
    expect(await tokenField.getAttribute("type")).toBe("password");
    expect(await tokenField.inputValue()).toBe("");
    expect(await tokenField.getAttribute("placeholder")).toContain("set");
    expect(await page.content()).not.toContain(SECRET);
    await page.getByLabel("Twilio Account SID").fill("AC999");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");
    expect(voiceConfig().twilio).toEqual({ accountSid: "AC999", authToken: SECRET });
    expect(frames.join("\n")).not.toContain(SECRET);
    expect(frames.filter((f) => f.includes('"config.patch"')).join("\n")).not.toContain("authToken");
    expect(await lowContrastText(page)).toEqual([]);
    await page.getByLabel("Twilio Account SID").evaluate((el) => el.scrollIntoView({ block: "center" }));
    await shoot(page, join(shots, "config.png"));
    await tokenField.fill("new-secret-value");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => voiceConfig().twilio.authToken).toBe("new-secret-value");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.close();
  });
});

describe("Core plugins.* form", () => {
  it("shows the gateway's CONFIG_INVALID issue beside the field it names", async () => {
    const page = await newPage();
    await logIn(page, gateway.url, token);
    await openPage(page, "Config");
    await page.getByLabel("Section").selectOption("plugins");
    await page.getByRole("button", { name: "Add allow" }).click();
    const item = page.getByLabel("Allow 1", { exact: true });
    await item.fill("no-such-plugin");
    const before = readFileSync(configFile(), "utf8");
    const id = await item.getAttribute("id");
    await page.getByRole("button", { name: "Save" }).click();
    const error = page.locator(`#${id}-error`);
    await expect.poll(() => error.textContent()).toContain("plugin not found: no-such-plugin");
    expect(readFileSync(configFile(), "utf8")).toBe(before);
    await page.close();
  });
});

describe("Plugin management", () => {
  it("disables and re-enables a plugin through config.patch", async () => {
    const page = await newPage();
    await logIn(page, gateway.url, token);
    await page.getByRole("button", { name: "Disable Context Compactor" }).click();
    await page.getByRole("button", { name: "Enable Context Compactor" }).waitFor();
    expect(readConfig().plugins.entries["context-compactor"].enabled).toBe(false);
    await page.getByRole("button", { name: "Enable Context Compactor" }).click();
    await page.getByRole("button", { name: "Disable Context Compactor" }).waitFor();
    const card = page.locator("li.card").filter({ hasText: "context-compactor" });
    await expect.poll(() => card.locator(".badge").textContent()).toBe("loaded");
    await page.close();
  });

  it("uninstalls after a confirmation naming what goes, then installs from npm with progress", async () => {
    const page = await newPage(1000, 760);
    await logIn(page, gateway.url, token);
    await page.getByRole("button", { name: "Uninstall Context Compactor" }).click();
    const dialog = page.getByRole("dialog", { name: "Uninstall context-compactor?" });
    const listed = await dialog.textContent();
    expect(listed).toContain(join(home.stateDir, "extensions"));
    expect(listed).toContain("plugins.installs.context-compactor");
    expect(listed).toContain("plugins.entries.context-compactor");
    await shoot(page, join(shots, "plugins-uninstall.png"));
    await dialog.getByRole("button", { name: "Uninstall context-compactor" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("Uninstalled context-compactor");
    expect(readConfig().plugins.installs["context-compactor"]).toBeUndefined();
    await expect.poll(() => page.locator("li.card").filter({ hasText: "context-compactor" }).count()).toBe(0);

    await page.getByLabel("Install from npm").fill("jasper-context-compactor@0.4.1");
    await page.getByRole("button", { name: "Install", exact: true }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent(), { timeout: 60_000 })
      .toContain("Installed context-compactor@0.4.1 (loaded)");
    const progress = await page.getByRole("list", { name: "Install progress" }).textContent();
    for (const step of ["Resolving", "Fetching", "Verifying", "Loading"]) expect(progress).toContain(step);
    expect(readConfig().plugins.installs["context-compactor"]).toMatchObject({
      source: "npm",
      version: "0.4.1",
    });
    await page.close();
  });
});

describe("Voice Call page", () => {
  it("places a mock call and shows its transcript as it happens", async () => {
    const page = await newPage(1000, 900);
    await logIn(page, gateway.url, token);
    await openPage(page, "Voice Call");
    await page.getByLabel("To (E.164)").fill("+15550005678");
    await page.getByLabel("Message").fill("Hello from the Control UI test");
    await page.getByLabel("Mode").selectOption("conversation");
    await page.getByRole("button", { name: "Call", exact: true }).click();
    const transcript = page.getByRole("list", { name: "Transcript" });
    await expect
      .poll(() => transcript.textContent(), { timeout: 10_000 })
      .toContain("Hello from the Control UI test");
    const calls = JSON.parse((await openclaw(home, ["gateway", "call", "voicecall.list"])).stdout) as {
      calls: Array<{ callId: string; to: string }>;
    };
    const placed = calls.calls.find((c) => c.to === "+15550005678");
    expect(placed).toBeDefined();
    const webhook = await fetch(`http://127.0.0.1:${webhookPort}/voice/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        event: {
          type: "call.speech",
          callId: placed?.callId,
          transcript: "Yes, I can hear you",
          isFinal: true,
        },
      }),
    });
    expect(webhook.status).toBe(200);
    await expect.poll(() => transcript.textContent()).toContain("Yes, I can hear you");
    await expect.poll(() => page.getByTestId("call-state").textContent()).toBe("listening");
    await page.getByLabel("Say on this call").fill("Thanks, goodbye");
    await page.getByRole("button", { name: "Speak", exact: true }).click();
    await expect.poll(() => transcript.textContent()).toContain("Thanks, goodbye");
    expect(await lowContrastText(page)).toEqual([]);
    await shoot(page, join(shots, "voice-call.png"));
    await page.getByRole("button", { name: "End call" }).click();
    await expect.poll(() => page.getByTestId("call-state").textContent()).toBe("hangup-bot");
    await page.close();
  });

  it("is usable at phone width: navigation and the call form fit without horizontal scrolling", async () => {
    const page = await newPage(375, 740);
    await logIn(page, gateway.url, token);
    await openPage(page, "Voice Call");
    await page.getByLabel("Message").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.reload();
    await page.getByLabel("Message").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Skip to content");
    await shoot(page, join(shots, "voice-call-phone.png"));
    await page.close();
  });
});

describe("Agent page", () => {
  it("sends a message and shows the tool call and the streamed reply", async () => {
    const page = await newPage(1000, 800);
    const frames = recordFrames(page);
    await logIn(page, gateway.url, token);
    await openPage(page, "Agent");
    await page
      .getByLabel("Message")
      .fill('Check a call with voice_call {"action":"get_status","callId":"no-such-call"}');
    await page.getByRole("button", { name: "Send" }).click();
    const chat = page.getByRole("list", { name: "Conversation" });
    await expect.poll(() => chat.textContent(), { timeout: 20_000 }).toContain("voice_call returned:");
    await expect
      .poll(() => chat.locator(".tool-call summary").first().textContent())
      .toMatch(/voice_call\s+done in/);
    // The reply arrived as agent.delta events before the agent.run answer.
    const deltas = frames.filter((f) => f.includes('"event":"agent.delta"'));
    expect(deltas.length).toBeGreaterThan(1);
    expect(frames.some((f) => f.includes('"event":"agent.tool"'))).toBe(true);
    await shoot(page, join(shots, "agent.png"));
    await page.close();
  });
});

describe("connection", () => {
  it("reconnects by itself when the gateway restarts, and re-reads the page", async () => {
    const page = await newPage();
    await logIn(page, gateway.url, token);
    await page.getByRole("heading", { name: "Voice Call", level: 3 }).waitFor();
    const port = Number(new URL(gateway.url).port);
    await gateway.stop();
    await page.getByText("Connection lost; reconnecting…").waitFor();
    // Changed while the page was disconnected: the restarted gateway reports it disabled.
    const config = readConfig();
    config.plugins.entries["context-compactor"].enabled = false;
    writeFileSync(configFile(), JSON.stringify(config, null, 2));
    gateway = await startGateway(home, port);
    await page.getByText("Connection lost; reconnecting…").waitFor({ state: "detached", timeout: 30_000 });
    const card = page.locator("li.card").filter({ hasText: "context-compactor" });
    await expect.poll(() => card.locator(".badge").textContent()).toBe("disabled");
    expect(page.url()).not.toContain(token);
    await page.close();
  });
});
