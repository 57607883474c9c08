import { isIP } from "node:net";
import { header, parseRequestTarget, type WebhookContext } from "../verification/webhook-request.js";

/** `webhookSecurity` of the plugin config. */
export interface WebhookSecurity {
  /** Hosts accepted from forwarding headers. */
  allowedHosts?: string[];
  /** Trust forwarding headers without an allowlist (still only from trusted proxies). */
  trustForwardingHeaders?: boolean;
  /** Peers whose forwarding headers are trusted; empty means any peer. */
  trustedProxyIPs?: string[];
}

const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Normalises an IP address: lower case, IPv4-mapped IPv6 (`::ffff:1.2.3.4`) to plain IPv4. */
export function normalizeIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const lower = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? mapped[1] : lower;
}

/** The hostname of a Host-style value (`host[:port]`, `[v6]:port`), lower-cased, or undefined if invalid. */
export function extractHostname(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const first = (value.split(",")[0] ?? "").trim().toLowerCase();
  if (first === "" || first.includes("@") || first.includes("/")) return undefined;
  const v6 = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(first);
  if (v6) return isIP(v6[1] as string) === 6 ? (v6[1] as string) : undefined;
  const host = first.replace(/:\d+$/, "");
  if (isIP(host) === 4) return host;
  return HOSTNAME.test(host) ? host : undefined;
}

/** True when forwarding headers of this request may be believed. */
export function trustsForwarding(ctx: WebhookContext, security: WebhookSecurity): boolean {
  const wants = (security.allowedHosts?.length ?? 0) > 0 || security.trustForwardingHeaders === true;
  if (!wants) return false;
  const proxies = (security.trustedProxyIPs ?? []).map((ip) => normalizeIp(ip));
  if (proxies.length === 0) return true;
  const remote = normalizeIp(ctx.remoteAddress);
  return remote !== undefined && proxies.includes(remote);
}

/**
 * Rebuilds the public URL a carrier called, for signature checks behind a proxy or tunnel. Forwarding
 * headers (`X-Forwarded-Proto`, then `X-Forwarded-Host`, `X-Original-Host`, `Ngrok-Forwarded-Host`)
 * count only from trusted proxies and, with `allowedHosts`, only for listed hosts; otherwise the `Host`
 * header is used. Ports are dropped; path and query come from the request. Default scheme: https.
 */
export function reconstructWebhookUrl(ctx: WebhookContext, security: WebhookSecurity = {}): string {
  const trusted = trustsForwarding(ctx, security);
  const proto = header(ctx, "x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme = trusted && (proto === "http" || proto === "https") ? proto : "https";
  const allowed = new Set(
    (security.allowedHosts ?? []).map((h) => extractHostname(h)).filter((h): h is string => !!h),
  );
  let host: string | undefined;
  if (trusted) {
    for (const name of ["x-forwarded-host", "x-original-host", "ngrok-forwarded-host"]) {
      const candidate = extractHostname(header(ctx, name));
      if (candidate && (allowed.size === 0 || allowed.has(candidate))) {
        host = candidate;
        break;
      }
    }
  }
  host ??= extractHostname(header(ctx, "host")) ?? "";
  const path = parseRequestTarget(ctx.url) ?? new URL("http://request-target.invalid/");
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return `${scheme}://${hostPart}${path.pathname}${path.search}`;
}
