/** Result of a provider auth method: auth profiles to write plus optional config changes. */
export interface ProviderAuthResult {
  profiles: Array<{ profileId: string; credential: Record<string, unknown> }>;
  configPatch?: Record<string, unknown>;
  /** `provider/model` reference to make the default. */
  defaultModel?: string;
  notes?: string[];
}

/** One way to authenticate against a model provider. */
export interface ProviderAuthMethod {
  id: string;
  label: string;
  kind: "oauth" | "api_key" | "token" | "device_code" | "custom";
  run(ctx: Record<string, unknown>): Promise<ProviderAuthResult>;
  runNonInteractive?(ctx: Record<string, unknown>): Promise<ProviderAuthResult | null>;
}

/** How the provider appears in onboarding and in the model picker. */
export interface ProviderWizard {
  onboarding?: {
    choiceId: string;
    choiceLabel: string;
    choiceHint?: string;
    groupId?: string;
    groupLabel?: string;
    groupHint?: string;
    methodId?: string;
  };
  modelPicker?: { label: string; hint?: string; methodId?: string };
}

/** Phase in which implicit provider discovery runs. */
export type ProviderDiscoveryOrder = "simple" | "profile" | "paired" | "late";

/** Implicit provider discovery. */
export interface ProviderDiscovery {
  order?: ProviderDiscoveryOrder;
  run(
    ctx: Record<string, unknown>,
  ): Promise<{ provider: Record<string, unknown> } | { providers: Record<string, unknown>[] } | null>;
}

/**
 * An OAuth credential as stored in an auth profile (`auth-profiles.json`, `type: "oauth"`): the
 * shape upstream OpenClaw's provider plugins refresh.
 */
export interface OAuthCredential {
  type: "oauth";
  /** The provider id the credential belongs to. */
  provider?: string;
  /** The access token, sent as `Authorization: Bearer`. A secret: never log it. */
  access: string;
  /** The refresh token (often single-use: a refresh returns the next one). A secret: never log it. */
  refresh?: string;
  /** When `access` expires, ms since the epoch. */
  expires: number;
  /** Provider-specific fields (account id, scopes…), kept as written. */
  [field: string]: unknown;
}

/** A model provider registered with `api.registerProvider`. */
export interface ProviderPlugin {
  id: string;
  label: string;
  auth: ProviderAuthMethod[];
  wizard?: ProviderWizard;
  discovery?: ProviderDiscovery;
  onModelSelected?(ctx: Record<string, unknown>): Promise<void> | void;
  /**
   * Refreshes an OAuth credential of this provider (upstream OpenClaw's `refreshOAuth` hook).
   * The gateway calls it before a model request when the auth profile the turn would use is an
   * `oauth` credential that has expired or expires within 60 s, one call at a time per profile
   * (concurrent turns wait on the same call), under the `oauthRefresh` plugin-call budget
   * (`plugins.callBudgetsMs.oauthRefresh`, default 10 000 ms) and under the auth-profiles file lock.
   *
   * Gets a copy of the stored credential; returns the new one: `access` a non-empty string,
   * `expires` a finite time in ms since the epoch still in the future, `refresh` the next refresh
   * token (omitted: the old one is kept); other fields are merged over the stored ones. The gateway
   * writes it back to `auth-profiles.json` and sends the new `access` token. Throwing (or returning
   * anything else, or exceeding the budget) fails the turn with `AGENT_AUTH_REFRESH_FAILED` and
   * leaves the stored credential as it was; the error names no secret, so a plugin should not put
   * tokens in its error messages either (the gateway also redacts the credential's own values).
   */
  refreshOAuth?(credential: OAuthCredential): Promise<OAuthCredential>;
}
