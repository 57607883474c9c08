import { createHash } from "node:crypto";
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
  /** The file's text as read (`""` when it does not exist). */
  text: string;
  /** sha256 of the file's bytes, lowercase hex; `""` when the file does not exist. */
  hash: string;
}

/** sha256 of `bytes` as lowercase hex: the config hash `config.get` reports and `config.patch` checks. */
export function hashConfigBytes(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Parses config text (JSON5; blank text is `{}`).
 * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED` when the text is not JSON5 or not an object.
 */
export function parseConfig(text: string, path: string): OpenClawConfig {
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
  return parsed as OpenClawConfig;
}

/**
 * Reads the config file (JSON5) with its text and hash. A missing file is an empty config.
 * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED` when the file cannot be read, is not JSON5 or
 * not an object.
 */
export async function readConfigFile(path: string): Promise<LoadedConfig> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { path, exists: false, config: {}, text: "", hash: "" };
    }
    throw new OpenClawError("CONFIG_PARSE_FAILED", `cannot read config ${path}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const text = bytes.toString("utf8");
  return { path, exists: true, config: parseConfig(text, path), text, hash: hashConfigBytes(bytes) };
}

/**
 * Writes config text atomically (`write-file-atomic`: temp file, fsync, rename; mode 0600): a crash
 * leaves the old file or the new one, never half of either. Callers hold the config lock.
 * @throws {@link OpenClawError} `CONFIG_WRITE_FAILED`.
 */
export async function writeConfigText(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await lazy.writeFileAtomic()(path, text, { mode: 0o600, fsync: true });
  } catch (error) {
    throw new OpenClawError("CONFIG_WRITE_FAILED", `cannot write config ${path}: ${errorMessage(error)}`, {
      cause: error,
      details: { path },
    });
  }
}
