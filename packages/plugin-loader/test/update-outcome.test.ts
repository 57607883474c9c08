import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isOpenClawErrorCode } from "@openclaw/plugin-sdk/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updatePlugins } from "../src/install/update.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
let savedTmp: string | undefined;
beforeEach(() => {
  sb = createSandbox();
  savedTmp = process.env.TMPDIR;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  sb.cleanup();
});

describe("update outcomes", () => {
  it("report a registry code, never a raw Node code, when the install fails on the file system", async () => {
    // A stand-in `npm` that resolves every spec to a newer version, then a temp dir that does not exist:
    // the install fails with Node's own ENOENT.
    const bin = join(sb.root, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "npm"),
      `#!/bin/sh\necho '{"name":"demo","version":"2.0.0","dist.integrity":"sha512-x"}'\n`,
    );
    chmodSync(join(bin, "npm"), 0o755);
    process.env.TMPDIR = join(sb.root, "no-such-tmp");
    const result = await updatePlugins({
      ids: ["demo"],
      config: { plugins: { installs: { demo: { source: "npm", spec: "demo", version: "1.0.0" } } } },
      extensionsDir: sb.globalDir,
      cwd: sb.root,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const outcome = result.outcomes[0];
    expect(outcome).toMatchObject({ id: "demo", status: "failed", code: "INSTALL_FAILED" });
    expect(outcome?.status === "failed" && isOpenClawErrorCode(outcome.code)).toBe(true);
    expect(outcome?.status === "failed" && outcome.message).toContain("ENOENT");
  });

  it("raise INSTALL_INTEGRITY_DRIFT when the same version now has other bytes and it is not accepted", async () => {
    // A stand-in `npm view` answering the installed version with a different integrity.
    const bin = join(sb.root, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "npm"),
      `#!/bin/sh\necho '{"name":"demo","version":"1.0.0","dist.integrity":"sha512-new"}'\n`,
    );
    chmodSync(join(bin, "npm"), 0o755);
    const installs = {
      demo: { source: "npm" as const, spec: "demo", version: "1.0.0", integrity: "sha512-old" },
    };
    const options = {
      ids: ["demo"],
      config: { plugins: { installs } },
      extensionsDir: sb.globalDir,
      cwd: sb.root,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    };
    const refused = await updatePlugins({ ...options, confirmDrift: async () => false });
    expect(refused.outcomes[0]).toMatchObject({
      status: "drift",
      applied: false,
      expected: "sha512-old",
      actual: "sha512-new",
      error: { code: "INSTALL_INTEGRITY_DRIFT", details: { id: "demo", version: "1.0.0" } },
    });
    expect(refused.changed).toBe(false);
    const dry = await updatePlugins({ ...options, dryRun: true });
    expect(dry.outcomes[0]).toMatchObject({ status: "drift", applied: false });
    expect(dry.outcomes[0]).not.toHaveProperty("error");
  });
});
