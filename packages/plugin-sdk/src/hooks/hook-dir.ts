import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";

const require = createRequire(import.meta.url);

/** `yaml` is loaded on first use: importing the SDK must stay cheap (it is on every CLI start). */
function parseYaml(text: string): unknown {
  return (require("yaml") as typeof import("yaml")).parse(text);
}

/** Requirements a hook declares in `HOOK.md` (`metadata.openclaw`); unmet ones skip the hook. */
export interface HookRequirements {
  /** Every binary must be on `PATH`. */
  bins?: string[];
  /** At least one of these binaries must be on `PATH`. */
  anyBins?: string[];
  /** Every environment variable must be set and non-empty. */
  env?: string[];
  /** Every dotted config path must hold a truthy value. */
  config?: string[];
}

/** One hook directory as read from disk (no code imported). */
export interface HookDirEntry {
  /** `name` from the front matter, else the directory name. */
  name: string;
  description?: string;
  /** Events it handles, e.g. `command:new` (front matter `metadata.openclaw.events`, or `events`). */
  events: string[];
  /** The handler module: `handler.ts|js|mjs`, else `index.ts|js|mjs`. */
  handlerFile: string;
  /** Named export holding the handler; default `"default"`. */
  exportName: string;
  /** Skip the eligibility checks. */
  always: boolean;
  os?: string[];
  requires: HookRequirements;
}

const HANDLER_FILES = ["handler.ts", "handler.js", "handler.mjs", "index.ts", "index.js", "index.mjs"];

function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string" && item.trim() !== "");
}

/** Splits `---\n<yaml>\n---` front matter off a Markdown file; throws on malformed YAML. */
export function readFrontMatter(markdown: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(markdown);
  if (!match) return {};
  const data: unknown = parseYaml(match[1] as string);
  return typeof data === "object" && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Reads one hook directory (`HOOK.md` + handler). Returns `undefined` when the directory has no
 * `HOOK.md`; throws an `Error` naming the problem when it has no handler or no events.
 */
export function readHookDir(dir: string, dirName: string): HookDirEntry | undefined {
  const hookMd = join(dir, "HOOK.md");
  if (!existsSync(hookMd)) return undefined;
  const front = readFrontMatter(readFileSync(hookMd, "utf8"));
  const meta = record(record(front.metadata).openclaw);
  const events = stringList(meta.events) ?? stringList(front.events) ?? [];
  if (events.length === 0) throw new Error(`${hookMd} declares no events (metadata.openclaw.events)`);
  const handler = HANDLER_FILES.find((file) => existsSync(join(dir, file)));
  if (handler === undefined) throw new Error(`${dir} has no handler (${HANDLER_FILES.join(", ")})`);
  const requires = record(meta.requires);
  const entry: HookDirEntry = {
    name: typeof front.name === "string" && front.name.trim() !== "" ? front.name.trim() : dirName,
    events,
    handlerFile: join(dir, handler),
    exportName: typeof meta.export === "string" ? meta.export : "default",
    always: meta.always === true,
    requires: {},
  };
  if (typeof front.description === "string") entry.description = front.description;
  const os = stringList(meta.os);
  if (os !== undefined) entry.os = os;
  for (const key of ["bins", "anyBins", "env", "config"] as const) {
    const list = stringList(requires[key]);
    if (list !== undefined) entry.requires[key] = list;
  }
  return entry;
}

/** Lists the subdirectories of `hooksDir` (sorted, so registration order is stable). */
export function listHookDirs(hooksDir: string): string[] {
  return readdirSync(hooksDir)
    .filter((name) => !name.startsWith(".") && statSync(join(hooksDir, name)).isDirectory())
    .sort();
}

function onPath(bin: string, env: NodeJS.ProcessEnv): boolean {
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  return dirs.some((d) => existsSync(join(d, bin)));
}

function configValue(config: unknown, dotted: string): unknown {
  let node: unknown = config;
  for (const key of dotted.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Why a hook is not eligible on this host (OS, binaries, env, config requirements), or `undefined`
 * when it is (or when it declares `always: true`).
 */
export function hookIneligibility(
  entry: HookDirEntry,
  config: unknown,
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): string | undefined {
  if (entry.always) return undefined;
  if (entry.os && !entry.os.includes(platform)) return `needs OS ${entry.os.join("|")}`;
  const { bins = [], anyBins = [], env: vars = [], config: paths = [] } = entry.requires;
  const missingBin = bins.find((bin) => !onPath(bin, env));
  if (missingBin) return `needs binary ${missingBin} on PATH`;
  if (anyBins.length > 0 && !anyBins.some((bin) => onPath(bin, env)))
    return `needs one of ${anyBins.join(", ")} on PATH`;
  const missingVar = vars.find((name) => !env[name]);
  if (missingVar) return `needs environment variable ${missingVar}`;
  const missingPath = paths.find((path) => !configValue(config, path));
  if (missingPath) return `needs config ${missingPath}`;
  return undefined;
}
