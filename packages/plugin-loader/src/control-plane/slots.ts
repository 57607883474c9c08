import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";

/** Default owner of the memory slot. */
export const DEFAULT_MEMORY_SLOT = "memory-core";
/** The built-in context engine, owned by core. */
export const LEGACY_CONTEXT_ENGINE = "legacy";

/** The effective exclusive-slot selection. */
export interface SlotSelection {
  /** Plugin id owning memory, or `null` when `plugins.slots.memory` is `"none"`. */
  memory: string | null;
  /** True when `plugins.slots.memory` is set (not the default). */
  memoryExplicit: boolean;
  /** Plugin id owning the context engine, or `legacy` (core's own engine). */
  contextEngine: string;
  contextEngineExplicit: boolean;
}

/**
 * Normalises `plugins.slots`: memory `"none"` (any case) is `null`, unset or blank is `memory-core`;
 * contextEngine unset or blank is `legacy`.
 */
export function resolveSlots(config: OpenClawConfig): SlotSelection {
  const slots = config.plugins?.slots ?? {};
  const memory = typeof slots.memory === "string" ? slots.memory.trim() : "";
  const engine = typeof slots.contextEngine === "string" ? slots.contextEngine.trim() : "";
  return {
    memory: memory === "" ? DEFAULT_MEMORY_SLOT : memory.toLowerCase() === "none" ? null : memory,
    memoryExplicit: memory !== "",
    contextEngine: engine === "" ? LEGACY_CONTEXT_ENGINE : engine,
    contextEngineExplicit: engine !== "",
  };
}

/** The kinds a manifest declares. */
export function manifestKinds(kind: string | string[] | undefined): string[] {
  if (kind === undefined) return [];
  return Array.isArray(kind) ? kind : [kind];
}

/**
 * Whether the slots let an otherwise enabled plugin load. A single-kind `memory` plugin loads only
 * when it owns the memory slot; a single-kind `context-engine` plugin only when it owns the
 * context-engine slot. Multi-kind plugins stay loaded (their other kind is not exclusive).
 * Returns the reason it is turned off, or `undefined`.
 */
export function slotBlockReason(
  id: string,
  kind: string | string[] | undefined,
  slots: SlotSelection,
): string | undefined {
  const kinds = manifestKinds(kind);
  const single = kinds.length === 1;
  if (kinds.includes("memory") && single && slots.memory !== id) {
    return slots.memory === null
      ? 'memory slot disabled (plugins.slots.memory is "none")'
      : `memory slot set to "${slots.memory}"; set plugins.slots.memory to "${id}" to use this plugin`;
  }
  if (kinds.includes("context-engine") && single && slots.contextEngine !== id) {
    return `context engine slot set to "${slots.contextEngine}"; set plugins.slots.contextEngine to "${id}" to use this plugin`;
  }
  return undefined;
}
