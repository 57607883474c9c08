import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "./cli-harness.js";

let sandbox: Sandbox | undefined;
afterEach(() => {
  sandbox?.cleanup();
  sandbox = undefined;
});

/** Runs the generated bash completion for the words typed so far (the last one may be partial). */
function complete(script: string, words: string[]): string[] {
  const file = join((sandbox as Sandbox).dir, "openclaw.bash");
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const out = execFileSync(
    "bash",
    [
      "-c",
      `source ${file}; COMP_WORDS=(openclaw ${quoted}); COMP_CWORD=${words.length}; _openclaw; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: "utf8" },
  );
  return out.split("\n").filter(Boolean);
}

describe("openclaw completion", () => {
  it("bash: completes core commands, plugin commands and their subcommands and flags", async () => {
    sandbox = createSandbox();
    const run = await sandbox.run(["completion", "bash"]);
    expect(run.code).toBe(0);
    expect(complete(run.stdout, [""])).toEqual(
      expect.arrayContaining(["plugins", "gateway", "config", "greeter", "completion"]),
    );
    expect(complete(run.stdout, ["plugins", "in"])).toEqual(["info", "install"]);
    expect(complete(run.stdout, ["plugins", "install", "--"])).toEqual(
      expect.arrayContaining(["--link", "--pin", "--force", "--json"]),
    );
    expect(complete(run.stdout, ["greeter", ""])).toEqual(expect.arrayContaining(["hello", "missing"]));
    expect(complete(run.stdout, ["greeter", "hello", "Ada", "--l"])).toEqual(["--log-format", "--loud"]);
    expect(complete(run.stdout, ["gateway", "--p"])).toEqual(["--port"]);
  });

  it("zsh and fish scripts cover the same commands and pass their shells' syntax check", async () => {
    sandbox = createSandbox();
    for (const shell of ["zsh", "fish"]) {
      const run = await sandbox.run(["completion", shell]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("greeter");
      expect(run.stdout).toContain("uninstall");
      const file = join(sandbox.dir, `openclaw.${shell}`);
      writeFileSync(file, run.stdout);
      // .ci/run installs zsh and fish; locally: apt-get install zsh fish.
      const check = spawnSync(shell, ["-n", file], { encoding: "utf8" });
      expect(check.error, `${shell} is not installed`).toBeUndefined();
      expect(check.status, check.stderr).toBe(0);
    }
    const fish = join(sandbox.dir, "openclaw.fish");
    const candidates = (line: string) =>
      execFileSync("fish", ["-c", `source ${fish}; complete -C '${line}'`], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]);
    expect(candidates("openclaw greeter ")).toEqual(["hello", "missing"]);
    expect(candidates("openclaw plugins in")).toEqual(["info", "install"]);
  });

  it("an unknown shell is a usage error", async () => {
    sandbox = createSandbox();
    const run = await sandbox.run(["completion", "powershell"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("CLI_USAGE");
  });
});
