import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import {
  type ContextEngine,
  errorMessage,
  OpenClawError,
  type PluginHookContext,
} from "@openclaw/plugin-sdk/core";
import type { HookRunner } from "../hooks/hook-runner.js";
import type { TranscriptMessage } from "./session-store.js";

/** Id of core's own context engine (the slot's default). */
export const LEGACY_ENGINE_ID = "legacy";

/** Rough token estimate of messages: characters / 4. */
export function estimateTokens(messages: readonly TranscriptMessage[]): number {
  return Math.ceil(messages.reduce((sum, m) => sum + m.content.length + 16, 0) / 4);
}

/**
 * Core's `legacy` engine: the whole transcript, trimmed from the oldest end to the token budget (a
 * kept history never starts with a tool result whose call was trimmed).
 */
export function createLegacyEngine(): ContextEngine {
  return {
    info: { id: LEGACY_ENGINE_ID, name: "Legacy (built in)", ownsCompaction: false },
    ingest: () => ({ ingested: true }),
    assemble(params) {
      const messages = params.messages as TranscriptMessage[];
      const budget = (params as { tokenBudget?: number }).tokenBudget ?? Number.POSITIVE_INFINITY;
      let start = 0;
      while (start < messages.length && estimateTokens(messages.slice(start)) > budget) start++;
      while (start < messages.length && messages[start]?.role === "tool") start++;
      const kept = messages.slice(start);
      return { messages: kept, estimatedTokens: estimateTokens(kept) };
    },
    compact: () => ({ ok: true, compacted: false }),
  };
}

/** The engine selected by `plugins.slots.contextEngine`. */
export interface ActiveContextEngine {
  id: string;
  owner: string;
  engine: ContextEngine;
}

/**
 * Resolves `plugins.slots.contextEngine` (spec R-SLOT-7): unset or `legacy` → core's engine; else
 * the engine registered under that id (`api.registerContextEngine(id, factory)`), or the only engine
 * of the plugin with that id.
 * @throws {@link OpenClawError} `CONFIG_INVALID` naming the available engines.
 */
export async function resolveContextEngine(
  registry: PluginRegistry,
  slot: string | undefined,
): Promise<ActiveContextEngine> {
  const selected = slot?.trim() || LEGACY_ENGINE_ID;
  if (selected === LEGACY_ENGINE_ID) return { id: selected, owner: "core", engine: createLegacyEngine() };
  const owned = [...registry.contextEngines.values()].filter((e) => e.pluginId === selected);
  const registration = registry.contextEngines.get(selected) ?? (owned.length === 1 ? owned[0] : undefined);
  if (!registration) {
    throw new OpenClawError("CONFIG_INVALID", `Context engine "${selected}" is not registered`, {
      hint: `Available engines: ${[LEGACY_ENGINE_ID, ...registry.contextEngines.keys()].join(", ")}. Check \`openclaw plugins why ${selected}\`.`,
    });
  }
  return { id: selected, owner: `plugin:${registration.pluginId}`, engine: await registration.factory() };
}

/** What {@link assembleContext} produced. */
export interface AssembledContext {
  messages: TranscriptMessage[];
  estimatedTokens: number;
  compacted: boolean;
  engineId: string;
}

/**
 * Asks the active engine for the history of one turn within `tokenBudget`. Over budget, the engine
 * compacts (between `before_compaction` and `after_compaction`, both parallel) and assembles again.
 * A failing plugin engine is logged and the legacy engine takes over, so a turn never fails on it.
 */
export async function assembleContext(deps: {
  active: ActiveContextEngine;
  hooks: HookRunner;
  logger: HostLogger;
  messages: TranscriptMessage[];
  sessionKey: string;
  tokenBudget: number;
  ctx: PluginHookContext;
}): Promise<AssembledContext> {
  const { active, messages, sessionKey, tokenBudget } = deps;
  const params = { messages, sessionKey, tokenBudget } as { messages: unknown[] };
  try {
    let assembled = await active.engine.assemble(params);
    let compacted = false;
    const overBudget = assembled.estimatedTokens > tokenBudget;
    const trimmed = active.id === LEGACY_ENGINE_ID && assembled.messages.length < messages.length;
    if (overBudget || trimmed) {
      await deps.hooks.runParallel(
        "before_compaction",
        { messageCount: messages.length, tokenCount: estimateTokens(messages), sessionKey },
        deps.ctx,
      );
      if (overBudget) {
        compacted = (await active.engine.compact({ ...params, force: true } as { messages: unknown[] }))
          .compacted;
        assembled = await active.engine.assemble(params);
      } else compacted = true;
      await deps.hooks.runParallel(
        "after_compaction",
        {
          messageCount: assembled.messages.length,
          tokenCount: assembled.estimatedTokens,
          compactedCount: messages.length - assembled.messages.length,
          sessionKey,
        },
        deps.ctx,
      );
    }
    return {
      messages: assembled.messages as TranscriptMessage[],
      estimatedTokens: assembled.estimatedTokens,
      compacted,
      engineId: active.id,
    };
  } catch (error) {
    deps.logger.warn(
      { engine: active.id, error: errorMessage(error) },
      `context engine ${active.id} failed; using the legacy engine for this turn`,
    );
    const fallback = await createLegacyEngine().assemble(params);
    return {
      messages: fallback.messages as TranscriptMessage[],
      estimatedTokens: fallback.estimatedTokens,
      compacted: false,
      engineId: LEGACY_ENGINE_ID,
    };
  }
}
