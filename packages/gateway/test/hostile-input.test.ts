// Each test here reproduces one way hostile network input used to end or degrade the gateway process
// (issue 9): it failed before the fix and guards it now. A test gateway per describe block, so each
// test also runs alone with `-t`.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  openRawWebSocket,
  oversizedFrameHeader,
  rawHttp,
  textFrame,
  upgradeRequest,
} from "./support/raw-client.js";
import { startTestGateway, type TestGateway } from "./support/test-gateway.js";

/** Asserts the one error shape `{ ok: false, error: { code, message, hint? } }` and returns the code. */
function errorCodeOf(body: string): string {
  const parsed = JSON.parse(body) as { ok: unknown; error: { code: unknown; message: unknown } };
  expect(parsed.ok).toBe(false);
  expect(typeof parsed.error.message).toBe("string");
  expect(typeof parsed.error.code).toBe("string");
  return parsed.error.code as string;
}

async function expectAlive(t: TestGateway): Promise<void> {
  const health = await fetch(`${t.gateway.url}/health`);
  expect(health.status).toBe(200);
}

function wsUrl(t: TestGateway): string {
  return `${t.gateway.url.replace("http", "ws")}/ws`;
}

/** An authenticated `ws` client that resolves each request with its response frame. */
/** A response frame as the test reads it. */
interface Reply {
  type: string;
  id: number | null;
  ok: boolean;
  payload?: unknown;
  error?: { code: string };
}

async function authedClient(
  t: TestGateway,
): Promise<{ call(method: string): Promise<Reply>; ws: WebSocket }> {
  const ws = new WebSocket(wsUrl(t), { headers: { authorization: `Bearer ${t.token}` } });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  return {
    ws,
    call(method) {
      id += 1;
      const mine = id;
      return new Promise((resolve) => {
        const onMessage = (data: unknown): void => {
          const frame = JSON.parse(String(data));
          if (frame.id !== mine) return;
          ws.off("message", onMessage);
          resolve(frame);
        };
        ws.on("message", onMessage);
        ws.send(JSON.stringify({ type: "req", id: mine, method }));
      });
    },
  };
}

describe("request targets and malformed requests", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it("answers 400 GATEWAY_BAD_REQUEST to a request target the URL parser rejects", async () => {
    const answer = await rawHttp(t.gateway.port, "GET // HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(answer.status).toBe(400);
    expect(errorCodeOf(answer.body)).toBe("GATEWAY_BAD_REQUEST");
    await expectAlive(t);
  });

  it("answers 400 to a WebSocket upgrade whose target the URL parser rejects", async () => {
    const answer = await rawHttp(t.gateway.port, upgradeRequest("//"));
    expect(answer.status).toBe(400);
    expect(errorCodeOf(answer.body)).toBe("GATEWAY_BAD_REQUEST");
    await expectAlive(t);
  });

  it("answers an upgrade on another path with 404 GATEWAY_ROUTE_NOT_FOUND", async () => {
    const answer = await rawHttp(t.gateway.port, upgradeRequest("/not-ws"));
    expect(answer.status).toBe(404);
    expect(errorCodeOf(answer.body)).toBe("GATEWAY_ROUTE_NOT_FOUND");
  });

  it("answers a broken upgrade handshake (bad key) with the error shape", async () => {
    const request = upgradeRequest("/ws").replace("dGhlIHNhbXBsZSBub25jZQ==", "short");
    const answer = await rawHttp(t.gateway.port, request);
    expect(answer.status).toBe(400);
    expect(errorCodeOf(answer.body)).toBe("GATEWAY_BAD_REQUEST");
  });

  it("answers a request Node's HTTP parser rejects (clientError) with the error shape", async () => {
    const answer = await rawHttp(t.gateway.port, "GARBAGE\r\n\r\n");
    expect(answer.status).toBe(400);
    expect(errorCodeOf(answer.body)).toBe("GATEWAY_BAD_REQUEST");
    await expectAlive(t);
  });

  it("survives clients that reset the connection in the middle of an upgrade", async () => {
    await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          new Promise<void>((resolve) => {
            const socket = connect(t.gateway.port, "127.0.0.1", () => {
              socket.write(upgradeRequest(i % 2 === 0 ? "/ws" : "//"), () => {
                socket.resetAndDestroy();
                resolve();
              });
            });
            socket.on("error", () => resolve());
          }),
      ),
    );
    await expectAlive(t);
  });
});

