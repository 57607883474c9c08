import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import { PluginRegistry } from "@openclaw/plugin-registry";
import type { OAuthCredential } from "@openclaw/plugin-sdk/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authProfilesPath, readAuthProfiles, writeAuthProfiles } from "../src/agent/auth-profiles.js";
import { OAuthRefresher } from "../src/agent/oauth-refresh.js";

// The refresher on its own: one hook call for concurrent callers, a login written while a refresh
// holds the file's lock is kept, a corrupt file is never overwritten.

const PROFILE = "acme:default";
const expired = (): OAuthCredential => ({
  type: "oauth",
  provider: "acme",
  access: "old-access-token",
  refresh: "old-refresh-token",
  expires: Date.now() - 1000,
});

let stateDir: string;
let path: string;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "openclaw-refresher-"));
  path = authProfilesPath(stateDir);
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

/** A refresher whose `acme` provider hook resolves only when `release()` is called. */
function gatedRefresher() {
  const hook = vi.fn<(credential: OAuthCredential) => Promise<OAuthCredential>>();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  hook.mockImplementation(async (credential) => {
    await gate;
    return { ...credential, access: "new-access-token", expires: Date.now() + 3_600_000 };
  });
  const registry = new PluginRegistry();
  registry.registerProvider("acme-plugin", { id: "acme", label: "Acme", auth: [], refreshOAuth: hook });
  const refresher = new OAuthRefresher({
    registry,
    config: () => ({}),
    stateDir,
    logger: createHostLogger({ level: "silent" }),
  });
  return { refresher, hook, release };
}

describe("OAuthRefresher", () => {
  it("concurrent refreshes of one profile share a single hook call", async () => {
    await writeAuthProfiles(path, { [PROFILE]: expired() });
    const { refresher, hook, release } = gatedRefresher();
    const request = { providerId: "acme", profileId: PROFILE, credential: expired() };
    const first = refresher.refresh(request);
    const second = refresher.refresh(request);
    await vi.waitFor(() => expect(hook).toHaveBeenCalledTimes(1));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.access).toBe("new-access-token");
    expect(b).toBe(a);
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it("a login written while a refresh holds the lock waits for it, and neither write is lost", async () => {
    await writeAuthProfiles(path, { [PROFILE]: expired() });
    const { refresher, hook, release } = gatedRefresher();
    const refreshing = refresher.refresh({ providerId: "acme", profileId: PROFILE, credential: expired() });
    await vi.waitFor(() => expect(hook).toHaveBeenCalledTimes(1));
    const login = writeAuthProfiles(path, { "other:default": { type: "api_key", key: "other-key" } });
    release();
    await Promise.all([refreshing, login]);
    const profiles = (await readAuthProfiles(path)).profiles;
    expect(profiles[PROFILE]?.access).toBe("new-access-token");
    expect(profiles["other:default"]?.key).toBe("other-key");
  });

  it("a credential another writer already refreshed is used without calling the hook", async () => {
    const fresh = { ...expired(), access: "fresh-from-elsewhere", expires: Date.now() + 3_600_000 };
    await writeAuthProfiles(path, { [PROFILE]: fresh });
    const { refresher, hook } = gatedRefresher();
    const result = await refresher.refresh({ providerId: "acme", profileId: PROFILE, credential: expired() });
    expect(result.access).toBe("fresh-from-elsewhere");
    expect(hook).not.toHaveBeenCalled();
  });

  it("a corrupt auth-profiles.json is reported and left as it is", async () => {
    await writeAuthProfiles(path, { [PROFILE]: expired() });
    writeFileSync(path, "{ not json");
    const { refresher, hook } = gatedRefresher();
    await expect(
      refresher.refresh({ providerId: "acme", profileId: PROFILE, credential: expired() }),
    ).rejects.toMatchObject({ code: "CONFIG_PARSE_FAILED" });
    expect(hook).not.toHaveBeenCalled();
    expect(readFileSync(path, "utf8")).toBe("{ not json");
  });
});
