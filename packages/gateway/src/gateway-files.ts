import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
/** Loaded on first write: the CLI reads these files far more often than the gateway writes them. */
const writeFileAtomic = (path: string, data: string, options: { mode: number }): Promise<void> =>
  (require("write-file-atomic") as typeof import("write-file-atomic"))(path, data, options);

/** What a running gateway writes to `<state dir>/gateway/runtime.json` so the CLI can find it. */
export interface GatewayRuntimeInfo {
  /** Base URL, e.g. `http://127.0.0.1:18789`. */
  url: string;
  pid: number;
  port: number;
  bind: string;
  /** ISO 8601. */
  startedAt: string;
}

/** `<state dir>/gateway`. */
export function gatewayDir(stateDir: string): string {
  return join(stateDir, "gateway");
}

/** Creates `<state dir>/gateway` (mode 0700) if missing. */
export async function ensureGatewayDir(stateDir: string): Promise<void> {
  await mkdir(gatewayDir(stateDir), { recursive: true, mode: 0o700 });
}

/**
 * Returns the gateway token from `<state dir>/gateway/token`, creating it (32 random bytes, hex,
 * mode 0600) on first use.
 */
export async function ensureGatewayToken(stateDir: string): Promise<string> {
  const existing = await readGatewayToken(stateDir);
  if (existing) return existing;
  const token = randomBytes(32).toString("hex");
  await ensureGatewayDir(stateDir);
  await writeFileAtomic(join(gatewayDir(stateDir), "token"), `${token}\n`, { mode: 0o600 });
  return token;
}

/** The gateway token, if one was created. */
export async function readGatewayToken(stateDir: string): Promise<string | undefined> {
  try {
    const token = (await readFile(join(gatewayDir(stateDir), "token"), "utf8")).trim();
    return token === "" ? undefined : token;
  } catch {
    return undefined;
  }
}

/** Writes `runtime.json` atomically. */
export async function writeRuntimeInfo(stateDir: string, info: GatewayRuntimeInfo): Promise<void> {
  await ensureGatewayDir(stateDir);
  await writeFileAtomic(join(gatewayDir(stateDir), "runtime.json"), `${JSON.stringify(info, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** True when a process with this pid exists (signal 0; `EPERM` means it exists under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What `runtime.json` records, whether or not its process still runs; `undefined` if absent or unreadable. */
export async function readRecordedRuntimeInfo(stateDir: string): Promise<GatewayRuntimeInfo | undefined> {
  const path = join(gatewayDir(stateDir), "runtime.json");
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(await readFile(path, "utf8")) as GatewayRuntimeInfo;
    return typeof info.url === "string" && typeof info.pid === "number" ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The running gateway's info, or `undefined` when none is recorded or its process is gone. */
export async function readRuntimeInfo(stateDir: string): Promise<GatewayRuntimeInfo | undefined> {
  const info = await readRecordedRuntimeInfo(stateDir);
  return info !== undefined && isProcessAlive(info.pid) ? info : undefined;
}

/** Removes `runtime.json` if it still names this process. */
export async function removeRuntimeInfo(stateDir: string, pid: number = process.pid): Promise<void> {
  const path = join(gatewayDir(stateDir), "runtime.json");
  try {
    const info = JSON.parse(await readFile(path, "utf8")) as GatewayRuntimeInfo;
    if (info.pid === pid) await rm(path, { force: true });
  } catch {
    // nothing recorded
  }
}
