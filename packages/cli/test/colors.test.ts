import { afterEach, describe, expect, it } from "vitest";
import { colorEnabled } from "../src/shell/colors.js";
import { createSandbox, type Sandbox } from "./cli-harness.js";

/** An ANSI SGR escape (ESC [ n m), built from its code point so the regex has no control character. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`);

let sandbox: Sandbox | undefined;
afterEach(() => {
  sandbox?.cleanup();
  sandbox = undefined;
});

describe("colour decision (no-color.org, force-color.org)", () => {
  it.each([
    [{}, true, undefined, true],
    [{}, false, undefined, false],
    [{ TERM: "dumb" }, true, undefined, false],
    [{ NO_COLOR: "1" }, true, undefined, false],
    [{ NO_COLOR: "" }, true, undefined, true],
    [{ FORCE_COLOR: "1" }, false, undefined, true],
    [{ FORCE_COLOR: "0" }, true, undefined, false],
    [{ FORCE_COLOR: "" }, false, undefined, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, undefined, true],
    [{ FORCE_COLOR: "1" }, true, false, false],
    [{ NO_COLOR: "1" }, false, true, true],
  ])("env %j, tty %s, flag %s -> %s", (env, tty, flag, expected) => {
    expect(colorEnabled(env, tty, flag)).toBe(expected);
  });
});

describe("coloured output end to end", () => {
  it("colours errors and the plugin list with FORCE_COLOR, not with NO_COLOR or --no-color, never in --json", async () => {
    sandbox = createSandbox();
    const forced = await sandbox.run(["plugins", "info", "nope"], { FORCE_COLOR: "1" });
    expect(forced.stderr).toMatch(ANSI);
    const list = await sandbox.run(["plugins", "list"], { FORCE_COLOR: "1" });
    expect(list.stdout).toMatch(ANSI);
    expect((await sandbox.run(["plugins", "info", "nope"], { NO_COLOR: "1" })).stderr).not.toMatch(ANSI);
    expect(
      (await sandbox.run(["plugins", "info", "nope", "--no-color"], { FORCE_COLOR: "1" })).stderr,
    ).not.toMatch(ANSI);
    const json = await sandbox.run(["plugins", "list", "--json"], { FORCE_COLOR: "1" });
    expect(json.stdout).not.toMatch(ANSI);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});
