import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const require = createRequire(import.meta.url);

interface SdkExports {
  /** Subpath (`""` for the root, else `core`, `compat`, `telegram`, …) → absolute file. */
  files: Map<string, string>;
}

let cached: SdkExports | undefined;

function sdkExports(): SdkExports {
  if (cached) return cached;
  const pkgPath = require.resolve("@openclaw/plugin-sdk/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, unknown> };
  const files = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key === "./package.json") continue;
    const file = typeof target === "string" ? target : (target as { default?: string } | null)?.default;
    if (typeof file !== "string") continue;
    files.set(key === "." ? "" : key.slice(2), resolve(dirname(pkgPath), file));
  }
  cached = { files };
  return cached;
}

/** The SDK subpaths this host provides (`core`, `compat`, channel subpaths…), sorted. */
export function providedSdkSubpaths(): string[] {
  return [...sdkExports().files.keys()].filter((s) => s !== "").sort();
}

/**
 * The jiti alias map that points `openclaw/plugin-sdk[/<sub>]` and `@openclaw/plugin-sdk[/<sub>]` at
 * the host's own SDK files, so every plugin shares the host's module instances whatever it has in
 * its own `node_modules`.
 */
export function sdkAliasMap(): Record<string, string> {
  const alias: Record<string, string> = {};
  for (const [sub, file] of sdkExports().files) {
    const suffix = sub === "" ? "" : `/${sub}`;
    alias[`openclaw/plugin-sdk${suffix}`] = file;
    alias[`@openclaw/plugin-sdk${suffix}`] = file;
  }
  return alias;
}
