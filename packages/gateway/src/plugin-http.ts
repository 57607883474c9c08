import type { IncomingMessage, ServerResponse } from "node:http";
import { type HttpRouteRegistration, isUnderPrefix, type PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { sendErrorResponse } from "./http/error-reply.js";

/** Plugin routes that match `pathname`: exact routes first, then prefixes, longest path first. */
export function matchPluginRoutes(registry: PluginRegistry, pathname: string): HttpRouteRegistration[] {
  const path = pathname.toLowerCase();
  const byLength = (a: HttpRouteRegistration, b: HttpRouteRegistration): number =>
    b.path.length - a.path.length;
  const exact = registry.httpRoutes
    .filter((r) => r.match === "exact" && r.path.toLowerCase() === path)
    .sort(byLength);
  const prefix = registry.httpRoutes
    .filter((r) => r.match === "prefix" && isUnderPrefix(path, r.path.toLowerCase()))
    .sort(byLength);
  return [...exact, ...prefix];
}

/**
 * Serves a request from plugin routes on Node's raw objects (the body stream untouched, so plugins can
 * verify webhook signatures over the raw bytes). `gateway`-auth routes require the gateway token.
 * A handler returning `false` passes to the next match; a throwing handler yields 500
 * `GATEWAY_ROUTE_FAILED` without the cause (logged instead). Unmatched or all-declined requests get
 * 404 `GATEWAY_ROUTE_NOT_FOUND`; every error in the one shape `{ ok: false, error: { code, message, hint? } }`.
 */
export async function servePluginRoutes(options: {
  registry: PluginRegistry;
  routes: HttpRouteRegistration[];
  req: IncomingMessage;
  res: ServerResponse;
  isAuthorized: (req: IncomingMessage) => boolean;
  onError: (route: HttpRouteRegistration, error: unknown) => void;
}): Promise<void> {
  const { req, res } = options;
  for (const route of options.routes) {
    if (route.auth === "gateway" && !options.isAuthorized(req)) {
      const error = new OpenClawError("GATEWAY_UNAUTHORIZED", "this route requires the gateway token", {
        hint: "Send Authorization: Bearer <token> (the token is in <state dir>/gateway/token).",
      });
      sendErrorResponse(res, error);
      return;
    }
    try {
      const handled = await route.handler(req, res);
      if (handled !== false) return;
    } catch (error) {
      options.onError(route, error);
      // The cause stays in the log: it may name paths or secrets.
      sendErrorResponse(
        res,
        new OpenClawError("GATEWAY_ROUTE_FAILED", `the route ${route.path} failed`, {
          hint: "The cause is in the gateway log.",
        }),
      );
      return;
    }
  }
  sendErrorResponse(
    res,
    new OpenClawError("GATEWAY_ROUTE_NOT_FOUND", `no route for ${req.method} ${req.url}`),
  );
}

/** Message of a route failure for logs. */
export function routeFailureMessage(route: HttpRouteRegistration, error: unknown): string {
  return `plugin route ${route.path} (${route.pluginId}) failed: ${errorMessage(error)}`;
}
