import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * The credential of an `Authorization: Bearer <token>` header (RFC 6750 §2.1): the scheme matched
 * case-insensitively, one or more spaces or tabs, then one run of visible ASCII characters. Anything
 * else (another scheme, an empty or space-separated credential, a non-string header) is `undefined`.
 */
export function parseBearerToken(header: string | readonly string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  return /^Bearer[ \t]+([!-~]+)$/i.exec(header.trim())?.[1];
}

/** The `Authorization` header value that carries `token`. */
export function bearerHeader(token: string): string {
  return `Bearer ${token}`;
}

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/**
 * True when `given` equals `expected`. Both are hashed to 32 bytes first and compared with
 * `crypto.timingSafeEqual`, so the time taken reveals neither a matching prefix nor the length.
 */
export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** The gateway token check, shared by `POST /rpc`, `/ws` and `auth: "gateway"` plugin routes. */
export interface GatewayAuth {
  /** True when `given` is the gateway token. */
  tokenMatches(given: string | undefined): boolean;
  /** True when the request carries `Authorization: Bearer <gateway token>`. */
  isAuthorized(req: IncomingMessage): boolean;
}

/** Builds the {@link GatewayAuth} for `token`. */
export function createGatewayAuth(token: string): GatewayAuth {
  const tokenMatches = (given: string | undefined): boolean => tokensEqual(token, given);
  return {
    tokenMatches,
    isAuthorized: (req) => tokenMatches(parseBearerToken(req.headers.authorization)),
  };
}
