import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import {
  HEADERS_TIMEOUT_MS,
  limitSlowClients,
  MAX_CONNECTIONS,
  REQUEST_TIMEOUT_MS,
} from "../src/http/gateway-app.js";

describe("gateway HTTP server limits for slow or numerous clients", () => {
  it("sets a headers timeout, a whole-request timeout and a connection cap below Node's defaults", () => {
    const server = createServer();
    const defaults = { headers: server.headersTimeout, request: server.requestTimeout };
    limitSlowClients(server);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(server.maxConnections).toBe(MAX_CONNECTIONS);
    expect(HEADERS_TIMEOUT_MS).toBeLessThan(defaults.headers);
    expect(REQUEST_TIMEOUT_MS).toBeLessThan(defaults.request);
  });
});
