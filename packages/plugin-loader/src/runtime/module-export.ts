import type { OpenClawPluginDefinition, PluginRegister } from "@openclaw/plugin-sdk/core";

/** A plugin module's export, resolved to its register function and optional definition metadata. */
export interface ResolvedPluginExport {
  register: PluginRegister;
  definition?: OpenClawPluginDefinition;
}

/**
 * Resolves a module export: unwraps `.default` (repeatedly, cycle-safe); a function is the register
 * function; an object is a definition whose `register` (or legacy `activate`) is used. Returns
 * `undefined` for anything else.
 */
export function resolvePluginExport(moduleValue: unknown): ResolvedPluginExport | undefined {
  let value = moduleValue;
  const seen = new Set<unknown>();
  while (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    "default" in (value as object) &&
    !seen.has(value)
  ) {
    seen.add(value);
    const next = (value as { default: unknown }).default;
    if (next === undefined || next === null) break;
    if (typeof value === "function") break;
    value = next;
  }
  if (typeof value === "function") return { register: value as PluginRegister };
  if (typeof value === "object" && value !== null) {
    const definition = value as OpenClawPluginDefinition;
    const register = definition.register ?? definition.activate;
    if (typeof register === "function") return { register: register.bind(definition), definition };
  }
  return undefined;
}
