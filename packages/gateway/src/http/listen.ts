import type { AddressInfo } from "node:net";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import type { FastifyInstance } from "fastify";

/** Where a gateway listens. */
export interface ListenAddress {
  /** Base URL, e.g. `http://127.0.0.1:18789` (a wildcard bind is reached over loopback). */
  url: string;
  /** The bound TCP port (the picked one when asked for `0`). */
  port: number;
}

/** The URL clients on this machine use for a server bound to `bind`:`port`. */
export function gatewayUrl(bind: string, port: number): string {
  const hostName = bind.includes(":") ? `[${bind}]` : bind === "0.0.0.0" ? "127.0.0.1" : bind;
  return `http://${hostName}:${port}`;
}

/**
 * Listens on `bind`:`port`; on failure closes the app and throws a coded error.
 * @throws {@link OpenClawError} `GATEWAY_PORT_IN_USE` (the port is taken, or the address cannot be bound).
 */
export async function listenGateway(
  app: FastifyInstance,
  port: number,
  bind: string,
): Promise<ListenAddress> {
  try {
    await app.listen({ port, host: bind });
  } catch (error) {
    await app.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new OpenClawError("GATEWAY_PORT_IN_USE", `port ${port} on ${bind} is already in use`, {
        cause: error,
        hint: "Stop the other process, or start the gateway with --port <free port>.",
      });
    }
    throw new OpenClawError(
      "GATEWAY_PORT_IN_USE",
      `cannot listen on ${bind}:${port}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  const address = app.server.address() as AddressInfo;
  return { url: gatewayUrl(bind, address.port), port: address.port };
}
