import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";

/** Environment variables read by the path helpers. */
export type PathEnv = Readonly<Record<string, string | undefined>>;

/** The home directory: `$OPENCLAW_HOME`, else `$HOME`, else the OS home. */
export function resolveHomeDir(env: PathEnv = process.env): string {
  return env.OPENCLAW_HOME?.trim() || env.HOME?.trim() || homedir();
}

/** Expands a leading `~` and resolves against `cwd`. */
export function expandHome(input: string, env: PathEnv = process.env, cwd: string = process.cwd()): string {
  const trimmed = input.trim();
  if (trimmed === "~") return resolveHomeDir(env);
  if (trimmed.startsWith("~/")) return join(resolveHomeDir(env), trimmed.slice(2));
  return isAbsolute(trimmed) ? trimmed : resolve(cwd, trimmed);
}

/**
 * The state directory: `$OPENCLAW_STATE_DIR`, else the directory of `$OPENCLAW_CONFIG_PATH`, else
 * `~/.openclaw`.
 */
export function resolveStateDir(env: PathEnv = process.env): string {
  if (env.OPENCLAW_STATE_DIR?.trim()) return expandHome(env.OPENCLAW_STATE_DIR, env);
  if (env.OPENCLAW_CONFIG_PATH?.trim()) return dirname(expandHome(env.OPENCLAW_CONFIG_PATH, env));
  return join(resolveHomeDir(env), ".openclaw");
}

/** The config file: `$OPENCLAW_CONFIG_PATH`, else `<state dir>/openclaw.json`. */
export function resolveConfigPath(env: PathEnv = process.env): string {
  if (env.OPENCLAW_CONFIG_PATH?.trim()) return expandHome(env.OPENCLAW_CONFIG_PATH, env);
  return join(resolveStateDir(env), "openclaw.json");
}

/** The global extensions directory: `<state dir>/extensions`. */
export function resolveGlobalExtensionsDir(env: PathEnv = process.env): string {
  return join(resolveStateDir(env), "extensions");
}

/** The workspace extensions directory: `<workspace>/.openclaw/extensions`. */
export function resolveWorkspaceExtensionsDir(workspaceDir: string): string {
  return join(workspaceDir, ".openclaw", "extensions");
}

/**
 * The bundled extensions directory: `$OPENCLAW_BUNDLED_PLUGINS_DIR` when set (`""` or
 * `$OPENCLAW_DISABLE_BUNDLED_PLUGINS=1` disables bundled plugins), else the nearest `extensions/`
 * directory of a source checkout (a directory with `pnpm-workspace.yaml`) above this module.
 */
export function resolveBundledDir(env: PathEnv = process.env): string | undefined {
  const disabled = env.OPENCLAW_DISABLE_BUNDLED_PLUGINS;
  if (disabled === "1" || disabled === "true") return undefined;
  const override = env.OPENCLAW_BUNDLED_PLUGINS_DIR;
  if (override !== undefined) return override.trim() === "" ? undefined : expandHome(override, env);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "pnpm-workspace.yaml")) && existsSync(join(dir, "extensions"))) {
      return join(dir, "extensions");
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The agent workspace whose `.openclaw/extensions` is scanned: `agents.defaults.workspace` from the
 * config, else `$OPENCLAW_WORKSPACE_DIR`, else `<state dir>/workspace`.
 */
export function resolveWorkspaceDir(config: OpenClawConfig, env: PathEnv = process.env): string {
  const agents = config.agents as { defaults?: { workspace?: unknown } } | undefined;
  const configured = agents?.defaults?.workspace;
  if (typeof configured === "string" && configured.trim() !== "") return expandHome(configured, env);
  if (env.OPENCLAW_WORKSPACE_DIR?.trim()) return expandHome(env.OPENCLAW_WORKSPACE_DIR, env);
  return join(resolveStateDir(env), "workspace");
}
