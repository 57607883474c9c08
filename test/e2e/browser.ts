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

/** Saves a screenshot of what the viewport shows (not the whole scroll height: kept small for docs/). */
export async function shoot(page: Page, path: string): Promise<void> {
  await page.screenshot({ path });
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

/**
 * Text elements whose colour has less than `minimum` contrast (WCAG 2 relative luminance formula)
 * against the first opaque background behind them; each as `text: ratio`.
 */
export function lowContrastText(page: Page, minimum = 4.5): Promise<string[]> {
  return page.evaluate((min) => {
    const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]): number => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const rgba = parse(getComputedStyle(node).backgroundColor);
        if (rgba.length === 3 || (rgba[3] ?? 0) > 0.5) return rgba;
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? "").trim() !== "");
      const box = (el as HTMLElement).getBoundingClientRect();
      if (!own || box.width === 0 || (el as HTMLElement).closest("[hidden], .sr-only, .skip")) continue;
      const style = getComputedStyle(el);
      const [l1, l2] = [lum(parse(style.color)), lum(background(el))].sort((a, b) => b - a);
      const ratio = ((l1 ?? 0) + 0.05) / ((l2 ?? 0) + 0.05);
      const opacity = Number(style.opacity);
      if (ratio < min && opacity > 0.9)
        bad.push(`${(el.textContent ?? "").trim().slice(0, 40)}: ${ratio.toFixed(2)}`);
    }
    return bad;
  }, minimum);
}
