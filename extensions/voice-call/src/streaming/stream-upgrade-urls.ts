import type { IncomingMessage } from "node:http";
import { parseRequestTarget, type WebhookContext } from "../verification/webhook-request.js";
import { reconstructWebhookUrl, type WebhookSecurity } from "../webhook/public-url.js";

/** The `https:`/`http:` URL of a request as a WebSocket URL (`wss:`/`ws:`), same host, path and query. */
export function toWebSocketUrl(url: string): string {
  return url.replace(/^https:/i, "wss:").replace(/^http:/i, "ws:");
}

/**
 * The URLs a carrier may have signed for this upgrade, as the webhook check chooses them: with a
 * public URL (`publicUrl` or a tunnel), the stream URL we handed out and the public host with the
 * request's own path; without one, the URL rebuilt from `Host` (or forwarding headers from proxies
 * `webhookSecurity` trusts), scheme `wss:`.
 */
export function streamUpgradeUrls(
  request: IncomingMessage,
  streamUrl: string,
  publicUrl: string | undefined,
  security: WebhookSecurity,
): string[] {
  const target = parseRequestTarget(request.url);
  const pathAndQuery = target ? `${target.pathname}${target.search}` : "";
  if (publicUrl) {
    const base = new URL(streamUrl);
    return [...new Set([streamUrl, `${base.protocol}//${base.host}${pathAndQuery}`])];
  }
  const ctx: WebhookContext = {
    headers: request.headers,
    rawBody: "",
    url: pathAndQuery || "/",
    method: request.method ?? "GET",
    ...(request.socket.remoteAddress ? { remoteAddress: request.socket.remoteAddress } : {}),
  };
  return [toWebSocketUrl(reconstructWebhookUrl(ctx, security))];
}
