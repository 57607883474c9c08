import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PluginHttpRoute } from "../http-route-types.js";

/** A request for {@link injectHttp}. */
export interface InjectRequest {
  method?: string;
  /** Path and query, e.g. `/hello?x=1`. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** What the route answered. */
export interface InjectResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function matches(route: PluginHttpRoute, path: string): boolean {
  if ((route.match ?? "exact") === "exact") return path === route.path;
  return path === route.path || path.startsWith(route.path.endsWith("/") ? route.path : `${route.path}/`);
}

async function dispatch(
  routes: PluginHttpRoute[],
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  for (const route of routes.filter((r) => matches(r, path))) {
    if (route.auth === "gateway" && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(
        JSON.stringify({
          ok: false,
          error: { code: "GATEWAY_UNAUTHORIZED", message: "missing or wrong token" },
        }),
      );
      return;
    }
    if ((await route.handler(req, res)) !== false) return;
  }
  res.writeHead(404).end();
}

/**
 * Sends one real HTTP request to the plugin's routes, on a server listening on 127.0.0.1 for the
 * duration of the call only (routes get Node's real `IncomingMessage`/`ServerResponse`). Routes with
 * `auth: "gateway"` need `Authorization: Bearer <token>` (401 otherwise); nothing matching is a 404.
 */
export async function injectHttp(
  routes: PluginHttpRoute[],
  token: string,
  request: InjectRequest,
): Promise<InjectResponse> {
  const server = createServer((req, res) => {
    dispatch(routes, token, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${request.url}`, {
      method: request.method ?? "GET",
      headers: request.headers ?? {},
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: await response.text(),
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}
