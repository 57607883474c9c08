import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { HostLogger } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { lock as lockPath } from "proper-lockfile";
import { ensureGatewayDir, gatewayDir, isProcessAlive, readRecordedRuntimeInfo } from "./gateway-files.js";

const require = createRequire(import.meta.url);
const writeFileAtomic = (path: string, data: string): Promise<void> =>
  (require("write-file-atomic") as typeof import("write-file-atomic"))(path, data, { mode: 0o600 });

/**
 * Default staleness of the state-dir lock, in ms: the holder refreshes the lock's mtime every half
 * of it, and a lock not refreshed for this long (its gateway was `kill -9`ed) is taken over.
 */
export const DEFAULT_STATE_LOCK_STALE_MS = 10_000;

/** Who holds the state-dir lock: written to `<state dir>/gateway/lock-owner.json` right after locking. */
export interface StateDirLockOwner {
  pid: number;
  /** ISO 8601. */
  lockedAt: string;
}

/** A held state-dir lock. */
export interface StateDirLock {
  /** Releases the lock (and its owner record). Idempotent. */
  release(): Promise<void>;
}

/** Options of {@link acquireStateDirLock}. */
export interface StateDirLockOptions {
  logger: HostLogger;
  /** Staleness threshold in ms (at least 2000); default {@link DEFAULT_STATE_LOCK_STALE_MS}. */
  staleMs?: number;
}

const lockDir = (stateDir: string): string => join(gatewayDir(stateDir), "gateway.lock");
const ownerFile = (stateDir: string): string => join(gatewayDir(stateDir), "lock-owner.json");

async function readOwner(stateDir: string): Promise<StateDirLockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(ownerFile(stateDir), "utf8")) as StateDirLockOwner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The coded refusal naming the running gateway's pid and, when it is listening, its URL. */
async function lockedError(stateDir: string, owner: StateDirLockOwner | undefined): Promise<OpenClawError> {
  const runtime = await readRecordedRuntimeInfo(stateDir);
  const listening = runtime !== undefined && runtime.pid === owner?.pid ? ` listening on ${runtime.url}` : "";
  const who = owner ? `pid ${owner.pid}${listening}` : "a process that has not recorded itself yet";
  return new OpenClawError(
    "GATEWAY_STATE_DIR_LOCKED",
    `another gateway (${who}) is running on state dir ${stateDir}`,
    {
      details: {
        stateDir,
        ...(owner ? { pid: owner.pid } : {}),
        ...(listening ? { url: runtime?.url, port: runtime?.port } : {}),
      },
    },
  );
}

const isLocked = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === "ELOCKED";

/**
 * Takes the exclusive lock on a state dir (`<state dir>/gateway/gateway.lock`, a proper-lockfile
 * directory lock whose mtime the holder refreshes) so a second gateway on the same state dir refuses
 * to start, before it loads plugins or touches `runtime.json`. A lock left by a gateway that was
 * killed (its pid gone) is taken over once stale, waiting at most `staleMs` plus a margin.
 * @throws {@link OpenClawError} `GATEWAY_STATE_DIR_LOCKED` naming the running gateway's pid and URL.
 */
export async function acquireStateDirLock(
  stateDir: string,
  options: StateDirLockOptions,
): Promise<StateDirLock> {
  const stale = Math.max(options.staleMs ?? DEFAULT_STATE_LOCK_STALE_MS, 2000);
  await ensureGatewayDir(stateDir);
  const attempt = (retries: number) =>
    lockPath(gatewayDir(stateDir), {
      lockfilePath: lockDir(stateDir),
      realpath: false,
      stale,
      retries: { retries, factor: 1, minTimeout: 250, maxTimeout: 250 },
      // Losing the lock (its directory removed, the disk gone) must not throw from a timer.
      onCompromised: (error) =>
        options.logger.error({ err: error, code: "GATEWAY_STATE_DIR_LOCKED" }, "state dir lock compromised"),
    });
  let unlock: () => Promise<void>;
  try {
    unlock = await attempt(0);
  } catch (error) {
    if (!isLocked(error)) throw error;
    const owner = await readOwner(stateDir);
    if (owner !== undefined && isProcessAlive(owner.pid)) throw await lockedError(stateDir, owner);
    // The holder is gone (kill -9) or never recorded itself: proper-lockfile takes the lock over once
    // its mtime is older than `stale`; a live holder keeps it fresh and this fails as locked.
    options.logger.warn(
      { pid: owner?.pid },
      "state dir lock without a live owner; waiting for it to go stale",
    );
    unlock = await attempt(Math.ceil(stale / 250) + 8).catch(async (retryError: unknown) => {
      throw isLocked(retryError) ? await lockedError(stateDir, await readOwner(stateDir)) : retryError;
    });
  }
  await writeFileAtomic(
    ownerFile(stateDir),
    `${JSON.stringify({ pid: process.pid, lockedAt: new Date().toISOString() } satisfies StateDirLockOwner)}\n`,
  );
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        const owner = await readOwner(stateDir);
        if (owner?.pid === process.pid) await rm(ownerFile(stateDir), { force: true });
        await unlock().catch((error: unknown) =>
          options.logger.warn({ err: error }, "state dir unlock failed"),
        );
      })();
      return released;
    },
  };
}
