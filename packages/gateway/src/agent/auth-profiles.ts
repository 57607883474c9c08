import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { lock } from "proper-lockfile";
import writeFileAtomic from "write-file-atomic";

/** One stored credential, keyed by profile id (`<provider>:<name>`). */
export interface AuthProfileCredential {
  /** `api_key`, `token` or `oauth`. */
  type: string;
  provider?: string;
  key?: string;
  token?: string;
  access?: string;
  refresh?: string;
  /** Expiry, ms since the epoch. */
  expires?: number;
  [field: string]: unknown;
}

/** Contents of `auth-profiles.json`. */
export interface AuthProfileFile {
  version: 1;
  profiles: Record<string, AuthProfileCredential>;
}

/** `<state dir>/agents/<agentId>/agent/auth-profiles.json` (upstream's location). */
export function authProfilesPath(stateDir: string, agentId = "main"): string {
  return join(stateDir, "agents", agentId, "agent", "auth-profiles.json");
}

/**
 * Reads the auth profiles; a missing file is empty, a corrupt one is reported, never overwritten.
 * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED` when the file is not JSON, not an object with a
 * `profiles` object, or a profile is not an object (the message never quotes the file's text).
 */
export async function readAuthProfiles(path: string): Promise<AuthProfileFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return { version: 1, profiles: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // No `cause`: V8's JSON.parse message quotes the text around the error, which may be a secret.
    const at = /position (\d+)/.exec(errorMessage(error))?.[1];
    throw corrupt(path, `is not valid JSON${at === undefined ? "" : ` (at character ${at})`}`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles ?? {};
  if (!isRecord(parsed) || !isRecord(profiles)) {
    throw corrupt(path, "is not an object with a profiles object");
  }
  const bad = Object.keys(profiles).find((id) => !isRecord(profiles[id]));
  if (bad !== undefined) throw corrupt(path, `has a profile ${JSON.stringify(bad)} that is not an object`);
  return { version: 1, profiles: { ...(profiles as Record<string, AuthProfileCredential>) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function corrupt(path: string, why: string): OpenClawError {
  return new OpenClawError("CONFIG_PARSE_FAILED", `${path} ${why}`, {
    hint: "Fix or remove the file, then log in again with `openclaw models auth login`.",
    details: { path },
  });
}

/** A lock not refreshed for this long (its holder was killed) is taken over, in ms. */
const LOCK_STALE_MS = 10_000;
/** How long a writer waits for a held lock before giving up, in ms (a refresh holds it ≤ its budget). */
const LOCK_WAIT_MS = 20_000;

/**
 * Read-modify-write of `auth-profiles.json` under its advisory lock (`<path>.lock`, proper-lockfile:
 * atomic `mkdir`, refreshed while held, taken over when stale), so a CLI login and a gateway OAuth
 * refresh never lose each other's write. `change` gets the current file and returns the profiles to
 * merge in (or none, to leave the file as it is) and a result. The write is atomic (temp file, fsync,
 * rename) with mode 0600: a crash leaves the old file or the new one. A corrupt file is never written.
 * @throws {@link OpenClawError} `AGENT_AUTH_PROFILES_LOCKED` (lock held past 20 s, or lost before the
 * write), `CONFIG_PARSE_FAILED` (corrupt file); whatever `change` throws.
 */
export async function updateAuthProfiles<T>(
  path: string,
  change: (
    current: AuthProfileFile,
  ) => Promise<{ profiles?: Record<string, AuthProfileCredential>; result: T }>,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let lost: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(path, {
      realpath: false,
      stale: LOCK_STALE_MS,
      retries: { retries: Math.ceil(LOCK_WAIT_MS / 200), minTimeout: 10, maxTimeout: 250, randomize: true },
      onCompromised: (error) => {
        lost = error;
      },
    });
  } catch (error) {
    throw locked(path, `is locked by another writer: ${errorMessage(error)}`);
  }
  try {
    const current = await readAuthProfiles(path);
    const { profiles, result } = await change(current);
    if (profiles) {
      if (lost) throw locked(path, `lost its lock before the write: ${lost.message}`);
      const next: AuthProfileFile = { version: 1, profiles: { ...current.profiles, ...profiles } };
      await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600, fsync: true });
    }
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

function locked(path: string, why: string): OpenClawError {
  return new OpenClawError("AGENT_AUTH_PROFILES_LOCKED", `${path} ${why}`, {
    details: { path, lockPath: `${path}.lock` },
  });
}

/**
 * Merges `profiles` into the file under its lock, atomically (see {@link updateAuthProfiles}).
 * @throws {@link OpenClawError} `AGENT_AUTH_PROFILES_LOCKED`, `CONFIG_PARSE_FAILED`.
 */
export async function writeAuthProfiles(
  path: string,
  profiles: Record<string, AuthProfileCredential>,
): Promise<void> {
  await updateAuthProfiles(path, async () => ({ profiles, result: undefined }));
}

/** The secret a credential carries (`key`, `token` or `access`), if any. */
export function credentialSecret(credential: AuthProfileCredential): string | undefined {
  for (const field of ["key", "apiKey", "token", "access"] as const) {
    const value = credential[field];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** The first profile of `providerId` (by `credential.provider`, else a `<provider>:` id prefix). */
export function profileForProvider(
  file: AuthProfileFile,
  providerId: string,
): { profileId: string; credential: AuthProfileCredential } | undefined {
  for (const [profileId, credential] of Object.entries(file.profiles)) {
    if (credential.provider === providerId || profileId.startsWith(`${providerId}:`)) {
      return { profileId, credential };
    }
  }
  return undefined;
}
