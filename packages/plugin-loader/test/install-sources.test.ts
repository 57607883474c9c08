import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { installPlugin } from "../src/install/install.js";
import { parseNpmSpec } from "../src/install/npm-spec.js";
import { uninstallPlugin } from "../src/install/uninstall.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
});
afterEach(() => sb.cleanup());

const MANIFEST = JSON.stringify({ id: "zipped", configSchema: { type: "object" } });
const PKG = JSON.stringify({ name: "zipped", version: "2.0.0", openclaw: { extensions: ["./index.js"] } });

/**
 * Writes a zip. yazl refuses unsafe names, so an entry may give `rename`: it is written under `name` (a
 * same-length safe placeholder) and the bytes are then patched to `rename`, as a hostile tool would.
 */
async function zip(
  file: string,
  entries: Array<{ name: string; data: string; symlink?: boolean; rename?: string }>,
): Promise<string> {
  const path = join(sb.root, file);
  const archive = new ZipFile();
  for (const entry of entries) {
    archive.addBuffer(Buffer.from(entry.data), entry.name, entry.symlink ? { mode: 0o120777 } : {});
  }
  archive.end();
  await new Promise<void>((resolve) =>
    archive.outputStream.pipe(createWriteStream(path)).on("close", () => resolve()),
  );
  const bytes = readFileSync(path);
  for (const entry of entries) {
    if (!entry.rename) continue;
    const from = Buffer.from(entry.name);
    const to = Buffer.from(entry.rename);
    for (let i = bytes.indexOf(from); i !== -1; i = bytes.indexOf(from, i + 1)) to.copy(bytes, i);
  }
  writeFileSync(path, bytes);
  return path;
}

describe("parseNpmSpec", () => {
  it.each([
    ["@openclaw/voice-call", { name: "@openclaw/voice-call", selector: { kind: "latest", explicit: false } }],
    [
      "@openclaw/voice-call@latest",
      { name: "@openclaw/voice-call", selector: { kind: "latest", explicit: true } },
    ],
    ["voice@1.2.3-beta.1", { name: "voice", selector: { kind: "version", version: "1.2.3-beta.1" } }],
    ["voice@beta", { name: "voice", selector: { kind: "tag", tag: "beta" } }],
  ])("accepts %s", (raw, expected) => expect(parseNpmSpec(raw)).toMatchObject(expected));

  it.each([
    ["voice@^1.0.0", "semver ranges"],
    ["voice@1.x", "semver ranges"],
    ["git+https://example.com/x.git", "git specs"],
    ["github:owner/repo", "git specs"],
    ["https://example.com/x.tgz", "URL specs"],
    ["file:../x", "file specs"],
    ["voice@npm:other@1", "alias specs"],
  ])("refuses %s with what is accepted", (raw, what) => {
    expect(() => parseNpmSpec(raw)).toThrowError(
      expect.objectContaining({ code: "INSTALL_UNSUPPORTED_SOURCE", message: expect.stringContaining(what) }),
    );
  });
});

describe("zip archives", () => {
  it("installs a plugin from a .zip", async () => {
    const file = await zip("ok.zip", [
      { name: "package/openclaw.plugin.json", data: MANIFEST },
      { name: "package/package.json", data: PKG },
      { name: "package/index.js", data: "export default () => {};" },
    ]);
    const result = await installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} });
    expect(result).toMatchObject({ id: "zipped", record: { source: "archive", version: "2.0.0" } });
    expect(readFileSync(join(result.installPath, "index.js"), "utf8")).toContain("export default");
  });

  it.each([
    ["an entry with ..", [{ name: "package/XX/XX/evil.js", rename: "package/../../evil.js", data: "x" }]],
    ["an absolute entry", [{ name: "Xetc/evil", rename: "/etc/evil", data: "x" }]],
    ["a link pointing outside", [{ name: "package/link", data: "../../../../etc/passwd", symlink: true }]],
  ])("refuses %s whole, writing nothing", async (_label, bad) => {
    const file = await zip("bad.zip", [
      { name: "package/openclaw.plugin.json", data: MANIFEST },
      { name: "package/index.js", data: "export default () => {};" },
      ...bad,
    ]);
    await expect(
      installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_ARCHIVE_INVALID" });
    expect(readdirSync(sb.globalDir)).toEqual([]);
    expect(existsSync(join(sb.root, "evil.js"))).toBe(false);
  });
});

describe("links and uninstall", () => {
  it("links a directory in place through plugins.load.paths and unlinks it on uninstall, keeping the source", async () => {
    const src = sb.plugin("dev/linked", { id: "linked" });
    const result = await installPlugin({ source: src, link: true, extensionsDir: sb.globalDir, config: {} });
    expect(result.installPath).toBe(src);
    expect(result.config.plugins?.load?.paths).toEqual([src]);
    expect(readdirSync(sb.globalDir)).toEqual([]);
    const removed = await uninstallPlugin({
      id: "linked",
      config: result.config,
      extensionsDir: sb.globalDir,
    });
    expect(removed.config.plugins?.load?.paths).toEqual([]);
    expect(removed.removedPaths).toEqual([]);
    expect(existsSync(join(src, "openclaw.plugin.json"))).toBe(true);
  });

  it("cleans up what an interrupted install left, and keeps config with keepConfig", async () => {
    const src = sb.plugin("src/half", { id: "half" });
    const installed = await installPlugin({ source: src, extensionsDir: sb.globalDir, config: {} });
    installed.config.plugins = {
      ...installed.config.plugins,
      entries: { half: { enabled: true, config: { keep: 1 } } },
    };
    const { cpSync } = await import("node:fs");
    cpSync(installed.installPath, join(sb.globalDir, ".openclaw-install-stage-deadbeef"), {
      recursive: true,
    });
    const result = await uninstallPlugin({
      id: "half",
      config: installed.config,
      extensionsDir: sb.globalDir,
      keepConfig: true,
    });
    expect(readdirSync(sb.globalDir)).toEqual([]);
    expect(result.config.plugins?.entries?.half?.config).toEqual({ keep: 1 });
    expect(result.config.plugins?.installs).toBeUndefined();
  });

  it("refuses to uninstall what was never installed", async () => {
    await expect(
      uninstallPlugin({ id: "ghost", config: {}, extensionsDir: sb.globalDir }),
    ).rejects.toMatchObject({ code: "PLUGIN_NOT_FOUND" });
  });
});

describe("decompression limits", () => {
  it("stops a zip and a tarball that unpack past the byte limit", async () => {
    const { extractTarball } = await import("../src/install/archive.js");
    const { extractZip } = await import("../src/install/zip-archive.js");
    const { mkdirSync } = await import("node:fs");
    const tar = await import("tar");
    const file = await zip("bomb.zip", [{ name: "zeros.bin", data: "\u0000".repeat(200_000) }]);
    const dest = join(sb.root, "out");
    mkdirSync(dest);
    const limits = { maxTotalBytes: 100_000, maxEntries: 10 };
    await expect(extractZip(file, dest, limits)).rejects.toMatchObject({ code: "INSTALL_ARCHIVE_INVALID" });
    writeFileSync(join(sb.root, "zeros.bin"), "\u0000".repeat(200_000));
    const tgz = join(sb.root, "bomb.tgz");
    tar.c({ gzip: true, file: tgz, cwd: sb.root, sync: true }, ["zeros.bin"]);
    await expect(extractTarball(tgz, dest, limits)).rejects.toMatchObject({
      code: "INSTALL_ARCHIVE_INVALID",
    });
    expect(readdirSync(dest)).toEqual([]);
  });
});
