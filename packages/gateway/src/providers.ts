import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { ProviderDiscoveryOrder } from "@openclaw/plugin-sdk/core";
import { errorMessage } from "@openclaw/plugin-sdk/core";
import { callPlugin } from "./plugin-calls.js";

/** Discovery phases, in the order they run. */
export const DISCOVERY_PHASES: readonly ProviderDiscoveryOrder[] = ["simple", "profile", "paired", "late"];

/** One provider's discovery outcome. */
export interface DiscoveryOutcome {
  providerId: string;
  pluginId: string;
  phase: ProviderDiscoveryOrder;
  ok: boolean;
  /** `{ provider }`, `{ providers }` or `null`, as the plugin returned it. */
  result?: unknown;
  error?: string;
}

/**
 * Runs implicit provider discovery in its ordered phases (`simple`, `profile`, `paired`, `late`;
 * default `late`). Discovery is best-effort: a provider that throws or exceeds `timeoutMs` (default
 * 5000) is skipped with a diagnostic and the rest continue.
 */
export async function runProviderDiscovery(
  registry: PluginRegistry,
  ctx: Record<string, unknown>,
  timeoutMs = 5000,
): Promise<DiscoveryOutcome[]> {
  const outcomes: DiscoveryOutcome[] = [];
  for (const phase of DISCOVERY_PHASES) {
    const inPhase = registry.providers.filter(
      (p) => p.provider.discovery && (p.provider.discovery.order ?? "late") === phase,
    );
    const results = await Promise.all(
      inPhase.map(async ({ pluginId, provider }): Promise<DiscoveryOutcome> => {
        try {
          const result = await callPlugin(
            registry,
            { pluginId, call: "discovery", name: provider.id },
            () => provider.discovery?.run(ctx),
            { budgetMs: timeoutMs },
          );
          return { providerId: provider.id, pluginId, phase, ok: true, result: result ?? null };
        } catch (error) {
          registry.report({
            level: "warn",
            pluginId,
            message: `provider ${provider.id} discovery skipped: ${errorMessage(error)}`,
          });
          return { providerId: provider.id, pluginId, phase, ok: false, error: errorMessage(error) };
        }
      }),
    );
    outcomes.push(...results);
  }
  return outcomes;
}
