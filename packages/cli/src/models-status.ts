/** Where a provider's credential comes from, as `models.status` reports it (never the secret). */
export type CredentialView =
  | { source: "none" }
  | { source: "config"; scheme: string }
  | { source: "env"; envVar: string; set: boolean; scheme?: string }
  | {
      source: "profile";
      profileId: string;
      profileType: string;
      scheme: string;
      /** ms since the epoch. */
      expiresAt?: number;
      expired: boolean;
    }
  | { source: "missing" };

/** The `models.status` RPC result. */
export interface ModelsStatus {
  defaultModel: string;
  ok: boolean;
  api?: string;
  error?: { code: string; message: string; hint?: string };
  providers?: Array<{ id: string; source: string; api: string; credential: CredentialView }>;
}

/** `in 3 h 5 min` / `2 d ago`: the distance from `now` to `at` (both ms since the epoch). */
export function relativeTime(at: number, now: number): string {
  const minutes = Math.round(Math.abs(at - now) / 60_000);
  const span =
    minutes < 1
      ? "less than a minute"
      : minutes < 60
        ? `${minutes} min`
        : minutes < 48 * 60
          ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`
          : `${Math.floor(minutes / 1440)} d`;
  return at >= now ? `in ${span}` : `${span} ago`;
}

const WIRE: Record<string, string> = { bearer: "sent as Bearer token", "api-key": "sent as API key" };

/** One line describing a provider's credential: source, profile type, wire scheme, expiry. */
export function describeCredential(credential: CredentialView, providerId: string, now: number): string {
  switch (credential.source) {
    case "none":
      return "no credential needed";
    case "missing":
      return `missing (set models.providers.${providerId}.apiKey or run \`openclaw models auth login --provider ${providerId}\`)`;
    case "config":
      return `config key (models.providers.${providerId}.apiKey), ${WIRE[credential.scheme] ?? credential.scheme}`;
    case "env":
      return credential.set
        ? `env reference $${credential.envVar} (set), ${WIRE[credential.scheme ?? "api-key"]}`
        : `env reference $${credential.envVar} (NOT SET in the gateway's environment)`;
    case "profile": {
      const expiry =
        credential.expiresAt === undefined
          ? ""
          : credential.expired
            ? `, EXPIRED ${new Date(credential.expiresAt).toISOString()} (${relativeTime(credential.expiresAt, now)}): run \`openclaw models auth login --provider ${providerId}\``
            : `, expires ${new Date(credential.expiresAt).toISOString()} (${relativeTime(credential.expiresAt, now)})`;
      return `auth profile ${credential.profileId} of type ${credential.profileType}, ${WIRE[credential.scheme] ?? credential.scheme}${expiry}`;
    }
  }
}

/** The text of `openclaw models status`: the default model's state, then one line per provider. */
export function formatModelsStatus(status: ModelsStatus, now: number = Date.now()): string[] {
  const lines = status.ok
    ? [`default model ${status.defaultModel}: ready (${status.api})`]
    : [
        `default model ${status.defaultModel}: ${status.error?.code} ${status.error?.message}`,
        ...(status.error?.hint ? [`hint: ${status.error.hint}`] : []),
      ];
  const providers = status.providers ?? [];
  if (providers.length > 0) lines.push("credentials:");
  const width = Math.max(0, ...providers.map((p) => p.id.length));
  for (const p of providers) {
    lines.push(`  ${p.id.padEnd(width)}  ${describeCredential(p.credential, p.id, now)}`);
  }
  return lines;
}
