import { randomBytes, timingSafeEqual } from "node:crypto";

function sameText(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(actual, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Per-call media-stream tokens: 128 random bits as 32 lower-case hex digits (hex so that Plivo's
 * alphanumeric-only `extraHeaders` can carry it), issued when the carrier is asked to open a stream and
 * compared in constant time against what the stream's `start` relays.
 */
export class StreamTokens {
  readonly #byCall = new Map<string, string>();

  /** The token for a carrier call id, issued on first use (the same token for a reconnecting stream). */
  issue(providerCallId: string): string {
    let token = this.#byCall.get(providerCallId);
    if (!token) {
      token = randomBytes(16).toString("hex");
      this.#byCall.set(providerCallId, token);
    }
    return token;
  }

  /** Moves a token when the carrier's call id changes (Plivo request UUID → call UUID). */
  rebind(fromProviderCallId: string, toProviderCallId: string): void {
    const token = this.#byCall.get(fromProviderCallId);
    if (!token || fromProviderCallId === toProviderCallId) return;
    this.#byCall.set(toProviderCallId, token);
    this.#byCall.delete(fromProviderCallId);
  }

  /** True when `token` is the one issued for this call (constant-time compare). */
  verify(providerCallId: string, token: string | undefined): boolean {
    const expected = this.#byCall.get(providerCallId);
    return expected !== undefined && typeof token === "string" && sameText(expected, token);
  }

  /**
   * True when `token` was issued to some call not yet revoked (a handshake that names no call, e.g.
   * Telnyx's `x-telnyx-streaming-auth-token`). Compares against every live token in constant time
   * each: O(live calls).
   */
  isIssued(token: string): boolean {
    let found = false;
    for (const expected of this.#byCall.values()) found = sameText(expected, token) || found;
    return found;
  }

  /** Forgets a call's token (call ended). */
  revoke(providerCallId: string): void {
    this.#byCall.delete(providerCallId);
  }
}
