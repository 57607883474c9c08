import {
  createHash,
  createHmac,
  createPublicKey,
  type KeyObject,
  timingSafeEqual,
  verify,
} from "node:crypto";
import { formParams, header, type WebhookContext } from "./webhook-context.js";

/** Result of a signature check: a stable replay key on success, the reason on failure. */
export type VerifyResult =
  | { ok: true; key: string; verificationUrl?: string }
  | { ok: false; reason: string };

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function canonicalBase64(value: string): string {
  return Buffer.from(value.trim().replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("base64");
}

function withPort(url: string, port: string | undefined): string | undefined {
  const u = new URL(url);
  if ((port ?? "") === u.port) return undefined;
  u.port = port ?? "";
  return u.toString();
}

/**
 * Twilio `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, of the full URL followed by
 * every POST parameter sorted by name and appended as name+value (Twilio, "Webhooks security":
 * twilio.com/docs/usage/webhooks/webhooks-security). Because proxies add or drop ports, the URL is also
 * tried without a port, with the public URL's port and with the `Host` header's port. Comparison is
 * timing-safe. Replay key: sha256 of URL, sorted params and signature.
 */
export function verifyTwilio(
  ctx: WebhookContext,
  authToken: string,
  url: string,
  publicUrl?: string,
): VerifyResult {
  const signature = header(ctx, "x-twilio-signature");
  if (!signature) return { ok: false, reason: "Missing X-Twilio-Signature header" };
  const params = formParams(ctx.rawBody).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = params.map(([k, v]) => k + v).join("");
  const hostPort = /:(\d+)$/.exec(header(ctx, "host") ?? "")?.[1];
  const candidates = [
    url,
    withPort(url, undefined),
    publicUrl ? withPort(url, new URL(publicUrl).port || undefined) : undefined,
    withPort(url, hostPort),
  ];
  for (const candidate of new Set(candidates.filter((c): c is string => !!c))) {
    const expected = createHmac("sha1", authToken)
      .update(candidate + data)
      .digest("base64");
    if (safeEqual(expected, signature)) {
      const key = `twilio:${sha256(`${candidate}\n${params.map(([k, v]) => `${k}=${v}`).join("&")}\n${signature}`)}`;
      return { ok: true, key, verificationUrl: candidate };
    }
  }
  return { ok: false, reason: `Invalid signature for URL: ${url.replace(/\?.*$/, "?…")}` };
}

/** Tolerated clock difference for Telnyx timestamps, in ms (Telnyx recommends 5 minutes). */
export const TELNYX_TOLERANCE_MS: number = 5 * 60_000;

function telnyxKey(publicKey: string): KeyObject {
  const trimmed = publicKey.trim();
  if (trimmed.startsWith("-----BEGIN")) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (raw.length === 32) {
    // A raw Ed25519 key: wrap it in the SubjectPublicKeyInfo DER prefix for OID 1.3.101.112.
    return createPublicKey({
      key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]),
      format: "der",
      type: "spki",
    });
  }
  return createPublicKey({ key: raw, format: "der", type: "spki" });
}

/**
 * Telnyx webhooks: Ed25519 signature (`telnyx-signature-ed25519`, base64) over `<telnyx-timestamp>|<raw
 * body>`, with the timestamp (Unix seconds) within 5 minutes of now (Telnyx, "Webhook signing",
 * developers.telnyx.com). Fails closed without a public key. Replay key: sha256 of timestamp,
 * signature and body.
 */
export function verifyTelnyx(
  ctx: WebhookContext,
  publicKey: string | undefined,
  now: number = Date.now(),
): VerifyResult {
  if (!publicKey) return { ok: false, reason: "Missing telnyx.publicKey (configure it to verify webhooks)" };
  const signature = header(ctx, "telnyx-signature-ed25519");
  const timestamp = header(ctx, "telnyx-timestamp");
  if (!signature || !timestamp) return { ok: false, reason: "Missing signature or timestamp header" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "Invalid timestamp header" };
  try {
    const valid = verify(
      null,
      Buffer.from(`${timestamp}|${ctx.rawBody}`),
      telnyxKey(publicKey),
      Buffer.from(canonicalBase64(signature), "base64"),
    );
    if (!valid) return { ok: false, reason: "Invalid signature" };
  } catch (error) {
    return { ok: false, reason: `Verification error: ${(error as Error).message}` };
  }
  if (Math.abs(now - Number(timestamp) * 1000) > TELNYX_TOLERANCE_MS)
    return { ok: false, reason: "Timestamp too old" };
  return { ok: true, key: `telnyx:${sha256(`${timestamp}\n${signature}\n${ctx.rawBody}`)}` };
}

function sortedPairs(params: Array<[string, string]>): Array<[string, string[]]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of params) map.set(k, [...(map.get(k) ?? []), v]);
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, vs]) => [k, vs.sort()]);
}

/**
 * Plivo `X-Plivo-Signature-V3` with `X-Plivo-Signature-V3-Nonce` (Plivo, "Validating requests",
 * plivo.com/docs/voice/concepts/signature-validation): base64 HMAC-SHA256, keyed with the auth token, of
 * `<url part>.<nonce>` where the URL part is `scheme://host/path`, then `?` and the query sorted by key
 * (`k=v` joined with `&`) when there is a query or POST data, a `.` when both exist, and for POST the
 * form parameters sorted by key as `kv` concatenated. The header may carry several comma-separated
 * signatures; any match passes (timing-safe). V2 is not accepted: it does not sign the body.
 * Replay key: sha256 of URL and nonce.
 */
export function verifyPlivoV3(ctx: WebhookContext, authToken: string, url: string): VerifyResult {
  const signatures = header(ctx, "x-plivo-signature-v3");
  const nonce = header(ctx, "x-plivo-signature-v3-nonce");
  if (!signatures || !nonce) return { ok: false, reason: "Missing Plivo V3 signature headers" };
  const method = ctx.method.toUpperCase();
  if (method !== "GET" && method !== "POST")
    return { ok: false, reason: `Unsupported HTTP method for Plivo V3 signature: ${method}` };
  const u = new URL(url);
  const query = sortedPairs([...u.searchParams.entries()])
    .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
    .join("&");
  const post = method === "POST" ? sortedPairs(formParams(ctx.rawBody)) : [];
  let data = `${u.protocol}//${u.host}${u.pathname}`;
  if (query !== "" || post.length > 0) data += `?${query}`;
  if (query !== "" && post.length > 0) data += ".";
  if (method === "POST") data += post.flatMap(([k, vs]) => vs.map((v) => k + v)).join("");
  const expected = createHmac("sha256", authToken).update(`${data}.${nonce}`).digest("base64");
  for (const candidate of signatures.split(",")) {
    if (safeEqual(canonicalBase64(candidate), expected))
      return { ok: true, key: `plivo:${sha256(`${url}\n${nonce}`)}` };
  }
  return { ok: false, reason: "Invalid Plivo V3 signature" };
}
