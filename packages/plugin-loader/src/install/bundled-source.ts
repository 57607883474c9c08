import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lazy } from "../host/lazy-modules.js";

/** A plugin shipped in the bundled `extensions/` directory, as install sees it (no code run). */
export interface BundledPlugin {
  /** Manifest id. */
  id: string;
  /** Absolute plugin directory. */
  dir: string;
  /** `package.json` `name`. */
  packageName?: string;
  /** `package.json` `openclaw.install.npmSpec`. */
  npmSpec?: string;
}

function readJson5(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = lazy.json5().parse(readFileSync(path, "utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describe(dir: string): BundledPlugin | undefined {
  const manifest = readJson5(join(dir, "openclaw.plugin.json"));
  if (typeof manifest?.id !== "string") return undefined;
  const pkg = readJson5(join(dir, "package.json"));
  const install = (pkg?.openclaw as { install?: { npmSpec?: unknown } } | undefined)?.install;
  const plugin: BundledPlugin = { id: manifest.id, dir };
  if (typeof pkg?.name === "string") plugin.packageName = pkg.name;
  if (typeof install?.npmSpec === "string") plugin.npmSpec = install.npmSpec;
  return plugin;
}

/**
 * The bundled plugin whose manifest id, package name or `openclaw.install.npmSpec` is `name`, if any
 * (spec R-INS-1 steps 7 and 10: a bare bundled id, or an npm package the registry lacks, installs the
 * bundled copy).
 */
export function findBundledPlugin(bundledDir: string | undefined, name: string): BundledPlugin | undefined {
  if (bundledDir === undefined || !existsSync(bundledDir)) return undefined;
  for (const child of readdirSync(bundledDir).sort()) {
    const plugin = describe(join(bundledDir, child));
    if (plugin && (plugin.id === name || plugin.packageName === name || plugin.npmSpec === name))
      return plugin;
  }
  return undefined;
}
