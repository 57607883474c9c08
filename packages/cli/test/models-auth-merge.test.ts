import { describe, expect, it } from "vitest";
import { mergeConfigPatch } from "../src/models-auth.js";

describe("mergeConfigPatch (a provider's configPatch over the config)", () => {
  it("merges nested objects and never lets a __proto__ key replace a prototype", () => {
    const patch = JSON.parse(
      '{"models":{"providers":{"acme":{"baseUrl":"http://x"}}},"__proto__":{"polluted":true}}',
    );
    const merged = mergeConfigPatch({ models: { providers: { other: { baseUrl: "http://y" } } } }, patch);
    expect(merged.models).toEqual({
      providers: { other: { baseUrl: "http://y" }, acme: { baseUrl: "http://x" } },
    });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.hasOwn(merged, "__proto__")).toBe(true);
  });
});
