import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCliContext } from "../src/cli-context.js";
import { type CommandNode, describeCommandTree } from "../src/shell/command-tree.js";
import { createSandbox, type Sandbox } from "./cli-harness.js";

/** Arguments that make each command runnable offline; a command missing here fails with a usage error. */
const ARGS: Record<string, string[]> = {
  "plugins info": ["nope"],
  "plugins reload": ["nope"],
  "plugins why": ["nope"],
  "plugins install": ["./no-such-dir"],
  "plugins update": ["nope"],
  "plugins uninstall": ["nope"],
  "plugins enable": ["greeter"],
  "plugins disable": ["greeter"],
  "plugins new": ["scaffolded"],
  "gateway call": ["health"],
  "hooks enable": ["x"],
  "hooks disable": ["x"],
  "greeter hello": ["Ada"],
  agent: ["--message", "hi"],
  "sessions show": ["main"],
  "sessions reset": ["main"],
  "approvals approve": ["some-approval-id"],
  "approvals deny": ["some-approval-id"],
  "approvals revoke": ["some-entry-id"],
  "models auth login": ["--provider", "nope"],
  "config get": ["plugins.entries.greeter.enabled"],
  "config set": ["gateway.port", "18790"],
  "config unset": ["gateway.port"],
};
/** Runs forever by design (the server); covered by the e2e gateway test. */
const LONG_RUNNING = new Set(["gateway"]);

function leaves(node: CommandNode, path: string[] = []): string[][] {
  if (node.children.length === 0) return [path];
  const own = path.length > 0 && node.name === "gateway" ? [path] : [];
  return [...own, ...node.children.flatMap((c) => leaves(c, [...path, c.name]))];
}

let sandbox: Sandbox;
let commands: string[][];
beforeAll(async () => {
  sandbox = createSandbox();
  const ctx = createCliContext({ version: "0.0.0", env: sandbox.env, cwd: sandbox.dir });
  commands = leaves(await describeCommandTree(ctx)).filter(
    (p) => p[0] !== "help" && !LONG_RUNNING.has(p.join(" ")),
  );
});
afterAll(() => sandbox.cleanup());

describe("--json on every command", () => {
  it("covers core and plugin commands", () => {
    const names = commands.map((c) => c.join(" "));
    expect(names).toEqual(
      expect.arrayContaining(["plugins list", "config schema", "completion", "greeter hello"]),
    );
  });

  it("prints exactly one JSON document on stdout, errors as { ok: false, error: { code, message } }", async () => {
    const config = readFileSync(sandbox.configPath, "utf8");
    for (const path of commands) {
      const name = path.join(" ");
      writeFileSync(sandbox.configPath, config); // `plugins disable greeter` must not hide `greeter`
      const run = await sandbox.run([...path, ...(ARGS[name] ?? []), "--json"]);
      let parsed: { ok?: boolean; error?: { code?: string; message?: string } };
      try {
        parsed = JSON.parse(run.stdout);
      } catch {
        throw new Error(`${name} --json printed non-JSON (exit ${run.code}): ${run.stdout.slice(0, 200)}`);
      }
      expect(run.stderr, name).not.toMatch(/^error/m);
      if (run.code !== 0) {
        expect(run.code, `${name}: a usage error means ARGS lacks an entry: ${run.stdout}`).not.toBe(2);
        expect(parsed, name).toMatchObject({
          ok: false,
          error: { code: expect.any(String), message: expect.any(String) },
        });
      }
    }
  });
});
