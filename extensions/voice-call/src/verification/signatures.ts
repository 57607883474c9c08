import {
  createHash,
  createHmac,
  createPublicKey,
  type KeyObject,
  timingSafeEqual,
  verify,
} from "node:crypto";
import { formParams, groupParams, header, type WebhookContext } from "./webhook-request.js";

/**
 * Result of a signature check. On success `key` identifies the verified content for replay
 * detection: it is a hash of the exact bytes the signature covers (canonical URL and parameters, or
 * the raw body), so two requests that verify against the same signed content share one key however
 * they were re-encoded (an appended empty form pair, reordered query, unpadded base64 signature).
 */
export type VerifyResult =
  | { ok: true; key: string; verificationUrl?: string }
  | { ok: false; reason: string };

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decodes a base64 or base64url signature (padding optional) to exactly `bytes` bytes, or undefined
 * when it is not one: other characters, another length, or non-zero unused trailing bits (a second
 * spelling of the same bytes). Linear in the input.
 */
export function decodeSignature(value: string, bytes: number): Buffer | undefined {
  const text = value.trim();
  if (text.length > 4 * Math.ceil(bytes / 3) || !BASE64_TEXT.test(text)) return undefined;
  const normalized = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  const decoded = Buffer.from(normalized, "base64");
  if (decoded.length !== bytes) return undefined;
  return decoded.toString("base64").replace(/=+$/, "") === normalized ? decoded : undefined;
}

function sameBytes(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function withPort(url: string, port: string | undefined): string | undefined {
  try {
    const u = new URL(url);
    if ((port ?? "") === u.port) return undefined;
    u.port = port ?? "";
    return u.toString();
  } catch {
    return undefined;
  }
}

/** Twilio's signed parameter string: names sorted, each distinct value once, sorted, as name+value. */
function twilioParamData(rawBody: string): string {
  return groupParams(formParams(rawBody), { distinct: true })
    .map(([name, values]) => values.map((value) => name + value).join(""))
    .join("");
}

/**
 * Twilio `X-Twilio-Signature`: base64 HMAC-SHA1 (20 bytes), keyed with the auth token, of the full URL
 * followed by every POST parameter sorted by name and appended as name+value (Twilio, "Webhooks
 * security": twilio.com/docs/usage/webhooks/webhooks-security; the official SDK's
 * `getExpectedTwilioSignature` also signs each distinct value once, values sorted). Because proxies
 * add or drop ports, the URL is also tried without a port, with the public URL's port and with the
 * `Host` header's port. A header that is not a 20-byte base64 value is refused before the body is
 * parsed. Comparison is timing-safe. Replay key: sha256 of the signed string.
 */
export function verifyTwilio(
  ctx: WebhookContext,
  authToken: string,
  url: string,
  publicUrl?: string,
): VerifyResult {
  const signatureHeader = header(ctx, "x-twilio-signature");
  if (!signatureHeader) return { ok: false, reason: "Missing X-Twilio-Signature header" };
  const signature = decodeSignature(signatureHeader, 20);
  if (!signature) return { ok: false, reason: "Malformed X-Twilio-Signature header" };
  const data = twilioParamData(ctx.rawBody);
  const hostPort = /:(\d+)$/.exec(header(ctx, "host") ?? "")?.[1];
  let publicPort: string | undefined;
  try {
    publicPort = publicUrl ? new URL(publicUrl).port || undefined : undefined;
  } catch {
    publicPort = undefined;
  }
  const candidates = [
    url,
    withPort(url, undefined),
    publicUrl ? withPort(url, publicPort) : undefined,
    withPort(url, hostPort),
  ];
  for (const candidate of new Set(candidates.filter((c): c is string => !!c))) {
    const signed = candidate + data;
    if (sameBytes(createHmac("sha1", authToken).update(signed).digest(), signature))
      return { ok: true, key: `twilio:${sha256(signed)}`, verificationUrl: candidate };
  }
  return { ok: false, reason: `Invalid signature for URL: ${url.replace(/\?.*$/, "?…")}` };
}

/** Tolerated clock difference for Telnyx timestamps, in ms (Telnyx recommends 5 minutes). */
export const TELNYX_TOLERANCE_MS: number = 5 * 60_000;

const telnyxKeys = new Map<string, KeyObject>();

function telnyxKey(publicKey: string): KeyObject {
  const cached = telnyxKeys.get(publicKey);
  if (cached) return cached;
  const trimmed = publicKey.trim();
  let key: KeyObject;
  if (trimmed.startsWith("-----BEGIN")) key = createPublicKey(trimmed);
  else {
    const raw = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    // A raw Ed25519 key is wrapped in the SubjectPublicKeyInfo DER prefix for OID 1.3.101.112.
    const der =
      raw.length === 32 ? Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]) : raw;
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  }
  if (telnyxKeys.size > 16) telnyxKeys.clear();
  telnyxKeys.set(publicKey, key);
  return key;
}

