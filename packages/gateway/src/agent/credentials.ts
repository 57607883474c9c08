import type { PathEnv } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import {
  type AuthProfileCredential,
  type AuthProfileFile,
  authProfilesPath,
  credentialSecret,
  readAuthProfiles,
} from "./auth-profiles.js";
import type { ProviderModelConfig } from "./config.js";
import { type OAuthRefresher, refreshDue } from "./oauth-refresh.js";

/**
 * How a credential goes on the wire. `api-key`: Anthropic's `x-api-key`, `Authorization: Bearer` for
 * the OpenAI APIs. `bearer`: `Authorization: Bearer` for every API (Anthropic's OAuth access tokens
 * and `claude setup-token` tokens are refused as `x-api-key`).
 */
export type CredentialScheme = "api-key" | "bearer";

/**
 * Where the credential of a model provider comes from, without the secret:
 * - `none`: the provider needs none (`auth: "none"`, the built-in `mock`);
 * - `config`: a literal `models.providers.<id>.apiKey`;
 * - `env`: an `apiKey` of the form `${NAME}` (`set` tells whether the gateway's environment has it);
 * - `profile`: an auth profile of `auth-profiles.json` (`profileType` `api_key`, `token`, `oauth`…;
 *   `expiresAt` in ms since the epoch when the credential carries `expires`);
 * - `missing`: nothing usable.
 */
export type CredentialStatus =
  | { source: "none" }
  | { source: "config"; scheme: CredentialScheme }
  | { source: "env"; envVar: string; set: boolean; scheme?: CredentialScheme }
  | {
      source: "profile";
      profileId: string;
      profileType: string;
      scheme: CredentialScheme;
      expiresAt?: number;
      expired: boolean;
    }
  | { source: "missing" };

/** The secret of a resolved credential, in the field its wire scheme needs. */
export interface ProviderSecret {
  /** Sent as an API key (`x-api-key` for Anthropic, `Authorization: Bearer` for the OpenAI APIs). */
  apiKey?: string;
  /** Sent as `Authorization: Bearer` by every adapter (token and OAuth credentials). */
  authToken?: string;
}

/** What credential lookups read. */
export interface CredentialDeps {
  env: PathEnv;
  stateDir: string;
  /** The clock for expiry checks, ms since the epoch; default `Date.now`. */
  now?: () => number;
  /** Refreshes due `oauth` profiles through their provider plugin (none: they are refused when expired). */
  refresher?: OAuthRefresher;
}

interface Inspected {
  status: CredentialStatus;
  secret?: string;
  /** The stored credential, for profiles. */
  credential?: AuthProfileCredential;
}

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Anthropic subscription tokens (`claude setup-token`, OAuth access tokens) start with `sk-ant-oat`;
 * upstream's Anthropic client sends such a secret as a Bearer token whatever field holds it.
 */
const ANTHROPIC_OAUTH_TOKEN = /^sk-ant-oat/;

function schemeOf(config: ProviderModelConfig, secret: string, declared: CredentialScheme): CredentialScheme {
  if (config.api === "anthropic-messages" && ANTHROPIC_OAUTH_TOKEN.test(secret)) return "bearer";
  return declared;
}

/** `token` and `oauth` credentials are bearer tokens; `api_key` (and unknown types) are keys. */
function profileSecret(credential: AuthProfileCredential): {
  secret: string | undefined;
  scheme: CredentialScheme;
} {
  const pick = (...fields: string[]) =>
    fields.map((f) => credential[f]).find((v): v is string => typeof v === "string" && v !== "");
  if (credential.type === "token") return { secret: pick("token", "access"), scheme: "bearer" };
  if (credential.type === "oauth") return { secret: pick("access", "token"), scheme: "bearer" };
  return { secret: credentialSecret(credential), scheme: "api-key" };
}

/** Every profile of `providerId` in file order (by `credential.provider`, else a `<provider>:` id prefix). */
export function profilesForProvider(
  file: AuthProfileFile,
  providerId: string,
): Array<{ profileId: string; credential: AuthProfileCredential }> {
  return Object.entries(file.profiles)
    .filter(([id, c]) => c.provider === providerId || id.startsWith(`${providerId}:`))
    .map(([profileId, credential]) => ({ profileId, credential }));
}

/** Largest distance from the epoch a `Date` can hold, in ms (ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

/**
 * A profile's `expires` as ms since the epoch: a number (clamped to what a `Date` can show, so an
 * absurd value still prints), or a date string `Date.parse` reads (hand-edited files); anything
 * else is no expiry.
 */
function expiryOf(value: unknown): number | undefined {
  const ms = typeof value === "string" && value.trim() !== "" ? Date.parse(value) : value;
  if (typeof ms !== "number" || Number.isNaN(ms)) return undefined;
  return Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms));
}

function inspectProfile(
  config: ProviderModelConfig,
  profileId: string,
  credential: AuthProfileCredential,
  now: number,
): Inspected | undefined {
  const { secret, scheme } = profileSecret(credential);
  if (!secret) return undefined;
  const expiresAt = expiryOf(credential.expires);
  return {
    status: {
      source: "profile",
      profileId,
      profileType: String(credential.type ?? "api_key"),
      scheme: schemeOf(config, secret, scheme),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      expired: expiresAt !== undefined && expiresAt <= now,
    },
    secret,
    credential,
  };
}

