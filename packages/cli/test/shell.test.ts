import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listErrorCodes, OpenClawError } from "@openclaw/plugin-sdk/core";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_NOT_FOUND, exitCodeFor } from "../src/render-error.js";
import { createSandbox, type Sandbox } from "./cli-harness.js";

let sandbox: Sandbox | undefined;
afterEach(() => {
  sandbox?.cleanup();
  sandbox = undefined;
});

function json(text: string): { ok?: boolean; error?: { code: string; message: string; hint?: string } } {
  return JSON.parse(text) as { ok?: boolean; error?: { code: string; message: string; hint?: string } };
}

describe("help and version, the same for core and plugin commands", () => {
  it("bare openclaw, -h, --help and help print the same help with plugin commands, exit 0", async () => {
    sandbox = createSandbox();
    const runs = await Promise.all(
      [[], ["-h"], ["--help"], ["help"]].map((argv) => (sandbox as Sandbox).run(argv)),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe(runs[0]?.stdout);
    }
    expect(runs[0]?.stdout).toMatch(/openclaw plugins\s+Discover/);
    expect(runs[0]?.stdout).toMatch(/openclaw greeter\s+Greets through the gateway/);
  });

  it("help <cmd> equals <cmd> --help and <cmd> -h, for a core and a plugin command", async () => {
    sandbox = createSandbox();
    for (const cmd of [["plugins"], ["greeter"], ["plugins", "install"], ["greeter", "hello"]]) {
      const [viaHelp, viaLong, viaShort] = await Promise.all([
        sandbox.run(["help", ...cmd]),
        sandbox.run([...cmd, "--help"]),
        sandbox.run([...cmd, "-h"]),
      ]);
      expect(viaHelp?.code, cmd.join(" ")).toBe(0);
      expect(viaHelp?.stdout).toBe(viaLong?.stdout);
      expect(viaShort?.stdout).toBe(viaLong?.stdout);
      expect(viaLong?.stdout).toMatch(/--json/);
    }
  });

  it("--version prints the version for core and plugin commands", async () => {
    sandbox = createSandbox();
    const version = (
      JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
    ).version;
    for (const argv of [["--version"], ["greeter", "--version"]]) {
      const run = await sandbox.run(argv);
      expect(run).toMatchObject({ code: 0, stdout: version });
    }
  });
});

describe("strict parsing: usage errors come before any side effect", () => {
  it("uninstall x --keep-confg exits 2 with CLI_USAGE and leaves the config and the plugin untouched", async () => {
    sandbox = createSandbox({
      config: { plugins: { installs: { x: { source: "path", installPath: "/nonexistent" } } } },
    });
    const before = readFileSync(sandbox.configPath, "utf8");
    const run = await sandbox.run(["plugins", "uninstall", "x", "--keep-confg"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error [CLI_USAGE]: Unknown argument: --keep-confg");
    expect(run.stderr).toContain("openclaw plugins uninstall --help");
    expect(readFileSync(sandbox.configPath, "utf8")).toBe(before);
  });

  it("an unknown flag on a plugin command exits 2 before its action calls the gateway", async () => {
    sandbox = createSandbox();
    const run = await sandbox.run(["greeter", "hello", "Ada", "--lowd"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error [CLI_USAGE]: unknown option '--lowd'");
    expect(run.stderr).not.toContain("GATEWAY_UNREACHABLE");
  });

  it("gateway --port abc is CLI_USAGE before any plugin is imported", async () => {
    sandbox = createSandbox();
    const run = await sandbox.run(["gateway", "--port", "abc"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error [CLI_USAGE]: --port must be an integer from 0 to 65535");
    expect(existsSync(sandbox.importMarker)).toBe(false);
  });
});

describe("--json on every command, errors included", () => {
  it("renders a usage error as { ok: false, error } on stdout with exit 2 and nothing on stderr", async () => {
    sandbox = createSandbox();
    for (const argv of [
      ["plugins", "uninstall", "x", "--keep-confg", "--json"],
      ["greeter", "hello", "--json"],
    ]) {
      const run = await sandbox.run(argv);
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.stderr).toBe("");
      expect(json(run.stdout)).toMatchObject({ ok: false, error: { code: "CLI_USAGE" } });
    }
  });

  it("a plugin action's coded error keeps its exit status and renders the same way as a core one", async () => {
    sandbox = createSandbox();
    const [plugin, core] = await Promise.all([
      sandbox.run(["greeter", "missing"]),
      sandbox.run(["plugins", "info", "nope"]),
    ]);
    expect(plugin.code).toBe(EXIT_NOT_FOUND);
    expect(core.code).toBe(EXIT_NOT_FOUND);
    expect(plugin.stderr).toBe("error [PLUGIN_NOT_FOUND]: nothing here\nhint: try another");
    expect(core.stderr).toMatch(/^error \[PLUGIN_NOT_FOUND\]: plugin not found: nope\nhint: /);
    const asJson = await sandbox.run(["greeter", "missing", "--json"]);
    expect(asJson.code).toBe(EXIT_NOT_FOUND);
    expect(json(asJson.stdout)).toEqual({
      ok: false,
      error: { code: "PLUGIN_NOT_FOUND", message: "nothing here", hint: "try another" },
    });
  });

  it("no gateway: plugin and core commands both exit 4 with GATEWAY_UNREACHABLE as JSON", async () => {
    sandbox = createSandbox();
    for (const argv of [
      ["greeter", "hello", "Ada", "--json"],
      ["plugins", "status", "--json"],
    ]) {
      const run = await sandbox.run(argv);
      expect(run.code, argv.join(" ")).toBe(4);
      expect(json(run.stdout).error?.code).toBe("GATEWAY_UNREACHABLE");
    }
  });

  it("accepts the global flags before the command word, for plugin commands too", async () => {
    sandbox = createSandbox();
    const plugin = await sandbox.run(["--json", "greeter", "missing"]);
    expect(plugin.code).toBe(EXIT_NOT_FOUND);
    expect(json(plugin.stdout).error?.code).toBe("PLUGIN_NOT_FOUND");
    const core = await sandbox.run(["--log-format", "json", "--json", "plugins", "info", "nope"]);
    expect(core.code).toBe(EXIT_NOT_FOUND);
    expect(json(core.stdout).error?.code).toBe("PLUGIN_NOT_FOUND");
  });

  it("enable and disable print JSON with --json", async () => {
    sandbox = createSandbox();
    const run = await sandbox.run(["plugins", "disable", "greeter", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, id: "greeter", enabled: false });
  });
});

describe("codes and exit statuses", () => {
  it("every code whose status is 404 exits 3 (not found), as docs/cli.md says", () => {
    const notFound = listErrorCodes().filter((c) => c.status === 404);
    expect(notFound.map((c) => c.code)).toContain("INSTALL_PACKAGE_NOT_FOUND");
    for (const { code } of notFound) {
      expect(exitCodeFor(new OpenClawError(code as "PLUGIN_NOT_FOUND", code)), code).toBe(EXIT_NOT_FOUND);
    }
  });

  it("config validate without a config file is CONFIG_NOT_FOUND (exit 3), never 'Config valid'", async () => {
    sandbox = createSandbox({ withPlugin: false });
    const run = await sandbox.run(["config", "validate"]);
    expect(run.code).toBe(3);
    expect(run.stdout).not.toContain("Config valid");
    expect(run.stderr).toContain("error [CONFIG_NOT_FOUND]");
    expect(existsSync(join(sandbox.stateDir, "openclaw.json"))).toBe(false);
  });
});
