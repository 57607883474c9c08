import type { HostLogger, PathEnv } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { runProviderDiscovery } from "../providers.js";
import { agentConfig, DEFAULT_MODEL_REF, type ModelDefinition, type ProviderModelConfig } from "./config.js";
import { type CredentialStatus, describeCredential, resolveCredential } from "./credentials.js";
import { OAuthRefresher } from "./oauth-refresh.js";

/** A provider the catalog knows, and where its config came from. */
export interface CatalogProvider {
  id: string;
  config: ProviderModelConfig;
  /** `config` (`models.providers`), `plugin` (a provider plugin's discovery) or `builtin` (`mock`). */
  source: "config" | "plugin" | "builtin";
  pluginId?: string;
}

/** A model reference resolved to everything a transport needs. */
export interface ResolvedModel {
  providerId: string;
  modelId: string;
  /** `provider/model`. */
  ref: string;
  api: string;
  baseUrl?: string;
  /** The API key (never logged or sent anywhere but the provider). */
  apiKey?: string;
  /** A bearer token from a `token` / `oauth` auth profile, sent as `Authorization: Bearer`. */
  authToken?: string;
  headers: Record<string, string>;
  definition?: ModelDefinition;
  provider: CatalogProvider;
}

/** Dependencies of {@link ModelCatalog}. */
export interface ModelCatalogDeps {
  registry: PluginRegistry;
  config: () => OpenClawConfig;
  env: PathEnv;
  stateDir: string;
  logger: HostLogger;
  /** How long discovery results are reused, in ms; default 60 000. */
  discoveryTtlMs?: number;
}

/** The built-in `mock` provider: scripted replies and tool calls, no network. */
export const MOCK_PROVIDER: ProviderModelConfig = {
  api: "mock",
  auth: "none",
  models: [
    { id: "scripted", name: "Scripted mock (calls a named tool, then summarises)", contextWindow: 32_000 },
    { id: "echo", name: "Echo mock", contextWindow: 32_000 },
  ],
};

/** Splits `provider/model` (the model part may itself contain `/`). */
export function parseModelRef(ref: string): { providerId: string; modelId: string } | undefined {
  const slash = ref.indexOf("/");
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { providerId: ref.slice(0, slash).trim(), modelId: ref.slice(slash + 1).trim() };
}

function discoveredEntries(result: unknown, fallbackId: string): Array<[string, ProviderModelConfig]> {
  if (typeof result !== "object" || result === null) return [];
  const value = result as { provider?: unknown; providers?: unknown };
  if (typeof value.provider === "object" && value.provider !== null) {
    const provider = value.provider as ProviderModelConfig & { id?: string };
    return [[provider.id ?? fallbackId, provider]];
  }
  if (Array.isArray(value.providers)) {
    return value.providers
      .filter((p): p is ProviderModelConfig & { id: string } => typeof p?.id === "string")
      .map((p) => [p.id, p]);
  }
  if (typeof value.providers === "object" && value.providers !== null) {
    return Object.entries(value.providers as Record<string, ProviderModelConfig>);
  }
  return [];
}

/**
 * The models the agent can use: `models.providers.<id>` from the config (wins), providers contributed
 * by provider plugins' `discovery.run()` (best-effort, cached), and the built-in `mock` provider.
 * Resolves `provider/model` references and their credential: `apiKey` (`${ENV}` references read the
 * gateway's environment), else an auth profile written by `openclaw models auth login`
 * (see {@link resolveCredential}); `oauth` profiles due for refresh are refreshed through their
 * provider plugin's `refreshOAuth` (see {@link OAuthRefresher}).
 */
export class ModelCatalog {
  #discovered: { at: number; providers: CatalogProvider[] } | undefined;
  readonly #refresher: OAuthRefresher;

  constructor(private readonly deps: ModelCatalogDeps) {
    this.#refresher = new OAuthRefresher(deps);
  }

  /** Forgets cached discovery results (after a plugin reload or a login). */
  invalidate(): void {
    this.#discovered = undefined;
  }

