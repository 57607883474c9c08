/** Pure validation rules for registrations; each returns an error message or `undefined`. */

/** Auto-reply command names core keeps for itself. */
export const RESERVED_COMMAND_NAMES: ReadonlySet<string> = new Set([
  "help",
  "commands",
  "status",
  "whoami",
  "context",
  "btw",
  "stop",
  "restart",
  "reset",
  "new",
  "compact",
  "config",
  "debug",
  "allowlist",
  "activation",
  "skill",
  "subagents",
  "kill",
  "steer",
  "tell",
  "model",
  "models",
  "queue",
  "send",
  "bash",
  "exec",
  "think",
  "verbose",
  "reasoning",
  "elevated",
  "usage",
]);

const COMMAND_NAME = /^[a-z][a-z0-9_-]*$/;
const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/** Checks an auto-reply command name (already trimmed and lower-cased). */
export function commandNameProblem(name: string): string | undefined {
  if (!COMMAND_NAME.test(name)) {
    return `command name "${name}" must start with a letter and contain only letters, digits, "-" and "_"`;
  }
  if (RESERVED_COMMAND_NAMES.has(name)) return `command name "${name}" is reserved by core`;
  return undefined;
}

/** True for `snake_case` tool names. */
export function isSnakeCase(name: string): boolean {
  return SNAKE_CASE.test(name);
}

/** Normalises an HTTP route path: trimmed, leading `/`, no trailing `/` (except the root). */
export function normalizeRoutePath(path: string): string {
  let out = path.trim();
  if (out === "") return "";
  if (!out.startsWith("/")) out = `/${out}`;
  while (out.length > 1 && out.endsWith("/")) out = out.slice(0, -1);
  return out;
}

/** True when `path` equals `prefix` or lies under it at a `/` segment boundary. */
export function isUnderPrefix(path: string, prefix: string): boolean {
  if (prefix === "/") return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** True when two routes can both match some request path. */
export function routesOverlap(
  a: { path: string; match: "exact" | "prefix" },
  b: { path: string; match: "exact" | "prefix" },
): boolean {
  const pa = a.path.toLowerCase();
  const pb = b.path.toLowerCase();
  if (a.match === "exact" && b.match === "exact") return pa === pb;
  if (a.match === "prefix" && b.match === "prefix") return isUnderPrefix(pa, pb) || isUnderPrefix(pb, pa);
  const exact = a.match === "exact" ? pa : pb;
  const prefix = a.match === "prefix" ? pa : pb;
  return isUnderPrefix(exact, prefix);
}
