import type { OpenClawErrorJSON } from "./errors/openclaw-error.js";

/** Answer an RPC request: `respond(true, payload)` or `respond(false, undefined, error)`. */
export type GatewayRespond = (
  ok: boolean,
  payload?: unknown,
  error?: OpenClawErrorJSON | { message: string },
) => void;

/** What a gateway RPC handler receives. */
export interface GatewayRequestHandlerOptions {
  /** `params` of the request, `{}` when absent. */
  params: Record<string, unknown>;
  respond: GatewayRespond;
  /** The calling client, as far as the gateway knows it. */
  client: { id: string; transport: "http" | "ws" | "internal" };
  /**
   * Aborted when the caller is gone (its HTTP connection closed before the answer, or its `/ws`
   * socket closed); a long-running handler should stop. Absent for internal calls.
   */
  signal?: AbortSignal;
}

/**
 * A gateway RPC method handler. Name methods `pluginId.action` (for example `voicecall.status`).
 * A handler that throws is answered with `GATEWAY_METHOD_FAILED` (or the thrown `OpenClawError`).
 */
export type GatewayRequestHandler = (opts: GatewayRequestHandlerOptions) => void | Promise<void>;

/** Options of `api.registerGatewayMethod`. */
export interface GatewayMethodOptions {
  /** Operator scope the caller must hold; default `operator.admin`. */
  scope?: "operator.admin" | "operator.read" | "operator.write";
}
