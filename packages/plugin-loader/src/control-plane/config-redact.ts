import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { type ConfigPath, formatConfigPath, getAtPath, isPlainObject, setOwn } from "../host/config-path.js";
import type { JsonSchema, UiHint } from "./config-schema.js";

/** The string that stands for a secret in `config.get` answers; sent back unchanged it keeps the secret. */
export const REDACTED = "__OPENCLAW_REDACTED__";

/** Key names that hold secrets whatever the schema says (matched on the last path segment). */
const SECRET_KEY = /(token|secret|password|passphrase|api[-_]?key|private[-_]?key|credentials?)$/i;

function hintMatches(pattern: string, path: ConfigPath): boolean {
  const parts = pattern.split(".");
  if (parts.length !== path.length) return false;
  return parts.every((part, i) => part === "*" || part === "[]" || part === String(path[i]));
}

function childSchema(node: JsonSchema, segment: string | number): JsonSchema | undefined {
  const props = node.properties as Record<string, JsonSchema> | undefined;
  if (props && Object.hasOwn(props, String(segment))) return props[String(segment)];
  if (typeof segment === "number" || /^\d+$/.test(String(segment))) {
    if (isPlainObject(node.items)) return node.items as JsonSchema;
  }
  const patterns = node.patternProperties as Record<string, JsonSchema> | undefined;
  for (const [pattern, schema] of Object.entries(patterns ?? {})) {
    try {
      if (new RegExp(pattern, "u").test(String(segment))) return schema;
    } catch {
      // an invalid pattern matches nothing
    }
  }
  return isPlainObject(node.additionalProperties) ? (node.additionalProperties as JsonSchema) : undefined;
}

/** True when a schema node on the way to `path` (or at it) is `writeOnly`. */
function writeOnlyInSchema(schema: JsonSchema, path: ConfigPath): boolean {
  let node: JsonSchema | undefined = schema;
  for (const segment of path) {
    node = node ? childSchema(node, segment) : undefined;
    if (!node) return false;
    if (node.writeOnly === true) return true;
  }
  return false;
}

/**
 * True when the value at `path` is a secret: a `uiHints` entry marks it `sensitive` (the merged
 * `x-uiHints` map of {@link buildConfigSchema}, `*` matching any one segment), its schema node or an
 * enclosing one is `writeOnly`, or, for string values, its key name is a known secret name (token,
 * secret, password, apiKey, privateKey, credentials).
 */
export function isSensitiveConfigPath(schema: JsonSchema, path: ConfigPath, value: unknown): boolean {
  const hints = (schema["x-uiHints"] ?? {}) as Record<string, UiHint>;
  for (const [pattern, hint] of Object.entries(hints)) {
    if (hint?.sensitive === true && hintMatches(pattern, path)) return true;
  }
  if (writeOnlyInSchema(schema, path)) return true;
  const last = path[path.length - 1];
  return typeof value === "string" && typeof last === "string" && SECRET_KEY.test(last);
}

function redactInto(value: unknown, path: Array<string | number>, schema: JsonSchema): unknown {
  if (path.length > 0 && value !== "" && value !== null && isSensitiveConfigPath(schema, path, value)) {
    return REDACTED;
  }
  if (Array.isArray(value)) return value.map((item, i) => redactInto(item, [...path, i], schema));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value))
    setOwn(out, key, redactInto(child, [...path, key], schema));
  return out;
}

/**
 * A copy of `config` with every secret (see {@link isSensitiveConfigPath}) replaced by
 * {@link REDACTED}; empty strings and `null` are left as they are (they hide nothing).
 */
export function redactConfig<T>(config: T, schema: JsonSchema): T {
  return redactInto(config, [], schema) as T;
}

/**
 * Replaces every {@link REDACTED} inside `value` (to be written at `path`) with the secret currently
 * stored at the same place in `current`, so a client that never saw a secret sends it back
 * unchanged. Returns the value to write.
 * @throws {@link OpenClawError} `CONFIG_INVALID` when a placeholder stands where no value is stored.
 */
export function restoreRedacted(value: unknown, path: ConfigPath, current: unknown): unknown {
  if (value === REDACTED) {
    const stored = getAtPath(current, path);
    if (stored === undefined) {
      const at = formatConfigPath(path);
      throw new OpenClawError(
        "CONFIG_INVALID",
        `${at}: "${REDACTED}" stands for a stored secret, but none is stored`,
        {
          hint: "Send the new value itself; the placeholder only keeps a value that exists.",
          details: { issues: [{ path: at, message: "no stored secret to keep; give a value" }] },
        },
      );
    }
    return stored;
  }
  if (Array.isArray(value)) return value.map((item, i) => restoreRedacted(item, [...path, i], current));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    setOwn(out, key, restoreRedacted(child, [...path, key], current));
  }
  return out;
}
