import { spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as tar from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { installPlugin } from "../src/install/install.js";
import { STAGE_OWNER_FILE } from "../src/install/stage-dirs.js";
import { extractZip } from "../src/install/zip-archive.js";
import { createSandbox, type Sandbox } from "./fixtures.js";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
});
afterEach(() => sb.cleanup());

const MANIFEST = JSON.stringify({ id: "zipped", configSchema: { type: "object" } });
const PKG = JSON.stringify({ name: "zipped", version: "2.0.0", openclaw: { extensions: ["./index.js"] } });

type ZipEntry = { name: string; data: string | Buffer; symlink?: boolean };

async function zip(file: string, entries: ZipEntry[]): Promise<string> {
  const path = join(sb.root, file);
  const archive = new ZipFile();
  for (const entry of entries) {
    const data = typeof entry.data === "string" ? Buffer.from(entry.data) : entry.data;
    archive.addBuffer(data, entry.name, entry.symlink ? { mode: 0o120777 } : {});
  }
  archive.end();
  await new Promise<void>((resolve) =>
    archive.outputStream.pipe(createWriteStream(path)).on("close", () => resolve()),
  );
  return path;
}

type TarEntry = { path: string; data?: string; type?: "File" | "SymbolicLink" | "Link"; linkpath?: string };

/** A tar archive written block by block, so entries can replace earlier ones and links can be anything. */
function rawTar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? "");
    const header = new tar.Header({
      path: entry.path,
      type: entry.type ?? "File",
      linkpath: entry.linkpath ?? "",
      mode: 0o644,
      size: data.length,
      mtime: new Date(0),
    });
    header.encode();
    blocks.push(header.block as Buffer, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const plugin: ZipEntry[] = [
  { name: "package/package.json", data: PKG },
  { name: "package/openclaw.plugin.json", data: MANIFEST },
  { name: "package/index.js", data: "export default () => {};" },
];

describe("zip symlink chains", () => {
  it("refuses links that are each inside on their own but lead out of the stage together", async () => {
    // stage/package/d1 -> stage; stage/d2 -> extensions; extensions/d3 -> state; state/d4 -> $HOME.
    const file = await zip("chain.zip", [
      ...plugin,
      { name: "package/d1", data: "..", symlink: true },
      { name: "package/d1/d2", data: "..", symlink: true },
      { name: "package/d1/d2/d3", data: "..", symlink: true },
      { name: "package/d1/d2/d3/d4", data: "..", symlink: true },
      { name: "package/d1/d2/d3/d4/pwned.txt", data: "written outside the state dir" },
    ]);
    await expect(
      installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({
      code: "INSTALL_ARCHIVE_INVALID",
    });
    expect(existsSync(join(sb.root, "pwned.txt"))).toBe(false);
    for (const dir of [sb.globalDir, sb.stateDir, sb.root]) {
      expect(readdirSync(dir).filter((name) => /^d\d$|pwned/.test(name))).toEqual([]);
    }
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });

  it("still installs a zip whose links stay inside", async () => {
    const file = await zip("links.zip", [
      ...plugin,
      { name: "package/lib/real.js", data: "export const x = 1;" },
      { name: "package/alias.js", data: "lib/real.js", symlink: true },
      { name: "package/libdir", data: "lib", symlink: true },
      { name: "package/libdir/through.js", data: "export const y = 2;" },
    ]);
    const result = await installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} });
    expect(existsSync(join(result.installPath, "lib", "through.js"))).toBe(true);
  });
});

