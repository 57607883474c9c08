import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Name prefix of an install's stage directory inside the extensions dir. */
export const STAGE_PREFIX = ".openclaw-install-stage-";
/** File in a stage directory naming the process that owns it (`{ pid, startedAt }`). */
export const STAGE_OWNER_FILE = ".openclaw-stage-owner.json";
/** A stage without an owner file (made by an older version) is stale after this long, in ms. */
export const LEGACY_STAGE_MAX_AGE_MS: number = 60 * 60 * 1000;

/**
 * Creates a fresh stage directory in `extensionsDir` and records this process as its owner, so a
 * later install can tell a stage left by a killed install from one still in use.
 */
export async function createStageDir(extensionsDir: string): Promise<string> {
  const dir = join(extensionsDir, `${STAGE_PREFIX}${randomBytes(6).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, STAGE_OWNER_FILE),
    JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }),
  );
  return dir;
}

/** Removes the owner file, before the staged plugin directory is moved into place. */
export async function releaseStageDir(stageDir: string): Promise<void> {
  await rm(join(stageDir, STAGE_OWNER_FILE), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isStale(dir: string, now: number): Promise<boolean> {
  const owner = await readFile(join(dir, STAGE_OWNER_FILE), "utf8").then(
    (text) => JSON.parse(text) as { pid?: unknown },
    () => undefined,
  );
  if (owner && typeof owner.pid === "number") return !processAlive(owner.pid);
  return now - (await stat(dir)).mtimeMs > LEGACY_STAGE_MAX_AGE_MS;
}

/**
 * Removes stage directories left in `extensionsDir` by installs that were killed: those whose owner
 * process is gone, and ownerless ones older than {@link LEGACY_STAGE_MAX_AGE_MS}. A stage owned by
 * a running install is kept; `-backup` directories (the previous version of a plugin during a
 * replacement) are never touched here. Best effort: a directory that cannot be read or removed is
 * left as it is. Returns the directories removed.
 */
export async function removeStaleStageDirs(
  extensionsDir: string,
  now: number = Date.now(),
): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(extensionsDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(STAGE_PREFIX) || name.endsWith("-backup")) continue;
    const dir = join(extensionsDir, name);
    try {
      if (!(await isStale(dir, now))) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // left for the next run or for `plugins uninstall`
    }
  }
  return removed;
}
