import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import {
  errorMessage,
  isOpenClawError,
  type OAuthCredential,
  type OpenClawConfig,
  OpenClawError,
} from "@openclaw/plugin-sdk/core";
import { callPlugin, configuredBudget } from "../plugin-calls.js";
import { type AuthProfileCredential, authProfilesPath, updateAuthProfiles } from "./auth-profiles.js";

/** An `oauth` credential expiring within this many ms is refreshed before the request, in ms. */
export const OAUTH_REFRESH_SKEW_MS = 60_000;

/** What {@link OAuthRefresher} reads. */
export interface OAuthRefresherDeps {
  registry: PluginRegistry;
  config: () => OpenClawConfig;
  stateDir: string;
  logger: HostLogger;
  /** The clock, ms since the epoch; default `Date.now`. */
  now?: () => number;
}

/** The profile to refresh: the provider whose plugin owns it, its id and the credential as read. */
export interface OAuthRefreshRequest {
  providerId: string;
  profileId: string;
  credential: AuthProfileCredential;
}

/** Whether an `oauth` credential expiring at `expiresAt` (ms since the epoch) is due for refresh at `now`. */
export function refreshDue(expiresAt: number | undefined, now: number): boolean {
  return expiresAt !== undefined && expiresAt - now <= OAUTH_REFRESH_SKEW_MS;
}

/**
 * Refreshes `oauth` auth profiles through their provider plugin's `refreshOAuth` hook and writes the
 * result back to `auth-profiles.json`. One refresh at a time per profile: concurrent callers share
 * the in-flight one (refresh tokens are often single-use). The refresh runs under the file's lock and
 * re-reads the profile first, so another process (a second gateway, a CLI login) that already
 * replaced the credential wins and the plugin is not called again.
 */
export class OAuthRefresher {
  readonly #inFlight = new Map<string, Promise<AuthProfileCredential>>();

  constructor(private readonly deps: OAuthRefresherDeps) {}

  /** Whether a provider plugin registered `providerId` with a `refreshOAuth` hook. */
  canRefresh(providerId: string): boolean {
    return this.#owner(providerId) !== undefined;
  }

  /**
   * The refreshed credential of `request.profileId` (already stored on disk when this resolves).
   * @throws {@link OpenClawError} `AGENT_AUTH_REFRESH_FAILED` (the hook threw, timed out or returned
   * no usable credential; the message names no secret), `AGENT_AUTH_PROFILES_LOCKED`,
   * `CONFIG_PARSE_FAILED` (the file turned corrupt; it is not written).
   */
  refresh(request: OAuthRefreshRequest): Promise<AuthProfileCredential> {
    const key = request.profileId;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const started = this.#refreshLocked(request)
      .catch((error: unknown) => {
        this.deps.logger.warn(
          { provider: request.providerId, profileId: request.profileId, code: codeOf(error) },
          errorMessage(error),
        );
        throw error;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }

  #owner(providerId: string) {
    return this.deps.registry.providers.find(
      (p) => p.provider.id === providerId && typeof p.provider.refreshOAuth === "function",
    );
  }

  async #refreshLocked(request: OAuthRefreshRequest): Promise<AuthProfileCredential> {
    const path = authProfilesPath(this.deps.stateDir);
    return updateAuthProfiles(path, async (file) => {
      const stored = file.profiles[request.profileId] ?? request.credential;
      const now = (this.deps.now ?? Date.now)();
      if (stored.type === "oauth" && !refreshDue(expiresOf(stored), now)) return { result: stored };
      const next = await this.#callHook(request.providerId, request.profileId, stored, now);
      this.deps.logger.info(
        { provider: request.providerId, profileId: request.profileId, expiresAt: next.expires },
        `refreshed the OAuth credential of auth profile ${request.profileId}`,
      );
      return { profiles: { [request.profileId]: next }, result: next };
    });
  }

  async #callHook(
    providerId: string,
    profileId: string,
    stored: AuthProfileCredential,
    now: number,
  ): Promise<AuthProfileCredential> {
    const owner = this.#owner(providerId);
    const fail = (why: string) => refreshFailed(providerId, profileId, redact(why, stored));
    if (!owner) throw fail("no provider plugin with a refreshOAuth hook is loaded");
    let returned: unknown;
    try {
      returned = await callPlugin(
        this.deps.registry,
        { pluginId: owner.pluginId, call: "oauthRefresh", name: providerId },
        () => owner.provider.refreshOAuth?.(structuredClone(stored) as OAuthCredential),
        {
          logger: this.deps.logger,
          budgetMs: configuredBudget(this.deps.config(), "oauthRefresh", owner.pluginId),
        },
      );
    } catch (error) {
      const code = isOpenClawError(error) ? `${error.code}: ` : "";
      throw fail(`plugin ${owner.pluginId} refreshOAuth failed: ${code}${errorMessage(error)}`);
    }
    const problem = invalidRefresh(returned, now);
    if (problem) throw fail(`plugin ${owner.pluginId} refreshOAuth returned ${problem}`);
    const fresh = returned as OAuthCredential;
    return { ...stored, ...fresh, type: "oauth", ...(stored.provider ? { provider: stored.provider } : {}) };
  }
}

function codeOf(error: unknown): string | undefined {
  return isOpenClawError(error) ? error.code : undefined;
}

function expiresOf(credential: AuthProfileCredential): number | undefined {
  return typeof credential.expires === "number" && Number.isFinite(credential.expires)
    ? credential.expires
    : undefined;
}

/** Why a hook's result is unusable, or `undefined` when it is an OAuth credential valid after `now`. */
function invalidRefresh(value: unknown, now: number): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "no credential object";
  const credential = value as Record<string, unknown>;
  if (credential.type !== undefined && credential.type !== "oauth") return "a credential not of type oauth";
  if (typeof credential.access !== "string" || credential.access.trim() === "") return "no access token";
  if (credential.refresh !== undefined && typeof credential.refresh !== "string") {
    return "a refresh token that is not a string";
  }
  if (typeof credential.expires !== "number" || !Number.isFinite(credential.expires)) {
    return "no expiry (expires, ms since the epoch)";
  }
  if (credential.expires <= now) return "a credential that has already expired";
  return undefined;
}

/** Replaces every string value of the credential but `type` and `provider` (tokens, ids) found in `text`. */
function redact(text: string, credential: AuthProfileCredential): string {
  let out = text;
  for (const [field, value] of Object.entries(credential)) {
    if (field === "type" || field === "provider" || typeof value !== "string" || value.length < 4) continue;
    out = out.split(value).join("[redacted]");
  }
  return out;
}

function refreshFailed(providerId: string, profileId: string, why: string): OpenClawError {
  return new OpenClawError(
    "AGENT_AUTH_REFRESH_FAILED",
    `refreshing auth profile ${profileId} of model provider "${providerId}" failed (${why}); the stored credential is kept`,
    {
      hint: `Log in again with \`openclaw models auth login --provider ${providerId}\`; the next turn reads the new profile.`,
      details: { provider: providerId, profileId },
    },
  );
}
