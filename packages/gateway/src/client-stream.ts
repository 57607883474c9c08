import { isOpenClawErrorCode, OpenClawError } from "@openclaw/plugin-sdk/core";
import type { GatewayConnection } from "./client.js";
import { bearerHeader } from "./http/bearer-auth.js";

/** Options of {@link callGatewayStreaming}. */
export interface CallGatewayStreamingOptions {
  connection: GatewayConnection;
  method: string;
  params?: Record<string, unknown>;
  /** Whole-call budget in ms; default 30 000. */
  timeoutMs?: number;
  /** Every event frame the gateway pushes while the call runs (`agent.delta`, …). */
  onEvent: (event: string, payload: unknown) => void;
}

/**
 * Calls one RPC method over the gateway's WebSocket (`/ws`) and hands every pushed event to
 * `onEvent` until the answer arrives, so a CLI can show `agent.delta` text as it streams.
 * @throws {@link OpenClawError} `GATEWAY_UNREACHABLE`, `GATEWAY_UNAUTHORIZED`, or the method's code.
 */
export async function callGatewayStreaming<T = unknown>(options: CallGatewayStreamingOptions): Promise<T> {
  const { WebSocket } = await import("ws");
  const { connection } = options;
  const url = `${connection.url.replace(/^http/, "ws")}/ws`;
  const ws = new WebSocket(
    url,
    connection.token ? { headers: { authorization: bearerHeader(connection.token) } } : {},
  );
  const budget = options.timeoutMs ?? 30_000;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new OpenClawError("GATEWAY_UNREACHABLE", `no answer from ${url} within ${budget} ms`)),
      budget,
    );
    const fail = (error: OpenClawError): void => {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    ws.once("error", (error) =>
      fail(
        new OpenClawError("GATEWAY_UNREACHABLE", `no gateway answers at ${connection.url}`, {
          cause: error,
          hint: "Start it with `openclaw gateway` (or set OPENCLAW_GATEWAY_URL).",
        }),
      ),
    );
    ws.once("open", () =>
      ws.send(JSON.stringify({ type: "req", id: 1, method: options.method, params: options.params ?? {} })),
    );
    ws.on("message", (data) => {
      let frame: {
        type?: string;
        id?: unknown;
        ok?: boolean;
        event?: string;
        payload?: unknown;
        error?: { code?: unknown; message?: string; hint?: string };
      };
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if (frame.type === "event" && typeof frame.event === "string")
        options.onEvent(frame.event, frame.payload);
      if (frame.type !== "res" || frame.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      if (frame.ok) resolve(frame.payload as T);
      else {
        const code = isOpenClawErrorCode(frame.error?.code) ? frame.error.code : "GATEWAY_METHOD_FAILED";
        reject(
          new OpenClawError(
            code,
            frame.error?.message ?? `${options.method} failed`,
            frame.error?.hint ? { hint: frame.error.hint } : {},
          ),
        );
      }
    });
  });
}
