import type { IncomingMessage } from "node:http";
import { TELNYX_AUTH_HEADER } from "../media/carriers/telnyx-codec.js";
import { decodeSignature } from "./signatures.js";
import { header } from "./webhook-request.js";

/** Outcome of a carrier's handshake check on a media-stream WebSocket upgrade. */
export type UpgradeVerdict = { ok: true; verifiedUrl?: string } | { ok: false; reason: string };

/** What a provider may use to authenticate a media-stream upgrade (see `VoiceCallProvider.verifyStreamUpgrade`). */
export interface StreamUpgradeContext {
  /**
   * URLs the carrier may have signed, most likely first: the `wss://` stream URL we gave it, the
   * public host with the request's path, or (without `publicUrl`) the URL rebuilt from the request's
   * `Host` / trusted forwarding headers. Port variants are added by the verifier.
   */
  readonly urls: readonly string[];
  /** Port of `publicUrl`, if it names one (tried as a variant, as for webhooks). */
  readonly publicPort?: string | undefined;
  /** True when `token` is a stream token issued to a call that has not ended (constant-time compare). */
  isIssuedToken(token: string): boolean;
}

/** `url` with its port replaced (`port` undefined: removed), by text, so `wss://h:443/` keeps its explicit port. */
function withPortText(url: string, port: string | undefined): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(\[[^\]]*\]|[^/?#:]*)(?::\d*)?([/?#].*)?$/i.exec(url);
  if (!match) return undefined;
  return `${match[1]}${match[2]}${port ? `:${port}` : ""}${match[3] ?? ""}`;
}

/**
 * Port spellings of each URL, as the webhook check tries them: as given, without a port, with the
 * public URL's port, with the `Host` header's port, and `:443` for `wss:` (the SDK's own retry adds
 * `:80` to any non-`https` scheme).
 */
export function portVariants(urls: readonly string[], publicPort?: string, hostPort?: string): string[] {
  const out: string[] = [];
  for (const url of urls) {
    const ports = [publicPort, hostPort, /^wss:/i.test(url) ? "443" : undefined];
    out.push(url);
    for (const port of [undefined, ...ports.filter((p): p is string => !!p)]) {
      const variant = withPortText(url, port);
      if (variant) out.push(variant);
    }
  }
  return [...new Set(out)];
}

/** The official SDK's `validateRequest(authToken, signature, url, params)` (twilio `webhooks`). */
export type TwilioValidateRequest = (
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, unknown>,
) => boolean;

/**
 * Twilio's `X-Twilio-Signature` on a Media Streams WebSocket upgrade: Twilio asks stream servers to
 * validate it (twilio.com/docs/global-infrastructure/firewall-configurations/media-streams-configuration,
 * "validate the X-Twilio-Signature header"); it is the usual HMAC-SHA1 of the URL (here the `wss://`
 * URL of `<Stream url>`, which carries no query: Twilio strips query strings) with no POST parameters
 * (twilio-labs/twilio-aspnet#162: `wss`, not `https`). Checked with the SDK's `validateRequest` over
 * each candidate URL and its port variants; a header that is not base64 of 20 bytes is refused first.
 */
export function verifyTwilioStreamUpgrade(
  request: IncomingMessage,
  authToken: string,
  context: StreamUpgradeContext,
  validateRequest: TwilioValidateRequest,
): UpgradeVerdict {
  const ctx = { headers: request.headers };
  const signature = header(ctx, "x-twilio-signature");
  if (!signature) return { ok: false, reason: "missing X-Twilio-Signature on the stream upgrade" };
  if (!decodeSignature(signature, 20))
    return { ok: false, reason: "malformed X-Twilio-Signature on the stream upgrade" };
  const hostPort = /:(\d+)$/.exec(header(ctx, "host") ?? "")?.[1];
  for (const url of portVariants(context.urls, context.publicPort, hostPort)) {
    if (validateRequest(authToken, signature, url, {})) return { ok: true, verifiedUrl: url };
  }
  const shown = (context.urls[0] ?? "").replace(/\?.*$/, "?…");
  return { ok: false, reason: `X-Twilio-Signature of the stream upgrade does not match ${shown}` };
}

/**
 * Telnyx sends the `stream_auth_token` of `streaming_start` as the `x-telnyx-streaming-auth-token`
 * header of the WebSocket handshake; we set it to the call's stream token, so an upgrade without it,
 * or with a token issued to no live call, is refused. The `start` frame then binds it to its call.
 */
export function verifyTelnyxStreamUpgrade(
  request: IncomingMessage,
  context: StreamUpgradeContext,
): UpgradeVerdict {
  const token = header({ headers: request.headers }, TELNYX_AUTH_HEADER);
  if (!token) return { ok: false, reason: `missing ${TELNYX_AUTH_HEADER} on the stream upgrade` };
  if (!context.isIssuedToken(token))
    return { ok: false, reason: `${TELNYX_AUTH_HEADER} is not the token of a live call` };
  return { ok: true };
}
