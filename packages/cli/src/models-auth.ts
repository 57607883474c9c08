import {
  buildControlPlane,
  createPluginRuntime,
  loadPlugins,
  resolveWorkspaceDir,
} from "@openclaw/plugin-loader";
import type { ProviderRegistration } from "@openclaw/plugin-registry";
import {
  errorMessage,
  type OpenClawConfig,
  OpenClawError,
  type ProviderAuthResult,
} from "@openclaw/plugin-sdk/core";
import type { CliContext } from "./cli-context.js";
import { createCliPrompter } from "./prompter.js";

/** What `openclaw models auth login` did (no secrets). */
export interface LoginOutcome {
  provider: string;
  method: string;
  profiles: string[];
  authProfilesPath: string;
  configChanged: boolean;
  defaultModel?: string;
  notes: string[];
}

async function loadProvider(ctx: CliContext, providerId: string): Promise<ProviderRegistration> {
  const config = await ctx.readConfig();
  const plane = await buildControlPlane({ config, env: ctx.env });
  const declared = [...plane.plugins.values()]
    .filter((p) => p.record.activation.enabled && p.record.providers.includes(providerId))
    .map((p) => p.record.id);
  const runtime = createPluginRuntime({
    version: ctx.version,
    stateDir: ctx.stateDir,
    logger: ctx.logger,
    loadConfig: () => config,
  });
  const registry = await loadPlugins({
    controlPlane: plane,
    mode: "full",
    logger: ctx.logger,
    runtime,
    ...(declared.length ? { onlyPluginIds: declared } : {}),
  });
  const found = registry.providers.find((p) => p.provider.id === providerId);
  if (!found) {
    throw new OpenClawError("PLUGIN_NOT_FOUND", `no enabled plugin registers provider "${providerId}"`, {
      hint: `Providers: ${registry.providers.map((p) => p.provider.id).join(", ") || "none"}. Enable the provider's plugin with \`openclaw plugins enable <id>\`.`,
    });
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merges `patch` into `base` (objects merge, everything else replaces). */
export function mergeConfigPatch(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    // A provider's patch is plugin data: a `__proto__` key must not replace the merged object's
    // prototype (plain assignment would), so every key is defined as an own property.
    const merged =
      isRecord(value) && isRecord(out[key])
        ? mergeConfigPatch(out[key] as Record<string, unknown>, value)
        : value;
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function checkResult(value: unknown, provider: string): ProviderAuthResult {
  const result = value as ProviderAuthResult | null;
  const valid =
    isRecord(result) &&
    Array.isArray(result.profiles) &&
    result.profiles.every(
      (p) => typeof p?.profileId === "string" && p.profileId !== "" && isRecord(p.credential),
    ) &&
    (result.configPatch === undefined || isRecord(result.configPatch));
  if (!valid) {
    throw new OpenClawError(
      "AGENT_AUTH_FAILED",
      `provider ${provider} returned a malformed auth result; nothing was written`,
      {
        hint: "auth[].run must resolve { profiles: [{ profileId, credential }], configPatch?, defaultModel?, notes? }.",
      },
    );
  }
  return result;
}

/**
 * `openclaw models auth login --provider <id> [--method <id>] [--set-default]`: loads the provider's
 * plugin, runs its `auth[].run(ctx)` with a terminal prompter, then does what core owns (seed
 * "Provider auth contract"): writes the auth profiles (`auth-profiles.json`, mode 0600, atomic), wires
 * `auth.profiles.<id>`, merges `configPatch`, applies `defaultModel` (with `--set-default`, or when no
 * default is set) and calls `onModelSelected`. Secrets are never printed.
 * @throws {@link OpenClawError} `PLUGIN_NOT_FOUND`, `CLI_USAGE` (unknown method), `AGENT_AUTH_FAILED`.
 */
export async function loginProvider(
  ctx: CliContext,
  options: { provider: string; method?: string; setDefault?: boolean },
): Promise<LoginOutcome> {
  const { provider } = await loadProvider(ctx, options.provider);
  const method = options.method ? provider.auth.find((m) => m.id === options.method) : provider.auth[0];
  if (!method) {
    throw new OpenClawError(
      "CLI_USAGE",
      options.method
        ? `provider ${provider.id} has no auth method "${options.method}"`
        : `provider ${provider.id} has no auth methods`,
      {
        hint: `Methods: ${provider.auth.map((m) => m.id).join(", ") || "none"}.`,
      },
    );
  }
  const config = await ctx.readConfig();
  const prompter = createCliPrompter((text) => ctx.printErr(text));
  let raw: unknown;
  try {
    raw = await method.run({
      config,
      stateDir: ctx.stateDir,
      agentDir: `${ctx.stateDir}/agents/main/agent`,
      workspaceDir: resolveWorkspaceDir(config, ctx.env),
      prompter,
      runtime: { log: (m: string) => ctx.printErr(m), error: (m: string) => ctx.printErr(m) },
      openUrl: async (url: string) => ctx.printErr(`Open this URL in a browser: ${url}`),
      isRemote: false,
    });
  } catch (error) {
    if (error instanceof OpenClawError && error.code === "CLI_USAGE") throw error;
    throw new OpenClawError(
      "AGENT_AUTH_FAILED",
      `auth method ${method.id} of provider ${provider.id} failed: ${errorMessage(error)}`,
      {
        cause: error,
        hint: "Nothing was written; run the login again.",
      },
    );
  } finally {
    prompter.close();
  }
  return persistLogin(
    ctx,
    provider.id,
    method.id,
    checkResult(raw, provider.id),
    config,
    options.setDefault === true,
    provider.onModelSelected?.bind(provider),
  );
}

async function persistLogin(
  ctx: CliContext,
  providerId: string,
  methodId: string,
  result: ProviderAuthResult,
  config: OpenClawConfig,
  setDefault: boolean,
  onModelSelected: ((ctx: Record<string, unknown>) => unknown) | undefined,
): Promise<LoginOutcome> {
  const { authProfilesPath, writeAuthProfiles } = await import("@openclaw/gateway/auth");
  const path = authProfilesPath(ctx.stateDir);
  const profiles = Object.fromEntries(
    result.profiles.map((p) => [p.profileId, { type: "api_key", provider: providerId, ...p.credential }]),
  );
  await writeAuthProfiles(path, profiles);
  let next = config as Record<string, unknown>;
  const wiring = Object.fromEntries(
    result.profiles.map((p) => [
      p.profileId,
      { provider: providerId, mode: String(p.credential.type ?? "api_key") },
    ]),
  );
  next = mergeConfigPatch(next, { auth: { profiles: wiring } });
  if (result.configPatch) next = mergeConfigPatch(next, result.configPatch);
  const current = (next.agents as { defaults?: { model?: string } } | undefined)?.defaults?.model;
  const applyDefault = result.defaultModel !== undefined && (setDefault || current === undefined);
  if (applyDefault) next = mergeConfigPatch(next, { agents: { defaults: { model: result.defaultModel } } });
  await ctx.commitConfig(config as OpenClawConfig, next as OpenClawConfig);
  if (applyDefault)
    await Promise.resolve(onModelSelected?.({ config: next, model: result.defaultModel })).catch(
      () => undefined,
    );
  return {
    provider: providerId,
    method: methodId,
    profiles: result.profiles.map((p) => p.profileId),
    authProfilesPath: path,
    configChanged: true,
    ...(applyDefault ? { defaultModel: result.defaultModel } : {}),
    notes: result.notes ?? [],
  };
}
