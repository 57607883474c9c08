import { APICallError, JSONParseError } from "ai";
import { describe, expect, it } from "vitest";
import { toProviderError } from "../src/agent/model-errors.js";

const httpError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({
    message: "failed",
    url: "http://127.0.0.1:9/v1/messages",
    requestBodyValues: {},
    ...(statusCode === undefined ? {} : { statusCode }),
    responseHeaders: headers,
    responseBody: '{"error":{"message":"nope"}}',
  });

describe("toProviderError", () => {
  it("gives each HTTP status its own hint and keeps status and retry-after in details", () => {
    const cases: Array<[number | undefined, RegExp]> = [
      [401, /API key of models\.providers\.p/],
      [403, /API key/],
      [404, /baseUrl \(the API root/],
      [400, /refused the request/],
      [429, /rate limiting/],
      [503, /server failed/],
      [undefined, /that the server is up/],
    ];
    for (const [status, hint] of cases) {
      const error = toProviderError(httpError(status, status === 429 ? { "retry-after": "7" } : {}), "p");
      expect(error.code).toBe("AGENT_PROVIDER_ERROR");
      expect(error.hint, String(status)).toMatch(hint);
      expect(error.details).toEqual({
        provider: "p",
        ...(status === undefined ? {} : { status }),
        ...(status === 429 ? { retryAfter: "7" } : {}),
      });
    }
  });

  it("names an unparsable stream and an in-stream error event by what they are", () => {
    const parse = new JSONParseError({ text: "{not json", cause: new Error("bad") });
    expect(toProviderError(parse, "p")).toMatchObject({
      message: expect.stringContaining("could not parse"),
      hint: expect.stringContaining("models.providers.p.api"),
    });
    // @ai-sdk/anthropic wraps a bad first chunk in an APICallError with a made-up status 500.
    const wrapped = new APICallError({
      message: parse.message,
      url: "u",
      requestBodyValues: {},
      statusCode: 500,
      responseBody: JSON.stringify(parse),
    });
    expect(toProviderError(wrapped, "p").message).toContain("could not parse");
    expect(toProviderError({ type: "overloaded_error", message: "Overloaded" }, "p").message).toBe(
      'model provider "p" failed: overloaded_error: Overloaded',
    );
    expect(toProviderError({ type: "error", code: "server_error", message: "Boom" }, "p").message).toBe(
      'model provider "p" failed: server_error: Boom',
    );
  });
});