async function inspect(id: string, config: ProviderModelConfig, deps: CredentialDeps): Promise<Inspected> {
  if (config.api === "mock") return { status: { source: "none" } };
  const apiKey = typeof config.apiKey === "string" ? config.apiKey.trim() : "";
  if (apiKey !== "") {
    const envRef = ENV_REF.exec(apiKey);
    if (!envRef)
      return { status: { source: "config", scheme: schemeOf(config, apiKey, "api-key") }, secret: apiKey };
    const envVar = envRef[1] as string;
    const value = deps.env[envVar]?.trim();
    if (!value) return { status: { source: "env", envVar, set: false } };
    return {
      status: { source: "env", envVar, set: true, scheme: schemeOf(config, value, "api-key") },
      secret: value,
    };
  }
  const now = (deps.now ?? Date.now)();
  const usable = profilesForProvider(await readAuthProfiles(authProfilesPath(deps.stateDir)), id)
    .map((p) => inspectProfile(config, p.profileId, p.credential, now))
    .filter((p): p is Inspected => p !== undefined);
  // The first profile that has not expired wins; with none left, the first expired one is reported.
  const chosen = usable.find((p) => p.status.source === "profile" && !p.status.expired) ?? usable[0];
  if (chosen) return chosen;
  return { status: config.auth === "none" ? { source: "none" } : { source: "missing" } };
}

/**
 * Where provider `id`'s credential comes from, for `models status` / `models list`: never the secret.
 * A corrupt `auth-profiles.json` is reported as `CONFIG_PARSE_FAILED`.
 */
export async function describeCredential(
  id: string,
  config: ProviderModelConfig,
  deps: CredentialDeps,
): Promise<CredentialStatus> {
  return (await inspect(id, config, deps)).status;
}

/**
 * `inspected` with its credential refreshed when it is an `oauth` profile expiring within 60 s and a
 * provider plugin can refresh it; otherwise as is. When the refresh fails, a credential that has not
 * expired yet is still used (the refresher logged the failure); an expired one is not.
 */
async function refreshIfDue(
  id: string,
  config: ProviderModelConfig,
  deps: CredentialDeps,
  inspected: Inspected,
): Promise<Inspected> {
  const { status, credential } = inspected;
  const now = (deps.now ?? Date.now)();
  if (status.source !== "profile" || status.profileType !== "oauth" || !credential) return inspected;
  if (!refreshDue(status.expiresAt, now) || !deps.refresher?.canRefresh(id)) return inspected;
  try {
    const fresh = await deps.refresher.refresh({ providerId: id, profileId: status.profileId, credential });
    return inspectProfile(config, status.profileId, fresh, now) ?? inspected;
  } catch (error) {
    if (status.expired) throw error;
    return inspected;
  }
}

/**
 * The credential of provider `id`, in the order `apiKey` (a key, or `${ENV}` read from the gateway's
 * environment), else its first auth profile that has not expired, else none when `auth: "none"`.
 * `token` and `oauth` profiles (and Anthropic `sk-ant-oat…` tokens anywhere) become a Bearer
 * `authToken`; other secrets an `apiKey`. An `oauth` profile that has expired or expires within
 * 60 s is first refreshed through its provider plugin's `refreshOAuth`
 * when `deps.refresher` has one (see {@link OAuthRefresher}); the new credential is stored and used.
 * @throws {@link OpenClawError} `AGENT_AUTH_MISSING` (unset env reference, no key where one is
 * needed), `AGENT_AUTH_EXPIRED` (every profile of the provider has expired and none could be
 * refreshed: the request is not sent), `AGENT_AUTH_REFRESH_FAILED` (the expired profile's refresh
 * failed; the stored credential is kept), `AGENT_AUTH_PROFILES_LOCKED`, `CONFIG_PARSE_FAILED`.
 */
export async function resolveCredential(
  id: string,
  config: ProviderModelConfig,
  deps: CredentialDeps,
): Promise<ProviderSecret> {
  const { status, secret } = await refreshIfDue(id, config, deps, await inspect(id, config, deps));
  if (status.source === "env" && !status.set) {
    throw new OpenClawError(
      "AGENT_AUTH_MISSING",
      `models.providers.${id}.apiKey reads $${status.envVar}, which is not set`,
      { hint: `Set ${status.envVar} in the gateway's environment and restart it.` },
    );
  }
  if (status.source === "profile" && status.expired) {
    const at = new Date(status.expiresAt as number).toISOString();
    throw new OpenClawError(
      "AGENT_AUTH_EXPIRED",
      `auth profile ${status.profileId} (${status.profileType}) of model provider "${id}" expired at ${at}`,
      {
        hint: `Log in again with \`openclaw models auth login --provider ${id}\`; the next turn reads the new profile.`,
        details: { provider: id, profileId: status.profileId, expiresAt: status.expiresAt },
      },
    );
  }
  if (status.source === "missing") {
    throw new OpenClawError("AGENT_AUTH_MISSING", `no API key for model provider "${id}"`, {
      hint: `Set models.providers.${id}.apiKey (a key or "\${ENV_VAR}"), run \`openclaw models auth login --provider ${id}\`, or set auth: "none" for a server without keys.`,
    });
  }
  if (!secret || status.source === "none") return {};
  const scheme = "scheme" in status ? status.scheme : "api-key";
  return scheme === "bearer" ? { authToken: secret } : { apiKey: secret };
}