  /** Every known provider, config first, then discovered, then built-in. */
  async providers(): Promise<CatalogProvider[]> {
    const configured = agentConfig(this.deps.config()).models?.providers ?? {};
    const out: CatalogProvider[] = Object.entries(configured).map(([id, config]) => ({
      id,
      config: id === "mock" ? { ...MOCK_PROVIDER, ...config } : config,
      source: id === "mock" ? "builtin" : "config",
    }));
    for (const provider of await this.#discover()) {
      if (!out.some((p) => p.id === provider.id)) out.push(provider);
    }
    if (!out.some((p) => p.id === "mock")) out.push({ id: "mock", config: MOCK_PROVIDER, source: "builtin" });
    return out;
  }

  async #discover(): Promise<CatalogProvider[]> {
    const ttl = this.deps.discoveryTtlMs ?? 60_000;
    if (this.#discovered && Date.now() - this.#discovered.at < ttl) return this.#discovered.providers;
    if (!this.deps.registry.providers.some((p) => p.provider.discovery)) return [];
    const outcomes = await runProviderDiscovery(this.deps.registry, {
      config: this.deps.config(),
      env: { ...this.deps.env },
      stateDir: this.deps.stateDir,
    });
    const providers: CatalogProvider[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      for (const [id, config] of discoveredEntries(outcome.result, outcome.providerId)) {
        providers.push({ id, config, source: "plugin", pluginId: outcome.pluginId });
      }
    }
    this.#discovered = { at: Date.now(), providers };
    return providers;
  }

  /**
   * Resolves `ref` (default `agents.defaults.model`, else `mock/scripted`).
   * @throws {@link OpenClawError} `AGENT_MODEL_UNKNOWN` (malformed ref, unknown provider or model),
   * `AGENT_AUTH_MISSING` (no key where one is needed), `AGENT_AUTH_EXPIRED` (the provider's auth
   * profiles have all expired), `AGENT_AUTH_REFRESH_FAILED` (an expired `oauth` profile's provider
   * plugin could not refresh it).
   */
  async resolve(ref?: string): Promise<ResolvedModel> {
    const wanted =
      ref?.trim() || agentConfig(this.deps.config()).agents?.defaults?.model || DEFAULT_MODEL_REF;
    const parsed = parseModelRef(wanted);
    const providers = await this.providers();
    if (!parsed) {
      throw new OpenClawError("AGENT_MODEL_UNKNOWN", `model reference "${wanted}" is not provider/model`, {
        hint: `Write it as <provider>/<model>, e.g. mock/scripted. Providers: ${providers.map((p) => p.id).join(", ")}.`,
      });
    }
    const provider = providers.find((p) => p.id === parsed.providerId);
    if (!provider) {
      throw new OpenClawError("AGENT_MODEL_UNKNOWN", `no model provider "${parsed.providerId}"`, {
        hint: `Configure models.providers.${parsed.providerId}, or pick one of: ${providers.map((p) => p.id).join(", ")}. Run \`openclaw models list\`.`,
      });
    }
    const models = provider.config.models ?? [];
    const definition = models.find((m) => m.id === parsed.modelId);
    if (models.length > 0 && !definition) {
      throw new OpenClawError(
        "AGENT_MODEL_UNKNOWN",
        `provider "${provider.id}" has no model "${parsed.modelId}"`,
        {
          hint: `Its models: ${models.map((m) => m.id).join(", ")}. Add it to models.providers.${provider.id}.models.`,
        },
      );
    }
    return {
      providerId: provider.id,
      modelId: parsed.modelId,
      ref: `${provider.id}/${parsed.modelId}`,
      api: provider.config.api ?? "openai-completions",
      ...(provider.config.baseUrl ? { baseUrl: provider.config.baseUrl } : {}),
      ...(await resolveCredential(provider.id, provider.config, {
        ...this.deps,
        refresher: this.#refresher,
      })),
      headers: { ...(provider.config.headers ?? {}) },
      ...(definition ? { definition } : {}),
      provider,
    };
  }

  /**
   * Where `provider`'s credential comes from (config key, env reference, auth profile and its type and
   * expiry, none), never the secret. Throws `CONFIG_PARSE_FAILED` for a corrupt auth-profiles file.
   */
  credentialOf(provider: CatalogProvider): Promise<CredentialStatus> {
    return describeCredential(provider.id, provider.config, this.deps);
  }
}
