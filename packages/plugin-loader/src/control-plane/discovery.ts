import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { PluginDiagnostic, PluginOrigin } from "@openclaw/plugin-registry";
import { errorMessage, type OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { expandHome, type PathEnv } from "../host/paths.js";
import { cacheLifetimeMs, ShortLivedCache } from "./caches.js";
import { candidateBlockReason } from "./candidate-safety.js";

/** A plugin entry found on disk, before its manifest is read. */
export interface PluginCandidate {
  /** Absolute entry file. */
  source: string;
  /** Absolute plugin root (where `openclaw.plugin.json` must be). */
  rootDir: string;
  origin: PluginOrigin;
  /** Entry file base name when the package lists several entries (the id becomes `<id>/<fileBase>`). */
  packEntry?: string;
  packageName?: string;
  packageVersion?: string;
  packageDescription?: string;
  /** The `openclaw` block of `package.json`. */
  packageOpenclaw?: Record<string, unknown>;
  /** `peerDependencies.openclaw` of `package.json`. */
  peerOpenclawRange?: string;
}

/** Roots to scan, in precedence order. */
export interface DiscoveryRoots {
  /** `plugins.load.paths`, expanded. */
  loadPaths: string[];
  workspaceDir?: string;
  globalDir: string;
  bundledDir?: string;
}

/** A candidate left out before its manifest was read, with the reason and the remedy. */
export interface BlockedCandidate {
  candidate: PluginCandidate;
  reason: string;
  hint: string;
}

/** Result of {@link discoverPlugins}. Treat it as read-only: it may be served from the cache. */
export interface DiscoveryResult {
  candidates: PluginCandidate[];
  blocked: BlockedCandidate[];
  diagnostics: PluginDiagnostic[];
}

const ENTRY_EXTENSIONS = new Set([".ts", ".js", ".mts", ".cts", ".mjs", ".cjs"]);
const INDEX_FILES = ["index.ts", "index.js", "index.mjs", "index.cjs"];
const SKIPPED_DIRS = new Set([
  ".git",
  ".hg",
  ".svn",
  ".turbo",
  ".yarn",
  "build",
  "coverage",
  "dist",
  "node_modules",
]);

function isEntryFile(name: string): boolean {
  const lower = name.toLowerCase();
  return ENTRY_EXTENSIONS.has(extname(lower)) && !lower.endsWith(".d.ts") && !lower.includes(".test.");
}

function isSkippedDir(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    SKIPPED_DIRS.has(lower) ||
    lower.startsWith(".openclaw-install-") ||
    lower.endsWith(".bak") ||
    lower.includes(".backup-") ||
    lower.includes(".disabled")
  );
}

type PackageJsonRead = { pkg?: Record<string, unknown>; error?: string };

/** `package.json` of `dir`: absent is `{}`; unreadable, malformed or not an object is `{ error }`. */
function readPackageJson(dir: string): PackageJsonRead {
  const path = join(dir, "package.json");
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return { pkg: parsed as Record<string, unknown> };
    return { error: "package.json is not a JSON object" };
  } catch (error) {
    return { error: `package.json cannot be read: ${errorMessage(error)}` };
  }
}

/** True for errors that mean "not there" (a race with a delete), which discovery may skip silently. */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function peerRange(pkg: Record<string, unknown> | undefined): { peerOpenclawRange?: string } {
  const peers = pkg?.peerDependencies as Record<string, unknown> | undefined;
  return typeof peers?.openclaw === "string" ? { peerOpenclawRange: peers.openclaw } : {};
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "")
    : [];
}

/**
 * The entry files a package declares: `openclaw.runtimeExtensions` (built files) when present, else
 * `openclaw.extensions`; a declared `.ts` entry that is missing falls back to its sibling `.js`.
 */
export function packageEntries(dir: string, openclaw: Record<string, unknown>): string[] {
  const runtime = stringArray(openclaw.runtimeExtensions);
  const declared = stringArray(openclaw.extensions);
  const chosen = runtime.length > 0 && runtime.every((e) => existsSync(resolve(dir, e))) ? runtime : declared;
  return chosen.map((entry) => {
    const path = resolve(dir, entry);
    if (!existsSync(path) && /\.[mc]?ts$/.test(path)) {
      const js = path.replace(/\.([mc]?)ts$/, ".$1js");
      if (existsSync(js)) return js;
    }
    return path;
  });
}

