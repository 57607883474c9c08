import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, emptyPluginConfigSchema, isOpenClawError, OpenClawError } from "../src/core.js";
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

  it("has every code documented in docs/errors.md", () => {
    const doc = readFileSync(new URL("../../../docs/errors.md", import.meta.url), "utf8");
    for (const code of Object.keys(ERROR_CODES))
      expect(doc, code).toMatch(new RegExp(`\\| \`${code}\`\\s+\\|`));
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
