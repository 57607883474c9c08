// A WebSocket client that never reads used to make the gateway buffer every answer and event for it
// without bound (ws queues what the kernel will not take). The connection is driven here with a
// stand-in socket whose backlog (`bufferedAmount`) the test sets, so the threshold is exact.
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { HostLogger } from "@openclaw/plugin-loader";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { type ConnectionContext, WsConnection } from "../src/ws/connection.js";

class StandInSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  terminated = false;
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
}

const warnings: string[] = [];
const logger: HostLogger = {
  child: () => logger,
  debug: () => undefined,
  info: () => undefined,
  warn: (_fields: unknown, message?: string) => {
    warnings.push(String(message));
  },
  error: () => undefined,
};

function authenticatedConnection(maxBufferedBytes: number): StandInSocket {
  const socket = new StandInSocket();
  const context: ConnectionContext = {
    tokenMatches: () => true,
    dispatch: async () => ({ ok: true, payload: { answer: 42 } }),
    methodNames: () => [],
    logger,
    handshakeTimeoutMs: 10_000,
    maxBufferedBytes,
  };
  const req = { socket: { remoteAddress: "127.0.0.1" } } as unknown as IncomingMessage;
  const connection = new WsConnection(socket as unknown as WebSocket, req, context, undefined);
  connection.sendEvent("test.event", { n: 1 });
  return socket;
}

describe("a WebSocket client that does not read", () => {
  it("is sent events while its backlog is within maxBufferedBytes", () => {
    const socket = authenticatedConnection(1024);
    socket.bufferedAmount = 1024;
    expect(socket.sent).toHaveLength(1);
    expect(socket.terminated).toBe(false);
  });

  it("is dropped, not buffered for, once its backlog passes maxBufferedBytes", async () => {
    const socket = authenticatedConnection(1024);
    socket.bufferedAmount = 1025;
    socket.emit("message", Buffer.from(JSON.stringify({ type: "req", id: 1, method: "health" })));
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.terminated).toBe(true);
    expect(socket.sent).toHaveLength(1);
    expect(warnings.at(-1)).toMatch(/does not read/);
  });
});
