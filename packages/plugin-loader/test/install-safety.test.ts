import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { extractZip, installPlugin } from "../src/index.js";
import { STAGE_OWNER_FILE } from "../src/install/stage-dirs.js";
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
    // Buffering the entry whole costs 2x its size (chunks plus their concatenation).
    expect(peak - before).toBeLessThan(size / 4);
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