/**
 * Telnyx webhooks: Ed25519 signature (`telnyx-signature-ed25519`, 64 bytes, base64 or base64url) over
 * `<telnyx-timestamp>|<raw body>`, with the timestamp (Unix seconds) within 5 minutes of now (Telnyx,
 * "Webhook signing", developers.telnyx.com). Fails closed without a public key; malformed headers are
 * refused before any cryptography. Replay key: sha256 of the signed message (Ed25519 signatures are
 * deterministic, so the message identifies the verified content).
 */
export function verifyTelnyx(
  ctx: WebhookContext,
  publicKey: string | undefined,
  now: number = Date.now(),
): VerifyResult {
  if (!publicKey) return { ok: false, reason: "Missing telnyx.publicKey (configure it to verify webhooks)" };
  const signatureHeader = header(ctx, "telnyx-signature-ed25519");
  const timestamp = header(ctx, "telnyx-timestamp");
  if (!signatureHeader || !timestamp) return { ok: false, reason: "Missing signature or timestamp header" };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: "Invalid timestamp header" };
  const signature = decodeSignature(signatureHeader, 64);
  if (!signature) return { ok: false, reason: "Invalid signature" };
  const message = Buffer.from(`${timestamp}|${ctx.rawBody}`);
  try {
    if (!verify(null, message, telnyxKey(publicKey), signature))
      return { ok: false, reason: "Invalid signature" };
  } catch (error) {
    return { ok: false, reason: `Verification error: ${(error as Error).message}` };
  }
  if (Math.abs(now - Number(timestamp) * 1000) > TELNYX_TOLERANCE_MS)
    return { ok: false, reason: "Timestamp too old" };
  return { ok: true, key: `telnyx:${sha256(message)}` };
}

/** Longest Plivo nonce accepted, in characters (Plivo sends 20 digits). */
const MAX_PLIVO_NONCE = 256;
/** Most comma-separated signatures looked at in one Plivo header. */
const MAX_PLIVO_SIGNATURES = 8;

/** Plivo V3's signed string without the nonce: `scheme://host/path`, sorted query, sorted POST pairs. */
function plivoSignedUrl(method: string, url: string, rawBody: string): string {
  const u = new URL(url);
  const query = groupParams([...u.searchParams.entries()])
    .flatMap(([name, values]) => values.map((value) => `${name}=${value}`))
    .join("&");
  const post = method === "POST" ? groupParams(formParams(rawBody)) : [];
  let data = `${u.protocol}//${u.host}${u.pathname}`;
  if (query !== "" || post.length > 0) data += `?${query}`;
  if (query !== "" && post.length > 0) data += ".";
  return data + post.flatMap(([name, values]) => values.map((value) => name + value)).join("");
}

/**
 * Plivo `X-Plivo-Signature-V3` with `X-Plivo-Signature-V3-Nonce` (Plivo, "Validating requests",
 * plivo.com/docs/voice/concepts/signature-validation; same construction as the official SDK's
 * `validateV3Signature`): base64 HMAC-SHA256 (32 bytes), keyed with the auth token, of
 * `<url part>.<nonce>` where the URL part is `scheme://host/path`, then `?` and the query sorted by
 * key (`k=v` joined with `&`) when there is a query or POST data, a `.` when both exist, and for POST
 * the form parameters sorted by key as `kv` concatenated. The header may carry several
 * comma-separated signatures (at most 8 are looked at); any match passes (timing-safe). Headers
 * without one well-formed signature are refused before the body is parsed; canonicalisation is
 * O(n log n) in the number of parameters. V2 is not accepted: it does not sign the body.
 * Replay key: sha256 of the signed string (URL part, nonce).
 */
export function verifyPlivoV3(ctx: WebhookContext, authToken: string, url: string): VerifyResult {
  const signatures = header(ctx, "x-plivo-signature-v3");
  const nonce = header(ctx, "x-plivo-signature-v3-nonce");
  if (!signatures || !nonce) return { ok: false, reason: "Missing Plivo V3 signature headers" };
  const method = ctx.method.toUpperCase();
  if (method !== "GET" && method !== "POST")
    return { ok: false, reason: `Unsupported HTTP method for Plivo V3 signature: ${method}` };
  const candidates = signatures
    .split(",", MAX_PLIVO_SIGNATURES)
    .map((candidate) => decodeSignature(candidate, 32))
    .filter((candidate): candidate is Buffer => candidate !== undefined);
  if (candidates.length === 0 || nonce.length > MAX_PLIVO_NONCE)
    return { ok: false, reason: "Malformed Plivo V3 signature headers" };
  let signed: string;
  try {
    signed = `${plivoSignedUrl(method, url, ctx.rawBody)}.${nonce}`;
  } catch {
    return { ok: false, reason: "Invalid Plivo V3 signature" };
  }
  const expected = createHmac("sha256", authToken).update(signed).digest();
  if (candidates.some((candidate) => sameBytes(expected, candidate)))
    return { ok: true, key: `plivo:${sha256(signed)}` };
  return { ok: false, reason: "Invalid Plivo V3 signature" };
}
