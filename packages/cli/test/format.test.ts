import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { describe, expect, it } from "vitest";
import { formatIssues } from "../src/format-issues.js";
import { exitCodeFor, renderError } from "../src/render-error.js";
import { wrap } from "../src/wrap.js";

describe("wrap", () => {
  it("keeps every line within the width, indenting continuations", () => {
    const text = `- warn ${"word ".repeat(40)}end`;
    const lines = wrap(text, 80, 4).split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]?.startsWith("    ")).toBe(true);
  });
});

describe("formatIssues", () => {
  it("puts errors first with their code, path and fix", () => {
    const text = formatIssues([
      { level: "warn", code: "PLUGIN_BLOCKED", path: "plugins", message: "w" },
      {
        level: "error",
        code: "PLUGIN_NOT_FOUND",
        path: "plugins.entries.x",
        message: "plugin not found: x",
        hint: 'Did you mean "y"?',
      },
    ]);
    expect(text.split("\n")).toEqual([
      "error [PLUGIN_NOT_FOUND] plugins.entries.x: plugin not found: x",
      '      fix: Did you mean "y"?',
      "warn  [PLUGIN_BLOCKED] plugins: w",
    ]);
  });
});

describe("renderError", () => {
  it("prints code, message and hint without a stack, and maps exit statuses", () => {
    const error = new OpenClawError("GATEWAY_UNREACHABLE", "no gateway", { hint: "start it" });
    expect(renderError(error)).toBe("error [GATEWAY_UNREACHABLE]: no gateway\nhint: start it");
    expect(exitCodeFor(error)).toBe(4);
    expect(exitCodeFor(new OpenClawError("PLUGIN_NOT_FOUND", "x"))).toBe(3);
    expect(exitCodeFor(new OpenClawError("CLI_USAGE", "x"))).toBe(2);
    expect(renderError(new Error("boom"), false)).not.toContain("at ");
  });
});
