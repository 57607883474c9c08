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

/** A model provider registered with `api.registerProvider`. */
export interface ProviderPlugin {
  id: string;
  label: string;
  auth: ProviderAuthMethod[];
  wizard?: ProviderWizard;
  discovery?: ProviderDiscovery;
  onModelSelected?(ctx: Record<string, unknown>): Promise<void> | void;
}
