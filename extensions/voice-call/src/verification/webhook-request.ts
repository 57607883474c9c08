/** An HTTP request as webhook verification sees it. */
export interface WebhookContext {
  /** Lower-cased header names; repeated headers as arrays. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as received, decoded as UTF-8 (signatures are checked over exactly this text). */
  rawBody: string;
  /** Path and query as received, e.g. `/voice/webhook?callId=…`. */
  url: string;
  method: string;
  /** Socket address of the peer (never taken from a header). */
  remoteAddress?: string;
}

/** Case-insensitive header lookup; an array yields its first value. */
export function header(ctx: Pick<WebhookContext, "headers">, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Form parameters of an `application/x-www-form-urlencoded` body, in order, duplicates kept. */
export function formParams(rawBody: string): Array<[string, string]> {
  return [...new URLSearchParams(rawBody).entries()];
}

/** Compares strings by UTF-16 code units (JavaScript's default sort order, which the carriers' SDKs use). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Groups parameters by name: names sorted, each name's values sorted (UTF-16 code-unit order, as
 * the carriers' SDKs sort). `distinct` drops repeated equal values (Twilio's SDK signs each distinct
 * value once). O(n log n) in the number of pairs: values are pushed, never copied.
 */
export function groupParams(
  params: ReadonlyArray<readonly [string, string]>,
  options: { distinct?: boolean } = {},
): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of params) {
    const values = groups.get(name);
    if (values) values.push(value);
    else groups.set(name, [value]);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => byCodeUnits(a, b));
  for (const entry of sorted) {
    const values = options.distinct ? [...new Set(entry[1])] : entry[1];
    entry[1] = values.sort(byCodeUnits);
  }
  return sorted;
}

const TARGET_BASE = "http://request-target.invalid";

/**
 * Parses an HTTP request target: origin form (`/path?query`, where a leading `//` is path, not an
 * authority) or absolute form. Undefined when the URL parser rejects it (e.g. `http://[/`).
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (!target) return undefined;
  try {
    return new URL(target.startsWith("/") ? `${TARGET_BASE}${target}` : target);
  } catch {
    return undefined;
  }
}
