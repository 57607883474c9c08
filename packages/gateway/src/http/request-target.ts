/**
 * The path of a request target (`/a/b?c` → `/a/b`), or `undefined` when the WHATWG URL parser rejects
 * it (e.g. `//`, `http://[`), so callers answer 400 instead of throwing from a socket callback.
 */
export function requestPathname(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? "/", "http://gateway").pathname;
  } catch {
    return undefined;
  }
}
