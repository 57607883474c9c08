import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ControlUiAssets, ControlUiFile } from "./control-ui-assets.js";

/**
 * Content Security Policy of the Control UI: only its own scripts, styles and WebSocket; no inline
 * script, no `eval` (the page validates with a validator that needs none), no framing.
 */
export const CONTROL_UI_CSP: string =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  file: ControlUiFile,
  cacheControl: string,
): FastifyReply {
  reply
    .header("content-type", file.contentType)
    .header("cache-control", cacheControl)
    .header("etag", file.etag)
    .header("vary", "accept-encoding")
    .header("x-content-type-options", "nosniff");
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  if (gzip) reply.header("content-encoding", "gzip");
  return reply.send(gzip ? file.gzip : file.body);
}

/** A browser navigating asks for HTML by name; API clients (any type, JSON) keep getting a 404. */
function wantsHtml(request: FastifyRequest): boolean {
  return String(request.headers.accept ?? "").includes("text/html");
}

/**
 * Serves the Control UI on `app`: hashed assets under `assets.urlPrefix` with
 * `cache-control: public, max-age=31536000, immutable`, and `index.html` (`no-cache`, with the CSP)
 * at `/` and as the SPA fallback for any other GET whose `Accept` names `text/html` and that no core
 * route answered. Everything else goes to the app's not-found handler (the gateway's coded 404).
 * Plugin HTTP routes are matched before fastify sees a request, so they win over the fallback.
 */
export function serveControlUi(app: FastifyInstance, assets: ControlUiAssets): void {
  const index = (request: FastifyRequest, reply: FastifyReply) => {
    reply
      .header("content-security-policy", CONTROL_UI_CSP)
      .header("referrer-policy", "no-referrer")
      .header("x-frame-options", "DENY");
    return send(request, reply, assets.index, "no-cache");
  };
  app.get("/", index);
  app.get(`${assets.urlPrefix}*`, (request, reply) => {
    const file = assets.assets.get(new URL(request.url, "http://gateway").pathname);
    if (!file) return reply.callNotFound();
    return send(request, reply, file, "public, max-age=31536000, immutable");
  });
  // Static routes (/health, …) win over this wildcard in fastify's router.
  app.get("/*", (request, reply) => (wantsHtml(request) ? index(request, reply) : reply.callNotFound()));
}