describe("links that climb through earlier links", () => {
  // Each target is inside when read lexically ("z1/.." is the root), but z1 is the root itself, so
  // z2 is the root's parent, z3 its parent, and so on: the tree ends up holding links to anywhere.
  const climbing = [
    { name: "z1", target: "." },
    { name: "z2", target: "z1/.." },
    { name: "z3", target: "z2/.." },
    { name: "z4", target: "z3/.." },
  ];

  it("refuses a zip whose links resolve outside the stage, and installs nothing", async () => {
    const file = await zip("climb.zip", [
      ...plugin,
      ...climbing.map((l) => ({ name: `package/${l.name}`, data: l.target, symlink: true })),
    ]);
    await expect(
      installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_ARCHIVE_INVALID" });
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });

  it("refuses a tarball whose links resolve outside the stage, and installs nothing", async () => {
    const dir = join(sb.root, "climb-src");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), PKG);
    writeFileSync(join(dir, "openclaw.plugin.json"), MANIFEST);
    writeFileSync(join(dir, "index.js"), "export default () => {};");
    for (const l of climbing) symlinkSync(l.target, join(dir, l.name));
    const file = join(sb.root, "climb.tgz");
    tar.c({ gzip: true, file, cwd: dir, sync: true, prefix: "package" }, ["."]);
    await expect(
      installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_ARCHIVE_INVALID" });
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });

  it("refuses a tarball hardlinking through those links with the coded error, and leaves no stage", async () => {
    // node-tar refuses the hardlink (TAR_SYMLINK_ERROR) while later entries are still being written;
    // the stage cleanup must not fail on them (ENOTEMPTY) and hide the coded error.
    const file = join(sb.root, "hardlink.tar");
    writeFileSync(
      file,
      rawTar([
        { path: "package/openclaw.plugin.json", data: MANIFEST },
        { path: "package/index.js", data: "export default () => {};" },
        ...["z1", "z2", "z3", "z4", "z5"].map((n, i) => ({
          path: `package/${n}`,
          linkpath: i === 0 ? "." : `z${i}/..`,
          type: "SymbolicLink" as const,
        })),
        { path: "package/package.json", linkpath: "package/z5/victim.json", type: "Link" as const },
        ...["z5", "z4", "z3", "z2", "z1"].map((n) => ({ path: `package/${n}`, data: "x".repeat(65536) })),
      ]),
    );
    await expect(
      installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_ARCHIVE_INVALID" });
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });

  it("refuses a zip link left dangling (a later write could give it any meaning)", async () => {
    const file = await zip("dangling.zip", [
      ...plugin,
      { name: "package/later", data: "missing/..", symlink: true },
    ]);
    await expect(
      installPlugin({ source: file, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_ARCHIVE_INVALID" });
  });
});

describe("streaming zip extraction", () => {
  it("never holds a large entry in memory (peak external memory stays far below the entry size)", async () => {
    const size = 96 * 1024 * 1024;
    const file = await zip("big.zip", [{ name: "big.bin", data: Buffer.alloc(size) }]);
    const dest = join(sb.root, "out");
    mkdirSync(dest);
    globalThis.gc?.();
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 1);
    try {
      await extractZip(file, dest);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    expect(existsSync(join(dest, "big.bin"))).toBe(true);
    // Buffering the entry whole costs 2x its size (chunks plus their concatenation). Streaming holds a
    // few chunks at a time, but chunks already written are only reclaimed when the GC runs, which
    // Node 24 schedules later than Node 20 (a peak of 25 MB seen there): half the entry size still
    // tells streaming (tens of MB at most) from buffering (192 MB) apart.
    expect(peak - before).toBeLessThan(size / 2);
  }, 60_000);
});

describe("stage directories of interrupted installs", () => {
  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => child.once("exit", resolve));
    return child.pid as number;
  }

  function stage(name: string, owner?: number): string {
    const dir = join(sb.globalDir, name);
    mkdirSync(join(dir, "package"), { recursive: true });
    if (owner !== undefined) writeFileSync(join(dir, STAGE_OWNER_FILE), JSON.stringify({ pid: owner }));
    return dir;
  }

  it("removes stages whose install died and keeps a stage another running install owns", async () => {
    const killed = stage(".openclaw-install-stage-killed", await deadPid());
    const legacy = stage(".openclaw-install-stage-legacy");
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(legacy, old, old);
    const live = stage(".openclaw-install-stage-live", process.pid);
    const source = sb.plugin("src/fresh", { id: "fresh" });
    await installPlugin({ source, extensionsDir: sb.globalDir, config: {} });
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(sb.globalDir, "fresh"))).toBe(true);
  });
});

describe("what a package declares about itself", () => {
  it.each([
    ["a/../../b", "more than two segments and .."],
    ["x\\y", "a backslash"],
    ["@scope/../x", "a .. segment"],
    ["a//b", "an empty segment"],
    ["a/b", "two segments without @scope"],
    ["@x", "a lone @scope"],
    ["__proto__", "a prototype key"],
    ["constructor", "a prototype key"],
  ])("refuses the plugin id %j (%s) and installs nothing", async (id) => {
    const dir = sb.plugin("bad-id", { id });
    await expect(
      installPlugin({ source: dir, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_PACKAGE_INVALID" });
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });

  it("accepts the ids R-ID-3 allows: plain and @scope/name", async () => {
    for (const id of ["voice-call", "@acme/voice"]) {
      const dir = sb.plugin(`ok-${id.replace(/\W/g, "")}`, { id });
      const result = await installPlugin({ source: dir, extensionsDir: sb.globalDir, config: {} });
      expect(result.id).toBe(id);
    }
  });

  it.each([
    ["openclaw.extensions", { extensions: ["../../outside.js"] }],
    ["openclaw.runtimeExtensions", { extensions: ["./index.ts"], runtimeExtensions: ["/etc/passwd"] }],
  ])("refuses a package whose %s leaves the package", async (_field, openclaw) => {
    const dir = sb.plugin("escaping-entry", {
      packageJson: { name: "escaping-entry", version: "1.0.0", type: "module", openclaw },
    });
    await expect(
      installPlugin({ source: dir, extensionsDir: sb.globalDir, config: {} }),
    ).rejects.toMatchObject({ code: "INSTALL_PACKAGE_INVALID" });
    expect(readdirSync(sb.globalDir)).toEqual([]);
  });
});
