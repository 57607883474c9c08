import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** Directory of the call store under the state directory when `store` is not set. */
export const DEFAULT_STORE_DIR_NAME = "voice-calls";

/**
 * The call store directory, the one rule used by the gateway runtime and `openclaw voicecall tail`:
 * the plugin config's `store` when it is a non-empty string — a leading `~` expanded to the home
 * directory, a relative path resolved against the state directory (never against the current working
 * directory or the plugin's install directory, which differ between the gateway and the CLI) — else
 * `<stateDir>/voice-calls`.
 */
export function resolveStoreDir(store: unknown, stateDir: string, home: string = homedir()): string {
  const value = typeof store === "string" ? store.trim() : "";
  if (value === "") return join(stateDir, DEFAULT_STORE_DIR_NAME);
  if (value === "~") return home;
  if (value.startsWith("~/")) return join(home, value.slice(2));
  return isAbsolute(value) ? resolve(value) : resolve(stateDir, value);
}
