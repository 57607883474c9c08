import type { IncomingMessage, ServerResponse } from "node:http";
import { type HttpRouteRegistration, isUnderPrefix, type PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { callPlugin, type PluginCallOptions } from "./plugin-calls.js";

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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

/** Answers a failed route: 504 with a coded error for a timeout, else a 500 without details. */
function answerFailure(res: ServerResponse, error: unknown): void {
  if (isOpenClawError(error) && error.code === "PLUGIN_CALL_TIMEOUT") {
    sendJson(res, 504, { ok: false, error: error.toJSON() });
    return;
  }
  if (!res.headersSent) {
    res.statusCode = 500;
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end("Internal Server Error");
  } else res.end();
}

/**
 * Serves a request from plugin routes on Node's raw objects (the body stream untouched, so plugins can
 * verify webhook signatures over the raw bytes). `gateway`-auth routes require the gateway token.
 * A handler returning `false` passes to the next match; a throwing handler yields a 500 without
 * details; a handler that does not settle within the `route` budget yields a 504 `PLUGIN_CALL_TIMEOUT`. Unmatched or all-declined requests get a JSON 404.
 */
export async function servePluginRoutes(options: {
  registry: PluginRegistry;
  routes: HttpRouteRegistration[];
  req: IncomingMessage;
  res: ServerResponse;
  isAuthorized: (req: IncomingMessage) => boolean;
  onError: (route: HttpRouteRegistration, error: unknown) => void;
  /** Budget of one route handler and failure logging (default 30 000 ms). */
  calls?: PluginCallOptions;
}): Promise<void> {
  const { req, res } = options;
  for (const route of options.routes) {
    if (route.auth === "gateway" && !options.isAuthorized(req)) {
      sendJson(res, 401, {
        ok: false,
        error: new OpenClawError("GATEWAY_UNAUTHORIZED", "this route requires the gateway token", {
          hint: "Send Authorization: Bearer <token> (the token is in <state dir>/gateway/token).",
        }).toJSON(),
      });
      return;
    }
    try {
      const handled = await callPlugin(
        options.registry,
        { pluginId: route.pluginId, call: "route", name: route.path },
        () => route.handler(req, res),
        options.calls,
      );
      if (handled !== false) return;
    } catch (error) {
      options.onError(route, error);
      answerFailure(res, error);
      return;
    }
  }
  sendJson(res, 404, {
    ok: false,
    error: { code: "GATEWAY_METHOD_NOT_FOUND", message: `no route for ${req.method} ${req.url}` },
  });
}

/** Message of a route failure for logs. */
export function routeFailureMessage(route: HttpRouteRegistration, error: unknown): string {
  return `plugin route ${route.path} (${route.pluginId}) failed: ${errorMessage(error)}`;
}
