import { describe, expect, it } from "vitest";
import {
  defineErrorCodes,
  emptyPluginConfigSchema,
  errorCodeInfo,
  errorMessage,
  isOpenClawError,
  OpenClawError,
  statusOf,
} from "../src/core.js";
import { isE164, normalizeE164 } from "../src/voice.js";

describe("OpenClawError", () => {
  it("carries code, hint and details and serialises without stack", () => {
    const error = new OpenClawError("PLUGIN_NOT_FOUND", "plugin not found: x", {
      hint: "list them",
      details: { id: "x" },
    });
    expect(error.toJSON()).toEqual({
      code: "PLUGIN_NOT_FOUND",
      message: "plugin not found: x",
      hint: "list them",
      details: { id: "x" },
    });
    expect(error.status).toBe(404);
    expect(JSON.stringify(error)).not.toContain("at ");
  });

  it("is recognised by brand across module instances", () => {
    const foreign = Object.assign(new Error("x"), { code: "PLUGIN_NOT_FOUND" });
    expect(isOpenClawError(foreign)).toBe(false);
    const own = new OpenClawError("CLI_USAGE", "bad");
    expect(isOpenClawError(own, "CLI_USAGE")).toBe(true);
    expect(isOpenClawError(own, "PLUGIN_NOT_FOUND")).toBe(false);
  });

  it("rebuilds a wire error, keeping a well-formed plugin code and replacing a malformed one", () => {
    const plugin = OpenClawError.fromJSON(
      { code: "ACME_THING_FAILED" as never, message: "m" },
      "GATEWAY_METHOD_FAILED",
    );
    expect(plugin.code).toBe("ACME_THING_FAILED");
    const junk = OpenClawError.fromJSON({ code: "<script>" as never, message: "m" }, "GATEWAY_METHOD_FAILED");
    expect(junk.code).toBe("GATEWAY_METHOD_FAILED");
  });
});

describe("error code registry", () => {
  it("registers a plugin's codes with owner, status and a hint template filled from details", () => {
    const set = defineErrorCodes("@acme/weather", "WEATHER_", {
      WEATHER_CITY_UNKNOWN: { status: 404, summary: "No forecast for this city.", hint: "Check {city}." },
    });
    expect(errorCodeInfo("WEATHER_CITY_UNKNOWN")).toMatchObject({ owner: "@acme/weather", status: 404 });
    const error = set.error("WEATHER_CITY_UNKNOWN", "no such city", { details: { city: "Atlantis" } });
    expect(error.code).toBe("WEATHER_CITY_UNKNOWN");
    expect(error.hint).toBe("Check Atlantis.");
    expect(error.status).toBe(404);
    expect(statusOf(set.codes.WEATHER_CITY_UNKNOWN)).toBe(404);
  });

  it("refuses a plugin redefining a core code, another owner's code, or a code outside its prefix", () => {
    expect(() =>
      defineErrorCodes("@evil/x", "PLUGIN_", { PLUGIN_NOT_FOUND: { status: 200 + 300, summary: "x" } }),
    ).toThrow(/already declared by @openclaw\/plugin-loader/);
    defineErrorCodes("@a/one", "ONE_", { ONE_BAD: { status: 400, summary: "x" } });
    expect(() => defineErrorCodes("@b/two", "ONE_", { ONE_BAD: { status: 400, summary: "x" } })).toThrow(
      /@a\/one/,
    );
    expect(() =>
      defineErrorCodes("@c/three", "THREE_", { OTHER_BAD: { status: 400, summary: "x" } }),
    ).toThrow(/must start with THREE_/);
    expect(() =>
      defineErrorCodes("@c/three", "THREE_", { THREE_BAD: { status: 200, summary: "x" } }),
    ).toThrow(/400–599/);
  });

  it("answers 500 for a code nobody registered", () => {
    expect(statusOf("NOBODY_KNOWS_THIS")).toBe(500);
  });
});

describe("emptyPluginConfigSchema", () => {
  it("accepts undefined and {} and refuses anything else", () => {
    const schema = emptyPluginConfigSchema();
    expect(schema.safeParse(undefined).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(true);
    expect(schema.safeParse({ a: 1 }).success).toBe(false);
    expect(schema.safeParse("x").success).toBe(false);
    expect(schema.jsonSchema).toEqual({ type: "object", additionalProperties: false, properties: {} });
  });
});

describe("E.164 helpers", () => {
  it.each([
    ["+15550001234", true],
    ["15550001234", false],
    ["+0123", false],
    ["+1234567890123456", false],
  ])("isE164(%s) is %s", (value, expected) => expect(isE164(value)).toBe(expected));

  it("normalises spaced and 00-prefixed input", () => {
    expect(normalizeE164("+1 (555) 000-1234")).toBe("+15550001234");
    expect(normalizeE164("0044 20 7946 0000")).toBe("+442079460000");
    expect(normalizeE164("555-1234")).toBeUndefined();
  });
});

describe("errorMessage and isOpenClawError on hostile thrown values", () => {
  const trapped = () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error("get trap");
        },
        getPrototypeOf() {
          throw new Error("prototype trap");
        },
      },
    );

  it("never throw for a Proxy whose traps throw, a throwing message getter or toString", () => {
    const badMessage = Object.create(Error.prototype, {
      message: {
        get() {
          throw new Error("getter");
        },
      },
    });
    const badToString = {
      toJSON() {
        throw new Error("toJSON");
      },
      toString() {
        throw new Error("toString");
      },
    };
    for (const value of [trapped(), badMessage, badToString]) {
      expect(typeof errorMessage(value)).toBe("string");
      expect(isOpenClawError(value)).toBe(false);
    }
    expect(errorMessage(null)).toBe("null");
    expect(errorMessage(new Error("plain"))).toBe("plain");
  });
});
