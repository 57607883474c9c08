/**
 * Prototype-safe access to plain-object maps keyed by plugin ids (config `plugins.entries`,
 * `plugins.installs`). A plugin id is untrusted text: `__proto__`, `constructor` or `toString` must
 * read and write an own property, never the prototype chain.
 */

/** The own property `key` of `object`, or `undefined` (never an inherited value). */
export function ownValue<T>(object: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  if (object === undefined || object === null) return undefined;
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets own property `key` of `object` (defineProperty, so `__proto__` is a plain key). */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
