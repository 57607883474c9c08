import type { ProviderPlugin } from "@openclaw/plugin-sdk/core";

/** A provider normalised for the registry, with the warnings normalisation produced. */
export type NormalizedProvider =
  | { ok: true; provider: ProviderPlugin; warnings: string[] }
  | { ok: false; problem: string };

/** Unique, non-blank auth method ids, or the first offending id. */
function authMethodIds(provider: ProviderPlugin): { ids: Set<string> } | { bad: string } {
  const ids = new Set<string>();
  for (const method of Array.isArray(provider.auth) ? provider.auth : []) {
    const methodId = typeof method?.id === "string" ? method.id.trim() : "";
    if (methodId === "" || ids.has(methodId)) return { bad: methodId };
    ids.add(methodId);
  }
  return { ids };
}

/**
 * Normalises a provider registration (`id` already checked): auth method ids must be non-blank and
 * unique; wizard metadata without auth methods is dropped, and a wizard binding naming no auth method
 * loses its `methodId` (the UI then falls back to the provider's methods). Both only warn.
 */
export function normalizeProvider(id: string, provider: ProviderPlugin): NormalizedProvider {
  const methods = authMethodIds(provider);
  if ("bad" in methods)
    return { ok: false, problem: `provider ${id}: blank or duplicate auth method id "${methods.bad}"` };
  const normalized: ProviderPlugin = { ...provider, auth: Array.isArray(provider.auth) ? provider.auth : [] };
  const warnings: string[] = [];
  if (!provider.wizard) return { ok: true, provider: normalized, warnings };
  if (methods.ids.size === 0) {
    warnings.push(`provider ${id}: wizard metadata ignored (no auth methods)`);
    delete normalized.wizard;
    return { ok: true, provider: normalized, warnings };
  }
  const wizard = structuredClone(provider.wizard);
  for (const key of ["onboarding", "modelPicker"] as const) {
    const binding = wizard[key];
    if (binding?.methodId !== undefined && !methods.ids.has(binding.methodId)) {
      warnings.push(
        `provider ${id}: wizard.${key}.methodId "${binding.methodId}" names no auth method; falling back to the provider's auth methods`,
      );
      delete binding.methodId;
    }
  }
  normalized.wizard = wizard;
  return { ok: true, provider: normalized, warnings };
}
