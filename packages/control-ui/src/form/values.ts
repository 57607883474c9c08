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
 * Returns a copy of `root` with `value` at `path` (objects created on the way; a numeric segment
 * inside an array sets that element). `undefined` removes the key or array element, and objects left
 * empty by that are removed too. `root` itself is not changed.
 */
export function setAt(
  root: Record<string, unknown>,
  path: ConfigPath,
  value: unknown,
): Record<string, unknown> {
  if (path.length === 0) return isRecord(value) ? value : {};
  return setIn(root, path, value) as Record<string, unknown>;
}

function setIn(node: unknown, path: ConfigPath, value: unknown): unknown {
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(node) && /^\d+$/.test(head)) {
    const copy = [...node];
    const index = Number(head);
    const next = rest.length === 0 ? value : setIn(copy[index], rest, value);
    if (next === undefined) copy.splice(index, 1);
    else copy[index] = next;
    return copy;
  }
  const copy: Record<string, unknown> = isRecord(node) ? { ...node } : {};
  const next = rest.length === 0 ? value : setIn(copy[head], rest, value);
  const emptied = rest.length > 0 && value === undefined && isRecord(next) && Object.keys(next).length === 0;
  if (next === undefined || emptied) delete copy[head];
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
