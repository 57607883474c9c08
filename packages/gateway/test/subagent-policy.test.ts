import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { authorizeModelOverride, subagentPolicy } from "../src/agent/subagent-policy.js";

const config = (subagent: unknown): OpenClawConfig =>
  ({
    agents: { defaults: { model: "fake/m1" } },
    plugins: { entries: { p: { subagent } } },
  }) as unknown as OpenClawConfig;

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("subagent override policy (plugins.entries.<id>.subagent)", () => {
  it("normalises: booleans only, arrays only, entries trimmed, invalid entries dropped", () => {
    expect(subagentPolicy(config({ allowModelOverride: "true", allowedModels: "a/b" }), "p")).toEqual({
      allowModelOverride: false,
      allowAnyModel: false,
      hasAllowedModels: false,
      allowedModels: new Set(),
    });
    const policy = subagentPolicy(
      config({ allowModelOverride: true, allowedModels: [" a/b ", "", "nope", "/x", "y/", 7, "*"] }),
      "p",
    );
    expect(policy).toEqual({
      allowModelOverride: true,
      allowAnyModel: true,
      hasAllowedModels: true,
      allowedModels: new Set(["a/b"]),
    });
    expect(subagentPolicy(config(undefined), "other").allowModelOverride).toBe(false);
  });

  it("allows a run without override whatever the policy", () => {
    expect(authorizeModelOverride(config(undefined), "p", {})).toBeUndefined();
    expect(authorizeModelOverride(config(undefined), "p", { provider: " ", model: "" })).toBeUndefined();
  });

  it("refuses any override without allowModelOverride, even with allowedModels", () => {
    for (const requested of [{ model: "fake/m2" }, { provider: "fake" }, { model: "m2" }]) {
      expect(codeOf(() => authorizeModelOverride(config({ allowedModels: ["*"] }), "p", requested))).toBe(
        "AGENT_SUBAGENT_OVERRIDE_FORBIDDEN",
      );
    }
  });

  it("resolves the requested reference against the default model before checking the allowlist", () => {
    const trusted = config({ allowModelOverride: true, allowedModels: ["fake/m2", "other/m1"] });
    expect(authorizeModelOverride(trusted, "p", { model: "m2" })).toBe("fake/m2");
    expect(authorizeModelOverride(trusted, "p", { provider: "other" })).toBe("other/m1");
    expect(authorizeModelOverride(trusted, "p", { provider: "fake", model: "m2" })).toBe("fake/m2");
    expect(codeOf(() => authorizeModelOverride(trusted, "p", { model: "fake/m1" }))).toBe(
      "AGENT_SUBAGENT_MODEL_NOT_ALLOWED",
    );
  });

  it("unset allowedModels or * allows any; a list with no valid entry allows none", () => {
    expect(authorizeModelOverride(config({ allowModelOverride: true }), "p", { model: "x/y" })).toBe("x/y");
    const star = config({ allowModelOverride: true, allowedModels: ["*"] });
    expect(authorizeModelOverride(star, "p", { model: "x/y" })).toBe("x/y");
    for (const allowedModels of [[], ["bad"]]) {
      const none = config({ allowModelOverride: true, allowedModels });
      expect(codeOf(() => authorizeModelOverride(none, "p", { model: "fake/m1" }))).toBe(
        "AGENT_SUBAGENT_MODEL_NOT_ALLOWED",
      );
    }
  });
});
