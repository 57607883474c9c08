import { createRequire } from "node:module";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";

const require = createRequire(import.meta.url);

/** Timing of the config lock; every field in ms. */
export interface ConfigLockTiming {
  /** A lock not refreshed for this long is stale (its holder died) and is taken over. Default 10 000. */
  staleMs: number;
  /** How long to keep retrying a held lock before giving up. Default 30 000. */
  waitMs: number;
}

/** Default {@link ConfigLockTiming}. */
export const DEFAULT_CONFIG_LOCK_TIMING: ConfigLockTiming = { staleMs: 10_000, waitMs: 30_000 };

/** What a lock holder can check before it writes. */
export interface ConfigLockHandle {
  /**
   * Throws when the lock was lost while held (its refresh failed or another process took it over
   * as stale), so the holder never writes without it.
   * @throws {@link OpenClawError} `CONFIG_LOCKED`.
   */
  assertHeld(): void;
}

/** Retry schedule covering about `waitMs`: short randomised waits that grow to 250 ms. */
function retriesFor(
  waitMs: number,
): Exclude<import("proper-lockfile").LockOptions["retries"], number | undefined> {
  const maxTimeout = 250;
  return {
    retries: Math.max(1, Math.ceil(waitMs / (maxTimeout * 0.75))),
    minTimeout: 10,
    maxTimeout,
    factor: 1.5,
    randomize: true,
  };
}

/**
 * Runs `task` while holding the advisory lock of the config file `path` (the directory
 * `<path>.lock`, taken with `proper-lockfile`: atomic `mkdir`, refreshed while held, taken over when
 * stale, so a holder killed with SIGKILL blocks others for at most `staleMs`). Every
 * read-modify-write of the config goes through here, from the CLI and the gateway alike, so
 * concurrent commands queue instead of overwriting each other. The file itself need not exist.
 * @throws {@link OpenClawError} `CONFIG_LOCKED` when the lock is still held after `waitMs`, or was lost
 * while `task` ran; whatever `task` throws.
 */
export async function withConfigLock<T>(
  path: string,
  task: (lock: ConfigLockHandle) => Promise<T>,
  timing: ConfigLockTiming = DEFAULT_CONFIG_LOCK_TIMING,
): Promise<T> {
  const lockfile = require("proper-lockfile") as typeof import("proper-lockfile");
  let lost: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: Math.max(2_000, timing.staleMs),
      retries: retriesFor(timing.waitMs),
      onCompromised: (error) => {
        lost = error;
      },
    });
  } catch (error) {
    throw new OpenClawError(
      "CONFIG_LOCKED",
      `the config ${path} is locked by another process: ${errorMessage(error)}`,
      {
        cause: error,
        hint: `Another openclaw command or the gateway is writing the config; retry. A lock left by a killed process (${path}.lock) is taken over after ${Math.round(timing.staleMs / 1000)} s.`,
        details: { path, lockPath: `${path}.lock` },
      },
    );
  }
  const handle: ConfigLockHandle = {
    assertHeld() {
      if (lost) {
        throw new OpenClawError("CONFIG_LOCKED", `lost the config lock of ${path}: ${lost.message}`, {
          hint: "Nothing was written; retry the command.",
          details: { path },
        });
      }
    },
  };
  try {
    return await task(handle);
  } finally {
    if (!lost) await release().catch(() => undefined);
  }
}
