import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { repoRoot } from "./helpers.js";

/** Debian's chromium (`apt-get install chromium`), or `$CHROMIUM_PATH`. */
export const chromiumPath: string = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless, sandbox off (CI runs as root), nothing that reaches the network on its own. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches chromium with playwright-core (which downloads no browser of its own). */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: FLAGS });
}

/**
 * Where screenshots go: `docs/control-ui/` when `OPENCLAW_UPDATE_SCREENSHOTS=1` (the committed ones in
 * docs/control-ui.md), else a scratch directory, so a test run leaves the checkout unchanged.
 */
export function screenshotDir(scratch: string): string {
  const dir = process.env.OPENCLAW_UPDATE_SCREENSHOTS === "1" ? join(repoRoot, "docs/control-ui") : scratch;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Opens the Control UI at `url` and logs in with `token` through the form. */
export async function logIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Gateway token").fill(token);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("navigation", { name: "Pages" }).waitFor();
}

/** Form controls (input, select, textarea) on the page that have no accessible name. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el) => {
        const control = el as HTMLInputElement;
        return control.labels?.length === 0 && !control.getAttribute("aria-label");
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}