/**
 * The plugin ids a package provides when it is a pack (several entries): `<package name>/<file base>`
 * per entry, as discovery names them; `[]` for a single-entry package (its id is the manifest id).
 */
export function packPluginIds(
  dir: string,
  pkg: Record<string, unknown> | undefined,
  manifestId: string,
): string[] {
  const openclaw = pkg?.openclaw;
  if (typeof openclaw !== "object" || openclaw === null) return [];
  const entries = packageEntries(dir, openclaw as Record<string, unknown>);
  if (entries.length < 2) return [];
  const name = typeof pkg?.name === "string" ? pkg.name : manifestId;
  return entries.map((entry) => `${name}/${basename(entry).replace(/\.[^.]+$/, "")}`);
}

class Scanner {
  readonly candidates: PluginCandidate[] = [];
  readonly blocked: BlockedCandidate[] = [];
  readonly diagnostics: PluginDiagnostic[] = [];
  readonly #seen = new Set<string>();

  add(candidate: PluginCandidate): void {
    if (this.#seen.has(candidate.source)) return;
    this.#seen.add(candidate.source);
    if (!existsSync(candidate.source)) {
      const hint = "Check openclaw.extensions in package.json, or build the plugin first.";
      this.blocked.push({ candidate, reason: `entry file not found: ${candidate.source}`, hint });
      this.diagnostics.push({
        level: "error",
        code: "PLUGIN_ENTRY_NOT_FOUND",
        message: `plugin entry not found: ${candidate.source}`,
        source: candidate.source,
        hint,
      });
      return;
    }
    const blocked = candidateBlockReason(candidate.rootDir, candidate.source, candidate.origin);
    if (blocked) {
      this.blocked.push({ candidate, ...blocked });
      this.diagnostics.push({
        level: "error",
        code: "PLUGIN_BLOCKED",
        message: `blocked plugin candidate: ${blocked.reason}`,
        source: candidate.source,
        hint: blocked.hint,
      });
      return;
    }
    this.candidates.push(candidate);
  }

  /** A plugin directory: a package pack, else an index file; `scanChildren` for configured dirs. */
  directory(dir: string, origin: PluginOrigin, scanChildren: boolean): void {
    const { pkg, error } = readPackageJson(dir);
    if (error !== undefined) {
      this.unusable(dir, origin, error);
      return;
    }
    const openclaw =
      typeof pkg?.openclaw === "object" && pkg.openclaw !== null
        ? (pkg.openclaw as Record<string, unknown>)
        : undefined;
    const entries = openclaw ? packageEntries(dir, openclaw) : [];
    if (entries.length > 0) {
      for (const source of entries) {
        this.add({
          source,
          rootDir: dir,
          origin,
          ...(entries.length > 1 ? { packEntry: basename(source).replace(/\.[^.]+$/, "") } : {}),
          ...(typeof pkg?.name === "string" ? { packageName: pkg.name } : {}),
          ...(typeof pkg?.version === "string" ? { packageVersion: pkg.version } : {}),
          ...(typeof pkg?.description === "string" ? { packageDescription: pkg.description } : {}),
          ...(openclaw ? { packageOpenclaw: openclaw } : {}),
          ...peerRange(pkg),
        });
      }
      return;
    }
    const index = INDEX_FILES.find((name) => existsSync(join(dir, name)));
    if (index) {
      this.add({
        source: join(dir, index),
        rootDir: dir,
        origin,
        ...(typeof pkg?.name === "string" ? { packageName: pkg.name } : {}),
        ...(typeof pkg?.version === "string" ? { packageVersion: pkg.version } : {}),
        ...peerRange(pkg),
      });
      return;
    }
    if (scanChildren) this.root(dir, origin);
  }

  /**
   * A plugin directory whose `package.json` is malformed: blocked (shown by `plugins why`, `list`
   * and `doctor` with the reason) instead of vanishing.
   */
  unusable(dir: string, origin: PluginOrigin, reason: string): void {
    const source = join(dir, "package.json");
    const hint = `Fix ${source} (it must be a JSON object), then rerun the command.`;
    this.blocked.push({ candidate: { source, rootDir: dir, origin }, reason, hint });
    this.diagnostics.push({
      level: "error",
      code: "PLUGIN_PACKAGE_INVALID",
      message: `${dir}: ${reason}`,
      source,
      hint,
    });
  }

  /** A root or entry that exists but cannot be read (EACCES…): reported, never skipped silently. */
  unreadable(path: string, error: unknown): void {
    this.diagnostics.push({
      level: "error",
      code: "PLUGIN_PATH_UNREADABLE",
      message: `cannot read ${path}: ${errorMessage(error)}`,
      source: path,
      hint: `Give the user running OpenClaw read access to ${path}, or remove it.`,
    });
  }

  /** An extensions root: every plugin directory (and loose entry file) directly inside it. */
  root(dir: string, origin: PluginOrigin): void {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      if (!isMissing(error)) this.unreadable(dir, error);
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let isDir: boolean;
      try {
        isDir = statSync(path).isDirectory();
      } catch (error) {
        if (!isMissing(error)) this.unreadable(path, error);
        continue;
      }
      if (isDir) {
        if (!isSkippedDir(name)) this.directory(path, origin, false);
      } else if (isEntryFile(name)) {
        this.add({ source: path, rootDir: dir, origin });
      }
    }
  }

