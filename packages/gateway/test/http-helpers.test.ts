import { createHostLogger } from "@openclaw/plugin-loader";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { parseBearerToken, tokensEqual } from "../src/http/bearer-auth.js";
import { fastifyErrorOptions, installErrorShape } from "../src/http/error-reply.js";
import { requestPathname } from "../src/http/request-target.js";

describe("parseBearerToken", () => {
  it.each([
    ["Bearer abc123", "abc123"],
    ["bearer abc123", "abc123"],
    ["BEARER\tabc.def~+/=", "abc.def~+/="],
    ["  Bearer   abc  ", "abc"],
  ])("reads %j as %j", (header, token) => {
    expect(parseBearerToken(header)).toBe(token);
  });

  it.each([undefined, "", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "Bearerabc", "Bearer ä"])(
    "rejects %j",
    (header) => {
      expect(parseBearerToken(header)).toBeUndefined();
    },
  );

  it("rejects a header given as a list", () => {
    expect(parseBearerToken(["Bearer a", "Bearer b"])).toBeUndefined();
  });
});

describe("tokensEqual", () => {
  it("is true only for the same token", () => {
    expect(tokensEqual("s3cret", "s3cret")).toBe(true);
    expect(tokensEqual("s3cret", "s3cre")).toBe(false);
    expect(tokensEqual("s3cret", "s3cret-and-more")).toBe(false);
    expect(tokensEqual("s3cret", undefined)).toBe(false);
    expect(tokensEqual("s3cret", "")).toBe(false);
  });
});

describe("requestPathname", () => {
  it("returns the path of a parsable target and undefined for one the URL parser rejects", () => {
    expect(requestPathname("/a/b?c=1")).toBe("/a/b");
    expect(requestPathname(undefined)).toBe("/");
    expect(requestPathname("//")).toBeUndefined();
    expect(requestPathname("http://[")).toBeUndefined();
  });
});

describe("installErrorShape", () => {
  it("answers a route that throws with 500 GATEWAY_INTERNAL_ERROR, without the cause", async () => {
    const app = Fastify({ ...fastifyErrorOptions });
    installErrorShape(app, createHostLogger({ level: "silent" }));
    app.get("/boom", async () => {
      throw new Error("database password is hunter2");
    });
    const response = await app.inject({ method: "GET", url: "/boom" });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      ok: false,
      error: {
        code: "GATEWAY_INTERNAL_ERROR",
        message: "the gateway failed to answer this request",
        hint: expect.any(String),
      },
    });
    expect(response.body).not.toContain("hunter2");
  });

  it("answers a reply fastify cannot serialise with 500 in the one shape", async () => {
    const app = Fastify({ ...fastifyErrorOptions });
    installErrorShape(app, createHostLogger({ level: "silent" }));
    app.get("/bigint", async () => ({ n: 1n }));
    const response = await app.inject({ method: "GET", url: "/bigint" });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ ok: false, error: { code: "GATEWAY_INTERNAL_ERROR" } });
  });

  it("answers a URL fastify's router cannot decode with 400 GATEWAY_BAD_REQUEST", async () => {
    const app = Fastify({ ...fastifyErrorOptions });
    installErrorShape(app, createHostLogger({ level: "silent" }));
    app.get("/:id", async () => "ok");
    const response = await app.inject({ method: "GET", url: "/%zz" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ ok: false, error: { code: "GATEWAY_BAD_REQUEST" } });
  });
});