describe("fastify's own errors use the one error shape", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());
  const post = (body: string, contentType = "application/json") =>
    fetch(`${t.gateway.url}/rpc`, {
      method: "POST",
      body,
      headers: { "content-type": contentType, authorization: `Bearer ${t.token}` },
    });

  it("400 for a body that is not JSON", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(errorCodeOf(await response.text())).toBe("GATEWAY_BAD_REQUEST");
  });

  it("404 for an unknown path", async () => {
    const response = await fetch(`${t.gateway.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(errorCodeOf(await response.text())).toBe("GATEWAY_ROUTE_NOT_FOUND");
  });

  it("413 for a body over the limit", async () => {
    const response = await post(JSON.stringify({ method: "health", params: { pad: "x".repeat(1_100_000) } }));
    expect(response.status).toBe(413);
    expect(errorCodeOf(await response.text())).toBe("GATEWAY_PAYLOAD_TOO_LARGE");
  });

  it("415 for a content type /rpc does not take", async () => {
    const response = await post("method=health", "text/plain");
    expect(response.status).toBe(415);
    expect(errorCodeOf(await response.text())).toBe("GATEWAY_UNSUPPORTED_MEDIA_TYPE");
  });

  it("500 for a throwing plugin route, without the cause's message", async () => {
    const response = await fetch(`${t.gateway.url}/hostile/throw`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(errorCodeOf(text)).toBe("GATEWAY_ROUTE_FAILED");
    expect(text).not.toContain("/secret/path");
  });
});

describe("payloads JSON cannot encode", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it.each(["hostile.bigint", "hostile.circular", "hostile.circularError"])(
    "POST /rpc %s answers 500 GATEWAY_PAYLOAD_UNSERIALIZABLE",
    async (method) => {
      const response = await fetch(`${t.gateway.url}/rpc`, {
        method: "POST",
        body: JSON.stringify({ method }),
        headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` },
      });
      expect(response.status).toBe(500);
      expect(errorCodeOf(await response.text())).toBe("GATEWAY_PAYLOAD_UNSERIALIZABLE");
      await expectAlive(t);
    },
  );

  it.each(["hostile.bigint", "hostile.circular", "hostile.circularError"])(
    "/ws %s answers a coded error frame and the connection keeps working",
    async (method) => {
      const client = await authedClient(t);
      expect(await client.call(method)).toMatchObject({
        type: "res",
        ok: false,
        error: { code: "GATEWAY_PAYLOAD_UNSERIALIZABLE" },
      });
      expect(await client.call("hostile.ok")).toMatchObject({ ok: true, payload: "fine" });
      client.ws.close();
    },
  );
});

describe("WebSocket protocol errors before authentication", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it("a frame header announcing a payload over the limit closes that connection with 1009", async () => {
    const bystander = await authedClient(t);
    const raw = await openRawWebSocket(t.gateway.port);
    raw.socket.write(oversizedFrameHeader(2n ** 40n));
    expect(await raw.closeCode).toBe(1009);
    expect(await bystander.call("hostile.ok")).toMatchObject({ ok: true });
    bystander.ws.close();
    await expectAlive(t);
  });

  it("an unmasked client frame closes that connection with 1002", async () => {
    const bystander = await authedClient(t);
    const raw = await openRawWebSocket(t.gateway.port);
    raw.socket.write(textFrame('{"type":"req","id":1,"method":"health"}', false));
    expect(await raw.closeCode).toBe(1002);
    expect(await bystander.call("hostile.ok")).toMatchObject({ ok: true });
    bystander.ws.close();
    await expectAlive(t);
  });
});

describe("unauthenticated WebSocket connections: handshake deadline", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ handshakeTimeoutMs: 300 });
  });
  afterAll(() => t.close());

  it("closes a connection that does not authenticate within gateway.handshakeTimeoutMs (4408)", async () => {
    const raw = await openRawWebSocket(t.gateway.port);
    expect(await raw.closeCode).toBe(4408);
    expect(raw.frames().toString("latin1")).toContain("GATEWAY_AUTH_TIMEOUT");
    const holder = await authedClient(t);
    expect(await holder.call("hostile.ok")).toMatchObject({ ok: true });
    holder.ws.close();
  });
});

describe("unauthenticated WebSocket connections: cap", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ maxUnauthenticatedConnections: 2 });
  });
  afterAll(() => t.close());

  const open = async (): Promise<WebSocket> => {
    const ws = new WebSocket(wsUrl(t));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return ws;
  };

  it("refuses one more than gateway.maxUnauthenticatedConnections with 503, but not a token holder", async () => {
    const first = await open();
    const second = await open();
    const refused = await rawHttp(t.gateway.port, upgradeRequest("/ws"));
    expect(refused.status).toBe(503);
    expect(errorCodeOf(refused.body)).toBe("GATEWAY_TOO_MANY_CONNECTIONS");
    const holder = await authedClient(t);
    expect(await holder.call("hostile.ok")).toMatchObject({ ok: true });
    // Authenticating with the connect frame frees a slot.
    const answered = new Promise((resolve) => first.once("message", (d) => resolve(JSON.parse(String(d)))));
    first.send(
      JSON.stringify({ type: "req", id: 1, method: "connect", params: { auth: { token: t.token } } }),
    );
    expect(await answered).toMatchObject({ ok: true });
    const third = await open();
    // A closed pending connection frees its slot too.
    const closed = new Promise((resolve) => second.once("close", resolve));
    second.close();
    await closed;
    const fourth = await open();
    for (const ws of [first, third, fourth, holder.ws]) ws.close();
  });
});
