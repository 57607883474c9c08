import { type ConfigPath, isRecord, type JsonSchema, type UiHint } from "./schema.js";

/** `x-uiHints` of a `config.schema` answer: hints keyed by dotted path, `*` matching one segment. */
export type HintMap = Record<string, UiHint>;

function matches(pattern: string[], path: ConfigPath): boolean {
  return (
    pattern.length === path.length && pattern.every((segment, i) => segment === "*" || segment === path[i])
  );
}

/**
 * The hint for `path`: an exact key of `hints` first, else the first wildcard key (`a.*.b`) that
 * matches, merged over the schema node's own `x-ui` annotation.
 */
export function hintForPath(hints: HintMap, path: ConfigPath, node?: JsonSchema): UiHint {
  const own = isRecord(node?.["x-ui"]) ? (node["x-ui"] as UiHint) : {};
  const exact = hints[path.join(".")];
  if (exact) return { ...own, ...exact };
  for (const [key, hint] of Object.entries(hints)) {
    if (key.includes("*") && matches(key.split("."), path)) return { ...own, ...hint };
  }
  return own;
}

/**
 * A readable label for a field without a hint label: the schema `title`, else the key split at
 * camelCase humps (`maxConcurrentCalls` → "Max concurrent calls").
 */
export function fallbackLabel(key: string, node: JsonSchema): string {
  if (typeof node.title === "string" && node.title !== "") return node.title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
