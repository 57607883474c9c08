import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tar from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installPlugin } from "../src/install/install.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
});
afterEach(() => sb.cleanup());

function pack(dir: string, out: string, prefix = "package"): string {
  const file = join(sb.root, out);
  tar.c({ gzip: true, file, cwd: dir, sync: true, prefix }, ["."]);
  return file;
}

describe("installPlugin", () => {
  it("copies a directory into the extensions dir under its manifest id and records it", async () => {
    const src = sb.plugin("src/whatever-name", { id: "my-plugin" });
    mkdirSync(join(src, "node_modules/junk"), { recursive: true });
    const result = await installPlugin({
      source: src,
      extensionsDir: sb.globalDir,
      config: { plugins: { allow: ["x"] } },
    });
    expect(result.id).toBe("my-plugin");
    expect(result.installPath).toBe(join(sb.globalDir, "my-plugin"));
    expect(existsSync(join(result.installPath, "openclaw.plugin.json"))).toBe(true);
    expect(existsSync(join(result.installPath, "node_modules"))).toBe(false);
    expect(result.config.plugins?.entries?.["my-plugin"]?.enabled).toBe(true);
    expect(result.config.plugins?.allow).toEqual(["x", "my-plugin"]);
    expect(result.record).toMatchObject({ source: "path", sourcePath: src, version: "1.0.0" });
  });

  it("installs an npm-pack tarball", async () => {
    const src = sb.plugin("src/tgz", { id: "from-tgz" });
    const file = pack(src, "from-tgz.tgz");
    const result = await installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} });
    expect(result.record.source).toBe("archive");
    expect(readFileSync(join(result.installPath, "index.ts"), "utf8")).toContain("register");
  });

  it("refuses a second install of the same id unless forced, and keeps the first", async () => {
    const src = sb.plugin("src/again", { id: "again" });
    await installPlugin({ source: src, extensionsDir: sb.globalDir, config: {} });
    writeFileSync(join(src, "index.ts"), "export default () => {}; // v2");
    await expect(
      installPlugin({ source: src, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({
      code: "INSTALL_ALREADY_EXISTS",
    });
    expect(readFileSync(join(sb.globalDir, "again/index.ts"), "utf8")).not.toContain("v2");
    await installPlugin({ source: src, extensionsDir: sb.globalDir, config: {}, force: true });
    expect(readFileSync(join(sb.globalDir, "again/index.ts"), "utf8")).toContain("v2");
  });

  it.each([
    ["a missing path", (_: Sandbox) => "./nope/missing", "INSTALL_SOURCE_NOT_FOUND"],
    [
      "a directory without manifest",
      (s: Sandbox) => s.plugin("src/nomanifest", { manifest: null }),
      "INSTALL_PACKAGE_INVALID",
    ],
    [
      "a corrupt archive",
      (s: Sandbox) => {
        writeFileSync(join(s.root, "corrupt.tgz"), "not a tarball at all");
        return join(s.root, "corrupt.tgz");
      },
      "INSTALL_ARCHIVE_INVALID",
    ],
    [
      "an archive with a link pointing outside",
      (s: Sandbox) => {
        const dir = s.plugin("src/linky", {});
        symlinkSync("../../../../etc/passwd", join(dir, "passwd"));
        return pack(dir, "linky.tgz");
      },
      "INSTALL_ARCHIVE_INVALID",
    ],
    [
      "an unsupported file",
      (s: Sandbox) => `${s.plugin("src/rarfile", { files: { "x.rar": "Rar!" } })}/x.rar`,
      "INSTALL_UNSUPPORTED_SOURCE",
    ],
    [
      "a corrupt zip",
      (s: Sandbox) => `${s.plugin("src/zipfile", { files: { "x.zip": "PK" } })}/x.zip`,
      "INSTALL_ARCHIVE_INVALID",
    ],
  ])("refuses %s with a coded error and leaves nothing behind", async (_label, make, code) => {
    const source = make(sb);
    await expect(
      installPlugin({ source, extensionsDir: sb.globalDir, config: {}, cwd: sb.root }),
    ).rejects.toMatchObject({ code });
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });
});
