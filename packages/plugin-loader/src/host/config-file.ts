import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { errorMessage, type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { lazy } from "./lazy-modules.js";

function parseConfigText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return lazy.json5().parse(text);
  }
}

/** A config file as read from disk. */
export interface LoadedConfig {
  path: string;
  /** False when the file does not exist (the config is then `{}`). */
  exists: boolean;
  config: OpenClawConfig;
}

/**
 * Reads the config file (JSON5). A missing file is an empty config.
 * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED` when the file is not JSON5 or not an object.
 */
export async function readConfigFile(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { path, exists: false, config: {} };
    throw new OpenClawError("CONFIG_PARSE_FAILED", `cannot read config ${path}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? {} : parseConfigText(text);
  } catch (error) {
    throw new OpenClawError(
      "CONFIG_PARSE_FAILED",
      `config ${path} is not valid JSON5: ${errorMessage(error)}`,
      {
        cause: error,
        hint: "Fix the syntax error at the position shown, or move the file away to start from an empty config.",
        details: { path },
      },
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OpenClawError("CONFIG_PARSE_FAILED", `config ${path} must be an object`, { details: { path } });
  }
  return { path, exists: true, config: parsed as OpenClawConfig };
}

/**
 * Writes the config atomically (temp file + rename, mode 0600): a crash leaves the old file or the new
 * one, never half of either. Written as JSON (valid JSON5), two-space indented.
 * @throws {@link OpenClawError} `CONFIG_WRITE_FAILED`.
 */
export async function writeConfigFile(path: string, config: OpenClawConfig): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await lazy.writeFileAtomic()(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new OpenClawError("CONFIG_WRITE_FAILED", `cannot write config ${path}: ${errorMessage(error)}`, {
      cause: error,
      details: { path },
    });
  }
}