  /** A `plugins.load.paths` entry: a file or a directory. */
  configuredPath(path: string): void {
    if (!existsSync(path)) {
      this.diagnostics.push({
        level: "error",
        code: "PLUGIN_PATH_NOT_FOUND",
        message: `plugin path not found: ${path}`,
        source: path,
        hint: "Fix or remove the entry in plugins.load.paths.",
      });
      return;
    }
    if (statSync(path).isDirectory()) {
      this.directory(path, "config", true);
      return;
    }
    if (!isEntryFile(basename(path))) {
      this.diagnostics.push({
        level: "error",
        message: `plugin path is not a supported file: ${path}`,
        source: path,
      });
      return;
    }
    this.add({ source: path, rootDir: dirname(path), origin: "config" });
  }
}

/**
 * Finds plugin candidates in precedence order: `plugins.load.paths`, then
 * `<workspace>/.openclaw/extensions`, then `<state dir>/extensions`, then the bundled `extensions/`.
 * Reads only the file system; never runs plugin code. Unsafe candidates are left out with an `error`
 * diagnostic that names the remedy.
 */
export function discoverPlugins(roots: DiscoveryRoots, env: PathEnv = process.env): DiscoveryResult {
  const lifetime = cacheLifetimeMs(
    env,
    "OPENCLAW_PLUGIN_DISCOVERY_CACHE_MS",
    "OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE",
  );
  const key = JSON.stringify([
    roots.loadPaths,
    roots.workspaceDir ?? null,
    roots.globalDir,
    roots.bundledDir ?? null,
    process.getuid?.(),
  ]);
  const cached = lifetime > 0 ? discoveryCache.get(key) : undefined;
  if (cached) return cached;
  const scanner = new Scanner();
  for (const path of roots.loadPaths) scanner.configuredPath(path);
  if (roots.workspaceDir) scanner.root(join(roots.workspaceDir, ".openclaw", "extensions"), "workspace");
  scanner.root(roots.globalDir, "global");
  if (roots.bundledDir) scanner.root(roots.bundledDir, "bundled");
  const result = {
    candidates: scanner.candidates,
    blocked: scanner.blocked,
    diagnostics: scanner.diagnostics,
  };
  discoveryCache.set(key, result, lifetime);
  return result;
}

const discoveryCache = new ShortLivedCache<DiscoveryResult>();

/**
 * Forgets cached discovery results. Discovery is cached in-process for
 * `$OPENCLAW_PLUGIN_DISCOVERY_CACHE_MS` (default 1000 ms; `0` or blank disables; any non-blank
 * `$OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE` disables), keyed by every root and the load-path order.
 */
export function clearPluginDiscoveryCache(): void {
  discoveryCache.clear();
}

/** `plugins.load.paths` of a config: strings only, trimmed, `~`-expanded, order kept. */
export function configuredLoadPaths(config: OpenClawConfig, env: PathEnv = process.env): string[] {
  const paths = config.plugins?.load?.paths;
  if (!Array.isArray(paths)) return [];
  return paths
    .filter((p): p is string => typeof p === "string" && p.trim() !== "")
    .map((p) => expandHome(p, env));
}
