// Benchmark for the Control UI: first load to interactive in Debian chromium over loopback, each load
// in a fresh browser context (empty HTTP cache), against a bare page served by node:http in the same run.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnGateway } from "./gateway.mjs";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A loopback server with one HTML page whose module script sets the same kind of mark. */
function bareServer() {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>bare</title>
<script type="module" src="/m.js"></script></head><body><p>bare</p></body></html>`;
  const js = `performance.mark("openclaw:bare-ready");`;
  const server = createServer((req, res) => {
    const isJs = req.url === "/m.js";
    res.writeHead(200, { "content-type": isJs ? "text/javascript" : "text/html" });
    res.end(isJs ? js : html);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() }),
    ),
  );
}

/** Ms from navigation start to `mark`, in a fresh context; `token` pre-logs in through sessionStorage. */
async function loadOnce(browser, url, mark, token) {
  const context = await browser.newContext();
  if (token) {
    await context.addInitScript((t) => sessionStorage.setItem("openclaw.gatewayToken", t), token);
  }
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction((m) => performance.getEntriesByName(m, "mark").length > 0, mark, {
    timeout: 10_000,
  });
  const ms = await page.evaluate((m) => performance.getEntriesByName(m, "mark")[0].startTime, mark);
  await context.close();
  return ms;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return +sorted[Math.floor(sorted.length / 2)].toFixed(1);
}

/** First load to interactive: the login form, and (token in the session) the plugins list. */
export async function benchControlUi(root, { runs = 15 } = {}) {
  const require = createRequire(join(root, "test/e2e/package.json"));
  const { chromium } = require("playwright-core");
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-ui-"));
  const stateDir = join(dir, "state");
  const gw = await spawnGateway(root, stateDir);
  const bare = await bareServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: FLAGS,
  });
  try {
    const samples = { bare: [], login: [], plugins: [] };
    for (let i = 0; i < runs + 1; i++) {
      // Interleaved so machine noise hits all three alike; the first round warms the browser up.
      const round = [
        await loadOnce(browser, bare.url, "openclaw:bare-ready"),
        await loadOnce(browser, gw.url, "openclaw:login-ready"),
        await loadOnce(browser, gw.url, "openclaw:plugins-ready", gw.token),
      ];
      if (i === 0) continue;
      samples.bare.push(round[0]);
      samples.login.push(round[1]);
      samples.plugins.push(round[2]);
    }
    const baseline = median(samples.bare);
    const row = (view, list) => ({
      view,
      medianMs: median(list),
      maxMs: +Math.max(...list).toFixed(1),
      ratioToBarePage: +(median(list) / baseline).toFixed(2),
    });
    return {
      name: "control-ui",
      description: `Control UI first load to interactive in headless chromium over loopback (fresh context, empty cache, ${runs} runs)`,
      baseline: { command: "bare HTML page + one module script from node:http", medianMs: baseline, runs },
      rows: [row("login form", samples.login), row("plugins list (logged in)", samples.plugins)],
      target: "login form and plugins list interactive < 300 ms",
    };
  } finally {
    await browser.close();
    bare.stop();
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
