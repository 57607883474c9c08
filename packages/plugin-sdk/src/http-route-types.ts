import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Who authenticates a plugin HTTP route: `gateway` requires the gateway token
 * (`Authorization: Bearer <token>`); `plugin` means the plugin verifies requests itself
 * (webhook signatures).
 */
export type PluginHttpRouteAuth = "gateway" | "plugin";

/**
 * A route handler on Node's raw request/response. Return `false` to let the next matching route
 * (or the gateway's 404) handle the request; anything else means handled.
 */
export type PluginHttpRouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | undefined | Promise<boolean | undefined>;

/** Parameters of `api.registerHttpRoute`. */
export interface PluginHttpRoute {
  /** Path under the gateway HTTP server; a leading `/` is added. */
  path: string;
  /** Required; there is no default. */
  auth: PluginHttpRouteAuth;
  /** `exact` (default) or `prefix` (matches at a `/` segment boundary). */
  match?: "exact" | "prefix";
  /** Lets the same plugin replace its own route with the same path and match. */
  replaceExisting?: boolean;
  handler: PluginHttpRouteHandler;
}
