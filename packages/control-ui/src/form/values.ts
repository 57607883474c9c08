import { type ConfigPath, isRecord } from "./schema.js";

/** The value at `path` inside `root` (undefined when any segment is missing). */
export function getAt(root: unknown, path: ConfigPath): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/**
 * Returns a copy of `root` with `value` at `path` (objects created on the way; `undefined` removes
 * the key, and objects left empty by that are removed too). `root` itself is not changed.
 */
export function setAt(
  root: Record<string, unknown>,
  path: ConfigPath,
  value: unknown,
): Record<string, unknown> {
  if (path.length === 0) return isRecord(value) ? value : {};
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...root };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = isRecord(copy[head]) ? (copy[head] as Record<string, unknown>) : {};
  const next = setAt(child, rest, value);
  if (Object.keys(next).length === 0 && value === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `config.patch` operations: dotted paths to set (with values) and to unset. */
export interface PatchOps {
  set: Array<{ path: string; value: unknown }>;
  unset: string[];
}

/**
 * The `config.patch` operations that turn `base` into `draft` under `prefix`: objects are compared
 * key by key, anything else (arrays included) is set whole; keys only in `base` are unset. A value
 * still equal to the redaction marker is unchanged, so an untouched secret is never sent.
 */
export function diffValues(base: unknown, draft: unknown, prefix: ConfigPath): PatchOps {
  const ops: PatchOps = { set: [], unset: [] };
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (same(a, b)) return;
    if (b === undefined) {
      ops.unset.push(path.join("."));
      return;
    }
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    ops.set.push({ path: path.join("."), value: b });
  };
  walk(base, draft, [...prefix]);
  return ops;
}
