import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "./cli-harness.js";

let sandbox: Sandbox | undefined;
afterEach(() => {
  sandbox?.cleanup();
  sandbox = undefined;
});

const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("openclaw plugins new", () => {
  it("writes a manifest with schema and uiHints, an entry, a test and a package.json for install -l", async () => {
    sandbox = createSandbox({ withPlugin: false });
    const run = await sandbox.run(["plugins", "new", "@acme/openclaw-weather"]);
    expect(run.code, run.stderr).toBe(0);
    const dir = join(sandbox.dir, "weather");
    const manifest = read(join(dir, "openclaw.plugin.json"));
    expect(manifest).toMatchObject({
      id: "weather",
      configSchema: { type: "object", additionalProperties: false },
    });
    expect(Object.keys(manifest.uiHints)).toEqual(Object.keys(manifest.configSchema.properties));
    const pkg = read(join(dir, "package.json"));
    expect(pkg).toMatchObject({
      name: "@acme/openclaw-weather",
      type: "module",
      openclaw: { extensions: ["./src/index.ts"] },
      devDependencies: { "@openclaw/plugin-sdk": expect.stringMatching(/^\^\d+\.\d+\.\d+$/) },
    });
    expect(readFileSync(join(dir, "src/index.ts"), "utf8")).toContain('id: "weather"');
    expect(readFileSync(join(dir, "src/index.test.ts"), "utf8")).toContain("@openclaw/plugin-sdk/testing");
  });

  it("records a packed SDK tarball as a file: dependency", async () => {
    sandbox = createSandbox({ withPlugin: false });
    const tarball = join(sandbox.dir, "openclaw-plugin-sdk-0.1.0.tgz");
    writeFileSync(tarball, "");
    const run = await sandbox.run(["plugins", "new", "hello", "--sdk", tarball]);
    expect(run.code, run.stderr).toBe(0);
    expect(read(join(sandbox.dir, "hello/package.json")).devDependencies["@openclaw/plugin-sdk"]).toBe(
      `file:${tarball}`,
    );
  });

  it("refuses a missing or garbled --sdk, and a non-empty directory, writing nothing", async () => {
    sandbox = createSandbox({ withPlugin: false });
    for (const sdk of ["./missing.tgz", "build output\n/x.tgz"]) {
      const run = await sandbox.run(["plugins", "new", "hello", "--sdk", sdk]);
      expect(run.code, sdk).toBe(2);
      expect(run.stderr).toContain("CLI_USAGE");
      expect(existsSync(join(sandbox.dir, "hello"))).toBe(false);
    }
    mkdirSync(join(sandbox.dir, "busy"));
    writeFileSync(join(sandbox.dir, "busy/keep.txt"), "mine");
    const busy = await sandbox.run(["plugins", "new", "busy"]);
    expect(busy.code).toBe(2);
    expect(readFileSync(join(sandbox.dir, "busy/keep.txt"), "utf8")).toBe("mine");
  });
});
