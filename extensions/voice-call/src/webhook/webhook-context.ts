/** An HTTP request as webhook verification sees it. */
export interface WebhookContext {
  /** Lower-cased header names; repeated headers as arrays. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The exact body bytes as received (signatures cover them). */
  rawBody: string;
  /** Path and query as received, e.g. `/voice/webhook?callId=…`. */
  url: string;
  method: string;
  /** Socket address of the peer (never taken from a header). */
  remoteAddress?: string;
}

/** Case-insensitive header lookup; an array yields its first value. */
export function header(ctx: WebhookContext, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Form parameters of an `application/x-www-form-urlencoded` body, in order, duplicates kept. */
export function formParams(rawBody: string): Array<[string, string]> {
  return [...new URLSearchParams(rawBody).entries()];
}
