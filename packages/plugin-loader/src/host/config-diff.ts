import { isDeepStrictEqual } from "node:util";
import { type ConfigOp, type ConfigPath, isPlainObject } from "./config-path.js";

function diffInto(base: unknown, next: unknown, path: Array<string | number>, ops: ConfigOp[]): void {
  if (isDeepStrictEqual(base, next)) return;
  if (base === undefined && isPlainObject(next) && Object.keys(next).length > 0 && path.length > 0) {
    // A new object is added key by key, so another process adding keys to the same new object
    // (two installs creating plugins.installs) keeps its keys too.
    diffInto({}, next, path, ops);
    return;
  }
  if (isPlainObject(base) && isPlainObject(next)) {
    for (const key of Object.keys(base)) {
      if (!Object.hasOwn(next, key)) ops.push({ op: "unset", path: [...path, key] });
    }
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined) {
        if (Object.hasOwn(base, key)) ops.push({ op: "unset", path: [...path, key] });
        continue;
      }
      diffInto(base[key], value, [...path, key], ops);
    }
    return;
  }
  if (Array.isArray(base) && Array.isArray(next) && appendsTo(base, next)) {
    for (let i = base.length; i < next.length; i++)
      ops.push({ op: "set", path: [...path, "-"], value: next[i] });
    return;
  }
  ops.push({ op: "set", path, value: next });
}

/** True when `next` is `base` with elements appended. */
function appendsTo(base: unknown[], next: unknown[]): boolean {
  return next.length > base.length && base.every((value, i) => isDeepStrictEqual(value, next[i]));
}

/**
 * The ops that turn `base` into `next`, as small as the shapes allow: objects are compared key by
 * key (a removed key is an `unset`; a new object is set key by key), an array that only grew becomes appends (path ending in `-`,
 * so two processes appending to the same list both keep their element), any other change of an
 * array or scalar is a `set` of the whole value. Applying the ops to a config that changed since
 * `base` keeps those other changes (a three-way merge).
 */
export function diffConfig(base: unknown, next: unknown): ConfigOp[] {
  const ops: ConfigOp[] = [];
  diffInto(base, next, [], ops);
  return ops;
}

/** True when the op appends to an array (its last path segment is `-`). */
export function isAppend(path: ConfigPath): boolean {
  return path[path.length - 1] === "-";
}
