import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { VoiceCallRuntime } from "../src/index.js";
import { startTestRuntime } from "./test-runtime.js";

let runtime: VoiceCallRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

/** Sends raw bytes to the webhook port and resolves with everything the server answered before closing. */
function raw(url: string, request: string, options: { keepOpen?: boolean } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (options.keepOpen && answer.includes("\r\n\r\n") && /\}$/.test(answer)) socket.destroy();
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

function errorBody(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
}

const shape = (code: string) => ({
  ok: false,
  error: { code, message: expect.any(String), hint: expect.any(String) },
});

describe("webhook server under hostile input", () => {
  it("answers 400 in the error shape to a request target the URL parser rejects, and keeps serving", async () => {
    runtime = await startTestRuntime({ skipSignatureVerification: true });
    const answer = await raw(
      runtime.localWebhookUrl,
      "POST http://[/voice/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorBody(answer)).toMatchObject({ ok: false, error: { code: "VOICE_WEBHOOK_BAD_REQUEST" } });
    const slashes = await raw(
      runtime.localWebhookUrl,
      "GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expect(slashes).toMatch(/^HTTP\/1\.1 404 /);
    expect((await fetch(runtime.webhookUrl, { method: "POST", body: "{}" })).status).toBe(200);
  });

  it("answers a malformed HTTP request with 400 in the error shape (clientError handler)", async () => {
    runtime = await startTestRuntime({ skipSignatureVerification: true });
    const answer = await raw(runtime.localWebhookUrl, "NOT HTTP AT ALL\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorBody(answer)).toEqual(shape("VOICE_WEBHOOK_BAD_REQUEST"));
    expect((await fetch(runtime.webhookUrl, { method: "POST", body: "{}" })).status).toBe(200);
  });

  it("survives a WebSocket upgrade request when no upgrade handler is attached", async () => {
    runtime = await startTestRuntime({ skipSignatureVerification: true });
    const answer = await raw(
      runtime.localWebhookUrl,
      "GET /voice/webhook HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      { keepOpen: true },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect((await fetch(runtime.webhookUrl, { method: "POST", body: "{}" })).status).toBe(200);
  });

  it("survives a client that resets its connection mid-body", async () => {
    runtime = await startTestRuntime({ skipSignatureVerification: true });
    const { hostname, port } = new URL(runtime.localWebhookUrl);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write('POST /voice/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"ev');
        socket.resetAndDestroy();
      });
      socket.on("close", () => resolve());
      socket.on("error", () => undefined);
    });
    expect((await fetch(runtime.webhookUrl, { method: "POST", body: "{}" })).status).toBe(200);
  });

  it.each([
    [
      "another path",
      (url: string) => fetch(`${url}-evil`, { method: "POST", body: "{}" }),
      404,
      "VOICE_WEBHOOK_NOT_FOUND",
    ],
    ["another method", (url: string) => fetch(url), 405, "VOICE_WEBHOOK_METHOD_NOT_ALLOWED"],
    [
      "a body that is not JSON",
      (url: string) => fetch(url, { method: "POST", body: "{not json" }),
      400,
      "VOICE_WEBHOOK_BAD_REQUEST",
    ],
  ])("answers %s with one error shape", async (_label, send, status, code) => {
    runtime = await startTestRuntime({ skipSignatureVerification: true });
    const response = await send(runtime.webhookUrl);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(shape(code));
  });

  it("refuses a carrier webhook without its signature headers before reading the body", async () => {
    runtime = await startTestRuntime({
      provider: "twilio",
      fromNumber: "+15550000001",
      twilio: { accountSid: "AC1", authToken: "token" },
    });
    // Headers announce a 1 MB body that is never sent: only a refusal before the body can answer.
    const answer = await raw(
      runtime.localWebhookUrl,
      "POST /voice/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\n",
      { keepOpen: true },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(errorBody(answer)).toEqual(shape("VOICE_WEBHOOK_UNAUTHORIZED"));
  });

  it("answers 413 in the error shape to a body over 1 MiB", async () => {
    runtime = await startTestRuntime({ skipSignatureVerification: true });
    const { request } = await import("node:http");
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(runtime?.webhookUrl as string, { method: "POST" }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end(Buffer.alloc(1024 * 1024 + 1, "x"));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(shape("VOICE_WEBHOOK_TOO_LARGE"));
  });
});

describe("webhook server with an upgrade listener attached before it listens", () => {
  it("hands upgrades to the listener and keeps serving webhooks", async () => {
    const { startWebhookServer } = await import("../src/webhook/webhook-server.js");
    const { MockProvider } = await import("../src/index.js");
    const { resolveVoiceCallConfig } = await import("../src/index.js");
    const config = resolveVoiceCallConfig({ serve: { port: 0 }, skipSignatureVerification: true }, {});
    const upgrades: string[] = [];
    const server = await startWebhookServer({
      config,
      provider: new MockProvider(
        { acceptUnsigned: true, autoAnswer: false, answerDelayMs: 0 },
        () => undefined,
      ),
      manager: { processEvent: () => undefined },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      beforeListen: (httpServer) =>
        httpServer.on("upgrade", (req, socket) => {
          upgrades.push(req.url ?? "");
          socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }),
    });
    try {
      await raw(
        server.localUrl,
        "GET /voice/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
      );
      expect(upgrades).toEqual(["/voice/stream"]);
      expect((await fetch(server.localUrl, { method: "POST", body: "{}" })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
