import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packAll, repoRoot } from "./helpers.js";

let dir: string;
let tarballs: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "openclaw-packs-"));
  tarballs = packAll(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bin = (name: string) => join(repoRoot, "node_modules/.bin", name);

describe("published packages", () => {
  it("pack clean under publint --strict", () => {
    for (const file of tarballs) {
      expect(
        () => execFileSync(bin("publint"), ["run", file, "--strict"], { encoding: "utf8", stdio: "pipe" }),
        basename(file),
      ).not.toThrow();
    }
  });

  it("have correct types under arethetypeswrong (ESM-only profile)", () => {
    for (const file of tarballs) {
      expect(
        () => execFileSync(bin("attw"), [file, "--profile", "esm-only"], { encoding: "utf8", stdio: "pipe" }),
        basename(file),
      ).not.toThrow();
    }
  });

  it("rewrite workspace: dependencies to real versions", () => {
    const cli = tarballs.find((file) => /^openclaw-\d/.test(basename(file)));
    const out = execFileSync("tar", ["-xOzf", cli as string, "package/package.json"], {
      encoding: "utf8",
    });
    const pkg = JSON.parse(out) as { name: string; dependencies: Record<string, string> };
    expect(pkg.name).toBe("openclaw");
    expect(Object.values(pkg.dependencies).some((v) => v.startsWith("workspace:"))).toBe(false);
  });

  it("each ship the repository's LICENSE", () => {
    const license = readFileSync(join(repoRoot, "LICENSE"), "utf8");
    for (const file of tarballs) {
      const shipped = execFileSync("tar", ["-xOzf", file, "package/LICENSE"], { encoding: "utf8" });
      expect(shipped, basename(file)).toBe(license);
    }
  });

  it("declare caret ranges for every registry dependency (the lockfile pins what CI installs)", () => {
    for (const file of tarballs) {
      const pkg = JSON.parse(
        execFileSync("tar", ["-xOzf", file, "package/package.json"], { encoding: "utf8" }),
      ) as {
        dependencies?: Record<string, string>;
      };
      for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
        expect(range, `${basename(file)}: ${name}`).toMatch(/^\^\d+\.\d+\.\d+/);
      }
    }
  });

  it("have READMEs whose links work on npm (absolute, no ../ paths)", () => {
    for (const file of tarballs) {
      const readme = execFileSync("tar", ["-xOzf", file, "package/README.md"], { encoding: "utf8" });
      const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] as string);
      for (const link of links) expect(link, basename(file)).toMatch(/^(https:\/\/|#)/);
    }
  });
});
