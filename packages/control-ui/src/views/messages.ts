import { GatewayError } from "../rpc/gateway-client.js";

/** One line for a failed request: the gateway's code, message and hint. */
export function describeError(error: unknown): string {
  if (error instanceof GatewayError)
    return `${error.code}: ${error.message}${error.hint ? ` — ${error.hint}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
