import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { errorMessage } from "../errors/openclaw-error.js";
import type { LegacyHookHandler } from "../hook-types.js";
import type { OpenClawPluginApi } from "../plugin-api.js";
import { hookIneligibility, listHookDirs, readHookDir } from "./hook-dir.js";

/** What {@link registerPluginHooksFromDir} did. */
export interface PluginHookLoadResult {
  /** Hook names registered (listed as `plugin:<id>` by `openclaw hooks list`). */
  hooks: string[];
  /** Hooks skipped because they are not eligible here, with the reason. */
  skipped: Array<{ name: string; reason: string }>;
  /** Hook directories that could not be read (bad front matter, no handler, no events). */
  errors: string[];
}

/** The module importer the host installs (jiti, so `handler.ts` works); native `import()` otherwise. */
const IMPORTER_KEY = Symbol.for("openclaw.importModule");
type Importer = (file: string) => Promise<Record<string, unknown>>;

function importModule(file: string): Promise<Record<string, unknown>> {
  const hostImporter = (globalThis as { [IMPORTER_KEY]?: Importer })[IMPORTER_KEY];
  if (hostImporter) return hostImporter(file);
  return import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
}

/** A handler that imports its module on the first event and reuses it afterwards. */
function lazyHandler(file: string, exportName: string): LegacyHookHandler {
  let loaded: Promise<LegacyHookHandler> | undefined;
  return async (event) => {
    loaded ??= importModule(file).then((module) => {
      const candidate = module[exportName] ?? (exportName === "default" ? module : undefined);
      const handler =
        typeof candidate === "function"
          ? candidate
          : (candidate as { default?: unknown } | undefined)?.default;
      if (typeof handler !== "function") throw new Error(`${file} does not export a ${exportName} function`);
      return handler as LegacyHookHandler;
    });
    loaded.catch(() => {
      loaded = undefined; // a later event retries (e.g. after the file was fixed)
    });
    return (await loaded)(event);
  };
}

/** `dir` resolved against the entry file's directory, else the plugin root (upstream resolves against the entry). */
function resolveHooksDir(api: OpenClawPluginApi, dir: string): string {
  if (isAbsolute(dir)) return dir;
  const besideEntry = resolve(dirname(api.source), dir);
  return existsSync(besideEntry) ? besideEntry : resolve(api.rootDir, dir);
}

/**
 * Registers every hook in `dir` (seed: `registerPluginHooksFromDir(api, "./hooks")`). Each
 * subdirectory is one hook in the standard layout: `HOOK.md` whose YAML front matter names it
 * (`name`, `description`) and lists its events (`metadata.openclaw.events`, e.g. `["command:new"]`),
 * plus `handler.ts` (or `handler.js`, `index.ts`, `index.js`) exporting the handler (`default`, or
 * `metadata.openclaw.export`). Eligibility rules apply (`metadata.openclaw.os`, `requires.bins`,
 * `requires.anyBins`, `requires.env`, `requires.config`; `always: true` skips them): an ineligible
 * hook is skipped and logged. Handlers are imported lazily on their first event through the host's
 * importer, so `handler.ts` works and a broken handler fails only its own events (reported as
 * `PLUGIN_HOOK_FAILED`). Synchronous: call it from `register(api)`.
 *
 * Relative `dir` resolves against the entry file's directory, falling back to the plugin root (so a
 * `dist/index.js` entry still finds a root-level `hooks/`). A missing `dir` is logged, not thrown.
 */
export function registerPluginHooksFromDir(api: OpenClawPluginApi, dir: string): PluginHookLoadResult {
  const result: PluginHookLoadResult = { hooks: [], skipped: [], errors: [] };
  const hooksDir = resolveHooksDir(api, dir);
  if (!existsSync(hooksDir)) {
    api.logger.warn(`hooks directory not found: ${hooksDir}`);
    return result;
  }
  for (const name of listHookDirs(hooksDir)) {
    try {
      const entry = readHookDir(join(hooksDir, name), name);
      if (entry === undefined) continue;
      const reason = hookIneligibility(entry, api.config);
      if (reason !== undefined) {
        api.logger.info(`hook ${entry.name} skipped: ${reason}`);
        result.skipped.push({ name: entry.name, reason });
        continue;
      }
      api.registerHook(entry.events, lazyHandler(entry.handlerFile, entry.exportName), {
        name: entry.name,
        ...(entry.description === undefined ? {} : { description: entry.description }),
      });
      result.hooks.push(entry.name);
    } catch (error) {
      api.logger.error(`hook ${name} not registered: ${errorMessage(error)}`);
      result.errors.push(`${name}: ${errorMessage(error)}`);
    }
  }
  return result;
}
