import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { diffConfig } from "./config-diff.js";
import { hashConfigBytes, type LoadedConfig, readConfigFile, writeConfigText } from "./config-file.js";
import { type ConfigLockTiming, withConfigLock } from "./config-lock.js";
import type { ConfigOp } from "./config-path.js";
import { type ConfigTextEditor, editConfigText } from "./config-text.js";

/** Options of {@link updateConfigFile}. */
export interface UpdateConfigOptions {
  /**
   * The hash (sha256 hex of the bytes, `""` for no file) the caller last read; when given and the
   * file changed since, nothing is written.
   */
  expectedHash?: string;
  lockTiming?: ConfigLockTiming;
}

/** What {@link updateConfigFile} wrote (or found unchanged). */
export interface ConfigUpdateResult {
  path: string;
  /** The config now in the file. */
  config: OpenClawConfig;
  /** Hash of the file now (unchanged when nothing was written). */
  hash: string;
  /** The config before the update. */
  previous: OpenClawConfig;
  /** False when the ops changed nothing (the file was not rewritten). */
  changed: boolean;
  /** Which editor wrote the text (see `config-text.ts`); absent when nothing was written. */
  editor?: ConfigTextEditor;
}

/** Computes the ops to apply from the config as it is in the file now (inside the lock). */
export type ConfigMutation = (
  current: OpenClawConfig,
  file: LoadedConfig,
) => ConfigOp[] | Promise<ConfigOp[]>;

/**
 * The one read-modify-write of the config file: under the config lock, reads the file, checks
 * `expectedHash`, lets `mutate` compute ops from the current content, edits the text keeping
 * comments and formatting, and writes it atomically. A file that does not parse is never written; a
 * throwing `mutate` writes nothing.
 * @throws {@link OpenClawError} `CONFIG_CONFLICT` (file changed since `expectedHash`),
 * `CONFIG_PARSE_FAILED`, `CONFIG_LOCKED`, `CONFIG_WRITE_FAILED`, `CONFIG_PATH_INVALID`, and whatever
 * `mutate` throws.
 */
export async function updateConfigFile(
  path: string,
  mutate: ConfigMutation,
  options: UpdateConfigOptions = {},
): Promise<ConfigUpdateResult> {
  await mkdir(dirname(path), { recursive: true });
  return withConfigLock(
    path,
    async (lock) => {
      const file = await readConfigFile(path);
      if (options.expectedHash !== undefined && options.expectedHash !== file.hash) {
        throw new OpenClawError("CONFIG_CONFLICT", `the config ${path} changed since it was read`, {
          hint: "Reload the config (config.get), re-apply your change and save again.",
          details: { path, expectedHash: options.expectedHash, actualHash: file.hash },
        });
      }
      const ops = await mutate(structuredClone(file.config), file);
      const edit = editConfigText(file.text, file.config, ops);
      if (edit.text === file.text) {
        return { path, config: file.config, hash: file.hash, previous: file.config, changed: false };
      }
      lock.assertHeld();
      await writeConfigText(path, edit.text);
      return {
        path,
        config: edit.config as OpenClawConfig,
        hash: hashConfigBytes(edit.text),
        previous: file.config,
        changed: true,
        editor: edit.editor,
      };
    },
    options.lockTiming,
  );
}

/**
 * Updates the config file with a function from the current config to the next one; only the
 * difference is written (see {@link diffConfig}), comments and formatting kept.
 * @throws the codes of {@link updateConfigFile}.
 */
export function updateConfig(
  path: string,
  next: (current: OpenClawConfig) => OpenClawConfig | Promise<OpenClawConfig>,
  options: UpdateConfigOptions = {},
): Promise<ConfigUpdateResult> {
  return updateConfigFile(
    path,
    async (current) => diffConfig(current, await next(structuredClone(current))),
    options,
  );
}

/**
 * Re-applies the changes a command made from `base` (what it read) to `next` onto the file as it is
 * now: a three-way merge, so another process's changes since `base` are kept. Used by commands that
 * work long outside the lock (install, update).
 * @throws the codes of {@link updateConfigFile}.
 */
export function commitConfigChanges(
  path: string,
  base: OpenClawConfig,
  next: OpenClawConfig,
  options: UpdateConfigOptions = {},
): Promise<ConfigUpdateResult> {
  const ops = diffConfig(base, next);
  return updateConfigFile(path, () => ops, options);
}

/**
 * Replaces the config file's content with `config`, keeping comments and formatting of everything
 * that stays, under the config lock.
 * @throws the codes of {@link updateConfigFile}.
 */
export async function writeConfigFile(path: string, config: OpenClawConfig): Promise<void> {
  await updateConfig(path, () => config);
}
