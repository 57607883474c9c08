import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = join(dirname(fileURLToPath(import.meta.url)), "../dist");

/** The Control UI's budget: its JavaScript and CSS together, gzipped (issue 12). */
const BUDGET_BYTES = 100 * 1024;

describe("built Control UI", () => {
  it("keeps its JS + CSS within 100 KB gzipped, with content-hashed asset names", () => {
    expect(existsSync(join(dist, "manifest.json")), "run `pnpm build` first").toBe(true);
    const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8")) as {
      entry: { js: string; css: string };
      files: Record<string, { gzipBytes: number }>;
    };
    const { js, css } = manifest.entry;
    expect(js).toMatch(/^assets\/app-[0-9a-f]{12}\.js$/);
    expect(css).toMatch(/^assets\/app-[0-9a-f]{12}\.css$/);
    const gzip =
      (manifest.files[js]?.gzipBytes ?? Number.NaN) + (manifest.files[css]?.gzipBytes ?? Number.NaN);
    expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
    const html = readFileSync(join(dist, "index.html"), "utf8");
    expect(html).toContain(js);
    expect(html).toContain(css);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });
});
