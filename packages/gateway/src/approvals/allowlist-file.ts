import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";

const require = createRequire(import.meta.url);

/** Version of the allowlist file format this gateway reads and writes. */
export const ALLOWLIST_FILE_VERSION = 1;
/** A lock not refreshed for this long (its holder was killed) is taken over, in ms. */
const LOCK_STALE_MS = 10_000;
/** How long a writer keeps retrying a held lock before giving up, in ms. */
const LOCK_WAIT_MS = 15_000;

/**
 * One remembered `allow-always`: later approval requests of `pluginId` for `toolName` carrying the
 * same `allowAlwaysKey` are allowed without asking.
 */
export interface AllowlistEntry {
  /** Stable id derived from (pluginId, toolName, allowAlwaysKey): 16 hex characters. */
  id: string;
  pluginId: string;
  toolName: string;
  /** The plugin's narrowing key; `null` = every request of this plugin for this tool. */
  allowAlwaysKey: string | null;
  /** Title of the approval that created it (what the operator saw). */
  title: string;
  /** The approval whose `allow-always` created it. */
  approvalId: string;
  /** Session of that approval, for the record. */
  sessionKey: string | null;
  /** ISO 8601. */
  createdAt: string;
}

interface AllowlistFile {
  version: number;
  entries: AllowlistEntry[];
}

/** `<state dir>/approvals/allowlist.json`. */
export function allowlistPath(stateDir: string): string {
  return join(stateDir, "approvals", "allowlist.json");
}

/** The entry id of a key tuple: the first 16 hex characters of SHA-256 over its parts. */
export function allowlistEntryId(pluginId: string, toolName: string, allowAlwaysKey: string | null): string {
  const key = allowAlwaysKey === null ? "\u0000any" : `=${allowAlwaysKey}`;
  return createHash("sha256").update(`${pluginId}\n${toolName}\n${key}`).digest("hex").slice(0, 16);
}

function corrupt(path: string, why: string, cause?: unknown): OpenClawError {
  return new OpenClawError("GATEWAY_APPROVAL_ALLOWLIST_CORRUPT", `the approvals allowlist ${path} ${why}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { path },
  });
}

const isText = (v: unknown): v is string => typeof v === "string";
const isEntry = (v: unknown): v is AllowlistEntry => {
  const e = v as Record<string, unknown>;
  return (
    typeof v === "object" &&
    v !== null &&
    [e.id, e.pluginId, e.toolName, e.title, e.approvalId, e.createdAt].every(isText) &&
    (e.allowAlwaysKey === null || isText(e.allowAlwaysKey)) &&
    (e.sessionKey === null || isText(e.sessionKey))
  );
};

/**
 * Reads the allowlist; a missing file is an empty list.
 * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT` when the file is not JSON, not
 * `{version: 1, entries: [...]}`, or an entry lacks a field (nothing is repaired or rewritten).
 */
export async function readAllowlist(path: string): Promise<AllowlistEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw corrupt(path, `cannot be read: ${errorMessage(error)}`, error);
  }
  let parsed: AllowlistFile;
  try {
    parsed = JSON.parse(text) as AllowlistFile;
  } catch (error) {
    throw corrupt(path, `is not valid JSON (${errorMessage(error)})`, error);
  }
  if (typeof parsed !== "object" || parsed === null || !Array.isArray(parsed.entries)) {
    throw corrupt(path, "is not an object with an entries array");
  }
  if (parsed.version !== ALLOWLIST_FILE_VERSION) {
    throw corrupt(path, `has version ${JSON.stringify(parsed.version)} (this gateway reads version 1)`);
  }
  const bad = parsed.entries.findIndex((e) => !isEntry(e));
  if (bad >= 0) throw corrupt(path, `has a malformed entry at index ${bad}`);
  return parsed.entries;
}

/** Writes the allowlist atomically (temp file, fsync, rename; mode 0600). */
async function writeAllowlist(path: string, entries: AllowlistEntry[]): Promise<void> {
  const writeFileAtomic = require("write-file-atomic") as typeof import("write-file-atomic");
  const file: AllowlistFile = { version: ALLOWLIST_FILE_VERSION, entries };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Read-modify-write of the allowlist under its advisory lock (`<path>.lock`, proper-lockfile: atomic
 * `mkdir`, refreshed while held, taken over when stale), so gateways and CLIs sharing a state dir
 * never lose each other's entries. `change` gets the current entries and returns the new list, or
 * `undefined` to leave the file as it is. A corrupt file is never written.
 * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_LOCKED` (lock held past 15 s, or lost while
 * held), `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`; whatever `change` throws.
 */
export async function updateAllowlist<T>(
  path: string,
  change: (entries: AllowlistEntry[]) => { entries?: AllowlistEntry[]; result: T },
): Promise<T> {
  const lockfile = require("proper-lockfile") as typeof import("proper-lockfile");
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let lost: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: LOCK_STALE_MS,
      retries: { retries: Math.ceil(LOCK_WAIT_MS / 200), minTimeout: 10, maxTimeout: 250, randomize: true },
      onCompromised: (error) => {
        lost = error;
      },
    });
  } catch (error) {
    throw new OpenClawError(
      "GATEWAY_APPROVAL_ALLOWLIST_LOCKED",
      `the approvals allowlist ${path} is locked by another process: ${errorMessage(error)}`,
      { cause: error, details: { path, lockPath: `${path}.lock` } },
    );
  }
  try {
    const { entries, result } = change(await readAllowlist(path));
    if (entries) {
      if (lost) {
        throw new OpenClawError(
          "GATEWAY_APPROVAL_ALLOWLIST_LOCKED",
          `lost the lock of the approvals allowlist ${path} before writing: ${lost.message}`,
          { details: { path } },
        );
      }
      await writeAllowlist(path, entries);
    }
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
