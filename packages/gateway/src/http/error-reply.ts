import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { HostLogger } from "@openclaw/plugin-loader";
import { isOpenClawError, OpenClawError, type OpenClawErrorJSON } from "@openclaw/plugin-sdk/core";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";

/** The one error body every gateway HTTP answer uses: `{ ok: false, error: { code, message, hint? } }`. */
export interface ErrorBody {
  ok: false;
  error: OpenClawErrorJSON;
}

/** The {@link ErrorBody} of `error`, as JSON text. */
export function errorBodyJson(error: OpenClawError): string {
  const body: ErrorBody = { ok: false, error: error.toJSON() };
  try {
    return JSON.stringify(body);
  } catch {
    // details JSON cannot encode: drop them rather than fail the error path too
    return JSON.stringify({ ok: false, error: { code: error.code, message: error.message } });
  }
}

/** Answers `error` on a Node response with its code's HTTP status and the {@link ErrorBody}. */
export function sendErrorResponse(res: ServerResponse, error: OpenClawError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = errorBodyJson(error);
  res.statusCode = error.status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

/**
 * Answers `error` on a bare socket that has no `ServerResponse` (a `clientError`, a refused WebSocket
 * upgrade): one HTTP/1.1 response with the {@link ErrorBody}, then the socket is closed.
 */
export function rejectOnSocket(socket: Duplex, error: OpenClawError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = errorBodyJson(error);
  const status = error.status;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "Connection: close\r\n" +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/**
 * The coded error for an error fastify or Node raised while reading a request: by HTTP status,
 * 400 → `GATEWAY_BAD_REQUEST`, 404 → `GATEWAY_ROUTE_NOT_FOUND`, 408 → `GATEWAY_REQUEST_TIMEOUT`,
 * 413 → `GATEWAY_PAYLOAD_TOO_LARGE`, 415 → `GATEWAY_UNSUPPORTED_MEDIA_TYPE`, 431 →
 * `GATEWAY_HEADERS_TOO_LARGE`, any other 4xx → `GATEWAY_BAD_REQUEST`, anything else →
 * `GATEWAY_INTERNAL_ERROR` (whose message never repeats the cause: it may carry paths or secrets).
 */
export function toGatewayError(error: unknown): OpenClawError {
  if (isOpenClawError(error)) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const message = error instanceof Error ? error.message : String(error);
  const byStatus = {
    400: "GATEWAY_BAD_REQUEST",
    404: "GATEWAY_ROUTE_NOT_FOUND",
    408: "GATEWAY_REQUEST_TIMEOUT",
    413: "GATEWAY_PAYLOAD_TOO_LARGE",
    415: "GATEWAY_UNSUPPORTED_MEDIA_TYPE",
    431: "GATEWAY_HEADERS_TOO_LARGE",
  } as const;
  if (typeof status === "number" && status in byStatus)
    return new OpenClawError(byStatus[status as keyof typeof byStatus], message, { cause: error });
  if (typeof status === "number" && status >= 400 && status < 500)
    return new OpenClawError("GATEWAY_BAD_REQUEST", message, { cause: error });
  return new OpenClawError("GATEWAY_INTERNAL_ERROR", "the gateway failed to answer this request", {
    cause: error,
    hint: "The cause is in the gateway log.",
  });
}

/** The coded error for a Node HTTP parser failure (`clientError`), by its `code`. */
function clientErrorOf(error: NodeJS.ErrnoException): OpenClawError {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return new OpenClawError("GATEWAY_REQUEST_TIMEOUT", "the request did not arrive in time");
  if (error.code === "HPE_HEADER_OVERFLOW")
    return new OpenClawError("GATEWAY_HEADERS_TOO_LARGE", "the request headers are too large");
  return new OpenClawError("GATEWAY_BAD_REQUEST", `malformed HTTP request (${error.code ?? "parse error"})`);
}

/**
 * Handler for the server's `clientError` event (Node's HTTP parser rejected the bytes): answers with
 * the {@link ErrorBody} when the socket can still be written, and never throws.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) {
    socket.destroy();
    return;
  }
  rejectOnSocket(socket, clientErrorOf(error));
}

/**
 * Makes fastify answer its own errors with the {@link ErrorBody}: route and serialisation errors
 * (`setErrorHandler`), unknown routes (`setNotFoundHandler`); a 5xx is logged with its cause.
 * (Bad URLs and `clientError` are wired through fastify's `frameworkErrors`/`clientErrorHandler`
 * options, see {@link fastifyErrorOptions}.)
 */
export function installErrorShape(app: FastifyInstance, logger: HostLogger): void {
  app.setErrorHandler((error, request, reply) => {
    const coded = toGatewayError(error);
    if (coded.status >= 500)
      logger.error({ err: error, method: request.method, url: request.url }, "gateway request failed");
    void reply.code(coded.status).type("application/json; charset=utf-8").send(errorBodyJson(coded));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new OpenClawError(
      "GATEWAY_ROUTE_NOT_FOUND",
      `no route for ${request.method} ${request.url}`,
      {
        hint: "Core paths are /health, /rpc and /ws; plugin routes are listed by plugins.status.",
      },
    );
    void reply.code(error.status).type("application/json; charset=utf-8").send(errorBodyJson(error));
  });
}

/** Fastify constructor options that answer its framework-level errors (bad URL, `clientError`) the same way. */
export const fastifyErrorOptions: {
  clientErrorHandler: typeof handleClientError;
  frameworkErrors(error: FastifyError, request: unknown, reply: FastifyReply): void;
} = {
  clientErrorHandler: handleClientError,
  frameworkErrors(error, _request, reply) {
    const coded = toGatewayError(error);
    void reply.code(coded.status).type("application/json; charset=utf-8").send(errorBodyJson(coded));
  },
};
