import { describe, expect, it } from "vitest";
import { callGateway } from "../src/index.js";

describe("callGateway", () => {
  it("reports params JSON cannot encode as GATEWAY_BAD_REQUEST before any request, not as an unreachable gateway", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // Nothing listens on this URL: reaching the network would be GATEWAY_UNREACHABLE.
    const connection = { url: "http://127.0.0.1:9", token: "t", via: "config" as const };
    await expect(callGateway({ connection, method: "health", params: cyclic })).rejects.toMatchObject({
      code: "GATEWAY_BAD_REQUEST",
      message: expect.stringContaining("cannot be encoded as JSON"),
    });
    await expect(callGateway({ connection, method: "health", params: { n: 1n } })).rejects.toMatchObject({
      code: "GATEWAY_BAD_REQUEST",
    });
  });
});
