import { isDeepStrictEqual } from "node:util";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { lazy } from "./lazy-modules.js";

/**
 * A path into the config: object keys and array indices, outermost first. A last segment `-` on an
 * array appends (unless an equal element is already there).
 */
export type ConfigPath = ReadonlyArray<string | number>;

/** One change to the config: set a value at a path, or remove the key at a path. */
export type ConfigOp = { op: "set"; path: ConfigPath; value: unknown } | { op: "unset"; path: ConfigPath };

/** Keys that would reach an object's prototype instead of its own properties. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function badPath(raw: string, why: string): OpenClawError {
  return new OpenClawError("CONFIG_PATH_INVALID", `invalid config path "${raw}": ${why}`, {
    hint: 'Use dotted keys, e.g. plugins.entries.voice-call.config.fromNumber; quote a key holding a dot as ["a.b"].',
  });
}

/**
 * Parses a dotted config path (`plugins.entries.voice-call.config.fromNumber`). A key holding a dot
 * is written in brackets and quotes (`plugins.entries["my.plugin"].enabled`). Numeric segments stay
 * strings: whether one is an array index depends on the value it is applied to.
 * @throws {@link OpenClawError} `CONFIG_PATH_INVALID` for an empty path or segment, an unclosed
 * bracket, or a `__proto__`/`constructor`/`prototype` segment.
 */
export function parseConfigPath(raw: string): string[] {
  const segments: string[] = [];
  let i = 0;
  const text = raw.trim();
  if (text === "") throw badPath(raw, "the path is empty");
  while (i < text.length) {
    if (text.startsWith('["', i)) {
      const end = text.indexOf('"]', i + 2);
      if (end < 0) throw badPath(raw, 'unclosed ["…"]');
      segments.push(text.slice(i + 2, end));
      i = end + 2;
    } else {
      let end = i;
      while (end < text.length && text[end] !== "." && !text.startsWith('["', end)) end++;
      segments.push(text.slice(i, end));
      i = end;
    }
    if (text[i] === ".") {
      i++;
      if (i === text.length) throw badPath(raw, "the path ends with a dot");
    }
  }
  for (const segment of segments) {
    if (segment === "") throw badPath(raw, "a segment is empty");
    if (FORBIDDEN_KEYS.has(segment)) throw badPath(raw, `"${segment}" is not an allowed key`);
  }
  return segments;
}

/** Formats a path as dotted text, bracketing keys that hold a dot (inverse of {@link parseConfigPath}). */
export function formatConfigPath(path: ConfigPath): string {
  return path
    .map((segment, index) => {
      const text = String(segment);
      if (text.includes(".") || text.includes("[")) return `["${text}"]`;
      return index === 0 ? text : `.${text}`;
    })
    .join("");
}

/** True for a plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Sets an own, enumerable property, also for keys such as `__proto__` that plain assignment would
 * turn into a prototype change.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value at `path` in `root`, or `undefined` when any step is missing. */
export function getAtPath(root: unknown, path: ConfigPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node) && Object.hasOwn(node, segment)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/** The index `segment` names in `array` (an element, or `length` to append; `-` appends), if any. */
function arrayIndex(array: unknown[], segment: string | number): number | undefined {
  if (segment === "-") return array.length;
  const index = typeof segment === "number" ? segment : /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
  return index >= 0 && index <= array.length ? index : undefined;
}

/**
 * Rewrites `op` against `root` so that its parent container exists: a `set` below a missing or
 * scalar parent becomes a `set` of a nested object at the deepest existing container; an `unset`
 * below a missing parent becomes `undefined` (nothing to do). Array steps are numeric indices.
 * @throws {@link OpenClawError} `CONFIG_PATH_INVALID` when a step indexes an array with a key that
 * is not an index within (or just past) it.
 */
export function resolveConfigOp(root: Record<string, unknown>, op: ConfigOp): ConfigOp | undefined {
  const path: Array<string | number> = [];
  let node: unknown = root;
  for (const [i, segment] of op.path.entries()) {
    if (Array.isArray(node)) {
      const index = arrayIndex(node, segment);
      if (index === undefined) {
        throw badPath(
          formatConfigPath(op.path),
          `${formatConfigPath(path) || "the root"} is an array; "${segment}" is not an index of it`,
        );
      }
      path.push(index);
    } else path.push(String(segment));
    if (i === op.path.length - 1) {
      // An append of a value the list already holds is done already (lists here are sets of ids and paths).
      if (
        segment === "-" &&
        op.op === "set" &&
        (node as unknown[]).some((v) => isDeepStrictEqual(v, op.value))
      )
        return undefined;
      return { ...op, path };
    }
    const next = getAtPath(node, [path[path.length - 1] as string | number]);
    if (isPlainObject(next) || Array.isArray(next)) {
      node = next;
      continue;
    }
    if (op.op === "unset") return undefined;
    let value: unknown = op.value;
    for (const key of [...op.path.slice(i + 1)].reverse()) value = { [String(key)]: value };
    return { op: "set", path, value };
  }
  return undefined;
}

/**
 * Applies one op to `root` in place (see {@link resolveConfigOp} for missing parents). `unset` of a
 * missing key does nothing; on an array it removes the element.
 * @throws {@link OpenClawError} `CONFIG_PATH_INVALID` (see {@link resolveConfigOp}).
 */
export function applyConfigOp(root: Record<string, unknown>, op: ConfigOp): void {
  const resolved = resolveConfigOp(root, op);
  if (!resolved) return;
  const parent = getAtPath(root, resolved.path.slice(0, -1)) as Record<string, unknown> | unknown[];
  const last = resolved.path[resolved.path.length - 1] as string | number;
  if (Array.isArray(parent)) {
    const index = last as number;
    if (resolved.op === "set") parent[index] = structuredClone(resolved.value);
    else if (index < parent.length) parent.splice(index, 1);
  } else if (resolved.op === "set") setOwn(parent, String(last), structuredClone(resolved.value));
  else delete parent[String(last)];
}

/** Applies `ops` in order to a copy of `config`. */
export function applyConfigOps<T extends Record<string, unknown>>(config: T, ops: readonly ConfigOp[]): T {
  const next = structuredClone(config);
  for (const op of ops) applyConfigOp(next, op);
  return next;
}

/**
 * A value typed on a command line (`openclaw config set <path> <value>`): JSON5 when it parses as
 * JSON5 (`true`, `3`, `[1,2]`, `{a:1}`, `"quoted"`), else the text itself as a string.
 */
export function parseConfigValue(raw: string): unknown {
  try {
    return lazy.json5().parse(raw);
  } catch {
    return raw;
  }
}
