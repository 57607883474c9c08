import type { PathEnv } from "@openclaw/plugin-loader";
import {
  errorMessage,
  type OpenClawConfig,
  OpenClawError,
  type OpenClawErrorJSON,
} from "@openclaw/plugin-sdk/core";
import { readGatewayToken, readRuntimeInfo } from "./gateway-files.js";
import { bearerHeader } from "./http/bearer-auth.js";

/** Where and how to reach a gateway. */
export interface GatewayConnection {
  url: string;
  token?: string;
  /** How the URL was found: `env`, `runtime` (runtime.json of a live gateway) or `config`. */
  via: "env" | "runtime" | "config";
}

/**
 * Resolves the gateway to call: `$OPENCLAW_GATEWAY_URL`, else the live gateway recorded in
 * `<state dir>/gateway/runtime.json`, else `http://127.0.0.1:<gateway.port or 18789>`. The token is
 * `$OPENCLAW_GATEWAY_TOKEN`, else `<state dir>/gateway/token`.
 */
export async function resolveGatewayConnection(
  stateDir: string,
  config: OpenClawConfig,
  env: PathEnv = process.env,
): Promise<GatewayConnection> {
  const token = env.OPENCLAW_GATEWAY_TOKEN?.trim() || (await readGatewayToken(stateDir));
  const withToken = (c: Omit<GatewayConnection, "token">): GatewayConnection => (token ? { ...c, token } : c);
  if (env.OPENCLAW_GATEWAY_URL?.trim())
    return withToken({ url: env.OPENCLAW_GATEWAY_URL.trim().replace(/\/$/, ""), via: "env" });
  const runtime = await readRuntimeInfo(stateDir);
  if (runtime) return withToken({ url: runtime.url, via: "runtime" });
  return withToken({ url: `http://127.0.0.1:${config.gateway?.port ?? 18789}`, via: "config" });
}

/** Options of {@link callGateway}. */
export interface CallGatewayOptions {
  connection: GatewayConnection;
  method: string;
  params?: Record<string, unknown>;
  /** Request timeout in ms; default 30 000. */
  timeoutMs?: number;
}

/** The `/rpc` request body; a value JSON cannot encode is the caller's error, not an unreachable gateway. */
function encodeRequest(method: string, params: unknown): string {
  try {
    return JSON.stringify({ method, params: params ?? {} });
  } catch (error) {
    throw new OpenClawError(
      "GATEWAY_BAD_REQUEST",
      `params of ${method} cannot be encoded as JSON: ${errorMessage(error)}`,
      {
        cause: error,
        hint: "Pass plain JSON values: no cycles, no BigInt, no very deep nesting.",
      },
    );
  }
}

/**
 * Calls one RPC method over `POST <url>/rpc` and resolves with its payload.
 * @throws {@link OpenClawError} `GATEWAY_BAD_REQUEST` (params JSON cannot encode: cycles, BigInt,
 * nesting too deep), `GATEWAY_UNREACHABLE` (nothing listening, timeout), `GATEWAY_UNAUTHORIZED`, or
 * the code the method answered with.
 */
export async function callGateway<T = unknown>(options: CallGatewayOptions): Promise<T> {
  const { connection } = options;
  const requestBody = encodeRequest(options.method, options.params);
  let response: Response;
  try {
    response = await fetch(`${connection.url}/rpc`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(connection.token ? { authorization: bearerHeader(connection.token) } : {}),
      },
      body: requestBody,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new OpenClawError("GATEWAY_UNREACHABLE", `no gateway answers at ${connection.url}`, {
      cause: error,
      hint: "Start it with `openclaw gateway` (or set OPENCLAW_GATEWAY_URL).",
      details: { url: connection.url },
    });
  }
  let body: {
    ok?: boolean;
    payload?: unknown;
    error?: { code?: unknown; message?: unknown; hint?: unknown };
  };
  try {
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new OpenClawError(
      "GATEWAY_UNREACHABLE",
      `${connection.url} did not answer like an OpenClaw gateway (HTTP ${response.status})`,
      {
        cause: error,
      },
    );
  }
  if (body.ok === true) return body.payload as T;
  const error = (body.error ?? {}) as Partial<OpenClawErrorJSON>;
  if (typeof error.message !== "string") error.message = `${options.method} failed`;
  throw OpenClawError.fromJSON(error, "GATEWAY_METHOD_FAILED");
}
