import { connect, type Socket } from "node:net";

/** What a raw HTTP exchange produced: the status line's code, headers and body (as text). */
export interface RawHttpAnswer {
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
  raw: string;
}

/** Parses the first HTTP/1.1 response in `raw` (no chunked bodies: the gateway sends Content-Length). */
export function parseHttpAnswer(raw: string): RawHttpAnswer {
  const end = raw.indexOf("\r\n\r\n");
  const head = end === -1 ? raw : raw.slice(0, end);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? Number.NaN);
  const rest = end === -1 ? "" : raw.slice(end + 4);
  return {
    status: status === undefined ? undefined : Number(status),
    headers,
    body: Number.isFinite(length) ? rest.slice(0, length) : rest,
    raw,
  };
}

/**
 * Writes raw bytes to the gateway port and collects everything until the server closes the socket, or
 * until a complete response (headers plus Content-Length bytes) has arrived. `endAfterWrite` half-closes
 * the client side, so a request that announces more body than it sends still gets an answer.
 */
export function rawHttp(
  port: number,
  request: string | Buffer,
  options: { endAfterWrite?: boolean } = {},
): Promise<RawHttpAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let raw = "";
    const finish = (): void => {
      socket.destroy();
      resolve(parseHttpAnswer(raw));
    };
    socket.on("data", (chunk) => {
      raw += chunk.toString("latin1");
      const answer = parseHttpAnswer(raw);
      const length = Number(answer.headers["content-length"]);
      if (
        raw.includes("\r\n\r\n") &&
        Number.isFinite(length) &&
        Buffer.byteLength(answer.body, "latin1") >= length
      )
        finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    if (options.endAfterWrite) socket.end(request);
    else socket.write(request);
  });
}

/** An upgrade request for `target` with a valid WebSocket key, plus `extra` header lines. */
export function upgradeRequest(target: string, extra: string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    "Host: 127.0.0.1",
    "Connection: Upgrade",
    "Upgrade: websocket",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    ...extra,
    "",
    "",
  ].join("\r\n");
}

/** A WebSocket opened by hand on a raw socket, so the test can send frames `ws` would never send. */
export interface RawWebSocket {
  socket: Socket;
  /** Resolves with the close code of the first close frame the server sends (or `undefined` on EOF). */
  closeCode: Promise<number | undefined>;
  /** Every byte received after the 101 response. */
  frames(): Buffer;
}

/** Performs the upgrade on `/ws` and resolves once the server answered 101. */
export function openRawWebSocket(port: number, extraHeaders: string[] = []): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let settleClose: (code: number | undefined) => void = () => undefined;
    const closeCode = new Promise<number | undefined>((r) => {
      settleClose = r;
    });
    const scanClose = (): void => {
      for (let i = 0; i + 3 < buffer.length; ) {
        const opcode = (buffer[i] as number) & 0x0f;
        const length = (buffer[i + 1] as number) & 0x7f;
        if (opcode === 0x8 && length >= 2) {
          settleClose(buffer.readUInt16BE(i + 2));
          return;
        }
        i += 2 + (length < 126 ? length : length === 126 ? 2 + buffer.readUInt16BE(i + 2) : 8);
      }
    };
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString("latin1");
        if (!head.startsWith("HTTP/1.1 101")) {
          reject(new Error(`upgrade refused: ${head.split("\r\n")[0]}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve({ socket, closeCode, frames: () => buffer });
      }
      scanClose();
    });
    socket.on("error", () => settleClose(undefined));
    socket.on("close", () => settleClose(undefined));
    socket.write(upgradeRequest("/ws", extraHeaders));
  });
}

/** A client text frame; `masked: false` breaks RFC 6455 §5.1 (clients must mask). */
export function textFrame(text: string, masked = true): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error("textFrame: short frames only");
  if (!masked) return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, body]);
}

/** A masked frame header announcing `length` payload bytes (64-bit length form), with no payload. */
export function oversizedFrameHeader(length: bigint): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(length, 2);
  header.set([1, 2, 3, 4], 10);
  return header;
}
