import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LegacyHookHandler, OpenClawPluginApi } from "../src/core.js";
import { registerPluginHooksFromDir } from "../src/core.js";

interface Recorded {
  events: string[];
  handler: LegacyHookHandler;
  name: string | undefined;
}

function fakeApi(rootDir: string, config: Record<string, unknown> = {}) {
  const hooks: Recorded[] = [];
  const logs: string[] = [];
  const log = (message: string) => logs.push(message);
  const api = {
    source: join(rootDir, "index.ts"),
    rootDir,
    config,
    logger: { info: log, warn: log, error: log, debug: log },
    registerHook: (events: string | string[], handler: LegacyHookHandler, opts?: { name?: string }) =>
      hooks.push({ events: [events].flat(), handler, name: opts?.name }),
  } as unknown as OpenClawPluginApi;
  return { api, hooks, logs };
}

function writeHook(
  root: string,
  name: string,
  frontMatter: string,
  handler = "export default (e) => ({ seen: e.type });",
) {
  const dir = join(root, "hooks", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "HOOK.md"), `---\n${frontMatter}\n---\n\n# ${name}\n`);
  writeFileSync(join(dir, "handler.mjs"), handler);
}

describe("registerPluginHooksFromDir", () => {
  it("registers each HOOK.md directory under its name and events, importing the handler on first use", async () => {
    const root = mkdtempSync(join(tmpdir(), "oc-hooks-"));
    writeHook(
      root,
      "session-memory",
      'name: session-memory\ndescription: "Saves"\nmetadata:\n  openclaw:\n    events: ["command:new"]',
    );
    const { api, hooks } = fakeApi(root);
    const result = registerPluginHooksFromDir(api, "./hooks");
    expect(result).toEqual({ hooks: ["session-memory"], skipped: [], errors: [] });
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.events).toEqual(["command:new"]);
    await expect(hooks[0]?.handler({ type: "command:new" })).resolves.toEqual({ seen: "command:new" });
  });

  it("skips hooks whose OS, binary, env or config requirements are unmet, and runs `always` hooks", () => {
    const root = mkdtempSync(join(tmpdir(), "oc-hooks-"));
    const ev = '    events: ["gateway:startup"]';
    writeHook(
      root,
      "a-needs-bin",
      `metadata:\n  openclaw:\n${ev}\n    requires:\n      bins: ["definitely-not-a-binary-xyz"]`,
    );
    writeHook(
      root,
      "b-needs-env",
      `metadata:\n  openclaw:\n${ev}\n    requires:\n      env: ["OPENCLAW_TEST_UNSET_VAR_XYZ"]`,
    );
    writeHook(
      root,
      "c-needs-config",
      `metadata:\n  openclaw:\n${ev}\n    requires:\n      config: ["workspace.dir"]`,
    );
    writeHook(root, "d-other-os", `metadata:\n  openclaw:\n${ev}\n    os: ["plan9"]`);
    writeHook(root, "e-always", `metadata:\n  openclaw:\n${ev}\n    always: true\n    os: ["plan9"]`);
    const { api, hooks } = fakeApi(root);
    const result = registerPluginHooksFromDir(api, "hooks");
    expect(result.hooks).toEqual(["e-always"]);
    expect(result.skipped.map((s) => s.name)).toEqual([
      "a-needs-bin",
      "b-needs-env",
      "c-needs-config",
      "d-other-os",
    ]);
    expect(result.skipped[2]?.reason).toBe("needs config workspace.dir");
    expect(hooks.map((h) => h.name)).toEqual(["e-always"]);
  });

  it("reports a hook with no events or no handler, and a broken handler fails only its own call", async () => {
    const root = mkdtempSync(join(tmpdir(), "oc-hooks-"));
    writeHook(root, "no-events", "name: no-events");
    mkdirSync(join(root, "hooks", "no-handler"), { recursive: true });
    writeFileSync(join(root, "hooks", "no-handler", "HOOK.md"), "---\nevents: [x]\n---\n");
    writeHook(root, "wrong-export", "events: [command:new]", "export const nothing = 1;");
    const { api, hooks } = fakeApi(root);
    const result = registerPluginHooksFromDir(api, "hooks");
    expect(result.errors).toHaveLength(2);
    expect(result.errors.join("\n")).toMatch(/no-events.*declares no events/);
    expect(result.errors.join("\n")).toMatch(/no-handler.*has no handler/);
    await expect(hooks[0]?.handler({})).rejects.toThrow(/does not export a default function/);
  });

  it("logs a missing directory instead of throwing", () => {
    const root = mkdtempSync(join(tmpdir(), "oc-hooks-"));
    const { api, logs } = fakeApi(root);
    expect(registerPluginHooksFromDir(api, "./nope").hooks).toEqual([]);
    expect(logs.join()).toMatch(/hooks directory not found/);
  });
});
